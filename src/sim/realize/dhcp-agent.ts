// The DHCP agent (neutron-facts §9): a qdhcp-<network id> namespace holding the DHCP port tap<id> and a
// dnsmasq that hands out, from a static hosts file, the address of every port of the network.
import { cidrOf } from '../addr/ipv4';
import { qdhcpNs } from '../addr/naming';
import { devId, type PlaneBuilder } from './builder';
import type { DhcpLease, Iface, StackRoute } from './dataplane';
import type { Lookup, Plug } from './plan';
import { connectedRoute, makeStack } from './stack';

/** dhcp_lease_duration default (neutron/conf/common.py) */
export const LEASE_SECONDS = 86400;

export function realizeDhcp(b: PlaneBuilder, lk: Lookup, plugs: readonly Plug[]): void {
  for (const plug of plugs) {
    if (plug.kind !== 'dhcp') continue;
    const net = plug.network;
    const host = plug.host;
    const ns = qdhcpNs(net.id);
    const nsId = devId(host, ns);
    const p = plug.port;
    const routes: StackRoute[] = [];
    const addrs = p.fixed_ips.map((f) => {
      const prefix = cidrOf(lk.subnets.get(f.subnet_id)!.cidr).prefix;
      routes.push(connectedRoute(plug.ovsName, f.ip_address, prefix));
      return { ip: f.ip_address, prefix };
    });
    const iface: Iface = { name: plug.ovsName, mac: p.mac_address, addrs, mtu: net.mtu, up: plug.up };
    const leases = new Map<string, DhcpLease>();
    for (const other of b.topo.ports) {
      if (other.network_id !== net.id || other.id === p.id) continue;
      const f = other.fixed_ips.find((x) => lk.subnets.get(x.subnet_id)?.enable_dhcp);
      if (!f) continue;
      const sub = lk.subnets.get(f.subnet_id)!;
      leases.set(other.mac_address, {
        mac: other.mac_address,
        ip: f.ip_address,
        prefix: cidrOf(sub.cidr).prefix,
        router: sub.gateway_ip,
        hostname: `host-${f.ip_address.replaceAll('.', '-')}`,
      });
    }
    const hostInfo = b.topo.hosts.find((h) => h.name === host);
    b.add({
      id: devId(host, plug.ovsName),
      kind: 'ovs-internal',
      name: plug.ovsName,
      host,
      namespace: ns,
      sides: ['ns', 'br'],
      mtu: net.mtu,
      up: plug.up,
      portId: p.id,
    });
    b.link(nsId, plug.ovsName, devId(host, plug.ovsName), 'ns');
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
