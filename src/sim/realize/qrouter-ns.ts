// The qrouter namespace of a legacy router, or of one agent's instance of an HA router: a forwarding
// stack that answers ARP only for its own addresses (arp_ignore=1), with the router's NAT, the agent's
// raw, mangle and filter tables, the mark on what comes in by qg-, and the metadata proxy where the
// router is served (neutron-facts §8; an HA backup runs no proxy, neutron-facts-beyond §2).
import { cidrOf, ipToInt, prefixToMask } from '../addr/ipv4';
import type { FloatingIp, HostName, Router } from '../model/types';
import type { PlaneBuilder } from './builder';
import type { Iface, StackRoute } from './dataplane';
import { EXTERNAL_INGRESS_MARK, METADATA_PORT, routerNat } from './l3-agent';
import { routerNetfilter } from './l3-iptables';
import type { Plug } from './plan';
import { gatewayRoute, makeStack } from './stack';

function sameSubnet(a: string, b: string, prefix: number): boolean {
  const m = prefixToMask(prefix);
  return (ipToInt(a) & m) >>> 0 === (ipToInt(b) & m) >>> 0;
}

/** The router's extra routes, each out of the interface whose subnet holds its next hop, as the agent
 * adds them (router_info.py routes_updated: ip route replace <destination> via <nexthop>). */
export function extraRoutes(router: Router, ifaces: readonly Iface[]): StackRoute[] {
  return router.routes.flatMap((r) => {
    const dev = ifaces.find((i) =>
      i.addrs.some((a) => !a.secondary && sameSubnet(r.nexthop, a.ip, a.prefix)),
    );
    return dev ? [gatewayRoute(cidrOf(r.destination), r.nexthop, dev.name, 'boot')] : [];
  });
}

export interface QrouterNamespace {
  nsId: string;
  ns: string;
  host: HostName;
  router: Router;
  ifaces: Iface[];
  routes: StackRoute[];
  /** the router's plugs on this host (its qr- ports name the scope rules) */
  plugs: readonly Plug[];
  qg: string | null;
  gwIp: string | null;
  fips: readonly FloatingIp[];
  /** the metadata proxy (haproxy on metadata_port) runs here: every legacy router, an HA router's
   * active instance */
  proxy: boolean;
}

export function addQrouterNamespace(b: PlaneBuilder, q: QrouterNamespace): void {
  const snat = q.router.external_gateway_info?.enable_snat ?? false;
  b.add({
    id: q.nsId,
    kind: 'namespace',
    name: q.ns,
    host: q.host,
    namespace: q.ns,
    routerId: q.router.id,
    stack: makeStack(q.ifaces, q.routes, {
      forwarding: true,
      arpIgnore: 1,
      nat: routerNat(q.qg, q.gwIp, snat, q.fips),
      // the same tables on every agent hosting a router: the iptables manager knows no HA state
      netfilter: routerNetfilter({
        qrs: q.plugs.filter((p) => p.kind === 'router-interface').map((p) => p.ovsName),
        qg: q.qg,
        snat,
        metadataPort: METADATA_PORT,
        ingressMark: EXTERNAL_INGRESS_MARK,
      }),
      ingressMark: new Map(q.qg ? [[q.qg, EXTERNAL_INGRESS_MARK]] : []),
      // the agent runs a metadata proxy (haproxy) in a served router namespace on metadata_port
      // (neutron/agent/metadata/driver.py); the nat REDIRECT of §8 sends instances' requests to it
      listening: { tcp: new Set(q.proxy ? [METADATA_PORT] : []), udp: new Set() },
      metadataProxyPort: q.proxy ? METADATA_PORT : null,
    }),
  });
}
