// An HA router on its L3 agents (neutron-facts-beyond §2; neutron/agent/l3/ha_router.py): a qrouter-
// namespace on every hosting host, each with its own ha- port on the HA network (169.254.192.x/18) and
// the router's qr- and qg- ports, which are one Neutron port each and so carry the same name and MAC
// everywhere. keepalived (keepalived.ts) holds the addresses: only the master has the primary VIP
// 169.254.0.<vrid>/24 on ha-, the qr- and qg- addresses, the floating IPs and the routes
// (virtual_ipaddress_excluded, virtual_routes); a backup keeps its interfaces up with no address
// (§2.3). The agent writes the same iptables rules on every instance; the metadata proxy runs only on
// the master (ha.py _update_metadata_proxy).
import { cidrOf, ipToInt, prefixToMask } from '../addr/ipv4';
import { qrouterNs } from '../addr/naming';
import { activeInstance, type HaInstance, haInstances } from '../model/ha';
import type { HostName, Router } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { Iface, IfaceAddr, StackRoute } from './dataplane';
import { primaryVip } from './keepalived';
import { EXTERNAL_INGRESS_MARK, METADATA_PORT, routerNat } from './l3-agent';
import { routerNetfilter } from './l3-iptables';
import { addNamespacePort, type Lookup, type Plug } from './plan';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute, makeStack } from './stack';

function sameSubnet(a: string, b: string, prefix: number): boolean {
  const m = prefixToMask(prefix);
  return (ipToInt(a) & m) >>> 0 === (ipToInt(b) & m) >>> 0;
}

/** One instance's namespace: what keepalived has configured there by now. */
function realizeInstance(
  b: PlaneBuilder,
  lk: Lookup,
  router: Router,
  inst: HaInstance,
  plugs: readonly Plug[],
): string {
  const host = inst.host;
  const ns = qrouterNs(router.id);
  const nsId = devId(host, ns);
  const master = inst.master;
  const ifaces: Iface[] = [];
  const routes: StackRoute[] = [];
  let qg: string | null = null;
  let gwIp: string | null = null;
  const fips = b.topo.floatingips.filter((f) => f.router_id === router.id && f.port_id);
  for (const plug of plugs) {
    const p = plug.port;
    const addrs: IfaceAddr[] = [];
    for (const f of p.fixed_ips) {
      const sub = lk.subnets.get(f.subnet_id)!;
      const prefix = lk.cidrs.get(sub.id)!.prefix;
      if (plug.kind === 'router-ha') {
        // the ha- port's own address is the agent's, on every instance
        addrs.push({ ip: f.ip_address, prefix });
        routes.push(connectedRoute(plug.ovsName, f.ip_address, prefix));
        if (master && router.ha_vr_id !== null) {
          const vip = primaryVip(sub.cidr, router.ha_vr_id);
          addrs.push({ ip: vip.ip, prefix: vip.prefix });
          routes.push(connectedRoute(plug.ovsName, vip.ip, vip.prefix));
        }
        continue;
      }
      if (plug.kind === 'router-gateway') {
        gwIp ??= f.ip_address;
        if (master && sub.gateway_ip)
          routes.push(gatewayRoute(DEFAULT_ROUTE, sub.gateway_ip, plug.ovsName, 'static'));
      }
      if (!master) continue;
      addrs.push({ ip: f.ip_address, prefix });
      routes.push(connectedRoute(plug.ovsName, f.ip_address, prefix));
    }
    if (plug.kind === 'router-gateway') {
      qg = plug.ovsName;
      // floating IPs are keepalived VIPs on qg- (ha_router.add_floating_ip), the master's alone
      if (master)
        for (const f of fips) addrs.push({ ip: f.floating_ip_address, prefix: 32, secondary: true });
    }
    // the agent flushes the link-local address of qr- and qg- and gives it to keepalived
    // (_disable_ipv6_addressing_on_interface): only the master has it
    const linkLocal = master || plug.kind === 'router-ha';
    ifaces.push({
      name: plug.ovsName,
      mac: p.mac_address,
      addrs,
      mtu: plug.network.mtu,
      up: plug.up,
      linkLocal,
    });
    addNamespacePort(b, plug, nsId, ns);
  }
  if (master)
    for (const r of router.routes) {
      const dev = ifaces.find((i) =>
        i.addrs.some((a) => !a.secondary && sameSubnet(r.nexthop, a.ip, a.prefix)),
      );
      if (dev) routes.push(gatewayRoute(cidrOf(r.destination), r.nexthop, dev.name, 'boot'));
    }
  const snat = router.external_gateway_info?.enable_snat ?? false;
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
      nat: routerNat(qg, gwIp, snat, fips),
      // the same tables on every agent hosting it: the iptables manager knows no HA state
      netfilter: routerNetfilter({
        qrs: plugs.filter((p) => p.kind === 'router-interface').map((p) => p.ovsName),
        qg,
        snat,
        metadataPort: METADATA_PORT,
        ingressMark: EXTERNAL_INGRESS_MARK,
      }),
      ingressMark: new Map(qg ? [[qg, EXTERNAL_INGRESS_MARK]] : []),
      listening: { tcp: new Set(master ? [METADATA_PORT] : []), udp: new Set() },
      metadataProxyPort: master ? METADATA_PORT : null,
    }),
  });
  return nsId;
}

/** The namespaces of an HA router on each host its ha- ports name. */
export function realizeHaRouter(b: PlaneBuilder, lk: Lookup, router: Router, plugs: readonly Plug[]): void {
  const byHost = new Map<HostName, Plug[]>();
  for (const p of plugs) {
    const list = byHost.get(p.host);
    if (list) list.push(p);
    else byHost.set(p.host, [p]);
  }
  const instances = haInstances(b.topo, router);
  const active = activeInstance(instances);
  let first: string | null = null;
  for (const inst of instances) {
    const mine = byHost.get(inst.host);
    if (!mine?.some((p) => p.kind === 'router-ha')) continue;
    const nsId = realizeInstance(b, lk, router, inst, mine);
    first ??= nsId;
    // what the cloud reaches the router by: the active instance
    if (inst === active) b.index.nsByRouter.set(router.id, nsId);
  }
  if (!active && first) b.index.nsByRouter.set(router.id, first);
}
