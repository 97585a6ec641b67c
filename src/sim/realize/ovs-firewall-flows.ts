// The openvswitch firewall driver's flows on br-int (neutron-facts-beyond §4): table 60 tells a port's
// egress (in_port) from its ingress (its MAC), loads reg5 = the port's ofport and reg6 = the network's
// local VLAN; 71/81 check addresses and send IP to conntrack in zone reg6; 72/82 hold the security
// group rules; 73 hands a frame for a port of this host to that port's ingress; 91-94 accept, drop and
// switch NORMAL. Sources: neutron agent/linux/openvswitch_firewall/firewall.py
// (`initialize_port_flows`, `_initialize_egress`, `_initialize_ingress`, `_initialize_tracked_*`,
// `_initialize_egress_no_port_security`, `_initialize_third_party_tables`); table numbers neutron-lib
// ovs_constants.py. IPv4 only, as the rest of the simulator: the IPv6, ND and RARP flows are left out.
import type { FirewallNote, Flow, FlowAction } from '../devices/openflow/flow';
import type { Network, SecurityGroup } from '../model/types';

/** Table ids of the firewall (neutron-lib ovs_constants.py). */
export const FW = {
  TRANSIENT: 60,
  BASE_EGRESS: 71,
  RULES_EGRESS: 72,
  ACCEPT_OR_INGRESS: 73,
  BASE_INGRESS: 81,
  RULES_INGRESS: 82,
  ACCEPTED_EGRESS_TRAFFIC: 91,
  ACCEPTED_INGRESS_TRAFFIC: 92,
  DROPPED_TRAFFIC: 93,
  ACCEPTED_EGRESS_TRAFFIC_NORMAL: 94,
} as const;

/** The constants' names, for words like "table 82 (RULES_INGRESS_TABLE)". */
export const FW_TABLE_NAMES: Readonly<Record<number, string>> = {
  60: 'TRANSIENT_TABLE',
  71: 'BASE_EGRESS_TABLE',
  72: 'RULES_EGRESS_TABLE',
  73: 'ACCEPT_OR_INGRESS_TABLE',
  81: 'BASE_INGRESS_TABLE',
  82: 'RULES_INGRESS_TABLE',
  91: 'ACCEPTED_EGRESS_TRAFFIC_TABLE',
  92: 'ACCEPTED_INGRESS_TRAFFIC_TABLE',
  93: 'DROPPED_TRAFFIC_TABLE',
  94: 'ACCEPTED_EGRESS_TRAFFIC_NORMAL_TABLE',
};

/** ovsfw constants.py */
export const CT_STATES = {
  NOT_TRACKED: '-trk',
  TRACKED: '+trk',
  NEW_NOT_ESTABLISHED: '+new-est',
  NOT_ESTABLISHED: '-est',
  ESTABLISHED: '+est',
  ESTABLISHED_NOT_REPLY: '+est-rel-rpl',
  ESTABLISHED_REPLY: '+est-rel+rpl',
  RELATED: '-new-est+rel-inv',
  INVALID: '+trk+inv',
} as const;
/** ct_mark of a connection no rule allows any more (CT_MARK_INVALID) */
export const CT_MARK_INVALID = 1;

/** A port of br-int the firewall filters: a VM port with port security. */
export interface FirewallPort {
  readonly name: string;
  readonly ofport: number;
  /** the local VLAN of its network on this host: reg6, and the conntrack zone */
  readonly lvid: number;
  readonly mac: string;
  readonly ips: readonly string[];
  readonly network: Network;
  readonly groups: readonly SecurityGroup[];
}

export const resubmit = (table: number): FlowAction => ({ a: 'resubmit', table });
const drop: FlowAction = { a: 'drop' };
const output = (port: string): FlowAction => ({ a: 'output', port });
const regs = (ofport: number, lvid: number): FlowAction[] => [
  { a: 'load_reg', reg: 5, value: ofport },
  { a: 'load_reg', reg: 6, value: lvid },
];
const ctTo = (table: number): FlowAction => ({ a: 'ct', commit: false, table });
const commit: FlowAction = { a: 'ct', commit: true, table: null };
const commitMarked: FlowAction = { a: 'ct', commit: true, table: null, mark: CT_MARK_INVALID };

