// The flows the OVS agent installs on br-int, br-tun and the physical bridges (neutron-facts §4-§7,
// neutron/plugins/ml2/drivers/openvswitch/agent/openflow/native/br_int.py, br_tun.py, br_phys.py).
import { BROADCAST_MAC, ipv6LinkLocal } from '../addr/mac';
import type { Flow, FlowAction } from '../devices/openflow/flow';

/** Table ids (neutron-lib ovs_constants). */
export const T = {
  LOCAL_SWITCHING: 0,
  PATCH_LV_TO_TUN: 2,
  GRE_TUN_TO_LV: 3,
  VXLAN_TUN_TO_LV: 4,
  GENEVE_TUN_TO_LV: 6,
  LEARN_FROM_TUN: 10,
  UCAST_TO_TUN: 20,
  ARP_RESPONDER: 21,
  FLOOD_TO_TUN: 22,
  CANARY: 23,
  ARP_SPOOF: 24,
  MAC_SPOOF: 25,
  LOCAL_EGRESS: 30,
  LOCAL_IP: 31,
  PACKET_RATE_LIMIT: 58,
  TRANSIENT: 60,
  TRANSIENT_EGRESS: 62,
} as const;

export const DEAD_VLAN = 4095;

// Flows are immutable, so flows with the same actions share them: a large cloud has tens of thousands
// of flows, and allocating each its own copies made realize() spend most of its time in the GC.
const gotos = new Map<number, { one: FlowAction; only: readonly FlowAction[] }>();
function gotoOf(table: number) {
  let g = gotos.get(table);
  if (!g) {
    const one: FlowAction = { a: 'resubmit', table };
    g = { one, only: [one] };
    gotos.set(table, g);
  }
  return g;
}
/** resubmit(,table) */
const goto = (table: number): FlowAction => gotoOf(table).one;
/** the actions of a flow that only resubmits to a table */
const resubmit = (table: number): readonly FlowAction[] => gotoOf(table).only;
const drop: FlowAction = { a: 'drop' };
const stripVlan: FlowAction = { a: 'strip_vlan' };

// ---- br-int -------------------------------------------------------------------------------------

export function brIntDefaultFlows(): Flow[] {
  return [
    {
      table: T.LOCAL_SWITCHING,
      priority: 65535,
      match: { dl_vlan: DEAD_VLAN },
      actions: [drop],
      why: 'frames of the dead VLAN 4095 (unbound or down ports) are dropped',
    },
    {
      table: T.LOCAL_SWITCHING,
      priority: 0,
      match: {},
      actions: resubmit(T.PACKET_RATE_LIMIT),
      why: 'everything else goes on to the rate-limit and NORMAL tables',
    },
    {
      table: T.CANARY,
      priority: 0,
      match: {},
      actions: [drop],
      why: 'canary: its absence tells the agent OVS restarted',
    },
    {
      table: T.ARP_SPOOF,
      priority: 0,
      match: {},
      actions: [drop],
      why: "ARP from a VM port with a sender IP that is not the port's own is dropped",
    },
    { table: T.LOCAL_EGRESS, priority: 0, match: {}, actions: resubmit(T.PACKET_RATE_LIMIT) },
    { table: T.LOCAL_IP, priority: 0, match: {}, actions: resubmit(T.PACKET_RATE_LIMIT) },
    { table: T.PACKET_RATE_LIMIT, priority: 0, match: {}, actions: resubmit(T.TRANSIENT) },
    {
      table: T.TRANSIENT,
      priority: 3,
      match: {},
      actions: [{ a: 'normal' }],
      why: 'NORMAL: a MAC-learning switch within each local VLAN',
    },
    { table: T.TRANSIENT_EGRESS, priority: 3, match: {}, actions: [{ a: 'normal' }] },
  ];
}

/** ICMPv6 type 136, a neighbour advertisement (ND_NEIGHBOR_ADVERT) */
const NEIGHBOR_ADVERT = 136;

/** ARP, neighbour advertisement and MAC anti-spoofing for a VM port (prevent_arp_spoofing;
 * setup_arp_spoofing_protection installs the NA protection first, for the port's IPv6 addresses and
 * its link-local one, then the ARP protection for its IPv4 addresses: native br_int.py
 * install_icmpv6_na_spoofing_protection, install_arp_spoofing_protection, set_allowed_macs_for_port). */
