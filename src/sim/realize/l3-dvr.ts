// Distributed routers (DVR; neutron-facts-beyond §1): the L3 agent of every host a router is bound on
// builds its qrouter- namespace with the same qr- ports (name, MAC, IP) as on every other host, an ARP
// table filled in advance, and policy routing: the main table for the router's own subnets (east-west is
// routed on the source host), a rule per floating IP of the host's instances to table 16 and the fip
// namespace, and a rule per subnet sending the rest to the subnet's centralized SNAT port. On the
// dvr_snat host, snat-<router id> holds those sg- ports and the qg- gateway (on each dvr_snat host of a
// distributed HA router, with keepalived: l3-dvr-ha.ts).
import { cidrOf, ipToInt, prefixToMask } from '../addr/ipv4';
import { qrouterNs, snatNs } from '../addr/naming';
import type { FloatingIp, HostName, Port, Router, RouterId } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { Iface, IpRule, StackRoute, StaticNeigh } from './dataplane';
import { EXTERNAL_INGRESS_MARK, METADATA_PORT } from './l3-agent';
import { FIP_RT_TBL, FipNamespaces, fromSelector, type RouterLink } from './l3-dvr-fip';
import { realizeHaSnat } from './l3-dvr-ha';
import { dvrRouterNat, type LocalFip, snatNamespaceNat } from './l3-dvr-nat';
import { addNamespacePort, type Lookup, type Plug } from './plan';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute, makeStack, withDefaultRules } from './stack';

/** FIP_PR_START: the first priority of the per floating IP rules (FipRulePriorityAllocator). */
const FIP_PR_START = 32768;

/** What the realization of every distributed router shares, built once. */
interface Shared {
  readonly b: PlaneBuilder;
  readonly lk: Lookup;
  readonly fipNs: FipNamespaces;
  /** the ports of each subnet that the agent puts in the router's ARP table (not router interfaces) */
  readonly neighbours: ReadonlyMap<string, readonly { ip: string; mac: string }[]>;
  readonly portById: ReadonlyMap<string, Port>;
  /** the next free floating IP rule priority of each host's agent */
  readonly fipPriority: Map<HostName, number>;
  readonly links: { host: HostName; network: string; link: RouterLink; routerNs: string }[];
}

/** _set_subnet_arp_info: every port of a subnet except the router's interfaces, SNAT ports included. */
function neighboursOf(ports: readonly Port[]): Map<string, { ip: string; mac: string }[]> {
  const out = new Map<string, { ip: string; mac: string }[]>();
  for (const p of ports) {
    if (p.device_owner === 'network:router_interface' || p.device_owner === 'network:router_gateway')
      continue;
    if (!p.mac_address) continue;
    for (const f of p.fixed_ips) {
      const list = out.get(f.subnet_id);
      const e = { ip: f.ip_address, mac: p.mac_address };
      if (list) list.push(e);
      else out.set(f.subnet_id, [e]);
    }
  }
  return out;
}

/** The plugs of one router, host by host in the order of its bindings. */
function byHost(plugs: readonly Plug[]): Map<HostName, Plug[]> {
  const out = new Map<HostName, Plug[]>();
  for (const p of plugs) {
    if (p.kind !== 'router-interface') continue;
    const list = out.get(p.host);
    if (list) list.push(p);
    else out.set(p.host, [p]);
  }
  return out;
}

/** The floating IPs of the router whose port is bound on the host. */
function fipsOn(sh: Shared, router: Router, host: HostName, fips: readonly FloatingIp[]): LocalFip[] {
  const out: LocalFip[] = [];
  for (const f of fips) {
    if (f.router_id !== router.id || !f.port_id || !f.fixed_ip_address) continue;
    if (sh.portById.get(f.port_id)?.['binding:host_id'] !== host) continue;
    out.push({ fip: f.floating_ip_address, fixed: f.fixed_ip_address });
  }
  return out;
}

