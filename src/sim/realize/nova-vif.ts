// Nova and os-vif plugging a VM (neutron-facts §2): the guest's eth0 sits on tap<id>, which the hybrid
// plug puts on the per-VIF Linux bridge qbr<id>; a veth pair qvb<id>/qvo<id> joins the qbr to br-int.
// The qbr exists because iptables cannot filter on an OVS port: the security groups live on it.
import { cidrOf } from '../addr/ipv4';
import { qbrName, qvbName, qvoName, tapName } from '../addr/naming';
import type { Port, SecurityGroup, Server, Topology } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { Iface, PortFirewall, StackRoute } from './dataplane';
import { guestGatewayRoute, guestSubnetRoute } from './guest-routes';
import { hybridRaw } from './hybrid-raw';
import { hybridFirewall } from './iptables-hybrid';
import type { Lookup, Plug } from './plan';
import { makeStack } from './stack';

/** How os-vif plugs one VIF between the VM's interface and br-int (the firewall driver decides). */
export type PlugVif = (
  b: PlaneBuilder,
  t: Topology,
  plug: Plug,
  vmId: string,
  eth: string,
  zones: Map<string, number>,
) => void;

/** Builds the VM and its VIF chains; returns for each plugged port the br-int side (qvo device, port 'br'). */
export function realizeServer(
  b: PlaneBuilder,
  lk: Lookup,
  server: Server,
  plugs: Plug[],
  zones: Map<string, number>,
  dhcpBySubnet: ReadonlyMap<string, string>,
  plugVif: PlugVif = hybridPlug,
): void {
  const host = server.host;
  const image = server.image ?? 'cirros';
  const vmId = devId(host, `server:${server.id}`);
  const ifaces: Iface[] = [];
  const routes: StackRoute[] = [];
  const leaseServers = new Map<string, string>();
  let gatewaySet = false;
  plugs.forEach((plug, n) => {
    const eth = `eth${n}`;
    const p = plug.port;
    const addrs = p.fixed_ips.map((f) => ({
      ip: f.ip_address,
      prefix: lk.cidrs.get(f.subnet_id)!.prefix,
    }));
    ifaces.push({ name: eth, mac: p.mac_address, addrs, mtu: plug.network.mtu, up: true });
    for (const f of p.fixed_ips) {
      const sub = lk.subnets.get(f.subnet_id)!;
      const c = lk.cidrs.get(sub.id)!;
      routes.push(guestSubnetRoute(image, eth, f.ip_address, c.prefix));
      const dhcp = sub.enable_dhcp ? dhcpBySubnet.get(sub.id) : undefined;
      if (dhcp && !leaseServers.has(eth)) leaseServers.set(eth, dhcp);
      // What the guest learned from DHCP (or its config drive when DHCP is off): the default route
      // (option 3) and the subnet's host routes (option 121).
      if (!gatewaySet && sub.gateway_ip) {
        routes.push(guestGatewayRoute(image, eth, sub.gateway_ip, f.ip_address));
        gatewaySet = true;
      }
      for (const hr of sub.host_routes)
        routes.push(guestGatewayRoute(image, eth, hr.nexthop, f.ip_address, cidrOf(hr.destination)));
    }
    plugVif(b, b.topo, plug, vmId, eth, zones);
  });
  b.add({
    id: vmId,
    kind: 'vm',
    name: server.name,
    host,
    namespace: null,
    serverId: server.id,
    stack: makeStack(ifaces, routes, {
      listening: { tcp: new Set(server.listening.tcp), udp: new Set(server.listening.udp) },
      leaseServers,
    }),
  });
  b.index.vmByServer.set(server.id, vmId);
}

