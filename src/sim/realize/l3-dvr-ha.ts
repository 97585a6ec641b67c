// A distributed HA router's snat namespace (neutron-facts-beyond §1 and §2; config-dvr-ha-snat: "keepalived
// protects the snat- namespace on dvr_snat nodes"; neutron/agent/l3/dvr_edge_ha_router.py): the router is a
// DvrEdgeHaRouter on every dvr_snat host its ha- ports are on, and its ha_namespace is the snat namespace.
// So on each of them snat-<router id> holds the router's ha- port on the HA network, its sg- ports and its
// qg- port. sg- and qg- are one Neutron port each, with the same name and MAC on every host; keepalived
// holds their addresses as VIPs (_add_vips of each SNAT port, _add_gateway_vip) with the default route,
// so only the master has them, and the primary VIP 169.254.0.<vrid>/24 on ha-; a backup keeps its
// interfaces up with no address (§2.3). The iptables rules are the same everywhere. The qrouter
// namespaces stay distributed (l3-dvr.ts): one on every host the router is bound on, its qr- addresses
// on each.
import { haName, snatNs } from '../addr/naming';
import { activeInstance, type HaInstance, haInstances } from '../model/ha';
import type { Router } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { Iface, IfaceAddr, StackRoute } from './dataplane';
import { primaryVip } from './keepalived';
import { EXTERNAL_INGRESS_MARK } from './l3-agent';
import { snatNamespaceNat } from './l3-dvr-nat';
import { addNamespacePort, type Lookup, type Plug } from './plan';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute, makeStack } from './stack';

/** Where the agent plugs them (HaRouter.initialize before the gateway; _create_dvr_gateway plugs the
 * SNAT ports, then qg-): ha-, the sg- ports, qg-. */
const ORDER: Record<string, number> = { 'router-ha': 0, snat: 1, 'router-gateway': 2 };

/** One host's snat namespace: what keepalived has configured there by now. */
function instanceNamespace(
  b: PlaneBuilder,
  lk: Lookup,
  router: Router,
  inst: HaInstance,
  plugs: readonly Plug[],
): string {
  const ns = snatNs(router.id);
  const nsId = devId(inst.host, ns);
  const master = inst.master;
  const ifaces: Iface[] = [];
  const routes: StackRoute[] = [];
  let qg: string | null = null;
  let gwIp: string | null = null;
  for (const plug of [...plugs].sort((x, y) => ORDER[x.kind]! - ORDER[y.kind]!)) {
    const addrs: IfaceAddr[] = [];
    for (const f of plug.port.fixed_ips) {
      const sub = lk.subnets.get(f.subnet_id);
      const prefix = lk.cidrs.get(f.subnet_id)?.prefix;
      if (!sub || prefix === undefined) continue;
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
        // _add_default_gw_virtual_route: keepalived's virtual route, the master's alone
        if (master && sub.gateway_ip)
          routes.push(gatewayRoute(DEFAULT_ROUTE, sub.gateway_ip, plug.ovsName, 'static'));
      }
      if (!master) continue;
      addrs.push({ ip: f.ip_address, prefix });
      routes.push(connectedRoute(plug.ovsName, f.ip_address, prefix));
    }
    if (plug.kind === 'router-gateway') qg = plug.ovsName;
    ifaces.push({
      name: plug.ovsName,
      mac: plug.port.mac_address,
      addrs,
      mtu: plug.network.mtu,
      up: plug.up,
      // external_gateway_added and internal_network_added flush the link-local address of qg- and sg-
      // and hand it to keepalived (_disable_ipv6_addressing_on_interface): only the master has it
      linkLocal: master || plug.kind === 'router-ha',
    });
    addNamespacePort(b, plug, nsId, ns);
  }
  b.add({
    id: nsId,
    kind: 'namespace',
    name: ns,
    host: inst.host,
    namespace: ns,
    routerId: router.id,
    stack: makeStack(ifaces, routes, {
      forwarding: true,
      arpIgnore: 1,
      nat: qg && gwIp ? snatNamespaceNat(qg, gwIp, router.external_gateway_info?.enable_snat ?? false) : null,
      ingressMark: new Map(qg ? [[qg, EXTERNAL_INGRESS_MARK]] : []),
    }),
  });
  return nsId;
}

/**
 * The snat namespaces of a distributed HA router, one per host its ha- ports are on (a router without a
 * gateway too: its ha- port is plugged in the snat namespace all the same, derived from ha_namespace).
 * Returns the active one's id, else the first's, else null.
 */
export function realizeHaSnat(
  b: PlaneBuilder,
  lk: Lookup,
  router: Router,
  plugs: readonly Plug[],
): string | null {
  const instances = haInstances(b.topo, router);
  const active = activeInstance(instances);
  let first: string | null = null;
  let at: string | null = null;
  for (const inst of instances) {
    const mine = plugs.filter((p) => p.host === inst.host && p.kind in ORDER);
    if (!mine.some((p) => p.kind === 'router-ha' && p.ovsName === haName(inst.port.id))) continue;
    const id = instanceNamespace(b, lk, router, inst, mine);
    first ??= id;
    if (inst === active) at = id;
  }
  return at ?? first;
}
