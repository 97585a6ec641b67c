// The DHCP agent (neutron-facts §9): a qdhcp-<network id> namespace holding the DHCP port tap<id> and a
// dnsmasq that hands out, from a static hosts file, the address of every port of the network.
import { qdhcpNs } from '../addr/naming';
import type { Port } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { DhcpLease, Iface, StackRoute } from './dataplane';
import { addNamespacePort, type Lookup, type Plug } from './plan';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute, makeStack } from './stack';

/** dhcp_lease_duration default (neutron/conf/common.py) */
export const LEASE_SECONDS = 86400;

export function realizeDhcp(b: PlaneBuilder, lk: Lookup, plugs: readonly Plug[]): void {
  // The ports of each network, in topology order: looking them up per DHCP port instead of scanning
  // every port of the cloud keeps realize() linear.
  const portsByNetwork = new Map<string, Port[]>();
  for (const port of b.topo.ports) {
    const list = portsByNetwork.get(port.network_id);
    if (list) list.push(port);
    else portsByNetwork.set(port.network_id, [port]);
  }
  for (const plug of plugs) {
    if (plug.kind !== 'dhcp') continue;
    const net = plug.network;
    const host = plug.host;
    const ns = qdhcpNs(net.id);
    const nsId = devId(host, ns);
    const p = plug.port;
    const routes: StackRoute[] = [];
    const addrs = p.fixed_ips.map((f) => {
      const prefix = lk.cidrs.get(f.subnet_id)!.prefix;
      routes.push(connectedRoute(plug.ovsName, f.ip_address, prefix));
      return { ip: f.ip_address, prefix };
    });
    // DeviceManager.setup ends with _set_default_route: the gateway of the port's first DHCP subnet
    // that has one, added the way the L3 agent adds its own (ip_lib add_gateway, hence proto static)
    const gateway = p.fixed_ips
      .map((f) => lk.subnets.get(f.subnet_id))
      .find((sub) => sub?.enable_dhcp && sub.gateway_ip)?.gateway_ip;
    if (gateway) routes.push(gatewayRoute(DEFAULT_ROUTE, gateway, plug.ovsName, 'static'));
    const iface: Iface = { name: plug.ovsName, mac: p.mac_address, addrs, mtu: net.mtu, up: plug.up };
    const leases = new Map<string, DhcpLease>();
    for (const other of portsByNetwork.get(net.id) ?? []) {
      if (other.id === p.id) continue;
      const f = other.fixed_ips.find((x) => lk.subnets.get(x.subnet_id)?.enable_dhcp);
      if (!f) continue;
      const sub = lk.subnets.get(f.subnet_id)!;
      leases.set(other.mac_address, {
        mac: other.mac_address,
        ip: f.ip_address,
        prefix: lk.cidrs.get(sub.id)!.prefix,
        router: sub.gateway_ip,
        hostname: `host-${f.ip_address.replaceAll('.', '-')}`,
      });
    }
    const hostInfo = b.topo.hosts.find((h) => h.name === host);
    addNamespacePort(b, plug, nsId, ns);
    b.add({
      id: nsId,
      kind: 'namespace',
      name: ns,
      host,
      namespace: ns,
      networkId: net.id,
      stack: makeStack([iface], routes, {
        listening: { tcp: new Set([53]), udp: new Set([53, 67]) },
        dhcpServer: {
          leases,
          running: !hostInfo?.agents_down.includes('dhcp'),
          mtu: net.mtu,
          leaseTime: LEASE_SECONDS,
        },
      }),
    });
    b.index.dhcpByNetwork.set(net.id, nsId);
  }
}