export function brIntPortSecurityFlows(port: string, mac: string, ips: readonly string[]): Flow[] {
  const lla = ipv6LinkLocal(mac);
  return [
    {
      table: T.ARP_SPOOF,
      priority: 2,
      match: { icmp6: true, in_port: port, icmp_type: NEIGHBOR_ADVERT, nd_target: lla },
      actions: resubmit(T.MAC_SPOOF),
      why: `neighbour advertisements from ${port} for its link-local ${lla}`,
    },
    {
      table: T.LOCAL_SWITCHING,
      priority: 10,
      match: { icmp6: true, in_port: port, icmp_type: NEIGHBOR_ADVERT },
      actions: resubmit(T.ARP_SPOOF),
      why: 'neighbour advertisements from the VM are checked against its addresses',
    },
    {
      table: T.LOCAL_SWITCHING,
      priority: 10,
      match: { arp: true, in_port: port },
      actions: resubmit(T.ARP_SPOOF),
      why: 'ARP from the VM is checked against its addresses',
    },
    {
      table: T.LOCAL_SWITCHING,
      priority: 9,
      match: { in_port: port },
      actions: resubmit(T.MAC_SPOOF),
      why: 'other frames from the VM are checked against its MAC',
    },
    ...ips.map(
      (ip): Flow => ({
        table: T.ARP_SPOOF,
        priority: 2,
        match: { arp: true, in_port: port, arp_spa: ip },
        actions: resubmit(T.MAC_SPOOF),
        why: `ARP from ${port} claiming ${ip}, the port's own address`,
      }),
    ),
    {
      table: T.MAC_SPOOF,
      priority: 2,
      match: { in_port: port, dl_src: mac },
      actions: resubmit(T.LOCAL_EGRESS),
      why: `frames from ${port} with its own MAC ${mac}`,
    },
  ];
}

/** A port the agent marked dead (admin down): everything from it is dropped (port_dead -> drop_port). */
export function brIntDeadPortFlow(port: string): Flow {
  return {
    table: T.LOCAL_SWITCHING,
    priority: 2,
    match: { in_port: port },
    actions: [drop],
    why: `${port} is down: it sits in the dead VLAN 4095`,
  };
}

/** Frames coming in from a physical bridge get the local VLAN (br_int provision_local_vlan). */
export function brIntPhysFlows(
  intPort: string,
  vlans: readonly { seg: number | null; lvid: number }[],
): Flow[] {
  return [
    ...vlans.map(
      ({ seg, lvid }): Flow => ({
        table: T.LOCAL_SWITCHING,
        priority: 3,
        match: seg === null ? { in_port: intPort, vlan_none: true } : { in_port: intPort, dl_vlan: seg },
        actions: [{ a: 'mod_vlan_vid', vlan: lvid }, goto(T.PACKET_RATE_LIMIT)],
        why: `${seg === null ? 'untagged frames' : `frames tagged ${seg}`} from the provider network become local VLAN ${lvid}`,
      }),
    ),
    {
      table: T.LOCAL_SWITCHING,
      priority: 2,
      match: { in_port: intPort },
      actions: [drop],
      why: 'anything else from the provider bridge is dropped',
    },
  ];
}

// ---- physical bridge (br-ex) --------------------------------------------------------------------

export function brPhysFlows(phyPort: string, vlans: readonly { seg: number | null; lvid: number }[]): Flow[] {
  return [
    ...vlans.map(
      ({ seg, lvid }): Flow => ({
        table: 0,
        priority: 4,
        match: { in_port: phyPort, dl_vlan: lvid },
        actions: [seg === null ? { a: 'strip_vlan' } : { a: 'mod_vlan_vid', vlan: seg }, { a: 'normal' }],
        why: `local VLAN ${lvid} leaves ${seg === null ? 'untagged (flat)' : `tagged ${seg}`}`,
      }),
    ),
    {
      table: 0,
      priority: 2,
      match: { in_port: phyPort },
      actions: [drop],
      why: 'local VLANs of other networks never reach the wire',
    },
    {
      table: 0,
      priority: 0,
      match: {},
      actions: [{ a: 'normal' }],
      why: 'frames from the wire are switched NORMAL',
    },
  ];
}

// ---- br-tun -------------------------------------------------------------------------------------

export interface TunNetwork {
  lvid: number;
  vni: number;
  /** tunnel ports to flood to (table 22) */
  flood: string[];
  /** l2pop unicast entries: remote MAC -> tunnel port (table 20) */
  unicast: { mac: string; ip: string | null; tunnel: string }[];
}

/** Each l2population entry is shared by every host that has its network; so is its explanation. */
const unicastWhy = new WeakMap<TunNetwork['unicast'][number], string>();

function whyUnicast(u: TunNetwork['unicast'][number]): string {
  let why = unicastWhy.get(u);
  if (why === undefined) {
    why = `l2population: ${u.mac} lives behind ${u.tunnel}`;
    unicastWhy.set(u, why);
  }
  return why;
}

