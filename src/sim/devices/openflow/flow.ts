// OpenFlow flows as the OVS agent installs them, and their ovs-ofctl dump-flows text. Matches and
// actions are data so that the bridge can evaluate them; the text is what an operator would see.
// The openvswitch firewall's flows (neutron-facts-beyond §4) add registers, conntrack (ct_state,
// ct_mark, ct_zone and the ct() action), IP and transport fields, and conjunctive matches.
import { BROADCAST_MAC } from '../../addr/mac';
import type { SecurityGroupRule } from '../../model/types';

export interface FlowMatch {
  readonly in_port?: string;
  /** matches frames tagged with this VLAN id */
  readonly dl_vlan?: number;
  /** matches untagged frames (vlan_tci=0x0000/0x1fff) */
  readonly vlan_none?: true;
  readonly dl_src?: string;
  readonly dl_dst?: string;
  /** dl_dst=00:00:00:00:00:00/01:00:00:00:00:00 (unicast) or 01:00:...:00/01:00:... (multicast) */
  readonly dl_dst_group?: 'unicast' | 'multicast';
  readonly arp?: true;
  /** ICMPv6 (icmp6): the simulated frames are IPv4 or ARP, so it never matches one */
  readonly icmp6?: true;
  /** the target address of an IPv6 neighbour advertisement */
  readonly nd_target?: string;
  readonly arp_spa?: string;
  readonly arp_tpa?: string;
  readonly tun_id?: number;
  /** ARP opcode: 1 request, 2 reply */
  readonly arp_op?: number;
  readonly arp_tha?: string;
  /** dl_type=0x0800 (printed `ip`, or the protocol's name when nw_proto is set) */
  readonly ip?: true;
  readonly nw_proto?: 'icmp' | 'tcp' | 'udp';
  /** an address or a CIDR */
  readonly nw_src?: string;
  readonly nw_dst?: string;
  readonly tp_src?: number;
  readonly tp_dst?: number;
  /** tp_dst=value/mask: one block of a port range (neutron's port_rule_masking) */
  readonly tp_dst_mask?: number;
  readonly icmp_type?: number;
  readonly icmp_code?: number;
  /** the firewall's registers: reg5 the port (ofport), reg6 the network (local VLAN), reg7 the
   * conjunction that accepted (neutron-lib agent/common/constants.py) */
  readonly reg5?: number;
  readonly reg6?: number;
  readonly reg7?: number;
  /** conntrack state flags with their signs, e.g. "+est-rel-rpl" (see ctStateText for the order) */
  readonly ct_state?: string;
  readonly ct_mark?: number;
  readonly ct_zone?: number;
  /** matches when every dimension of conjunction(conj_id, k/n) matched the packet */
  readonly conj_id?: number;
}

/** What a flow of the openvswitch firewall decides, so that a hop can say it in words. */
export interface FirewallNote {
  readonly direction: 'ingress' | 'egress';
  readonly verdict:
    | 'allow'
    | 'established'
    | 'related'
    | 'no-rule'
    | 'invalid'
    | 'removed-rule'
    | 'spoof'
    | 'dhcp-spoof';
  /** the names of the port's security groups */
  readonly groups: string;
  /** the security group rules the flow was made from (an allow) */
  readonly rules?: readonly SecurityGroupRule[];
}

export type FlowAction =
  | { readonly a: 'resubmit'; readonly table: number }
  | { readonly a: 'output'; readonly port: string }
  | { readonly a: 'in_port' }
  | { readonly a: 'normal' }
  | { readonly a: 'drop' }
  | { readonly a: 'strip_vlan' }
  | { readonly a: 'mod_vlan_vid'; readonly vlan: number }
  | { readonly a: 'set_tunnel'; readonly vni: number }
  | { readonly a: 'clear_vlan_tci' }
  /** OpenFlow 1.3's pop_vlan, as the native driver's DVR flows write it (strip_vlan in effect) */
  | { readonly a: 'pop_vlan' }
  /** the DVR rewrites of the Ethernet source or destination (neutron-facts-beyond §1.4) */
  | { readonly a: 'mod_dl_src'; readonly mac: string }
  | { readonly a: 'mod_dl_dst'; readonly mac: string }
  /** table 10's learn action; the flows it adds carry the agent's cookie */
  | { readonly a: 'learn'; readonly cookie: string }
  | { readonly a: 'arp_responder'; readonly mac: string; readonly ip: string }
  /** load:<value>->NXM_NX_REG<n>[] */
  | { readonly a: 'load_reg'; readonly reg: 5 | 6 | 7; readonly value: number }
  /** ct(): look the packet up in conntrack (zone = reg6[0..15]) and go on in `table` with its state,
   * or commit its connection (optionally setting ct_mark) */
  | {
      readonly a: 'ct';
      readonly commit: boolean;
      readonly table: number | null;
      readonly mark?: number;
    }
  | { readonly a: 'ct_clear' }
  /** dimension k of n of a conjunctive match */
  | { readonly a: 'conjunction'; readonly id: number; readonly k: number; readonly n: number };