function routerNamespace(
  sh: Shared,
  router: Router,
  host: HostName,
  qrs: readonly Plug[],
  snatIps: ReadonlyMap<string, string>,
  fips: readonly FloatingIp[],
): string {
  const { b, lk } = sh;
  const ns = qrouterNs(router.id);
  const nsId = devId(host, ns);
  const ifaces: Iface[] = [];
  const routes: StackRoute[] = [];
  const rules: IpRule[] = [];
  const tables = new Map<number, StackRoute[]>();
  const neigh = new Map<string, StaticNeigh>();
  for (const plug of qrs) {
    const f = plug.port.fixed_ips[0];
    if (!f) continue;
    const prefix = lk.cidrs.get(f.subnet_id)!.prefix;
    ifaces.push({
      name: plug.ovsName,
      mac: plug.port.mac_address,
      addrs: [{ ip: f.ip_address, prefix }],
      mtu: plug.network.mtu,
      up: plug.up,
    });
    routes.push(connectedRoute(plug.ovsName, f.ip_address, prefix));
    for (const n of sh.neighbours.get(f.subnet_id) ?? [])
      neigh.set(n.ip, { mac: n.mac, iface: plug.ovsName });
    // _snat_redirect_modify: from <qr IP/prefix> lookup n priority n, n the integer of the qr address;
    // table n sends what no other rule took to the subnet's sg- port, back out of the same qr-
    const sg = snatIps.get(f.subnet_id);
    if (sg) {
      const n = ipToInt(f.ip_address);
      rules.push({ priority: n, ...fromSelector(f.ip_address, prefix), table: n });
      tables.set(n, [gatewayRoute(DEFAULT_ROUTE, sg, plug.ovsName, 'boot')]);
    }
    addNamespacePort(b, plug, nsId, ns);
  }
  for (const r of router.routes) {
    const dev = ifaces.find((i) =>
      i.addrs.some((a) => ((ipToInt(r.nexthop) ^ ipToInt(a.ip)) & prefixToMask(a.prefix)) === 0),
    );
    if (dev) routes.push(gatewayRoute(cidrOf(r.destination), r.nexthop, dev.name, 'boot'));
  }
  const gw = router.external_gateway_info;
  const local = fipsOn(sh, router, host, fips);
  const link =
    gw && sh.fipNs.has(host, gw.network_id)
      ? sh.fipNs.connect(
          host,
          gw.network_id,
          router,
          local.map((x) => x.fip),
        )
      : null;
  if (link) {
    ifaces.push({
      name: link.rfp,
      mac: link.rfpMac,
      addrs: [{ ip: link.rfpIp, prefix: 31 }],
      mtu: link.mtu,
      up: true,
    });
    routes.push(connectedRoute(link.rfp, link.rfpIp, 31));
    neigh.set(link.fprIp, { mac: link.fprMac, iface: link.rfp });
    tables.set(FIP_RT_TBL, [gatewayRoute(DEFAULT_ROUTE, link.fprIp, link.rfp, 'boot')]);
    // _add_floating_ip_rule: from <fixed IP> lookup 16, a priority of FIP_PR_START..FIP_PR_END each
    for (const f of local) {
      const p = sh.fipPriority.get(host) ?? FIP_PR_START;
      sh.fipPriority.set(host, p + 1);
      rules.push({ priority: p, ...fromSelector(f.fixed, 32), table: FIP_RT_TBL });
    }
    sh.links.push({ host, network: gw!.network_id, link, routerNs: nsId });
  }
  b.add({
    id: nsId,
    kind: 'namespace',
    name: ns,
    host,
    namespace: ns,
    routerId: router.id,
    stack: makeStack(ifaces, routes, {
      forwarding: true,
      arpIgnore: 1,
      nat: dvrRouterNat(link?.rfp ?? null, link ? local : []),
      listening: { tcp: new Set([METADATA_PORT]), udp: new Set() },
      metadataProxyPort: METADATA_PORT,
      rules: withDefaultRules(rules),
      tables,
      staticNeigh: neigh,
    }),
  });
  return nsId;
}