export function brTunFlows(
  tunnels: readonly string[],
  nets: readonly TunNetwork[],
  arpResponder: boolean,
  cookie: string,
): Flow[] {
  const f: Flow[] = [
    {
      table: 0,
      priority: 1,
      match: { in_port: 'patch-int' },
      actions: resubmit(T.PATCH_LV_TO_TUN),
      why: 'from br-int: toward the tunnels',
    },
    ...tunnels.map(
      (t): Flow => ({
        table: 0,
        priority: 1,
        match: { in_port: t },
        actions: resubmit(T.VXLAN_TUN_TO_LV),
        why: `from the tunnel ${t}: toward br-int`,
      }),
    ),
    { table: 0, priority: 0, match: {}, actions: [drop] },
    {
      table: T.PATCH_LV_TO_TUN,
      priority: 0,
      match: { dl_dst_group: 'unicast' },
      actions: resubmit(T.UCAST_TO_TUN),
      why: 'unicast goes to the unicast table',
    },
    {
      table: T.PATCH_LV_TO_TUN,
      priority: 0,
      match: { dl_dst_group: 'multicast' },
      actions: resubmit(T.FLOOD_TO_TUN),
      why: 'broadcast and multicast are flooded',
    },
    { table: T.GRE_TUN_TO_LV, priority: 0, match: {}, actions: [drop] },
    {
      table: T.VXLAN_TUN_TO_LV,
      priority: 0,
      match: {},
      actions: [drop],
      why: 'a VNI this host has no local VLAN for is dropped',
    },
    { table: T.GENEVE_TUN_TO_LV, priority: 0, match: {}, actions: [drop] },
    {
      table: T.LEARN_FROM_TUN,
      priority: 1,
      match: {},
      actions: [
        { a: 'learn', cookie },
        { a: 'output', port: 'patch-int' },
      ],
      why: 'learn where the sender lives, then up to br-int',
    },
    {
      table: T.UCAST_TO_TUN,
      priority: 0,
      match: {},
      actions: resubmit(T.FLOOD_TO_TUN),
      why: 'unknown unicast is flooded',
    },
    {
      table: T.FLOOD_TO_TUN,
      priority: 0,
      match: {},
      actions: [drop],
      why: 'no tunnel to flood this VLAN to: no other host has a port up on its network (l2population), or the network is a flat or VLAN one that rides no tunnel',
    },
  ];
  if (arpResponder) {
    f.push(
      {
        table: T.PATCH_LV_TO_TUN,
        priority: 1,
        match: { arp: true, dl_dst: BROADCAST_MAC },
        actions: resubmit(T.ARP_RESPONDER),
        why: 'ARP broadcasts are answered locally when possible',
      },
      {
        table: T.ARP_RESPONDER,
        priority: 0,
        match: {},
        actions: resubmit(T.FLOOD_TO_TUN),
        why: 'unknown addresses are flooded',
      },
    );
  }
  for (const n of nets) {
    const setTunnel: FlowAction = { a: 'set_tunnel', vni: n.vni };
    const toTunnel = new Map<string, readonly FlowAction[]>();
    f.push({
      table: T.VXLAN_TUN_TO_LV,
      priority: 1,
      match: { tun_id: n.vni },
      actions: [{ a: 'mod_vlan_vid', vlan: n.lvid }, goto(T.LEARN_FROM_TUN)],
      why: `VNI ${n.vni} is local VLAN ${n.lvid} here`,
    });
    if (n.flood.length)
      f.push({
        table: T.FLOOD_TO_TUN,
        priority: 1,
        match: { dl_vlan: n.lvid },
        actions: [
          { a: 'strip_vlan' },
          { a: 'set_tunnel', vni: n.vni },
          ...n.flood.map((port): FlowAction => ({ a: 'output', port })),
        ],
        why: `flood VLAN ${n.lvid} as VNI ${n.vni} to the hosts that have this network`,
      });
    // a port with two fixed IPs has two entries: one unicast flow for its MAC, an ARP entry per IP
    let prevMac: string | null = null;
    for (const u of n.unicast) {
      let actions = toTunnel.get(u.tunnel);
      if (!actions) {
        actions = [stripVlan, setTunnel, { a: 'output', port: u.tunnel }];
        toTunnel.set(u.tunnel, actions);
      }
      if (u.mac !== prevMac)
        f.push({
          table: T.UCAST_TO_TUN,
          priority: 2,
          match: { dl_vlan: n.lvid, dl_dst: u.mac },
          actions,
          why: whyUnicast(u),
        });
      prevMac = u.mac;
      if (arpResponder && u.ip)
        f.push({
          table: T.ARP_RESPONDER,
          priority: 1,
          match: { arp: true, dl_vlan: n.lvid, arp_tpa: u.ip },
          actions: [{ a: 'arp_responder', mac: u.mac, ip: u.ip }],
          why: `ARP responder: ${u.ip} is at ${u.mac}`,
        });
    }
  }
  return f;
}

/** The flow the learn action of table 10 installs in table 20. */
export function learnedFlow(lvid: number, mac: string, vni: number, tunnel: string, cookie: string): Flow {
  return {
    table: T.UCAST_TO_TUN,
    priority: 1,
    hardTimeout: 300,
    learned: true,
    cookie,
    tciStyle: true,
    match: { dl_vlan: lvid, dl_dst: mac },
    actions: [{ a: 'clear_vlan_tci' }, { a: 'set_tunnel', vni }, { a: 'output', port: tunnel }],
    why: `learned from a frame that came in from ${tunnel}`,
  };
}
