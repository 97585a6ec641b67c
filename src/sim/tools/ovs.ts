// Open vSwitch's tools on a host: `ovs-vsctl show|list-br|list-ports` (the OVSDB view: bridges,
// ports with their local VLAN tags, interface types, patch peers and VXLAN options, neutron-facts §3,
// §4, §12), `ovs-ofctl dump-flows|show` (the OpenFlow tables the agent installed plus the table-20
// flows br-tun learned, §4) and `ovs-appctl fdb/show` (the MAC table of a NORMAL bridge).

import { agentCookie } from '../addr/stable';
import type { Flow } from '../devices/openflow/flow';
import { flowText } from '../devices/openflow/flow';
import type { HostPlane, OvsBridge, OvsPort } from '../realize/dataplane';
import { bridgesOf, cmp, fail, ok, stableUuid, type ToolContext, type ToolResult, text } from './context';
import { hostNicMac, tapMac, vethMac } from './netdev';
import { actions13 } from './of13';
import { ovnBridgeOf, ovnOfctl } from './ovs-ovn';

export const OVS_VERSION = '3.3.0';
/** The OVS agent's OpenFlow controller and OVSDB manager (of_listen_port 6633, ovsdb_connection 6640). */
const CONTROLLER = 'tcp:127.0.0.1:6633';
const MANAGER = 'ptcp:6640:127.0.0.1';

/** OVSDB prints a string bare when it looks like an identifier, else JSON-quoted ("true", "0", IPs). */
export function ovsdbString(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(s) && s !== 'true' && s !== 'false' ? s : JSON.stringify(s);
}

function optionsText(options: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(options)
    .sort(cmp)
    .map((k) => `${k}=${ovsdbString(options[k]!)}`);
  return `{${pairs.join(', ')}}`;
}

/** The bridge's own port: every OVS bridge has an internal port of its name (ofport LOCAL). */
const localPort = (br: { name: string }): OvsPort => ({
  name: br.name,
  ofport: 65534,
  tag: null,
  type: 'internal',
});

function agentUp(ctx: ToolContext, host: HostPlane): boolean {
  return !ctx.topology.hosts.find((h) => h.name === host.name)?.agents_down.includes('ovs');
}

/** The bridges `ovs-vsctl` lists: the OVS agent's, or on an OVN chassis br-int and the provider bridges. */
function allBridges(
  ctx: ToolContext,
  host: HostPlane,
): { name: string; ports: ReadonlyMap<string, OvsPort> }[] {
  const ovn = ovnBridgeOf(ctx, host);
  return [...bridgesOf(ctx, host), ...(ovn ? [ovn] : [])].sort((a, b) => cmp(a.name, b.name));
}

function vsctlShow(ctx: ToolContext, host: HostPlane): string[] {
  const lines = [
    stableUuid(`${host.name}|Open_vSwitch`),
    `    Manager "${MANAGER}"`,
    '        is_connected: true',
  ];
  const ovn = !!ctx.plane.ovn;
  for (const br of allBridges(ctx, host)) {
    lines.push(`    Bridge ${ovsdbString(br.name)}`);
    // ovn-controller programs br-int over its own socket: no Controller row; a provider bridge it
    // only patches is left in standalone mode (neutron-facts-beyond §3.1)
    if (!ovn) {
      lines.push(`        Controller "${CONTROLLER}"`);
      // ovs-vsctl prints is_connected only while the controller (the OVS agent) is connected.
      if (agentUp(ctx, host)) lines.push('            is_connected: true');
    }
    if (!ovn || br.name === 'br-int') lines.push('        fail_mode: secure');
    lines.push('        datapath_type: system');
    const ports = [...br.ports.values(), localPort(br)].sort((a, b) => cmp(a.name, b.name));
    for (const p of ports) {
      lines.push(`        Port ${ovsdbString(p.name)}`);
      // the local VLAN is the Port's tag, making it an access port (neutron-facts §3)
      if (p.tag !== null) lines.push(`            tag: ${p.tag}`);
      lines.push(`            Interface ${ovsdbString(p.name)}`);
      if (p.type !== 'system') lines.push(`                type: ${p.type}`);
      if (p.options) lines.push(`                options: ${optionsText(p.options)}`);
    }
  }
  lines.push(`    ovs_version: "${OVS_VERSION}"`);
  return lines;
}

function bridgeNamed(ctx: ToolContext, host: HostPlane, name: string | undefined): OvsBridge | undefined {
  return bridgesOf(ctx, host).find((b) => b.name === name);
}

const needsArgs = (tool: string, cmd: string, n: number) =>
  fail(`${tool}: '${cmd}' command requires at least ${n} arguments`, 1);

