// OpenFlow flows as the OVS agent installs them, and their ovs-ofctl dump-flows text. Matches and
// actions are data so that the bridge can evaluate them; the text is what an operator would see.
import { BROADCAST_MAC } from '../../addr/mac';

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
  readonly arp_spa?: string;
  readonly arp_tpa?: string;
  readonly tun_id?: number;
  /** ARP opcode: 1 request, 2 reply */
  readonly arp_op?: number;
  readonly arp_tha?: string;
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
  | { readonly a: 'arp_responder'; readonly mac: string; readonly ip: string };

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
}

const hex = (n: number) => `0x${n.toString(16)}`;
const q = (port: string) => (/^[A-Za-z0-9_]+$/.test(port) ? port : `"${port}"`);

export function matchText(f: Flow): string {
  const m = f.match;
  const parts: string[] = [];
  if (m.arp) parts.push('arp');
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
  return parts.join(',');
}

function actionText(a: FlowAction): string {
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
