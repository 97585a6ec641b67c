// The raw table of a compute host's hybrid firewall: one conntrack zone per port (neutron-facts §11,
// OVSHybridIptablesFirewallDriver CONNTRACK_ZONE_PER_PORT), set by three CT rules in the agent's
// wrapped PREROUTING: what the qbr bridges in from qvb, what the host receives on qvb, what the qbr
// bridges in from the VM's tap (iptables_firewall.py _get_jump_rules; the comment names
// port['device'][4:], the OVS agent's device being the port id). The engine runs these rules to pick
// the zone a bridged packet is tracked in, so two ports' connections never meet.
import type { IptRule, IptTable } from './dataplane';

/** the OVS agent's wrap name (neutron-openvswitch-agent cut to 16, iptables_manager.py) */
export const OVS_WRAP = 'neutron-openvswi';
const PRE = `${OVS_WRAP}-PREROUTING`;

/** The raw table's built-in chains jumping to the agent's wrapped twins (IptablesManager.__init__). */
export const RAW_SKELETON: readonly [string, readonly IptRule[]][] = ['PREROUTING', 'OUTPUT'].map((c) => [
  c,
  [
    {
      chain: c,
      match: {},
      target: { t: 'jump', chain: `${OVS_WRAP}-${c}` },
      text: `-A ${c} -j ${OVS_WRAP}-${c}`,
    },
  ],
]);

export function hybridRaw(portId: string, tap: string, qvb: string, zone: number): IptTable {
  const comment = `-m comment --comment "Set zone for ${portId.slice(4)}" -j CT --zone ${zone}`;
  const ct = { t: 'ct', zone } as const;
  const rules: IptRule[] = [
    {
      chain: PRE,
      match: { physdevIn: qvb },
      target: ct,
      text: `-A ${PRE} -m physdev --physdev-in ${qvb} ${comment}`,
    },
    { chain: PRE, match: { inIface: qvb }, target: ct, text: `-A ${PRE} -i ${qvb} ${comment}` },
    {
      chain: PRE,
      match: { physdevIn: tap },
      target: ct,
      text: `-A ${PRE} -m physdev --physdev-in ${tap} ${comment}`,
    },
  ];
  return {
    chains: new Map<string, readonly IptRule[]>([...RAW_SKELETON, [PRE, rules], [`${OVS_WRAP}-OUTPUT`, []]]),
  };
}
