// `iptables -S` and `iptables-save` of a place, from the rules the model holds: in a qrouter namespace
// the L3 agent's nat table and its ingress mark in mangle (neutron-facts §8); in a compute host's root
// namespace the filter table of the hybrid firewall, every qbr's chains merged into one table as the
// OVS agent's single iptables manager writes them (§11). Tables the model has no rules for hold only
// their built-in chains with policy ACCEPT.

import type { IptTable } from '../realize/dataplane';
import { ingressMarkRule } from '../realize/l3-agent';
import { cmp, fail, ok, type Place, type ToolContext, type ToolResult, text } from './context';

const VERSION = 'v1.8.10 (legacy)';

export const BUILTIN_CHAINS = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
} as const;

export type TableName = keyof typeof BUILTIN_CHAINS;
export const TABLE_NAMES = Object.keys(BUILTIN_CHAINS) as TableName[];
/** the order iptables-save prints the tables in (that of /proc/net/ip_tables_names on a typical host) */
const SAVE_ORDER: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];

/** chain -> its rules, as `-A chain ...` texts */
type Chains = Map<string, string[]>;

function chainsOf(t: IptTable): Chains {
  return new Map([...t.chains].map(([c, rules]) => [c, rules.map((r) => r.text)]));
}

/**
 * One filter table from the per-port tables: rules that every port's chain has in common (the FORWARD
 * jump, the sg-chain's final ACCEPT, the fallback DROP) appear once, where they stand; the per-port
 * rules of each shared chain follow one another in port order.
 */
function mergeTables(tables: readonly IptTable[]): Chains {
  const out: Chains = new Map();
  const names: string[] = [];
  for (const t of tables) for (const c of t.chains.keys()) if (!names.includes(c)) names.push(c);
  for (const chain of names) {
    const lists = tables.map((t) => (t.chains.get(chain) ?? []).map((r) => r.text)).filter((l) => l.length);
    const first = lists[0] ?? [];
    const common = new Set(first.filter((x) => lists.every((l) => l.includes(x))));
    let lead = 0;
    while (lead < first.length && common.has(first[lead]!)) lead++;
    const specific = lists.flatMap((l) => l.filter((x) => !common.has(x)));
    out.set(chain, [...first.slice(0, lead), ...specific, ...first.slice(lead).filter((x) => common.has(x))]);
  }
  return out;
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
    const firewalls: IptTable[] = [];
    for (const id of place.host.devices) {
      const d = ctx.plane.devices.get(id);
      if (d?.kind === 'linux-bridge' && d.firewall) firewalls.push(d.firewall.filter);
    }
    tables.set('filter', mergeTables(firewalls));
  } else if (place.kind === 'namespace') {
    if (place.device.stack.nat) tables.set('nat', chainsOf(place.device.stack.nat));
    const proxy = place.device.stack.metadataProxyPort;
    tables.set('mangle', routerMangle(place.device.stack.ingressMark, proxy));
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

function saveTable(table: TableName, chains: Chains, counters: boolean): string[] {
  const { builtin, user } = chainOrder(table, chains);
  return [
    `*${table}`,
    ...builtin.map((c) => `:${c} ACCEPT [0:0]`),
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
  // Real output brackets each table with comments carrying a date; the simulation has no clock.
  const lines = names.flatMap((t) => [
    `# Generated by iptables-save ${VERSION.split(' ')[0]}`,
    ...saveTable(t, tables.get(t)!, counters),
    '# Completed',
  ]);
  return ok(text(lines));
}