/** The hybrid plug of the iptables_hybrid driver: tap, qbr, qvb/qvo. */
export const hybridPlug: PlugVif = (b, t, plug, vmId, eth, zones) => {
  const host = plug.host;
  const id = plug.port.id;
  const tap = tapName(id);
  const qbr = qbrName(id);
  const qvb = qvbName(id);
  const qvo = qvoName(id);
  // Each id is made once and shared by the device and its links (thousands of VIFs in a large cloud).
  const tapId = devId(host, tap);
  const qbrId = devId(host, qbr);
  const qvbId = devId(host, qvb);
  const qvoId = devId(host, qvo);
  const common = { host, namespace: null, mtu: plug.network.mtu, up: plug.up, portId: id };
  b.add({ id: tapId, kind: 'tap', name: tap, sides: ['vm', 'br'], ...common });
  b.add({
    id: qbrId,
    kind: 'linux-bridge',
    name: qbr,
    host,
    namespace: null,
    ports: [tap, qvb],
    firewall: plug.port.port_security_enabled
      ? qbrFirewall(plug.port, groupsOf(t, plug.port), tap, qvb, nextZone(zones, host))
      : null,
  });
  b.add({ id: qvbId, kind: 'veth', name: qvb, sides: ['br', 'peer'], ...common });
  b.add({ id: qvoId, kind: 'veth', name: qvo, sides: ['peer', 'br'], ...common });
  b.link(vmId, eth, tapId, 'vm');
  b.link(tapId, 'br', qbrId, tap);
  b.link(qbrId, qvb, qvbId, 'br');
  b.link(qvbId, 'peer', qvoId, 'peer');
  // qvo's 'br' side is linked to br-int by the OVS agent, which owns br-int.
};

/** A port's security groups, in the order it lists them. */
export const groupsOf = (t: Topology, port: Port): SecurityGroup[] =>
  port.security_groups
    .map((g) => t.security_groups.find((x) => x.id === g))
    .filter((g): g is SecurityGroup => !!g);

/** The hybrid firewall of a port on its qbr, in conntrack zone `zone`. */
export function qbrFirewall(
  port: Port,
  groups: readonly SecurityGroup[],
  tap: string,
  qvb: string,
  zone: number,
): PortFirewall {
  return {
    portId: port.id,
    mac: port.mac_address,
    tap,
    qvb,
    zone,
    // The port's iptables chains are written when first needed: they depend on the Topology
    // alone, and a cloud of 2,000 VMs need not build 40,000 rules before anyone sends.
    get filter() {
      const filter = hybridFirewall(port, groups, tap, qvb);
      Object.defineProperty(this, 'filter', { value: filter });
      return filter;
    },
    // the conntrack zone rules of its raw table (hybrid-raw.ts), written when first needed too
    get raw() {
      const raw = hybridRaw(port.id, tap, qvb, this.zone);
      Object.defineProperty(this, 'raw', { value: raw });
      return raw;
    },
  };
}

/** Conntrack zones are given per port by each host's agent, from ZONE_START = 4097 up (neutron-facts
 *  §11; neutron/agent/linux/ip_conntrack.py). */
const ZONE_START = 4097;

function nextZone(zones: Map<string, number>, host: string): number {
  const z = zones.get(host) ?? ZONE_START;
  zones.set(host, z + 1);
  return z;
}

export function realizeServers(
  b: PlaneBuilder,
  lk: Lookup,
  plugs: readonly Plug[],
  plugVif: PlugVif = hybridPlug,
): void {
  const zones = new Map<string, number>();
  const byServer = new Map<string, Plug[]>();
  for (const p of plugs) {
    if (p.kind !== 'vm' || !p.server) continue;
    const list = byServer.get(p.server.id);
    if (list) list.push(p);
    else byServer.set(p.server.id, [p]);
  }
  // the DHCP port's address on each subnet: the server identifier a guest's lease names
  const dhcpBySubnet = new Map<string, string>();
  for (const p of b.topo.ports)
    if (p.device_owner === 'network:dhcp')
      for (const f of p.fixed_ips) dhcpBySubnet.set(f.subnet_id, f.ip_address);
  for (const s of b.topo.servers)
    realizeServer(b, lk, s, byServer.get(s.id) ?? [], zones, dhcpBySubnet, plugVif);
  // ipsets: the member IPs of every security group (for remote_group_id rules)
  for (const g of b.topo.security_groups) {
    const members = new Set<string>();
    for (const p of b.topo.ports)
      if (p.security_groups.includes(g.id)) for (const f of p.fixed_ips) members.add(f.ip_address);
    b.ipsets.set(`NIPv4${g.id}`.slice(0, 31), members);
  }
}

/** The device and port that br-int's port of this plug links to. */
export function brIntPeer(plug: Plug): { device: string; port: string } {
  switch (plug.kind) {
    case 'vm':
      // plan.ts names a VM plug by its device on br-int: the qvo (hybrid plug) or the tap itself
      return { device: devId(plug.host, plug.ovsName), port: 'br' };
    case 'router-interface':
    case 'router-gateway':
    case 'router-ha':
    case 'dhcp':
    case 'snat':
    case 'fip-gateway':
      return { device: devId(plug.host, plug.ovsName), port: 'br' };
  }
}
