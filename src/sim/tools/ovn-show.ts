// ovn-nbctl show, ovn-sbctl show and ovn-sbctl lflow-list over the databases of an ML2/OVN cloud, in
// their real formats (neutron-facts-beyond §3.6, §3.8; ovn:utilities/ovn-nbctl.c print_ls/print_lr,
// ovn-sbctl.c cmd_show_tables).
import type { OvnDb } from '../realize/ovn/db';
import { stageNumber } from '../realize/ovn/stages';
import { cmp, fail, ok, type ToolContext, type ToolResult, text } from './context';
import { ovsdbString } from './ovs';

const q = (s: string) => JSON.stringify(s);
/** OVSDB quotes a string that is a uuid, even one that would pass for an identifier. */
const dbString = (s: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s) ? q(s) : ovsdbString(s);

/** What ovn-nbctl and ovn-sbctl say on a cloud that does not run OVN: no database to talk to. */
export function noOvnDb(ctx: ToolContext, tool: 'ovn-nbctl' | 'ovn-sbctl' | 'ovn-trace'): ToolResult | OvnDb {
  const db = ctx.plane.ovn;
  if (db) return db;
  const sock = tool === 'ovn-nbctl' ? 'ovnnb_db.sock' : 'ovnsb_db.sock';
  return fail(
    `${tool}: unix:/var/run/ovn/${sock}: database connection failed (No such file or directory)`,
    1,
  );
}

function nbShow(db: OvnDb): string[] {
  const lines: string[] = [];
  for (const ls of [...db.nb.switches].sort((a, b) => cmp(a.name, b.name))) {
    lines.push(`switch ${ls.uuid} (${ls.name})${ls.aka ? ` (aka ${ls.aka})` : ''}`);
    for (const p of [...ls.ports].sort((a, b) => cmp(a.name, b.name))) {
      lines.push(`    port ${p.name}${p.aka ? ` (aka ${p.aka})` : ''}`);
      if (p.type) lines.push(`        type: ${p.type}`);
      if (p.tag !== null) lines.push(`        tag: ${p.tag}`);
      if (!(p.addresses.length === 1 && p.addresses[0] === 'router'))
        lines.push(`        addresses: [${p.addresses.map(q).join(', ')}]`);
      if (p.options['router-port']) lines.push(`        router-port: ${p.options['router-port']}`);
    }
  }
  for (const lr of [...db.nb.routers].sort((a, b) => cmp(a.name, b.name))) {
    lines.push(`router ${lr.uuid} (${lr.name})${lr.aka ? ` (aka ${lr.aka})` : ''}`);
    for (const p of [...lr.ports].sort((a, b) => cmp(a.name, b.name))) {
      lines.push(
        `    port ${p.name}`,
        `        mac: ${q(p.mac)}`,
        `        networks: [${p.networks.map(q).join(', ')}]`,
      );
      if (p.gateway_chassis.length)
        lines.push(
          `        gateway chassis: [${[...p.gateway_chassis]
            .sort((a, b) => b.priority - a.priority)
            .map((g) => g.chassis)
            .join(' ')}]`,
        );
    }
    for (const n of lr.nat) {
      lines.push(`    nat ${n.uuid}`, `        external ip: ${q(n.external_ip)}`);
      if (n.external_mac) lines.push(`        external mac: ${q(n.external_mac)}`);
      lines.push(`        logical ip: ${q(n.logical_ip)}`);
      if (n.logical_port) lines.push(`        logical port: ${q(n.logical_port)}`);
      lines.push(`        type: ${q(n.type)}`);
    }
  }
  return lines;
}

function sbShow(db: OvnDb): string[] {
  const lines: string[] = [];
  for (const c of db.chassis) {
    lines.push(
      `Chassis ${q(c.name)}`,
      `    hostname: ${ovsdbString(c.hostname)}`,
      '    Encap geneve',
      `        ip: ${q(c.ip)}`,
      '        options: {csum="true"}',
    );
    const bound = [...db.ports.values()].filter((b) => b.chassis === c.hostname).map((b) => b.logical_port);
    for (const p of bound.sort(cmp)) lines.push(`    Port_Binding ${dbString(p)}`);
  }
  return lines;
}

/** ovn-sbctl lflow-list [DATAPATH]: every datapath's flows, table by table, as the lab notes show them. */
function lflowList(db: OvnDb, which: string | undefined): string[] | null {
  const dps = [...db.datapaths.values()].filter(
    (d) => which === undefined || d.name === which || d.aka === which || d.uuid === which,
  );
  if (which !== undefined && dps.length === 0) return null;
  const lines: string[] = [];
  for (const dp of dps)
    for (const pipeline of ['ingress', 'egress'] as const) {
      lines.push(`Datapath: ${q(dp.name)} aka ${q(dp.aka)} (${dp.uuid})  Pipeline: ${pipeline}`);
      const flows = dp.flows
        .filter((f) => f.pipeline === pipeline)
        .sort((a, b) => a.table - b.table || b.priority - a.priority || cmp(a.match.t, b.match.t));
      const width = Math.max(...flows.map((f) => f.stage.length));
      for (const f of flows)
        lines.push(
          `  table=${String(stageNumber(dp.kind, pipeline, f.stage)).padEnd(2)}(${f.stage.padEnd(width)}), priority=${String(f.priority).padEnd(5)}, match=(${f.match.t}), action=(${f.actions})`,
        );
    }
  return lines;
}

export function runOvnNbctl(ctx: ToolContext, argv: readonly string[]): ToolResult {
  const db = noOvnDb(ctx, 'ovn-nbctl');
  if (!('nb' in db)) return db;
  const [cmd] = argv.filter((a) => !a.startsWith('--'));
  if (cmd === undefined) return fail('ovn-nbctl: missing command name (use --help for help)', 1);
  if (cmd === 'show') return ok(text(nbShow(db)));
  if (cmd === 'ls-list')
    return ok(
      text([...db.nb.switches].sort((a, b) => cmp(a.name, b.name)).map((s) => `${s.uuid} (${s.name})`)),
    );
  if (cmd === 'lr-list')
    return ok(
      text([...db.nb.routers].sort((a, b) => cmp(a.name, b.name)).map((s) => `${s.uuid} (${s.name})`)),
    );
  return fail(`ovn-nbctl: unknown command '${cmd}'; use --help for help`, 1);
}

export function runOvnSbctl(ctx: ToolContext, argv: readonly string[]): ToolResult {
  const db = noOvnDb(ctx, 'ovn-sbctl');
  if (!('nb' in db)) return db;
  const [cmd, arg] = argv.filter((a) => !a.startsWith('--'));
  if (cmd === undefined) return fail('ovn-sbctl: missing command name (use --help for help)', 1);
  if (cmd === 'show') return ok(text(sbShow(db)));
  if (cmd === 'lflow-list' || cmd === 'dump-flows') {
    const lines = lflowList(db, arg);
    return lines ? ok(text(lines)) : fail(`ovn-sbctl: ${arg}: unknown datapath`, 1);
  }
  return fail(`ovn-sbctl: unknown command '${cmd}'; use --help for help`, 1);
}