export interface Flow {
  readonly table: number;
  readonly priority: number;
  readonly match: FlowMatch;
  readonly actions: readonly FlowAction[];
  readonly hardTimeout?: number;
  /** learned by the learn action of table 10 (lives in the dynamic state) */
  readonly learned?: boolean;
  /** vlan shown as vlan_tci=0x000N/0x0fff, as learned flows print it */
  readonly tciStyle?: boolean;
  /** the cookie a learned flow was given by its learn action (the agent's flows use the bridge's) */
  readonly cookie?: string;
  /** simulated time (µs) a learned flow was last (re)learned: its hard_timeout runs from there */
  readonly installedAt?: number;
  /** simulated time (µs) a learned flow was first added, for its duration in dump-flows (a flow learned
   * again is modified: its hard_age starts again, its duration does not) */
  readonly addedAt?: number;
  /** why the agent installs this flow, in words (shown by the inspector) */
  readonly why?: string;
  /** what the flow decides, when it is one of the openvswitch firewall's */
  readonly fw?: FirewallNote;
}

const hex = (n: number) => `0x${n.toString(16)}`;
const q = (port: string) => (/^[A-Za-z0-9_]+$/.test(port) ? port : `"${port}"`);

/** Conntrack state bits, in the order ovs-ofctl prints them (lib/packets.h CS_*). */
export const CT = { new: 1, est: 2, rel: 4, rpl: 8, inv: 16, trk: 32 } as const;
const CT_ORDER = ['new', 'est', 'rel', 'rpl', 'inv', 'trk'] as const;

/** "+est-rel-rpl" as the bits it tests and the value they must have. */
export function ctStateOf(s: string): { mask: number; value: number } {
  let mask = 0;
  let value = 0;
  for (const m of s.matchAll(/([+-])([a-z]+)/g)) {
    const bit = CT[m[2] as keyof typeof CT];
    if (bit === undefined) throw new Error(`unknown ct_state flag ${m[2]} in ${s}`);
    mask |= bit;
    if (m[1] === '+') value |= bit;
  }
  return { mask, value };
}

/** ct_state as ovs-ofctl prints it: the flags in bit order, "+trk+inv" as "+inv+trk". */
export function ctStateText(s: string): string {
  const { mask, value } = ctStateOf(s);
  return CT_ORDER.filter((f) => mask & CT[f])
    .map((f) => `${value & CT[f] ? '+' : '-'}${f}`)
    .join('');
}

/** ovs-ofctl prints a 32-bit field as %#x: 0 bare, others with 0x. */
const hex0 = (n: number) => (n === 0 ? '0' : hex(n));

/** The match as ovs-ofctl prints it: conntrack fields, the protocol, registers, in_port, VLAN,
 *  Ethernet, IP, ARP and transport fields, in lib/match.c's order. */
export function matchText(f: Flow): string {
  const m = f.match;
  const parts: string[] = [];
  if (m.conj_id !== undefined) parts.push(`conj_id=${m.conj_id}`);
  if (m.ct_state !== undefined) parts.push(`ct_state=${ctStateText(m.ct_state)}`);
  if (m.ct_zone !== undefined) parts.push(`ct_zone=${m.ct_zone}`);
  if (m.ct_mark !== undefined) parts.push(`ct_mark=${hex0(m.ct_mark)}`);
  if (m.nw_proto !== undefined) parts.push(m.nw_proto);
  else if (m.ip) parts.push('ip');
  if (m.arp) parts.push('arp');
  if (m.icmp6) parts.push('icmp6');
  if (m.reg5 !== undefined) parts.push(`reg5=${hex0(m.reg5)}`);
  if (m.reg6 !== undefined) parts.push(`reg6=${hex0(m.reg6)}`);
  if (m.reg7 !== undefined) parts.push(`reg7=${hex0(m.reg7)}`);
  if (m.in_port !== undefined) parts.push(`in_port=${q(m.in_port)}`);
  if (m.dl_vlan !== undefined)
    parts.push(
      f.tciStyle ? `vlan_tci=0x${m.dl_vlan.toString(16).padStart(4, '0')}/0x0fff` : `dl_vlan=${m.dl_vlan}`,
    );
  if (m.vlan_none) parts.push('vlan_tci=0x0000/0x1fff');
  if (m.dl_src !== undefined) parts.push(`dl_src=${m.dl_src}`);
  if (m.dl_dst !== undefined) parts.push(`dl_dst=${m.dl_dst}`);
  if (m.dl_dst_group === 'unicast') parts.push('dl_dst=00:00:00:00:00:00/01:00:00:00:00:00');
  if (m.dl_dst_group === 'multicast') parts.push('dl_dst=01:00:00:00:00:00/01:00:00:00:00:00');
  if (m.arp_spa !== undefined) parts.push(`arp_spa=${m.arp_spa}`);
  if (m.arp_tpa !== undefined) parts.push(`arp_tpa=${m.arp_tpa}`);
  if (m.arp_op !== undefined) parts.push(`arp_op=${m.arp_op}`);
  if (m.arp_tha !== undefined) parts.push(`arp_tha=${m.arp_tha}`);
  if (m.tun_id !== undefined) parts.push(`tun_id=${hex(m.tun_id)}`);
  if (m.nw_src !== undefined) parts.push(`nw_src=${m.nw_src.replace(/\/32$/, '')}`);
  if (m.nw_dst !== undefined) parts.push(`nw_dst=${m.nw_dst.replace(/\/32$/, '')}`);
  if (m.tp_src !== undefined) parts.push(`tp_src=${m.tp_src}`);
  if (m.tp_dst !== undefined)
    parts.push(
      m.tp_dst_mask !== undefined ? `tp_dst=${hex(m.tp_dst)}/${hex(m.tp_dst_mask)}` : `tp_dst=${m.tp_dst}`,
    );
  if (m.icmp_type !== undefined) parts.push(`icmp_type=${m.icmp_type}`);
  if (m.icmp_code !== undefined) parts.push(`icmp_code=${m.icmp_code}`);
  if (m.nd_target !== undefined) parts.push(`nd_target=${m.nd_target}`);
  return parts.join(',');
}

