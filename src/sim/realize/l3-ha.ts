import { qrouterNs } from '../addr/naming';
import { activeInstance, type HaInstance, haInstances } from '../model/ha';
import type { HostName, Router } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { Iface, IfaceAddr, StackRoute } from './dataplane';
import { primaryVip } from './keepalived';
import { addNamespacePort, type Lookup, type Plug } from './plan';
import { addQrouterNamespace, extraRoutes } from './qrouter-ns';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute } from './stack';

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
  if (master) routes.push(...extraRoutes(router, ifaces));
  addQrouterNamespace(b, { nsId, ns, host, router, ifaces, routes, plugs, qg, gwIp, fips, proxy: master });
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
