// The tables of a host's root namespace where the OVS agent runs the hybrid firewall (neutron-facts §11):
// its iptables manager is state_less (filter and raw only, iptables_firewall.py __init__). Every port's
// chains merged as the one manager writes them, ports in sorted id order (_setup_chains_apply); the
// CT --zone rules of each port in raw; and, after the ports' jumps, an ACCEPT pair in FORWARD for each
// trusted port the agent bound here (device_owner network:*, the DHCP and router ports:
// process_trusted_ports, comment TRUSTED_ACCEPT of iptables_comments.py), named tap<port id> as
// get_hybrid_port_name makes them. Without a VM the agent still writes its skeleton: the wrapped
// built-in chains, neutron-filter-top, sg-chain's final ACCEPT and sg-fallback's DROP.
import type { IptTable, LinuxBridge, PortFirewall } from '../realize/dataplane';
import { OVS_WRAP, RAW_SKELETON } from '../realize/hybrid-raw';
import type { ToolContext } from './context';

/** chain -> its rules, as `-A chain ...` texts */
export type Chains = Map<string, string[]>;

const FILTER_SKELETON: [string, string[]][] = [
  ['INPUT', [`-A INPUT -j ${OVS_WRAP}-INPUT`]],
  ['FORWARD', ['-A FORWARD -j neutron-filter-top', `-A FORWARD -j ${OVS_WRAP}-FORWARD`]],
  ['OUTPUT', ['-A OUTPUT -j neutron-filter-top', `-A OUTPUT -j ${OVS_WRAP}-OUTPUT`]],
  ['neutron-filter-top', [`-A neutron-filter-top -j ${OVS_WRAP}-local`]],
  [`${OVS_WRAP}-local`, []],
  [`${OVS_WRAP}-INPUT`, []],
  [`${OVS_WRAP}-OUTPUT`, []],
  [`${OVS_WRAP}-FORWARD`, []],
  [`${OVS_WRAP}-sg-chain`, [`-A ${OVS_WRAP}-sg-chain -j ACCEPT`]],
  [
    `${OVS_WRAP}-sg-fallback`,
    [`-A ${OVS_WRAP}-sg-fallback -m comment --comment "Default drop rule for unmatched traffic." -j DROP`],
  ],
];

/**
 * One table from the per-port tables: rules that every port's chain has in common (the FORWARD
 * jump, the sg-chain's final ACCEPT, the fallback DROP) appear once, where they stand; the per-port
 * rules of each shared chain follow one another in port order.
 */
export function mergeTables(
  tables: readonly IptTable[],
  skeleton: readonly [string, readonly string[]][],
): Chains {
  const out: Chains = new Map();
  const names: string[] = skeleton.map(([c]) => c);
  for (const t of tables) for (const c of t.chains.keys()) if (!names.includes(c)) names.push(c);
  const base = new Map(skeleton);
  for (const chain of names) {
    // the skeleton's rules stand for a chain no port fills (every port's chain holds them too)
    const ports = tables.map((t) => (t.chains.get(chain) ?? []).map((r) => r.text)).filter((l) => l.length);
    const lists = ports.length ? ports : [[...(base.get(chain) ?? [])]];
    const first = lists[0] ?? [];
    const common = new Set(first.filter((x) => lists.every((l) => l.includes(x))));
    let lead = 0;
    while (lead < first.length && common.has(first[lead]!)) lead++;
    const specific = lists.flatMap((l) => l.filter((x) => !common.has(x)));
    out.set(chain, [...first.slice(0, lead), ...specific, ...first.slice(lead).filter((x) => common.has(x))]);
  }
  return out;
}

const TRUSTED = '-m comment --comment "Accept all packets when port is trusted." -j ACCEPT';

/** The hybrid agent's raw and filter tables of one host, or null where it does not run. */
export function hybridHostTables(
  ctx: ToolContext,
  host: { name: string; devices: readonly string[] },
): { raw: Chains; filter: Chains } | null {
  const o = ctx.topology.options;
  if (o.mechanism_driver !== 'openvswitch' || o.firewall_driver !== 'iptables_hybrid') return null;
  const firewalls: PortFirewall[] = [];
  const trusted: string[] = [];
  for (const id of host.devices) {
    const d = ctx.plane.devices.get(id);
    if (d?.kind === 'linux-bridge' && (d as LinuxBridge).firewall)
      firewalls.push((d as LinuxBridge).firewall!);
    if (d?.kind === 'ovs-bridge' && d.role === 'int')
      for (const p of d.ports.values()) {
        const port = p.portId ? ctx.topology.ports.find((x) => x.id === p.portId) : undefined;
        if (port?.device_owner.startsWith('network:')) trusted.push(`tap${port.id}`.slice(0, 14));
      }
  }
  firewalls.sort((a, b) => (a.portId < b.portId ? -1 : a.portId > b.portId ? 1 : 0));
  const filter = mergeTables(
    firewalls.map((f) => f.filter),
    FILTER_SKELETON,
  );
  const forward = filter.get(`${OVS_WRAP}-FORWARD`)!;
  for (const tap of trusted)
    for (const dir of ['out', 'in'])
      forward.push(
        `-A ${OVS_WRAP}-FORWARD -m physdev --physdev-${dir} ${tap} --physdev-is-bridged ${TRUSTED}`,
      );
  const raw = mergeTables(
    firewalls.map((f) => f.raw),
    RAW_SKELETON.map(([c, rules]) => [c, rules.map((r) => r.text)]),
  );
  if (!raw.has(`${OVS_WRAP}-PREROUTING`)) raw.set(`${OVS_WRAP}-PREROUTING`, []);
  if (!raw.has(`${OVS_WRAP}-OUTPUT`)) raw.set(`${OVS_WRAP}-OUTPUT`, []);
  return { raw, filter };
}