/** What every host's firewall installs once (`_drop_all_unmatched_flows`, `_initialize_common_flows`,
 *  `_initialize_third_party_tables`). */
export function firewallCommonFlows(): Flow[] {
  const unmatched = [
    FW.BASE_EGRESS,
    FW.RULES_EGRESS,
    FW.ACCEPT_OR_INGRESS,
    FW.BASE_INGRESS,
    FW.RULES_INGRESS,
  ];
  return [
    ...unmatched.map(
      (table): Flow => ({
        table,
        priority: 0,
        match: {},
        actions: [drop],
        why: `nothing else in table ${table} (${FW_TABLE_NAMES[table]}) matches: drop`,
      }),
    ),
    {
      table: FW.BASE_EGRESS,
      priority: 110,
      match: { ct_state: CT_STATES.TRACKED },
      actions: [{ a: 'ct_clear' }, resubmit(FW.BASE_EGRESS)],
      why: 'a packet tracked already is cleared of its conntrack state and looked at again',
    },
    {
      table: FW.ACCEPTED_EGRESS_TRAFFIC,
      priority: 1,
      match: {},
      actions: [resubmit(FW.ACCEPTED_EGRESS_TRAFFIC_NORMAL)],
      why: 'the first packet of an accepted egress connection goes on to NORMAL',
    },
    { table: FW.ACCEPTED_INGRESS_TRAFFIC, priority: 0, match: {}, actions: [drop] },
    {
      table: FW.DROPPED_TRAFFIC,
      priority: 0,
      match: {},
      actions: [drop],
      why: 'what the firewall refused is dropped here',
    },
    {
      table: FW.ACCEPTED_EGRESS_TRAFFIC_NORMAL,
      priority: 1,
      match: {},
      actions: [{ a: 'normal' }],
      why: 'accepted: NORMAL switching within the local VLAN',
    },
  ];
}

/**
 * A trusted port (a router's or DHCP port, device_owner network:*) or a port without port security:
 * its traffic skips the egress tables and goes to 73, where a frame for a filtered port of this host
 * still meets that port's ingress rules (`_initialize_egress_no_port_security`).
 */
export function unfilteredPortFlows(name: string, ofport: number, lvid: number): Flow[] {
  return [
    {
      table: FW.TRANSIENT,
      priority: 100,
      match: { in_port: name },
      actions: [...regs(ofport, lvid), resubmit(FW.ACCEPT_OR_INGRESS)],
      why: `from ${name}, a port the firewall does not filter`,
    },
    {
      table: FW.ACCEPT_OR_INGRESS,
      priority: 80,
      match: { reg5: ofport },
      actions: [resubmit(FW.ACCEPTED_EGRESS_TRAFFIC_NORMAL)],
      why: `from ${name}: on to NORMAL`,
    },
  ];
}

/** The flows of a filtered port but its security group rules (`initialize_port_flows`,
 *  `_initialize_tracked_egress`, `_initialize_tracked_ingress`). */
