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
const tunnelPortsByPart = new WeakMap<HostPart<Device>, [string, DeviceId][]>();

function tunnelPortsOf(part: HostPart<Device>): [string, DeviceId][] {
  let ports = tunnelPortsByPart.get(part);
  if (!ports) {
    ports = [];
    for (const d of part.map.values()) {
      const key = tunnelKey(d);
      if (key !== null) ports.push([key, d.id]);
    }
    tunnelPortsByPart.set(part, ports);
  }
  return ports;
}

export function realizeUnderlay(b: PlaneBuilder): void {
  const hostByIp = new Map<string, HostName>();
  const connected = new Map<HostName, boolean>();
  for (const h of b.topo.hosts) {
    hostByIp.set(h.tunnel_ip, h.name);
    connected.set(h.name, h.underlay_connected);
  }
  if (b.topo.hosts.length === 0) return; // an empty cloud has no underlay yet
  const tunnelPort = new Map<string, DeviceId>();
  // host by host, the same whether the host was built now or kept by an incremental realize (whose
  // devices are not in b.devices)
  for (const h of b.topo.hosts) {
    const kept = b.kept.get(h.name);
    if (kept) for (const [ips, id] of tunnelPortsOf(kept.devices)) tunnelPort.set(ips, id);
    else
      for (const id of b.hostDevices.get(h.name) ?? []) {
        const key = tunnelKey(b.devices.get(id));
        if (key !== null) tunnelPort.set(key, id);
      }
  }
  b.add({
    id: 'underlay',
    kind: 'underlay',
    name: 'underlay',
    host: null,
    namespace: null,
    hostByIp,
    tunnelPort,
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
