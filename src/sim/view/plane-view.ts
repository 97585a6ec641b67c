// A plain-data picture of the Dataplane for drawing the physical view: hosts and their devices, what
// joins them, the tunnels with the VNIs they carry, and the world outside. It crosses the worker
// boundary, so it holds no Maps or class instances.
import { UNDERLAY_NIC, UNDERLAY_PREFIX } from '../addr/naming';
import type { HostName, Topology } from '../model/types';
import type { Dataplane, DeviceId, DeviceKind } from '../realize/dataplane';
import { HostedMap } from '../realize/hosted-map';
import { deviceView, ViewInputs } from './device-views';
import { type HostPart, hostPart } from './host-parts';
import { linksOf } from './link-views';
import { ovnTunnels } from './ovn-tunnels';
import { type Segment, setSegments } from './segments';
import { tunnelsOf } from './vxlan-tunnels';

export type DeviceRole =
  | 'vm'
  | 'tap'
  | 'qbr'
  | 'qvb'
  | 'qvo'
  | 'br-int'
  | 'br-tun'
  | 'br-phys'
  | 'qrouter'
  | 'qdhcp'
  /** a distributed router's snat-<router> namespace and a host's fip-<external network> namespace */
  | 'snat'
  | 'fip'
  /** ML2/OVN's metadata namespace ovnmeta-<network> (neutron-facts-beyond §3.1) */
  | 'ovnmeta'
  | 'ns-port'
  | 'vxlan'
  | 'underlay'
  | 'provider'
  | 'upstream'
  | 'internet'
  | 'outside-host';

export interface DeviceView {
  id: string;
  name: string;
  kind: DeviceKind;
  role: DeviceRole;
  host: string | null;
  namespace: string | null;
  /** networks the device belongs to (for colour) */
  networks: string[];
  /** the VM a VIF device belongs to (tap, qbr, qvb, qvo), for collapsing */
  vm: string | null;
  /** the namespace an internal port belongs to */
  owner: string | null;
  /** short facts for the label: addresses, VLAN tag, remote IP */
  facts: string[];
  /** the Neutron port behind the device, if any */
  portId: string | null;
  serverId: string | null;
  routerId: string | null;
  /** an HA router's namespace: whether keepalived is MASTER there (it holds the router's addresses) */
  ha: 'active' | 'standby' | null;
  /** an OVS bridge's ports that are not devices of their own (empty for anything else) */
  ports: BridgePortView[];
}

/**
 * A port of an OVS bridge that is no device of its own, named as `ovs-vsctl show` names it: one end of a
 * patch pair (patch-tun on br-int with patch-int on br-tun; int-<bridge> on br-int with phy-<bridge> on
 * a provider bridge, neutron-facts §1) or a host NIC plugged into a provider bridge (§6).
 */
export interface BridgePortView {
  name: string;
  kind: 'patch' | 'nic';
  /** a patch port's peer (its options:peer) */
  peer: string | null;
  /** the device at the other end of the port's link: the peer bridge, or the provider network */
  peerDevice: string | null;
}

/** A NIC of a host, as `ip link` names it. */
export interface NicView {
  name: string;
  /**
   * underlay: the interface holding the tunnel IP, which every VXLAN port uses as local_ip, so the
   * tunnels leave the host through it (neutron-facts §2); provider: plugged into a provider bridge (§6)
   */
  role: 'underlay' | 'provider';
  /** its IPv4 address with the prefix length, as `ip addr` shows it */
  address: string | null;
  /** the provider bridge it is a port of (device id) */
  bridge: string | null;
}

export type LinkKind = 'tap' | 'veth' | 'patch' | 'internal' | 'wire' | 'vif';

export interface LinkView {
  id: string;
  a: string;
  aPort: string;
  b: string;
  bPort: string;
  kind: LinkKind;
  /** the local VLAN tag on the OVS side, when the link is an access port */
  tag: number | null;
  network: string | null;
}

export interface TunnelView {
  id: string;
  /** the two VXLAN port devices, one on each host */
  a: string;
  b: string;
  hostA: string;
  hostB: string;
  /** the VNIs a VXLAN tunnel carries; on a Geneve tunnel of OVN, the datapaths' tunnel keys */
  vnis: number[];
  networks: string[];
  /** vxlan (the OVS agent's tunnels) or geneve (OVN's, labelled with tunnel keys) */
  encap?: 'geneve';
}