/** snat-<router id> on the dvr_snat host: the sg- ports, qg- with the gateway address and the SNAT. */
function snatNamespace(sh: Shared, router: Router, gwPlug: Plug, sgs: readonly Plug[]): string {
  const { b, lk } = sh;
  const host = gwPlug.host;
  const ns = snatNs(router.id);
  const nsId = devId(host, ns);
  const ifaces: Iface[] = [];
  const routes: StackRoute[] = [];
  let gwIp: string | null = null;
  for (const plug of [...sgs, gwPlug]) {
    const addrs: { ip: string; prefix: number }[] = [];
    for (const f of plug.port.fixed_ips) {
      const prefix = lk.cidrs.get(f.subnet_id)!.prefix;
      addrs.push({ ip: f.ip_address, prefix });
      routes.push(connectedRoute(plug.ovsName, f.ip_address, prefix));
      const sub = lk.subnets.get(f.subnet_id);
      if (plug === gwPlug && !gwIp) {
        gwIp = f.ip_address;
        if (sub?.gateway_ip) routes.push(gatewayRoute(DEFAULT_ROUTE, sub.gateway_ip, plug.ovsName, 'static'));
      }
    }
    ifaces.push({
      name: plug.ovsName,
      mac: plug.port.mac_address,
      addrs,
      mtu: plug.network.mtu,
      up: plug.up,
    });
    addNamespacePort(b, plug, nsId, ns);
  }
  b.add({
    id: nsId,
    kind: 'namespace',
    name: ns,
    host,
    namespace: ns,
    routerId: router.id,
    stack: makeStack(ifaces, routes, {
      forwarding: true,
      arpIgnore: 1,
      nat: gwIp
        ? snatNamespaceNat(gwPlug.ovsName, gwIp, router.external_gateway_info?.enable_snat ?? false)
        : null,
      ingressMark: new Map([[gwPlug.ovsName, EXTERNAL_INGRESS_MARK]]),
    }),
  });
  return nsId;
}

/**
 * Builds every distributed router of the cloud: `routers` with their plugs (interfaces on each host they
 * are bound on, the gateway and SNAT ports on the dvr_snat host), and the fip namespaces they share.
 */
export function realizeDistributedRouters(
  b: PlaneBuilder,
  lk: Lookup,
  routers: readonly { router: Router; plugs: readonly Plug[] }[],
  allPlugs: readonly Plug[],
): void {
  const sh: Shared = {
    b,
    lk,
    fipNs: new FipNamespaces(b, lk, allPlugs),
    neighbours: neighboursOf(b.topo.ports),
    portById: new Map(b.topo.ports.map((p) => [p.id as string, p])),
    fipPriority: new Map(),
    links: [],
  };
  const fips = b.topo.floatingips.filter((f) => f.port_id);
  for (const { router, plugs } of routers) {
    const gwPlug = plugs.find((p) => p.kind === 'router-gateway');
    const sgs = plugs.filter((p) => p.kind === 'snat');
    const snatIps = new Map<string, string>();
    for (const p of sgs) for (const f of p.port.fixed_ips) snatIps.set(f.subnet_id, f.ip_address);
    let first: string | null = null;
    for (const [host, qrs] of byHost(plugs)) {
      const id = routerNamespace(sh, router, host, qrs, snatIps, fips);
      first ??= id;
    }
    // a distributed HA router's snat namespace is on each of its dvr_snat hosts, kept by keepalived
    const snat = router.ha
      ? realizeHaSnat(b, lk, router, plugs)
      : gwPlug
        ? snatNamespace(sh, router, gwPlug, sgs)
        : null;
    // `--from router:<name>` sends from where the gateway address is, else from a router namespace
    const at = snat ?? first;
    if (at) b.index.nsByRouter.set(router.id as RouterId, at);
  }
  sh.fipNs.build(sh.links);
}
