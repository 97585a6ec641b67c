// What is not OpenStack: the underlay joining the hosts' tunnel IPs, the provider (physical) networks
// behind the br-ex of each host, the upstream router of each external network and the outside hosts
// behind it.
import { cidrOf, inCidr, ipToInt } from '../addr/ipv4';
import { type HostName, type Network, onExternalNetwork } from '../model/types';
import type { PlaneBuilder } from './builder';
import type { Device, DeviceId } from './dataplane';
import type { HostPart } from './hosted-map';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute, makeStack } from './stack';

/** A tunnel port's key in the underlay's map, its two ends' IPs; null for any other device. */
const tunnelKey = (d: Device | undefined): string | null =>
  d?.kind === 'vxlan-port' || d?.kind === 'geneve-port' ? `${d.localIp}|${d.remoteIp}` : null;

/** A host's tunnel ports by their two ends' IPs, read once per host map (kept over many edits). */
const tunnelPortsByPart = new WeakMap<HostPart<Device>, ReadonlyMap<string, DeviceId>>();

function tunnelPortsOf(part: HostPart<Device>): ReadonlyMap<string, DeviceId> {
  let ports = tunnelPortsByPart.get(part);
  if (!ports) {
    const made = new Map<string, DeviceId>();
    for (const d of part.map.values()) {
      const key = tunnelKey(d);
      if (key !== null) made.set(key, d.id);
    }
    tunnelPortsByPart.set(part, made);
    ports = made;
  }
  return ports;
}

/**
 * Notes a host part's tunnel ports when they are known to be among `devices` (a host where only br-tun
 * and its tunnel ports were built again: the others are none), instead of reading the part's 400
 * devices for them.
 */
export function noteTunnelPorts(part: HostPart<Device>, devices: Iterable<Device>): void {
  const made = new Map<string, DeviceId>();
  for (const d of devices) {
    const key = tunnelKey(d);
    if (key !== null) made.set(key, d.id);
  }
  tunnelPortsByPart.set(part, made);
}

/**
 * The tunnel ports of every host by "localIp|remoteIp", read in the map of the host whose tunnel IP
 * is localIp: the hosts' own maps, of which a host kept by an edit keeps its own, instead of one map of
 * the 9,000 tunnel ports of a cloud of a hundred hosts made again at every edit.
 */