export interface HostView {
  name: string;
  role: 'compute' | 'network';
  tunnelIp: string;
  localVlans: { network: string; vlan: number }[];
  underlayConnected: boolean;
  /** the underlay NIC first, then the provider NICs */
  nics: NicView[];
}

export interface NetworkView {
  id: string;
  name: string;
  type: string;
  segmentationId: number | null;
  external: boolean;
  cidrs: string[];
  /** index into the palette, stable for a network */
  color: number;
}

export interface PlaneView {
  hosts: HostView[];
  devices: DeviceView[];
  links: LinkView[];
  tunnels: TunnelView[];
  networks: NetworkView[];
}

/**
 * The view of a plane: host by host (each host's part made once per device list, host-parts.ts), then
 * what joins the hosts. Devices and links come in the plane's order (builder.ts build).
 */
export function planeView(t: Topology, plane: Dataplane): PlaneView {
  const cx = new ViewInputs(t, plane);
  const parts = new Map<HostName, HostPart>();
  const devices: DeviceView[] = [];
  const links: LinkView[] = [];
  const deviceRuns: Segment[] = [];
  const linkRuns: Segment[] = [];
  for (const h of plane.hosts.values()) {
    const part = hostPart(cx, h);
    parts.set(h.name, part);
    deviceRuns.push({
      host: h.name,
      source: part.devices,
      start: devices.length,
      count: part.devices.length,
    });
    linkRuns.push({ host: h.name, source: part.links, start: links.length, count: part.links.length });
    append(devices, part.devices);
    append(links, part.links);
  }
  const shared: DeviceId[] = [];
  const restAt = devices.length;
  // what no host holds: read apart from the hosts' devices where the plane keeps them apart
  const others =
    plane.devices instanceof HostedMap ? plane.devices.outside(plane.hosts) : plane.devices.values();
  for (const d of others)
    if (!d.host || !plane.hosts.has(d.host)) {
      devices.push(deviceView(cx, d));
      shared.push(d.id);
    }
  const restLinksAt = links.length;
  for (const l of linksOf(cx, shared, true)) links.push(l);
  deviceRuns.push({ host: null, source: devices, start: restAt, count: devices.length - restAt });
  linkRuns.push({ host: null, source: links, start: restLinksAt, count: links.length - restLinksAt });
  setSegments(devices, deviceRuns);
  setSegments(links, linkRuns);
  return {
    hosts: hostsOf(t, plane, parts),
    devices,
    links,
    tunnels: plane.ovn
      ? ovnTunnels(plane).map(({ keys, ...x }) => ({ ...x, vnis: keys, encap: 'geneve' as const }))
      : tunnelsOf(t, plane, parts),
    networks: networksOf(t),
  };
}

/** Appends `items` to `list`, a few thousand at a time (a spread of a long list overflows the stack). */
function append<T>(list: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i += 4096) list.push(...items.slice(i, i + 4096));
}

function hostsOf(t: Topology, plane: Dataplane, parts: ReadonlyMap<HostName, HostPart>): HostView[] {
  return t.hosts.map((h) => ({
    name: h.name,
    role: h.role,
    tunnelIp: h.tunnel_ip,
    underlayConnected: h.underlay_connected,
    localVlans: [...(plane.hosts.get(h.name)?.localVlans ?? new Map())].map(([network, vlan]) => ({
      network,
      vlan,
    })),
    nics: [
      {
        name: UNDERLAY_NIC,
        role: 'underlay' as const,
        address: `${h.tunnel_ip}/${UNDERLAY_PREFIX}`,
        bridge: null,
      },
      ...(parts.get(h.name)?.providerNics ?? []),
    ],
  }));
}

function networksOf(t: Topology): NetworkView[] {
  const cidrs = new Map<string, string[]>();
  for (const s of t.subnets) cidrs.set(s.network_id, [...(cidrs.get(s.network_id) ?? []), s.cidr]);
  return t.networks.map((n, i) => ({
    id: n.id,
    name: n.name,
    type: n['provider:network_type'],
    segmentationId: n['provider:segmentation_id'],
    external: n['router:external'],
    cidrs: cidrs.get(n.id) ?? [],
    color: i,
  }));
}
