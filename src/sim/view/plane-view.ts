// A plain-data picture of the Dataplane for drawing the physical view: hosts and their devices, what
// joins them, the tunnels with the VNIs they carry, and the world outside. It crosses the worker
// boundary, so it holds no Maps or class instances.
import { UNDERLAY_NIC, UNDERLAY_PREFIX } from '../addr/naming';
import { haNamespaceStates } from '../model/ha';
import type { Port, Topology } from '../model/types';
import type { Dataplane, Device, DeviceKind, OvsBridge } from '../realize/dataplane';
import { linksOf } from './link-views';
import { ovnTunnels } from './ovn-tunnels';
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

function roleOf(d: Device): DeviceRole {
  switch (d.kind) {
    case 'vm':
      return 'vm';
    case 'tap':
      return 'tap';
    case 'linux-bridge':
      return 'qbr';
    case 'veth':
      // the metadata agent's veth pair tap<net>0/tap<net>1 joins an ovnmeta namespace to br-int
      if (d.name.startsWith('tap')) return 'ns-port';
      return d.name.startsWith('qvb') ? 'qvb' : 'qvo';
    case 'ovs-bridge':
      return d.role === 'int' ? 'br-int' : d.role === 'tun' ? 'br-tun' : 'br-phys';
    case 'ovn-bridge':
      return 'br-int';
    case 'geneve-port':
      return 'vxlan';
    case 'ovs-internal':
      return 'ns-port';
    case 'vxlan-port':
      return 'vxlan';
    case 'namespace':
      return d.name.startsWith('qrouter-')
        ? 'qrouter'
        : d.name.startsWith('snat-')
          ? 'snat'
          : d.name.startsWith('fip-')
            ? 'fip'
            : d.name.startsWith('ovnmeta-')
              ? 'ovnmeta'
              : 'qdhcp';
    case 'underlay':
      return 'underlay';
    case 'physical-switch':
      return d.id.startsWith('internet:') ? 'internet' : 'provider';
    case 'upstream-router':
      return 'upstream';
    case 'outside-host':
      return 'outside-host';
    case 'phys-nic':
      return 'provider';
  }
}

/** The namespace a namespace's port belongs to: its own, or (the root end of the metadata agent's
 * veth pair) the namespace of its peer. */
function nsOwner(plane: Dataplane, d: Device): string | null {
  if (!d.host) return null;
  if (d.kind === 'ovs-internal') return `${d.host}|${d.namespace}`;
  if (d.kind !== 'veth' || !d.name.startsWith('tap')) return null;
  const ns = d.namespace ?? plane.devices.get(plane.links.get(d.id)?.get('peer')?.device ?? '')?.namespace;
  return ns ? `${d.host}|${ns}` : null;
}

function factsOf(d: Device): string[] {
  switch (d.kind) {
    case 'vm':
    case 'namespace':
    case 'upstream-router':
    case 'outside-host':
      return [...d.stack.ifaces.values()].flatMap((i) => i.addrs.map((a) => `${a.ip}/${a.prefix}`));
    case 'vxlan-port':
    case 'geneve-port':
      return [`${d.localIp} → ${d.remoteIp}`];
    default:
      return [];
  }
}

/**
 * Each device's view, made once per device object. A device is immutable, and a plane realized after
 * an edit keeps a device only where nothing it was made from changed (realize/edit-scope.ts), the
 * ports and routers its view reads included: the view of a kept device is the view it had.
 */
const viewOf = new WeakMap<Device, DeviceView>();