export function filteredPortFlows(p: FirewallPort): Flow[] {
  const groups = p.groups.map((g) => g.name).join(', ') || 'none';
  const egress = (verdict: FirewallNote['verdict']): FirewallNote => ({
    direction: 'egress',
    verdict,
    groups,
  });
  const ingress = (verdict: FirewallNote['verdict']): FirewallNote => ({
    direction: 'ingress',
    verdict,
    groups,
  });
  const f: Flow[] = [
    {
      table: FW.TRANSIENT,
      priority: 100,
      match: { in_port: p.name },
      actions: [...regs(p.ofport, p.lvid), resubmit(FW.BASE_EGRESS)],
      why: `from ${p.name}: its egress, port ${p.ofport} (reg5) on local VLAN ${p.lvid} (reg6)`,
    },
    ...physicalDirectFlows(p),
    {
      table: FW.TRANSIENT,
      priority: 90,
      match: { dl_vlan: p.lvid, dl_dst: p.mac },
      actions: [...regs(p.ofport, p.lvid), { a: 'strip_vlan' }, resubmit(FW.BASE_INGRESS)],
      why: `to ${p.mac} on local VLAN ${p.lvid}: the ingress of ${p.name}`,
    },
  ];
  // egress: ARP and IP only from the port's own MAC and addresses, DHCP as a client only
  for (const ip of p.ips)
    f.push(
      {
        table: FW.BASE_EGRESS,
        priority: 95,
        match: { arp: true, reg5: p.ofport, in_port: p.name, dl_src: p.mac, arp_spa: ip },
        actions: [resubmit(FW.ACCEPTED_EGRESS_TRAFFIC_NORMAL)],
        why: `ARP from ${p.name} for its own address ${ip}`,
      },
      {
        table: FW.BASE_EGRESS,
        priority: 65,
        match: { ip: true, reg5: p.ofport, in_port: p.name, dl_src: p.mac, nw_src: ip },
        actions: [ctTo(FW.RULES_EGRESS)],
        why: `IP from ${p.name}'s own ${p.mac} / ${ip}: conntrack in zone ${p.lvid}, then the egress rules`,
      },
    );
  for (const ip of [...p.ips, '0.0.0.0'])
    f.push({
      table: FW.BASE_EGRESS,
      priority: 80,
      match: {
        nw_proto: 'udp',
        ip: true,
        reg5: p.ofport,
        in_port: p.name,
        dl_src: p.mac,
        nw_src: ip,
        tp_src: 68,
        tp_dst: 67,
      },
      actions: [resubmit(FW.ACCEPT_OR_INGRESS)],
      why: 'a DHCP request from the VM',
    });
  f.push(
    {
      table: FW.BASE_EGRESS,
      priority: 70,
      match: { nw_proto: 'udp', ip: true, in_port: p.name, reg5: p.ofport, tp_src: 67, tp_dst: 68 },
      actions: [resubmit(FW.DROPPED_TRAFFIC)],
      why: 'a DHCP server in the VM is not let out',
      fw: egress('dhcp-spoof'),
    },
    {
      table: FW.BASE_EGRESS,
      priority: 10,
      match: { in_port: p.name, reg5: p.ofport },
      actions: [{ a: 'ct_clear' }, resubmit(FW.DROPPED_TRAFFIC)],
      why: `anything else from ${p.name} (another MAC or address) is dropped`,
      fw: egress('spoof'),
    },
    {
      table: FW.ACCEPT_OR_INGRESS,
      priority: 100,
      match: { reg6: p.lvid, dl_dst: p.mac },
      actions: [{ a: 'load_reg', reg: 5, value: p.ofport }, resubmit(FW.BASE_INGRESS)],
      why: `to ${p.name} on this host: through its ingress tables`,
    },
    {
      table: FW.ACCEPT_OR_INGRESS,
      priority: 90,
      match: { ct_state: CT_STATES.NEW_NOT_ESTABLISHED, ip: true, reg5: p.ofport },
      actions: [commit, resubmit(FW.ACCEPTED_EGRESS_TRAFFIC)],
      why: 'a new connection the egress rules accepted: committed to conntrack',
    },
    {
      table: FW.ACCEPT_OR_INGRESS,
      priority: 80,
      match: { reg5: p.ofport },
      actions: [resubmit(FW.ACCEPTED_EGRESS_TRAFFIC_NORMAL)],
      why: 'accepted egress: on to NORMAL',
    },
    // ingress: ARP and DHCP replies pass; IP goes to conntrack, then the rules
    {
      table: FW.BASE_INGRESS,
      priority: 100,
      match: { arp: true, reg5: p.ofport },
      actions: [output(p.name)],
      why: `ARP to ${p.name} passes`,
    },
    {
      table: FW.BASE_INGRESS,
      priority: 95,
      match: { nw_proto: 'udp', ip: true, reg5: p.ofport, tp_src: 67, tp_dst: 68 },
      actions: [output(p.name)],
      why: `a DHCP reply to ${p.name} passes`,
    },
    {
      table: FW.BASE_INGRESS,
      priority: 90,
      match: { ct_state: CT_STATES.NOT_TRACKED, ip: true, reg5: p.ofport },
      actions: [ctTo(FW.RULES_INGRESS)],
      why: `IP to ${p.name}: conntrack in zone ${p.lvid}, then the ingress rules`,
    },
    {
      table: FW.BASE_INGRESS,
      priority: 80,
      match: { ct_state: CT_STATES.TRACKED, reg5: p.ofport },
      actions: [resubmit(FW.RULES_INGRESS)],
      why: 'tracked on its way out of a port of this host already: the ingress rules',
    },
  );
  for (const [table, accepted, note] of [
    [FW.RULES_EGRESS, resubmit(FW.ACCEPTED_EGRESS_TRAFFIC_NORMAL), egress],
    [FW.RULES_INGRESS, output(p.name), ingress],
  ] as const)
    f.push(
      {
        table,
        priority: 50,
        match: { ct_state: CT_STATES.INVALID },
        actions: [resubmit(FW.DROPPED_TRAFFIC)],
        why: 'conntrack calls it INVALID: dropped',
        fw: note('invalid'),
      },
      {
        table,
        priority: 50,
        match: { ct_mark: CT_MARK_INVALID, reg5: p.ofport },
        actions: [resubmit(FW.DROPPED_TRAFFIC)],
        why: 'a connection marked when its rule went away: dropped',
        fw: note('removed-rule'),
      },
      {
        table,
        priority: 50,
        match: { ct_state: CT_STATES.ESTABLISHED_REPLY, ct_zone: p.lvid, ct_mark: 0, reg5: p.ofport },
        actions: [accepted],
        why: 'a reply of a connection conntrack knows',
        fw: note('established'),
      },
      {
        table,
        priority: 50,
        match: { ct_state: CT_STATES.RELATED, ct_zone: p.lvid, ct_mark: 0, reg5: p.ofport },
        actions: [accepted],
        why: 'related to a connection conntrack knows (an ICMP error)',
        fw: note('related'),
      },
      {
        table,
        priority: 40,
        match: { ct_state: CT_STATES.NOT_ESTABLISHED, reg5: p.ofport },
        actions: [resubmit(FW.DROPPED_TRAFFIC)],
        why: `no security group rule of ${p.name} (${groups}) allows this new connection`,
        fw: note('no-rule'),
      },
      {
        table,
        priority: 40,
        match: { ct_state: CT_STATES.ESTABLISHED, ip: true, reg5: p.ofport },
        actions: [commitMarked],
        why: 'an established connection no rule allows any more: marked ct_mark=0x1 and dropped',
        fw: note('removed-rule'),
      },
    );
  return f;
}

/** A VLAN or flat provider network's frames for the port, matched before translation
 *  (`install_physical_direct_flow`). */
function physicalDirectFlows(p: FirewallPort): Flow[] {
  const type = p.network['provider:network_type'];
  const seg = p.network['provider:segmentation_id'];
  if (type === 'vlan' && seg !== null)
    return [
      {
        table: FW.TRANSIENT,
        priority: 90,
        match: { dl_vlan: seg, dl_dst: p.mac },
        actions: [...regs(p.ofport, p.lvid), { a: 'strip_vlan' }, resubmit(FW.BASE_INGRESS)],
        why: `to ${p.mac} tagged with the segmentation id ${seg}: the ingress of ${p.name}`,
      },
    ];
  if (type === 'flat')
    return [
      {
        table: FW.TRANSIENT,
        priority: 90,
        match: { vlan_none: true, dl_dst: p.mac },
        actions: [...regs(p.ofport, p.lvid), resubmit(FW.BASE_INGRESS)],
        why: `to ${p.mac} untagged (flat network): the ingress of ${p.name}`,
      },
    ];
  return [];
}