class TunnelPorts implements ReadonlyMap<string, DeviceId> {
  readonly size: number;
  constructor(
    /** each host's tunnel ports, by its tunnel IP, in the hosts' order */
    private readonly byLocalIp: ReadonlyMap<string, ReadonlyMap<string, DeviceId>>,
  ) {
    let n = 0;
    for (const m of byLocalIp.values()) n += m.size;
    this.size = n;
  }
  get(key: string): DeviceId | undefined {
    return this.byLocalIp.get(key.slice(0, key.indexOf('|')))?.get(key);
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  *entries(): MapIterator<[string, DeviceId]> {
    for (const m of this.byLocalIp.values()) yield* m;
  }
  *keys(): MapIterator<string> {
    for (const m of this.byLocalIp.values()) yield* m.keys();
  }
  *values(): MapIterator<DeviceId> {
    for (const m of this.byLocalIp.values()) yield* m.values();
  }
  forEach(
    fn: (value: DeviceId, key: string, map: ReadonlyMap<string, DeviceId>) => void,
    self?: unknown,
  ): void {
    for (const [k, v] of this.entries()) fn.call(self, v, k, this);
  }
  [Symbol.iterator](): MapIterator<[string, DeviceId]> {
    return this.entries();
  }
}

export function realizeUnderlay(b: PlaneBuilder): void {
  const hostByIp = new Map<string, HostName>();
  const connected = new Map<HostName, boolean>();
  for (const h of b.topo.hosts) {
    hostByIp.set(h.tunnel_ip, h.name);
    connected.set(h.name, h.underlay_connected);
  }
  if (b.topo.hosts.length === 0) return; // an empty cloud has no underlay yet
  const byLocalIp = new Map<string, ReadonlyMap<string, DeviceId>>();
  // host by host, the same whether the host was built now or kept by an incremental realize (whose
  // devices are not in b.devices)
  for (const h of b.topo.hosts) {
    const kept = b.kept.get(h.name);
    let ports: ReadonlyMap<string, DeviceId>;
    if (kept) ports = tunnelPortsOf(kept.devices);
    else {
      const made = new Map<string, DeviceId>();
      for (const id of b.hostDevices.get(h.name) ?? []) {
        const key = tunnelKey(b.devices.get(id));
        if (key !== null) made.set(key, id);
      }
      ports = made;
    }
    // a tunnel port's local IP is its host's tunnel IP (local_ip of the agent's ovs section)
    if (ports.size) byLocalIp.set(h.tunnel_ip, ports);
  }
  b.add({
    id: 'underlay',
    kind: 'underlay',
    name: 'underlay',
    host: null,
    namespace: null,
    hostByIp,
    tunnelPort: new TunnelPorts(byLocalIp),
    connected,
  });
}

/** The VLAN a provider network's frames carry on the physical network: its segmentation id for a VLAN
 * network, none (0) for a flat one. */
const wireVlan = (net: Network) =>
  net['provider:network_type'] === 'vlan' ? (net['provider:segmentation_id'] ?? 0) : 0;

export function realizeProviderNetworks(b: PlaneBuilder): void {
  for (const m of b.topo.options.bridge_mappings) {
    const id = `physnet:${m.physical_network}`;
    const ports: string[] = [];
    const access = new Map<string, number>();
    // the hosts' provider NICs are trunks: the provider bridge tags each network's frames (neutron-facts-beyond §5.2)
    for (const peer of b.links.get(id)?.keys() ?? []) ports.push(peer);
    // the upstream router's interface is an access port of its network's VLAN: it sends and takes
    // untagged frames, as a router port on a VLAN of the provider switch does
    for (const w of b.topo.outside) {
      const net = b.topo.networks.find((n) => n.id === w.network_id);
      if (net?.['provider:physical_network'] !== m.physical_network) continue;
      ports.push(`upstream:${net.id}`);
      access.set(`upstream:${net.id}`, wireVlan(net));
      // hosts standing on the external network itself plug into its VLAN too
      for (const h of w.hosts)
        if (onExternalNetwork(w, h)) {
          ports.push(h.name);
          access.set(h.name, wireVlan(net));
        }
    }
    // a provider network is drawn once something is plugged into it
    if (ports.length)
      b.add({
        id,
        kind: 'physical-switch',
        name: m.physical_network,
        host: null,
        namespace: null,
        ports,
        access,
      });
  }
  for (const w of b.topo.outside) {
    const net = b.topo.networks.find((n) => n.id === w.network_id)!;
    // the upstream router sits on the external subnet that holds its address
    const gw = ipToInt(w.gateway.ip);
    const sub = b.topo.subnets.find((s) => s.network_id === net.id && inCidr(gw, cidrOf(s.cidr)));
    const extPrefix = sub ? cidrOf(sub.cidr).prefix : 24;
    const inet = cidrOf(w.internet.cidr);
    const upId = `upstream:${net.id}`;
    const inetId = `internet:${net.id}`;
    b.add({
      id: upId,
      kind: 'upstream-router',
      name: w.gateway.name,
      host: null,
      namespace: null,
      networkId: net.id,
      stack: makeStack(
        [
          {
            name: 'ext',
            mac: w.gateway.mac,
            addrs: [{ ip: w.gateway.ip, prefix: extPrefix }],
            mtu: 1500,
            up: true,
          },
          {
            name: 'inet',
            mac: w.internet.mac,
            addrs: [{ ip: w.internet.gateway_ip, prefix: inet.prefix }],
            mtu: 1500,
            up: true,
          },
        ],
        [
          connectedRoute('ext', w.gateway.ip, extPrefix),
          connectedRoute('inet', w.internet.gateway_ip, inet.prefix),
        ],
        { forwarding: true },
      ),
    });
    b.index.upstreamByNetwork.set(net.id, upId);
    if (net['provider:physical_network'])
      b.link(upId, 'ext', `physnet:${net['provider:physical_network']}`, upId);
    b.add({
      id: inetId,
      kind: 'physical-switch',
      name: `internet (${w.internet.cidr})`,
      host: null,
      namespace: null,
      ports: ['upstream', ...w.hosts.filter((h) => !onExternalNetwork(w, h)).map((h) => h.name)],
      access: new Map(),
    });
    b.link(upId, 'inet', inetId, 'upstream');
    for (const h of w.hosts) {
      const id = `outside:${h.name}`;
      // on the external subnet itself, a host's gateway is the upstream router; behind it, its far side
      const onLink = onExternalNetwork(w, h);
      const prefix = onLink ? extPrefix : inet.prefix;
      b.add({
        id,
        kind: 'outside-host',
        name: h.name,
        host: null,
        namespace: null,
        networkId: net.id,
        stack: makeStack(
          [{ name: 'eth0', mac: h.mac, addrs: [{ ip: h.ip, prefix }], mtu: 1500, up: true }],
          [
            connectedRoute('eth0', h.ip, prefix),
            gatewayRoute(DEFAULT_ROUTE, onLink ? w.gateway.ip : w.internet.gateway_ip, 'eth0', 'static'),
          ],
          { listening: { tcp: new Set(h.listening.tcp), udp: new Set(h.listening.udp) } },
        ),
      });
      if (!onLink) b.link(id, 'eth0', inetId, h.name);
      else if (net['provider:physical_network'])
        b.link(id, 'eth0', `physnet:${net['provider:physical_network']}`, h.name);
      b.index.outsideByName.set(h.name, id);
    }
  }
}