export function planeView(t: Topology, plane: Dataplane): PlaneView {
  const portNet = new Map(t.ports.map((p) => [p.id as string, p.network_id as string]));
  const devices: DeviceView[] = [];
  const haStates = haNamespaceStates(t);
  // each device's ports, and each qbr's port by name: looked up per device rather than scanned (a
  // cloud of 2,000 VMs has some 5,000 ports)
  const portsOf = new Map<string, Port[]>();
  for (const p of t.ports) {
    const list = portsOf.get(p.device_id);
    if (list) list.push(p);
    else portsOf.set(p.device_id, [p]);
  }
  const byQbr = new Map<string, string>();
  for (const p of t.ports) {
    const name = `qbr${p.id.slice(0, 11)}`;
    if (!byQbr.has(name)) byQbr.set(name, p.id);
  }
  const vmOfPort = new Map<string, string>();
  for (const d of plane.devices.values()) {
    if (d.kind === 'vm') for (const p of portsOf.get(d.serverId!) ?? []) vmOfPort.set(p.id, d.id);
  }
  for (const d of plane.devices.values()) {
    const known = viewOf.get(d);
    if (known) {
      devices.push(known);
      continue;
    }
    const portId =
      'portId' in d ? (d.portId ?? null) : d.kind === 'linux-bridge' && d.firewall ? d.firewall.portId : null;
    const pid = portId ?? (d.kind === 'linux-bridge' ? (byQbr.get(d.name) ?? null) : null);
    const networks: string[] = [];
    if (pid && portNet.get(pid)) networks.push(portNet.get(pid)!);
    if (d.kind === 'vm') for (const p of portsOf.get(d.serverId!) ?? []) networks.push(p.network_id);
    if (d.kind === 'namespace') {
      if (d.networkId) networks.push(d.networkId);
      if (d.routerId) for (const p of portsOf.get(d.routerId) ?? []) networks.push(p.network_id);
    }
    if ((d.kind === 'upstream-router' || d.kind === 'outside-host') && d.networkId)
      networks.push(d.networkId);
    const vif = d.kind === 'tap' || d.kind === 'linux-bridge' || (d.kind === 'veth' && pid);
    const haState = d.kind === 'namespace' ? (haStates.get(`${d.host}|${d.name}`) ?? null) : null;
    const view: DeviceView = {
      id: d.id,
      name: d.name,
      kind: d.kind,
      role: roleOf(d),
      host: d.host,
      namespace: d.namespace,
      networks: [...new Set(networks)],
      vm: vif && pid ? (vmOfPort.get(pid) ?? null) : null,
      owner: nsOwner(plane, d),
      // an HA instance says first whether it holds the router's addresses
      facts: haState ? [`HA ${haState}`, ...factsOf(d)] : factsOf(d),
      portId: pid,
      serverId: d.kind === 'vm' ? d.serverId! : null,
      routerId: d.kind === 'namespace' ? (d.routerId ?? null) : null,
      ha: haState,
      ports: d.kind === 'ovs-bridge' || d.kind === 'ovn-bridge' ? bridgePorts(plane, d) : [],
    };
    viewOf.set(d, view);
    devices.push(view);
  }
  return {
    hosts: hostsOf(t, plane),
    devices,
    links: linksOf(plane, portNet),
    tunnels: plane.ovn
      ? ovnTunnels(plane).map(({ keys, ...x }) => ({ ...x, vnis: keys, encap: 'geneve' as const }))
      : tunnelsOf(t, plane),
    networks: networksOf(t),
  };
}

/** A bridge's patch ports and NICs in ofport order, the order `ovs-ofctl show` lists them. */
function bridgePorts(
  plane: Dataplane,
  br: Pick<OvsBridge, 'id' | 'ports'> & { role?: string },
): BridgePortView[] {
  const links = plane.links.get(br.id);
  return [...br.ports.values()]
    .filter((p) => p.type === 'patch' || (p.type === 'system' && br.role === 'phys'))
    .sort((a, b) => a.ofport - b.ofport)
    .map((p) => ({
      name: p.name,
      kind: p.type === 'patch' ? 'patch' : 'nic',
      peer: p.type === 'patch' ? (p.options?.peer ?? null) : null,
      peerDevice: links?.get(p.name)?.device ?? null,
    }));
}

function hostsOf(t: Topology, plane: Dataplane): HostView[] {
  return t.hosts.map((h) => {
    const bridges = (plane.hosts.get(h.name)?.devices ?? [])
      .map((id) => plane.devices.get(id))
      .filter((d): d is OvsBridge => d?.kind === 'ovs-bridge' && d.role === 'phys');
    return {
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
        ...bridges.flatMap((br) =>
          [...br.ports.values()]
            .filter((p) => p.type === 'system')
            .map((p) => ({ name: p.name, role: 'provider' as const, address: null, bridge: br.id })),
        ),
      ],
    };
  });
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
