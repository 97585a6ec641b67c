// `iptables -S` and `iptables-save` of a place, from the rules the model holds: in a qrouter namespace
// the L3 agent's raw, mangle, nat and filter tables (neutron-facts §8, realize/l3-iptables.ts); in a
// host's root namespace the hybrid firewall's raw and filter tables, every qbr's chains merged into one
// table as the OVS agent's single iptables manager writes them (§11, host-iptables.ts). Tables the
// model has no rules for hold only their built-in chains with policy ACCEPT.

import { rootPlace } from '../engine/state';
import type { IptTable } from '../realize/dataplane';
import { ingressMarkRule } from '../realize/l3-agent';
import { cmp, fail, ok, type Place, type ToolContext, type ToolResult, text } from './context';
import { type Chains, hybridHostTables } from './host-iptables';
import { ctimeOf } from './sim-date';

const VERSION = 'v1.8.10 (legacy)';

export const BUILTIN_CHAINS = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
} as const;

export type TableName = keyof typeof BUILTIN_CHAINS;
export const TABLE_NAMES = Object.keys(BUILTIN_CHAINS) as TableName[];
/**
 * The order the legacy iptables-save prints tables in: that of /proc/net/ip_tables_names, which lists
 * a namespace's tables newest first (x_tables.c xt_register_table list_add()s each at the head). A
 * namespace's tables are made when first used, and the agents' iptables-restore writes them in sorted
 * order (iptables_manager.py _apply_synchronized): filter, mangle, nat, raw; so raw comes first, filter
 * last.
 */
const SAVE_ORDER: readonly TableName[] = ['raw', 'nat', 'mangle', 'filter'];

function chainsOf(t: IptTable): Chains {
  return new Map([...t.chains].map(([c, rules]) => [c, rules.map((r) => r.text)]));
}

/** The metadata mark the mangle table puts on instances' metadata requests (neutron/agent/metadata/driver.py). */
const METADATA_MARK = '0x1/0xffff';

/**
 * The mangle rules of a router: the metadata mark on requests to 169.254.169.254:80 from qr- ports, and
 * the external ingress mark set on packets entering through qg- (§8).
 */
function routerMangle(marks: ReadonlyMap<string, number>, proxy: number | null): Chains {
  const out: Chains = new Map();
  if (!marks.size && proxy === null) return out;
  out.set('PREROUTING', ['-A PREROUTING -j neutron-l3-agent-PREROUTING']);
  out.set('neutron-l3-agent-PREROUTING', [
    ...(proxy === null
      ? []
      : [
          `-A neutron-l3-agent-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j MARK --set-xmark ${METADATA_MARK}`,
        ]),
    ...(marks.size ? ['-A neutron-l3-agent-PREROUTING -j neutron-l3-agent-mark'] : []),
  ]);
  if (!marks.size) return out;
  out.set(
    'neutron-l3-agent-mark',
    [...marks].map(([dev, mark]) => ingressMarkRule(dev, mark)),
  );
  return out;
}

/** The tables of a place, each a map of its chains (built-in and user-defined) to their rules. */
export function tablesOf(ctx: ToolContext, place: Place): Map<TableName, Chains> {
  const tables = new Map<TableName, Chains>(TABLE_NAMES.map((t) => [t, new Map()]));
  if (place.kind === 'host') {
    const hybrid = hybridHostTables(ctx, place.host);
    if (hybrid) {
      tables.set('filter', hybrid.filter);
      tables.set('raw', hybrid.raw);
    }
  } else if (place.kind === 'namespace') {
    const stack = place.device.stack;
    if (stack.nat) tables.set('nat', chainsOf(stack.nat));
    if (stack.netfilter) {
      // a router's namespace: the tables the L3 agent writes (realize/l3-iptables.ts)
      tables.set('raw', chainsOf(stack.netfilter.raw));
      tables.set('mangle', chainsOf(stack.netfilter.mangle));
      tables.set('filter', chainsOf(stack.netfilter.filter));
      return tables;
    }
    const proxy = stack.metadataProxyPort;
    tables.set('mangle', routerMangle(stack.ingressMark, proxy));
    // only marked (redirected) metadata requests reach the proxy's port; the engine applies the DROP
    if (proxy !== null)
      tables.set(
        'filter',
        new Map([
          ['INPUT', ['-A INPUT -j neutron-l3-agent-INPUT']],
          [
            'neutron-l3-agent-INPUT',
            [
              `-A neutron-l3-agent-INPUT -m mark --mark ${METADATA_MARK} -j ACCEPT`,
              `-A neutron-l3-agent-INPUT -p tcp -m tcp --dport ${proxy} -j DROP`,
            ],
          ],
        ]),
      );
  }
  return tables;
}

/** The place's key for the built-in chains' counters (engine/state.ts chainHits). */
function counterPlace(place: Place): string {
  return place.kind === 'host' ? rootPlace(place.host.name) : place.device.id;
}

