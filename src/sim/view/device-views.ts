// Each device's view for the physical view: its role, networks, facts and ports, made from the device
// and what the topology says of the Neutron port, server or router behind it.
import { haNamespaceStates } from '../model/ha';
import { groupBy } from '../model/refs';
import type { Port, ServerId, Topology } from '../model/types';
import type { Dataplane, Device, OvsBridge } from '../realize/dataplane';
import type { BridgePortView, DeviceRole, DeviceView } from './plane-view';

/**
 * What device views are made from beyond the device, each worked out when first needed: after an edit
 * most devices keep the view they had and none of it is needed.
 */
export class ViewInputs {
  private ports?: Map<string, Port>;
  private byDevice?: Map<string, Port[]>;
  private byQbr?: Map<string, string>;
  private ha?: Map<string, 'active' | 'standby'>;

  constructor(
    readonly topology: Topology,
    readonly plane: Dataplane,
  ) {}

  private port(id: string): Port | undefined {
    this.ports ??= new Map(this.topology.ports.map((p) => [p.id as string, p]));
    return this.ports.get(id);
  }

  /** the network of a port, by the port's id */
  networkOf(portId: string): string | undefined {
    return this.port(portId)?.network_id;
  }

  /** a server's or router's ports */
  portsOf(deviceId: string): readonly Port[] {
    this.byDevice ??= groupBy(this.topology.ports, (p) => p.device_id as string);
    return this.byDevice.get(deviceId) ?? [];
  }

  /** the port whose qbr has this name (qbr + the port id's first 11 characters, the first such port) */
  qbrPort(name: string): string | null {
    if (!this.byQbr) {
      this.byQbr = new Map();
      for (const p of this.topology.ports) {
        const qbr = `qbr${p.id.slice(0, 11)}`;
        if (!this.byQbr.has(qbr)) this.byQbr.set(qbr, p.id);
      }
    }
    return this.byQbr.get(name) ?? null;
  }

  /** the VM device whose server owns a port */
  vmOf(portId: string): string | null {
    const p = this.port(portId);
    return (p && this.plane.index.vmByServer.get(p.device_id as ServerId)) ?? null;
  }

  haState(host: string | null, ns: string): 'active' | 'standby' | null {
    this.ha ??= haNamespaceStates(this.topology);
    return this.ha.get(`${host}|${ns}`) ?? null;
  }
}

/**
 * Each device's view, made once per device object. A device is immutable, and a plane realized after
 * an edit keeps a device only where nothing it was made from changed (realize/edit-scope.ts), the
 * ports and routers its view reads included: the view of a kept device is the view it had.
 */
const viewOf = new WeakMap<Device, DeviceView>();

export function deviceView(cx: ViewInputs, d: Device): DeviceView {
  const known = viewOf.get(d);
  if (known) return known;
  const plane = cx.plane;
  const portId =
    'portId' in d ? (d.portId ?? null) : d.kind === 'linux-bridge' && d.firewall ? d.firewall.portId : null;
  const pid = portId ?? (d.kind === 'linux-bridge' ? cx.qbrPort(d.name) : null);
  const networks: string[] = [];
  const net = pid ? cx.networkOf(pid) : undefined;
  if (net) networks.push(net);
  if (d.kind === 'vm') for (const p of cx.portsOf(d.serverId!)) networks.push(p.network_id);
  if (d.kind === 'namespace') {
    if (d.networkId) networks.push(d.networkId);
    if (d.routerId) for (const p of cx.portsOf(d.routerId)) networks.push(p.network_id);
  }
  if ((d.kind === 'upstream-router' || d.kind === 'outside-host') && d.networkId) networks.push(d.networkId);
  const vif = d.kind === 'tap' || d.kind === 'linux-bridge' || (d.kind === 'veth' && pid);
  const haState = d.kind === 'namespace' ? cx.haState(d.host, d.name) : null;
  const view: DeviceView = {
    id: d.id,
    name: d.name,
    kind: d.kind,
    role: roleOf(d),
    host: d.host,
    namespace: d.namespace,
    networks: [...new Set(networks)],
    vm: vif && pid ? cx.vmOf(pid) : null,
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
  return view;
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
