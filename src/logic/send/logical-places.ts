// Where a hop happens in the logical view, which draws what Neutron's API knows: servers, networks,
// routers, the upstream router and hosts outside. A hop on a VM's plumbing (tap, qbr, qvb, qvo) is at
// its server; a hop in a qrouter namespace or on its qr-/qg- ports is at its router; a hop on the
// shared fabric (br-int, br-tun, VXLAN ports, the underlay, br-ex, the provider segment) or in a qdhcp
// namespace is on the network whose segment carries the frame. That network is told by the frame's
// own MACs: on a Neutron network every frame goes from one port of it to another port of it (or to
// broadcast), and every Neutron port has one network. The ids returned are the logical view's node
// ids (src/ui/canvas/logical-graph.ts).
import {
  cidrOf,
  type DeviceView,
  HA_PORT_OWNER,
  inCidr,
  ipToInt,
  isHaNetwork,
  type PlaneView,
  type Topology,
  type TraceHop,
} from '../../sim';

export type PlaceOf = (h: TraceHop, hopOf: (seq: number) => TraceHop | undefined) => string | null;

export const serverNode = (id: string) => `server:${id}`;
export const routerNode = (id: string) => `router:${id}`;
export const networkNode = (id: string) => `net:${id}`;
export const upstreamNode = (networkId: string) => `upstream:${networkId}`;
export const outsideNode = (name: string) => `outside:${name}`;

/** The node that stands for a device of its own in the logical view, if one does: a server for its
 * VM, a router for its qrouter namespace, the upstream router and the outside hosts. */
export function logicalNodeOf(d: DeviceView): string | null {
  switch (d.role) {
    case 'vm':
      return d.serverId ? serverNode(d.serverId) : null;
    case 'qrouter':
    case 'snat':
      return d.routerId ? routerNode(d.routerId) : null;
    case 'upstream':
      return d.networks[0] ? upstreamNode(d.networks[0]) : null;
    case 'outside-host':
      return outsideNode(d.name);
    default:
      return null;
  }
}

/**
 * A function giving each hop its logical node. A hop that belongs to no node of its own (the segment
 * between the upstream router and the internet) stays where its packet was.
 */
export function logicalPlaces(doc: Topology, view: PlaneView): PlaceOf {
  const devices = new Map(view.devices.map((d) => [d.id, d]));
  // a frame is on its ports' network; on an HA network (which the view leaves out: it joins only the
  // agents' copies of one router) it is inside that router
  const nodeOfMac = new Map<string, string>();
  for (const p of doc.ports)
    nodeOfMac.set(
      p.mac_address.toLowerCase(),
      p.device_owner === HA_PORT_OWNER ? routerNode(p.device_id) : networkNode(p.network_id),
    );
  const haNets = new Set(doc.networks.filter(isHaNetwork).map((n) => n.id as string));
  const subnets = doc.subnets
    .filter((s) => !haNets.has(s.network_id))
    .map((s) => ({ cidr: cidrOf(s.cidr), network: s.network_id }));
  const memo = new WeakMap<TraceHop, string | null>();

  /** the node of a device by what it is, or null for the fabric */
  const byDevice = (id: string): string | null => {
    const d = devices.get(id);
    if (!d) return null;
    const own = logicalNodeOf(d);
    if (own) return own;
    if (d.vm) return byDevice(d.vm);
    if (d.owner) return byDevice(d.owner);
    return (d.role === 'qdhcp' || d.role === 'fip' || d.role === 'ovnmeta') && d.networks[0]
      ? networkNode(d.networks[0])
      : null;
  };

  const onSegment = (h: TraceHop): string | null => {
    const node = nodeOfMac.get(h.frame.eth.src.toLowerCase()) ?? nodeOfMac.get(h.frame.eth.dst.toLowerCase());
    if (node) return node;
    // a broadcast from a device that is no Neutron port (the upstream router's ARP for a floating IP):
    // the network of the subnet the ARP asks about
    const arp = h.frame.arp;
    if (arp) {
      for (const ip of [arp.tpa, arp.spa]) {
        const n = ipToInt(ip);
        const s = subnets.find((x) => inCidr(n, x.cidr));
        if (s) return networkNode(s.network);
      }
    }
    // otherwise the network the device is drawn for, if any
    const d = devices.get(h.deviceId);
    const net = d?.networks.find((n) => !haNets.has(n));
    return net ? networkNode(net) : null;
  };

  const placeOf: PlaceOf = (h, hopOf) => {
    const known = memo.get(h);
    if (known !== undefined) return known;
    let place = byDevice(h.deviceId) ?? onSegment(h);
    if (place === null && h.parent !== null) {
      const parent = hopOf(h.parent);
      place = parent ? placeOf(parent, hopOf) : null;
    }
    memo.set(h, place);
    return place;
  };
  return placeOf;
}
