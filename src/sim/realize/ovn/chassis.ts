// ovn-controller and the OVN metadata agent on each chassis (neutron-facts-beyond §3.1, §5.1): br-int
// only, with the VMs' taps plugged straight into it (no qbr, qvb or qvo), a Geneve tunnel to every
// other chassis, an ovnmeta-<network> namespace joined by a veth pair for each network with a VM here,
// and, where ovn-bridge-mappings name a provider bridge, the patch ports of the localnet ports.

import { cidrOf } from '../../addr/ipv4';
import { providerNicName, tapName } from '../../addr/naming';
import { stableHex } from '../../addr/stable';
import { FlowTables } from '../../devices/openflow/table';
import type { Host, HostName, Server, Topology } from '../../model/types';
import { devId, type PlaneBuilder } from '../builder';
import type { Iface, OvsPort, StackRoute } from '../dataplane';
import type { Lookup } from '../plan';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute, makeStack } from '../stack';
import type { OvnBridge, OvnDb, SbPortBinding } from './db';
import { chassisName, metaVethNames, ovnmetaNs, patchFromProvnet, tunnelNames } from './names';

const METADATA_IP = '169.254.169.254';

/** The chassis that have ovn-bridge-mappings: gateway chassis, and every chassis when floating IPs are
 * distributed or a VM of it sits on a provider network (neutron-facts-beyond §3.7). */
function mapsBridges(t: Topology, h: Host, db: OvnDb): boolean {
  if (h.enable_chassis_as_gw || t.options.enable_distributed_floating_ip) return true;
  for (const b of db.ports.values())
    if (b.type === '' && b.chassis === h.name) {
      const dp = db.datapaths.get(b.dp);
      if (dp && [...dp.ports.values()].some((x) => x.type === 'localnet')) return true;
    }
  return false;
}