export function runOvsVsctl(ctx: ToolContext, host: HostPlane, argv: readonly string[]): ToolResult {
  const args = argv.filter((a) => !/^--(timeout|db|format|no-headings)(=|$)/.test(a));
  const [cmd, ...rest] = args;
  if (cmd === undefined) return fail('ovs-vsctl: missing command name (use --help for help)', 1);
  if (cmd === '--version' || cmd === '-V')
    return ok(`ovs-vsctl (Open vSwitch) ${OVS_VERSION}\nDB Schema 8.5.0\n`);
  switch (cmd) {
    case 'show':
      return ok(text(vsctlShow(ctx, host)));
    case 'list-br':
      return ok(text(allBridges(ctx, host).map((b) => b.name)));
    case 'br-exists':
      return rest[0] === undefined
        ? needsArgs('ovs-vsctl', cmd, 1)
        : allBridges(ctx, host).some((b) => b.name === rest[0])
          ? ok('')
          : { stdout: '', stderr: '', exitCode: 2 };
    case 'list-ports':
    case 'list-ifaces': {
      if (rest[0] === undefined) return needsArgs('ovs-vsctl', cmd, 1);
      const br = allBridges(ctx, host).find((b) => b.name === rest[0]);
      if (!br) return fail(`ovs-vsctl: no bridge named ${rest[0]}`, 1);
      return ok(text([...br.ports.keys()].sort(cmp)));
    }
    case 'port-to-br':
    case 'iface-to-br': {
      if (rest[0] === undefined) return needsArgs('ovs-vsctl', cmd, 1);
      const br = allBridges(ctx, host).find((b) => b.ports.has(rest[0]!) || b.name === rest[0]);
      if (!br) return fail(`ovs-vsctl: no port named ${rest[0]}`, 1);
      return ok(`${br.name}\n`);
    }
    default:
      return fail(`ovs-vsctl: unknown command '${cmd}'; use --help for help`, 1);
  }
}

export type { agentCookie };

export interface DumpOptions {
  readonly noStats: boolean;
  readonly table: number | null;
  /** other match fields of the filter, as `field=value` */
  readonly fields: readonly string[];
  /** -O OpenFlow13: actions in OpenFlow 1.3 syntax (of13.ts) */
  readonly of13?: boolean;
}

/**
 * The flows of a bridge in `ovs-ofctl dump-flows` form, table by table, highest priority first: the
 * agent's flows and, on br-tun, the table-20 flows learned by table 10 (with the agent's cookie, as the
 * learn action sets it, hard_timeout=300). Durations count simulated time; counters are not kept.
 */
export function dumpFlows(ctx: ToolContext, host: HostPlane, br: OvsBridge, opt: DumpOptions): string[] {
  const learned = ctx.state.learned.get(br.id)?.flows() ?? [];
  const all: Flow[] = [...br.flows.all(), ...learned].sort(
    (a, b) => a.table - b.table || b.priority - a.priority,
  );
  const cookie = agentCookie(host.name, br.name);
  const duration = `${(ctx.state.clock / 1e6).toFixed(3)}s`;
  const lines: string[] = [];
  for (const f of all) {
    if (opt.table !== null && f.table !== opt.table) continue;
    const text10 = flowText(f).replace(/^table=\d+, /, '');
    const body = opt.of13 ? text10.replace(/ actions=.*$/, ` actions=${actions13(f)}`) : text10;
    const unquoted = body.replaceAll('"', '');
    if (!opt.fields.every((x) => unquoted.includes(x.replaceAll('"', '')))) continue;
    // a learned flow carries the cookie its learn action gave it: the agent's, too (native br_tun.py)
    const c = f.cookie ?? cookie;
    const hits = ctx.state.flowHits.get(f);
    const since = f.addedAt ?? f.installedAt;
    const age = since !== undefined ? `${((ctx.state.clock - since) / 1e6).toFixed(3)}s` : duration;
    // hard_age: whole seconds since the flow was last modified (learned again); ovs-ofctl prints it
    // only when it differs from the duration's seconds (ofp-print.c)
    const hardAgeS = f.installedAt !== undefined ? Math.floor((ctx.state.clock - f.installedAt) / 1e6) : null;
    const hardAge =
      hardAgeS !== null && since !== undefined && hardAgeS !== Math.floor((ctx.state.clock - since) / 1e6)
        ? hardAgeS
        : null;
    const stats = body.replace(
      /^(hard_timeout=\d+, )/,
      `$1${hardAge !== null ? `hard_age=${hardAge}, ` : ''}`,
    );
    lines.push(
      // without statistics ovs-ofctl leaves out table 0, the default (ofp-print.c
      // ofputil_flow_stats_format: `if (show_stats || fs->table_id || …)`)
      opt.noStats
        ? ` cookie=${c}, ${f.table ? `table=${f.table}, ` : ''}${body}`
        : ` cookie=${c}, duration=${age}, table=${f.table}, n_packets=${hits?.packets ?? 0}, n_bytes=${hits?.bytes ?? 0}, ${stats}`,
    );
  }
  return lines;
}

/** The MAC of an OVS port as `ovs-ofctl show` reports it. */
function portMac(ctx: ToolContext, host: HostPlane, br: OvsBridge, p: OvsPort): string {
  // the agent gives an internal port (qr-, qg-, tap) its Neutron port's MAC
  const neutron = p.portId ? ctx.topology.ports.find((x) => x.id === p.portId)?.mac_address : undefined;
  if (p.type === 'internal' && neutron) return neutron;
  // a VM's tap plugged straight in (openvswitch firewall): libvirt's tap MAC
  if (p.type === 'system' && neutron && p.name.startsWith('tap')) return tapMac(neutron);
  if (p.type === 'system' && br.role === 'phys') return hostNicMac(host.name, p.name);
  return vethMac(host.name, p.name);
}