/** Built-in chains first in their fixed order, then user chains sorted as libiptc keeps them. */
function chainOrder(table: TableName, chains: Chains): { builtin: string[]; user: string[] } {
  const builtin: string[] = [...BUILTIN_CHAINS[table]];
  const user = [...chains.keys()].filter((c) => !builtin.includes(c)).sort(cmp);
  return { builtin, user };
}

export function listRules(table: TableName, chains: Chains, only: string | null): string[] | null {
  const { builtin, user } = chainOrder(table, chains);
  if (only !== null) {
    if (builtin.includes(only)) return [`-P ${only} ACCEPT`, ...(chains.get(only) ?? [])];
    if (user.includes(only)) return [`-N ${only}`, ...(chains.get(only) ?? [])];
    return null;
  }
  return [
    ...builtin.map((c) => `-P ${c} ACCEPT`),
    ...user.map((c) => `-N ${c}`),
    ...[...builtin, ...user].flatMap((c) => chains.get(c) ?? []),
  ];
}

function saveTable(
  table: TableName,
  chains: Chains,
  counters: boolean,
  hits: (chain: string) => string,
): string[] {
  const { builtin, user } = chainOrder(table, chains);
  return [
    `*${table}`,
    ...builtin.map((c) => `:${c} ACCEPT ${hits(c)}`),
    ...user.map((c) => `:${c} - [0:0]`),
    ...[...builtin, ...user].flatMap((c) => (chains.get(c) ?? []).map((r) => (counters ? `[0:0] ${r}` : r))),
    'COMMIT',
  ];
}

const tryHelp = (msg: string, code = 2) =>
  fail(`iptables ${VERSION}: ${msg}\nTry \`iptables -h' or 'iptables --help' for more information.`, code);

const noTable = (t: string) =>
  fail(
    `iptables ${VERSION}: can't initialize iptables table \`${t}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.`,
    3,
  );

const isTable = (t: string): t is TableName => (TABLE_NAMES as string[]).includes(t);

export function runIptables(ctx: ToolContext, place: Place, argv: readonly string[]): ToolResult {
  let table = 'filter';
  let command: string | null = null;
  let chain: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-t' || a === '--table') {
      const t = argv[++i];
      if (t === undefined) return tryHelp('option "-t" requires an argument');
      table = t;
    } else if (/^-t\w+$/.test(a)) table = a.slice(2);
    else if (a === '-S' || a === '--list-rules' || a === '-L' || a === '--list') {
      if (command !== null) return tryHelp('Cannot use -S with -L');
      command = a.startsWith('--') ? (a === '--list' ? '-L' : '-S') : a;
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) chain = argv[++i]!;
    } else if (/^(-n|--numeric|-v|--verbose|-w|--wait|-x|--exact|--line-numbers)$/.test(a)) continue;
    else if (a === '-V' || a === '--version') return ok(`iptables ${VERSION}\n`);
    else if (
      /^(-[AIDRFZNXPE]|--(append|insert|delete|replace|flush|zero|new-chain|delete-chain|policy|rename-chain))$/.test(
        a,
      )
    )
      return fail(
        `iptables ${VERSION}: the simulated hosts are read-only: edit the topology (security groups, routers) instead`,
        4,
      );
    else return tryHelp(`unknown option "${a}"`);
  }
  if (command === null) return tryHelp('no command specified');
  if (!isTable(table)) return noTable(table);
  if (command === '-L') return fail('iptables -L is not simulated here: use iptables -S or iptables-save', 2);
  const chains = tablesOf(ctx, place).get(table)!;
  const lines = listRules(table, chains, chain);
  if (lines === null) return fail('iptables: No chain/target/match by that name.', 1);
  return ok(text(lines));
}

/** `iptables-save [-t table] [-c]`: every table the place uses (the filter table always). */
export function runIptablesSave(ctx: ToolContext, place: Place, argv: readonly string[]): ToolResult {
  let only: string | null = null;
  let counters = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-t' || a === '--table') only = argv[++i] ?? '';
    else if (a === '-c' || a === '--counters') counters = true;
    else return fail(`Unknown arguments found on commandline`, 1);
  }
  if (only !== null && !isTable(only))
    return fail(
      `iptables-save ${VERSION}: Cannot initialize: Table does not exist (do you need to insmod?)`,
      1,
    );
  const tables = tablesOf(ctx, place);
  const names = SAVE_ORDER.filter((t) =>
    only === null ? t === 'filter' || tables.get(t)!.size > 0 : t === only,
  );
  // xtables' iptables-save.c: each table between a header and a footer with ctime(3) of now, here the
  // simulated clock (sim-date.ts); the built-in chains' policy counters are what the engine let fall to
  // the policy
  const date = ctimeOf(ctx.state.clock);
  const key = counterPlace(place);
  const lines = names.flatMap((t) => [
    `# Generated by iptables-save ${VERSION.split(' ')[0]} on ${date}`,
    ...saveTable(t, tables.get(t)!, counters, (c) => {
      const h = ctx.state.chainHits.get(`${key}|${t}|${c}`);
      return `[${h?.packets ?? 0}:${h?.bytes ?? 0}]`;
    }),
    `# Completed on ${date}`,
  ]);
  return ok(text(lines));
}