/** A VM's guest: its interfaces with what DHCP gives it (the router, the metadata route of option 121). */
function realizeVm(b: PlaneBuilder, lk: Lookup, db: OvnDb, server: Server, vifs: SbPortBinding[]): void {
  const host = server.host;
  const vmId = devId(host, `server:${server.id}`);
  const ifaces: Iface[] = [];
  const routes: StackRoute[] = [];
  const leaseServers = new Map<string, string>();
  let gatewaySet = false;
  const dhcp = new Map(db.nb.dhcpOptions.map((d) => [d.subnetId, d.options]));
  vifs.forEach((v, n) => {
    const eth = `eth${n}`;
    const port = b.topo.ports.find((p) => p.id === v.portId)!;
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
function realizeMetadata(
  b: PlaneBuilder,
  lk: Lookup,
  host: HostName,
  meta: SbPortBinding,
  networkId: string,
): string {
  const ns = ovnmetaNs(networkId);
  const nsId = devId(host, ns);
  const [outer, inner] = metaVethNames(networkId);
  const net = lk.networks.get(networkId)!;
  const port = b.topo.ports.find((p) => p.id === meta.portId)!;
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

export function realizeChassis(b: PlaneBuilder, lk: Lookup, db: OvnDb): void {
  const t = b.topo;
  const vifsOf = new Map<string, SbPortBinding[]>();
  for (const p of db.ports.values()) {
    if (p.type !== '' || !p.chassis || !p.portId) continue;
    const port = t.ports.find((x) => x.id === p.portId);
    if (!port) continue;
    const list = vifsOf.get(port.device_id);
    if (list) list.push(p);
    else vifsOf.set(port.device_id, [p]);
  }
  for (const s of t.servers) {
    const vifs = vifsOf.get(s.id) ?? [];
    if (t.hosts.some((h) => h.name === s.host)) realizeVm(b, lk, db, s, vifs);
  }
  const digest = { value: '' };
  for (const h of t.hosts) realizeHost(b, lk, db, h, digest);
}

function realizeHost(b: PlaneBuilder, lk: Lookup, db: OvnDb, h: Host, digest: { value: string }): void {
  const t = b.topo;
  const host = h.name;
  const intId = devId(host, 'br-int');
  const ports = new Map<string, OvsPort>();
  const lportOf = new Map<string, string>();
  const ovsPortOf = new Map<string, string>();
  const zones = new Map<string, number>();
  const patches = new Map<string, number>();
  let ofport = 1;
  // Geneve tunnels to every other chassis, named as ovn-controller names them
  const others = t.hosts.filter((x) => x.name !== host);
  const names = tunnelNames(others.map((o) => chassisName(o.name)));
  const tunnelTo = new Map<string, string>();
  for (const o of others) {
    const remote = chassisName(o.name);
    const name = names.get(remote)!;
    tunnelTo.set(remote, name);
    ports.set(name, {
      name,
      ofport: ofport++,
      tag: null,
      type: 'geneve',
      options: { csum: 'true', key: 'flow', remote_ip: o.tunnel_ip },
    });
    const gid = devId(host, name);
    b.add({
      id: gid,
      kind: 'geneve-port',
      name,
      host,
      namespace: null,
      localIp: h.tunnel_ip,
      remoteIp: o.tunnel_ip,
      remoteHost: o.name,
      remoteChassis: remote,
      underlayMtu: h.underlay_mtu,
    });
    b.link(intId, name, gid, 'br');
    b.link(gid, 'underlay', 'underlay', gid);
  }
  // VIFs bound here: the tap goes straight into br-int; ovn-controller gives each a conntrack zone
  const metaNets = new Set<string>();
  for (const p of db.ports.values()) {
    if (p.type !== '' || p.chassis !== host || !p.ovsPort) continue;
    ports.set(p.ovsPort, {
      name: p.ovsPort,
      ofport: ofport++,
      tag: null,
      type: 'system',
      ...(p.portId ? { portId: p.portId } : {}),
    });
    lportOf.set(p.ovsPort, p.logical_port);
    ovsPortOf.set(p.logical_port, p.ovsPort);
    zones.set(p.logical_port, zones.size + 1);
    b.link(intId, p.ovsPort, devId(host, p.ovsPort), 'br');
    const dp = db.datapaths.get(p.dp);
    if (dp) metaNets.add(dp.name);
  }
  // the metadata namespace of each network with a VM here
  for (const sw of db.nb.switches) {
    if (!metaNets.has(sw.name)) continue;
    const lp = sw.ports.find((x) => x.type === 'localport');
    const meta = lp ? db.ports.get(lp.name) : undefined;
    if (!meta) continue;
    const veth = realizeMetadata(b, lk, host, meta, sw.networkId);
    ports.set(veth, { name: veth, ofport: ofport++, tag: null, type: 'system' });
    lportOf.set(veth, meta.logical_port);
    ovsPortOf.set(meta.logical_port, veth);
    b.link(intId, veth, devId(host, veth), 'br');
  }
  // provider bridges: one patch pair per localnet port of a mapped physical network
  if (mapsBridges(t, h, db))
    t.options.bridge_mappings.forEach((m, i) => {
      const localnets = [...db.ports.values()].filter(
        (p) =>
          p.type === 'localnet' &&
          db.nb.switches.some((s) =>
            s.ports.some((x) => x.name === p.logical_port && x.options.network_name === m.physical_network),
          ),
      );
      if (localnets.length === 0) return;
      const nic = providerNicName(i);
      const physId = devId(host, m.bridge);
      const phys = new Map<string, OvsPort>([[nic, { name: nic, ofport: 1, tag: null, type: 'system' }]]);
      let pOf = 2;
      for (const ln of localnets) {
        const here = ln.ovsPort!;
        const there = patchFromProvnet(ln.logical_port);
        ports.set(here, { name: here, ofport: ofport++, tag: null, type: 'patch', options: { peer: there } });
        phys.set(there, { name: there, ofport: pOf++, tag: null, type: 'patch', options: { peer: here } });
        lportOf.set(here, ln.logical_port);
        ovsPortOf.set(ln.logical_port, here);
        b.link(intId, here, physId, there);
      }
      const flows = new FlowTables();
      flows.add({
        table: 0,
        priority: 0,
        match: {},
        actions: [{ a: 'normal' }],
        why: 'a provider bridge ovn-controller leaves to NORMAL',
      });
      b.add({
        id: physId,
        kind: 'ovs-bridge',
        role: 'phys',
        name: m.bridge,
        host,
        namespace: null,
        ports: phys,
        flows,
      });
      b.link(physId, nic, `physnet:${m.physical_network}`, host);
    });
  // logical patch ports: each router port pair, joined on this bridge (the pipelines resubmit between them)
  for (const p of db.ports.values()) {
    if (p.type !== 'patch' || !p.peer || patches.has(p.logical_port)) continue;
    const peer = db.ports.get(p.peer);
    if (!peer) continue;
    patches.set(p.logical_port, p.dp);
    patches.set(peer.logical_port, peer.dp);
    b.link(intId, p.logical_port, intId, peer.logical_port);
  }
  for (const r of db.nb.routers) {
    zones.set(`${r.name}|dnat`, zones.size + 1);
    zones.set(`${r.name}|snat`, zones.size + 1);
  }
  const br: OvnBridge = {
    id: intId,
    kind: 'ovn-bridge',
    name: 'br-int',
    host,
    namespace: null,
    chassis: chassisName(host),
    ports,
    patches,
    lportOf,
    ovsPortOf,
    tunnelTo,
    zones,
    // the databases are shared by every chassis: a device's fingerprint counts them by a digest
    get dbDigest() {
      digest.value ||= stableHex(
        JSON.stringify(db.nb, (_k, v) => (typeof v === 'function' || v instanceof Set ? undefined : v)),
        16,
      );
      return digest.value;
    },
  } as unknown as OvnBridge;
  Object.defineProperty(br, 'db', { value: db, enumerable: false });
  b.add(br);
}