function ofctlShow(ctx: ToolContext, host: HostPlane, br: OvsBridge): string[] {
  const local = vethMac(host.name, br.name);
  const lines = [
    `OFPT_FEATURES_REPLY (xid=0x2): dpid:0000${local.replaceAll(':', '')}`,
    'n_tables:254, n_buffers:0',
    'capabilities: FLOW_STATS TABLE_STATS PORT_STATS QUEUE_STATS ARP_MATCH_IP',
    'actions: output enqueue set_vlan_vid set_vlan_pcp strip_vlan mod_dl_src mod_dl_dst mod_nw_src mod_nw_dst mod_nw_tos mod_tp_src mod_tp_dst',
  ];
  const ports = [...br.ports.values()].sort((a, b) => a.ofport - b.ofport);
  for (const p of ports)
    lines.push(
      ` ${p.ofport}(${p.name}): addr:${portMac(ctx, host, br, p)}`,
      '     config:     0',
      '     state:      0',
      '     speed: 0 Mbps now, 0 Mbps max',
    );
  lines.push(
    ` LOCAL(${br.name}): addr:${local}`,
    '     config:     PORT_DOWN',
    '     state:      LINK_DOWN',
    '     speed: 0 Mbps now, 0 Mbps max',
    'OFPT_GET_CONFIG_REPLY (xid=0x4): frags=normal miss_send_len=0',
  );
  return lines;
}

export function runOvsOfctl(ctx: ToolContext, host: HostPlane, argv: readonly string[]): ToolResult {
  let noStats = false;
  let of13 = false;
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const proto = a === '-O' ? argv[++i] : /^(?:-O|--protocols=)(.+)$/.exec(a)?.[1];
    if (proto !== undefined) of13 = /OpenFlow1[345]/.test(proto);
    if (a === '-O' || proto !== undefined) continue;
    else if (a === '--no-stats') noStats = true;
    else if (/^(--names|--no-names|--sort|--rsort|--read-only)$/.test(a)) continue;
    else if (a.startsWith('-') && args.length === 0)
      return fail(`ovs-ofctl: unrecognized option '${a}'\n(use --help for help)`, 1);
    else args.push(a);
  }
  const [cmd, bridge, filter] = args;
  if (cmd === undefined) return fail('ovs-ofctl: missing command name; use --help for help', 1);
  if (cmd !== 'dump-flows' && cmd !== 'show')
    return fail(`ovs-ofctl: unknown command '${cmd}'; use --help for help`, 1);
  if (bridge === undefined) return needsArgs('ovs-ofctl', cmd, 1);
  const ovn = ovnBridgeOf(ctx, host);
  if (ovn && bridge === ovn.name) return ovnOfctl(ctx, ovn, cmd, filter, noStats);
  const br = bridgeNamed(ctx, host, bridge);
  if (!br) return fail(`ovs-ofctl: ${bridge} is not a bridge or a socket`, 1);
  if (cmd === 'show') return ok(text(ofctlShow(ctx, host, br)));
  let table: number | null = null;
  const fields: string[] = [];
  for (const part of (filter ?? '').split(',').filter(Boolean)) {
    const m = /^table=(\d+)$/.exec(part);
    if (m) table = Number(m[1]);
    else fields.push(part);
  }
  return ok(text(dumpFlows(ctx, host, br, { noStats, table, fields, of13 })));
}

/** `ovs-appctl fdb/show BRIDGE`: the MAC table NORMAL switching learned (SimState.fdb), ages in seconds. */
export function runOvsAppctl(ctx: ToolContext, host: HostPlane, argv: readonly string[]): ToolResult {
  const [cmd, bridge] = argv;
  const serverError = (msg: string) => fail(`${msg}\novs-appctl: ovs-vswitchd: server returned an error`, 2);
  if (cmd === undefined)
    return fail('ovs-appctl: at least one non-option argument is required (use --help for help)', 1);
  if (cmd !== 'fdb/show') return serverError(`"${cmd}" is not a valid command`);
  if (bridge === undefined) return serverError(`"${cmd}" command requires at least 1 arguments`);
  const br = bridgeNamed(ctx, host, bridge);
  if (!br) return serverError('no such bridge');
  const lines = [' port  VLAN  MAC                Age'];
  for (const [key, e] of ctx.state.fdb.get(br.id) ?? new Map<string, { port: string; at: number }>()) {
    const [vlan = '0', mac = ''] = key.split('|');
    const ofport = br.ports.get(e.port)?.ofport;
    const age = Math.floor(Math.max(0, ctx.state.clock - e.at) / 1e6);
    lines.push(
      `${String(ofport ?? 'LOCAL').padStart(5)}  ${vlan.padStart(4)}  ${mac}  ${String(age).padStart(3)}`,
    );
  }
  return ok(text(lines));
}
