// The guests of an OVN chassis (neutron-facts-beyond §3.1): each VM with what DHCP tells it (the router,
// the metadata route of option 121) and its tap, and the OVN metadata agent's ovnmeta-<network>
// namespace, joined to br-int by the veth pair tap<net id[:10]>0 / tap<net id[:10]>1. Also what every
// chassis is built from, worked out once for the cloud rather than once per chassis.
import { cidrOf } from '../../addr/ipv4';
import { tapName } from '../../addr/naming';
import type { HostName, Port, Server, Topology } from '../../model/types';
import { devId, type PlaneBuilder } from '../builder';
import type { Iface, StackRoute } from '../dataplane';
import type { Lookup } from '../plan';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute, makeStack } from '../stack';
import type { NbDhcpOptions, OvnDb, SbPortBinding } from './db';
import { metaVethNames, ovnmetaNs } from './names';

const METADATA_IP = '169.254.169.254';

export interface Shared {
  readonly db: OvnDb;
  readonly portById: ReadonlyMap<string, Port>;
  /** the VIF bindings of each chassis */
  readonly vifsOn: ReadonlyMap<string, SbPortBinding[]>;
  /** chassis with a VM on a provider network (they need its bridge mapping) */
  readonly onProvider: ReadonlySet<string>;
  /** the localnet ports of each physical network */
  readonly localnets: ReadonlyMap<string, SbPortBinding[]>;
  /** each logical patch port pair once */
  readonly patchPairs: readonly (readonly [SbPortBinding, SbPortBinding])[];
  readonly dhcp: ReadonlyMap<string, NbDhcpOptions['options']>;
  readonly digest: { value: string };
}

export function shared(t: Topology, db: OvnDb): Shared {
  const vifsOn = new Map<string, SbPortBinding[]>();
  const onProvider = new Set<string>();
  const withLocalnet = new Set<number>();
  const localnets = new Map<string, SbPortBinding[]>();
  const physnetOf = new Map<string, string>();
  for (const sw of db.nb.switches)
    for (const p of sw.ports) if (p.type === 'localnet') physnetOf.set(p.name, p.options.network_name ?? '');
  const patchPairs: [SbPortBinding, SbPortBinding][] = [];
  const paired = new Set<string>();
  for (const b of db.ports.values()) {
    if (b.type === 'localnet') {
      withLocalnet.add(b.dp);
      const physnet = physnetOf.get(b.logical_port) ?? '';
      const list = localnets.get(physnet);
      if (list) list.push(b);
      else localnets.set(physnet, [b]);
    }
    if (b.type === 'patch' && b.peer && !paired.has(b.logical_port)) {
      const peer = db.ports.get(b.peer);
      if (peer) {
        patchPairs.push([b, peer]);
        paired.add(b.logical_port).add(peer.logical_port);
      }
    }
  }
  for (const b of db.ports.values()) {
    if (b.type !== '' || !b.chassis) continue;
    const list = vifsOn.get(b.chassis);
    if (list) list.push(b);
    else vifsOn.set(b.chassis, [b]);
    if (withLocalnet.has(b.dp)) onProvider.add(b.chassis);
  }
  return {
    db,
    portById: new Map(t.ports.map((p) => [p.id as string, p])),
    vifsOn,
    onProvider,
    localnets,
    patchPairs,
    dhcp: new Map(db.nb.dhcpOptions.map((d) => [d.subnetId, d.options])),
    digest: { value: '' },
  };
}