/** zone=NXM_NX_REG6[0..15]: the firewall's zone is the network's local VLAN (neutron-facts-beyond §4) */
const CT_ZONE = 'zone=NXM_NX_REG6[0..15]';

export function actionText(a: FlowAction): string {
  switch (a.a) {
    case 'resubmit':
      return `resubmit(,${a.table})`;
    case 'output':
      return `output:${q(a.port)}`;
    case 'in_port':
      return 'IN_PORT';
    case 'normal':
      return 'NORMAL';
    case 'drop':
      return 'drop';
    case 'strip_vlan':
      return 'strip_vlan';
    case 'mod_vlan_vid':
      return `mod_vlan_vid:${a.vlan}`;
    case 'set_tunnel':
      return `load:${hex(a.vni)}->NXM_NX_TUN_ID[]`;
    case 'clear_vlan_tci':
      return 'load:0->NXM_OF_VLAN_TCI[]';
    case 'pop_vlan':
      return 'pop_vlan';
    case 'mod_dl_src':
      return `mod_dl_src:${a.mac}`;
    case 'mod_dl_dst':
      return `mod_dl_dst:${a.mac}`;
    case 'learn':
      return `learn(table=20,hard_timeout=300,priority=1,cookie=${a.cookie},NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0->NXM_OF_VLAN_TCI[],load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[])`;
    case 'arp_responder': {
      // in the order the native driver's install_arp_responder gives them (neutron-facts §7): the ARP
      // header turned into a reply first, then the Ethernet addresses, then back out the port it came in
      const ip = a.ip
        .split('.')
        .map((o) => Number(o).toString(16).padStart(2, '0'))
        .join('');
      return `load:0x2->NXM_OF_ARP_OP[],move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],load:0x${a.mac.replaceAll(':', '')}->NXM_NX_ARP_SHA[],load:0x${ip}->NXM_OF_ARP_SPA[],move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],mod_dl_src:${a.mac},IN_PORT`;
    }
    case 'load_reg':
      return `load:${hex(a.value)}->NXM_NX_REG${a.reg}[]`;
    case 'ct': {
      const args = [
        ...(a.commit ? ['commit'] : []),
        ...(a.table !== null ? [`table=${a.table}`] : []),
        CT_ZONE,
        ...(a.mark !== undefined ? [`exec(load:${hex(a.mark)}->NXM_NX_CT_MARK[])`] : []),
      ];
      return `ct(${args.join(',')})`;
    }
    case 'ct_clear':
      return 'ct_clear';
    case 'conjunction':
      return `conjunction(${a.id},${a.k}/${a.n})`;
  }
}

// The text is kept on the flow itself, as snapshots are on frames: learned flows are made afresh by
// every send, and a module-wide WeakMap would gain and lose an entry for each of them.
const TEXT = Symbol('flowText');
type WithText = Flow & { [TEXT]?: string };

/** The flow as `ovs-ofctl dump-flows` prints it, without cookie, duration and counters. */
export function flowText(f: Flow): string {
  const hit = (f as WithText)[TEXT];
  if (hit) return hit;
  const m = matchText(f);
  const timeout = f.hardTimeout ? `hard_timeout=${f.hardTimeout}, ` : '';
  const s = `table=${f.table}, ${timeout}priority=${f.priority}${m ? `,${m}` : ''} actions=${f.actions.map(actionText).join(',')}`;
  (f as WithText)[TEXT] = s;
  return s;
}

export function isBroadcast(mac: string): boolean {
  return mac === BROADCAST_MAC;
}