/** A VM's guest: its interfaces with what DHCP gives it (the router, the metadata route of option 121). */
export function realizeVm(
  b: PlaneBuilder,
  lk: Lookup,
  sh: Shared,
  server: Server,
  vifs: SbPortBinding[],
): void {
  const host = server.host;
  const vmId = devId(host, `server:${server.id}`);
  const ifaces: Iface[] = [];
  const routes: StackRoute[] = [];
  const leaseServers = new Map<string, string>();
  let gatewaySet = false;
  const dhcp = sh.dhcp;
  vifs.forEach((v, n) => {
    const eth = `eth${n}`;
    const port = sh.portById.get(v.portId!)!;
    const net = lk.networks.get(port.network_id)!;
    ifaces.push({
      name: eth,
      mac: port.mac_address,
      addrs: port.fixed_ips.map((f) => ({ ip: f.ip_address, prefix: lk.cidrs.get(f.subnet_id)!.prefix })),
      mtu: net.mtu,
      up: true,
    });
    for (const f of port.fixed_ips) {
      const sub = lk.subnets.get(f.subnet_id)!;
      routes.push(connectedRoute(eth, f.ip_address, lk.cidrs.get(sub.id)!.prefix));
      const o = sub.enable_dhcp ? dhcp.get(sub.id) : undefined;
      if (o && !leaseServers.has(eth)) leaseServers.set(eth, o.server_id);
      // option 121 (classless static routes): the metadata route via the metadata port
      const meta = o?.classless_static_route?.match(/169\.254\.169\.254\/32,([\d.]+)/)?.[1];
      if (meta) routes.push(gatewayRoute(cidrOf(`${METADATA_IP}/32`), meta, eth, 'dhcp', ' metric 100'));
      if (!gatewaySet && sub.gateway_ip) {
        routes.push(
          gatewayRoute(DEFAULT_ROUTE, sub.gateway_ip, eth, 'dhcp', ` src ${f.ip_address} metric 100`),
        );
        gatewaySet = true;
      }
      for (const hr of sub.host_routes)
        routes.push(gatewayRoute(cidrOf(hr.destination), hr.nexthop, eth, 'dhcp'));
    }
    const tap = tapName(port.id);
    const tapId = devId(host, tap);
    b.add({
      id: tapId,
      kind: 'tap',
      name: tap,
      host,
      namespace: null,
      sides: ['vm', 'br'],
      mtu: net.mtu,
      up: v.up,
      portId: port.id,
    });
    b.link(vmId, eth, tapId, 'vm');
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

/** ovnmeta-<network>: the metadata agent's namespace, with haproxy on 169.254.169.254:80. */
export function realizeMetadata(
  b: PlaneBuilder,
  lk: Lookup,
  sh: Shared,
  host: HostName,
  meta: SbPortBinding,
  networkId: string,
): string {
  const ns = ovnmetaNs(networkId);
  const nsId = devId(host, ns);
  const [outer, inner] = metaVethNames(networkId);
  const net = lk.networks.get(networkId)!;
  const port = sh.portById.get(meta.portId!)!;
  const addrs = [
    { ip: METADATA_IP, prefix: 32 },
    ...port.fixed_ips.map((f) => ({ ip: f.ip_address, prefix: lk.cidrs.get(f.subnet_id)!.prefix })),
  ];
  b.add({
    id: nsId,
    kind: 'namespace',
    name: ns,
    host,
    namespace: ns,
    networkId: net.id,
    stack: makeStack(
      [{ name: inner, mac: port.mac_address, addrs, mtu: net.mtu, up: true }],
      port.fixed_ips.map((f) => connectedRoute(inner, f.ip_address, lk.cidrs.get(f.subnet_id)!.prefix)),
      { listening: { tcp: new Set([80]), udp: new Set() }, answersPing: true },
    ),
  });
  const common = { host, mtu: net.mtu, up: true, portId: port.id };
  b.add({
    id: devId(host, inner),
    kind: 'veth',
    name: inner,
    namespace: ns,
    sides: ['ns', 'peer'],
    ...common,
  });
  b.add({
    id: devId(host, outer),
    kind: 'veth',
    name: outer,
    namespace: null,
    sides: ['peer', 'br'],
    ...common,
  });
  b.link(nsId, inner, devId(host, inner), 'ns');
  b.link(devId(host, inner), 'peer', devId(host, outer), 'peer');
  return outer;
}
