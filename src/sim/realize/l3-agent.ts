// The legacy L3 agent on a network host (neutron-facts §8): a qrouter-<router id> namespace for every
// router that has an interface or a gateway, with a qr- port on each subnet's gateway IP, one qg- port
// holding the gateway address and the floating IPs as /32s, the routes, and the iptables nat rules.
import { cidrOf } from '../addr/ipv4';
import { qrouterNs } from '../addr/naming';
import { type FloatingIp, type Router, routerFlavour } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { Iface, IptMatch, IptRule, IptTable, IptTarget, StackRoute } from './dataplane';
import { targetText } from './iptables-hybrid';
import { realizeDistributedRouters } from './l3-dvr';
import { realizeHaRouter } from './l3-ha';
import { addNamespacePort, type Lookup, type Plug } from './plan';
import { addQrouterNamespace, extraRoutes } from './qrouter-ns';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute } from './stack';

/** external_ingress_mark (neutron/conf/agent/l3/config.py) */
export const EXTERNAL_INGRESS_MARK = 0x2;

/** The mangle rule that marks what comes in by an interface (neutron-l3-agent-mark), as iptables -S
 * prints it: shown by the terminal, and as a rule of the hop it marked. */
export const ingressMarkRule = (dev: string, mark: number): string =>
  `-A neutron-l3-agent-mark -i ${dev} -j MARK --set-xmark 0x${mark.toString(16)}/0xffff`;
/** metadata_port: the haproxy metadata proxy in the namespace */
export const METADATA_PORT = 9697;

/** The SNAT rules end in --random-fully: the agent adds it when `iptables --version` is 1.6.2 or later
 * (IPTABLES_RANDOM_FULLY_VERSION) and use_random_fully is True (its default); the hosts modelled run
 * iptables 1.8.10 (router_info.py floating_forward_rules, external_gateway_nat_*_rules). */
export const RANDOM_FULLY = true;

export function natRule(chain: string, match: IptMatch, target: IptTarget, text: string): IptRule {
  return { chain, match, target, text: `-A ${chain} ${text}${text ? ' ' : ''}${targetText(target)}` };
}

/** The nat table of a legacy router (router_info.py and legacy_router.py). */
export function routerNat(
  qg: string | null,
  gwIp: string | null,
  snat: boolean,
  fips: readonly FloatingIp[],
): IptTable {
  const pre: IptRule[] = [
    natRule(
      'neutron-l3-agent-PREROUTING',
      { dst: cidrOf('169.254.169.254/32'), inIface: 'qr-+', proto: 'tcp', dportMin: 80, dportMax: 80 },
      { t: 'redirect', port: METADATA_PORT },
      '-d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80',
    ),
  ];
  const out: IptRule[] = [];
  const floatSnat: IptRule[] = [];
  for (const f of fips) {
    if (!f.fixed_ip_address) continue;
    const dnat: IptTarget = { t: 'dnat', to: f.fixed_ip_address };
    pre.push(
      natRule(
        'neutron-l3-agent-PREROUTING',
        { dst: cidrOf(`${f.floating_ip_address}/32`) },
        dnat,
        `-d ${f.floating_ip_address}/32`,
      ),
    );
    out.push(
      natRule(
        'neutron-l3-agent-OUTPUT',
        { dst: cidrOf(`${f.floating_ip_address}/32`) },
        dnat,
        `-d ${f.floating_ip_address}/32`,
      ),
    );
    floatSnat.push(
      natRule(
        'neutron-l3-agent-float-snat',
        { src: cidrOf(`${f.fixed_ip_address}/32`) },
        { t: 'snat', to: f.floating_ip_address, randomFully: RANDOM_FULLY },
        `-s ${f.fixed_ip_address}/32`,
      ),
    );
  }
  const post: IptRule[] = [];
  const snatChain: IptRule[] = [
    natRule('neutron-l3-agent-snat', {}, { t: 'jump', chain: 'neutron-l3-agent-float-snat' }, ''),
  ];
  if (qg && gwIp) {
    post.push(
      natRule(
        'neutron-l3-agent-POSTROUTING',
        { notOutIface: qg, ctstate: '!DNAT' },
        { t: 'accept' },
        `! -o ${qg} -m conntrack ! --ctstate DNAT`,
      ),
    );
    // the SNAT of everything leaving by qg only with enable_snat (external_gateway_nat_snat_rules); the
    // hairpin rule for floating IPs reached from inside whatever it says (external_gateway_nat_fip_rules,
    // added outside the `if self._snat_enabled` of router_info.py _add_snat_rules)
    if (snat)
      snatChain.push(
        natRule(
          'neutron-l3-agent-snat',
          { outIface: qg },
          { t: 'snat', to: gwIp, randomFully: RANDOM_FULLY },
          `-o ${qg}`,
        ),
      );
    snatChain.push(
      natRule(
        'neutron-l3-agent-snat',
        { notMark: EXTERNAL_INGRESS_MARK, ctstate: 'DNAT' },
        { t: 'snat', to: gwIp, randomFully: RANDOM_FULLY },
        `-m mark ! --mark 0x${EXTERNAL_INGRESS_MARK.toString(16)}/0xffff -m conntrack --ctstate DNAT`,
      ),
    );
  }
  const jump = (chain: string, to: string, comment = '') =>
    natRule(chain, {}, { t: 'jump', chain: to }, comment);
  return {
    chains: new Map<string, IptRule[]>([
      ['PREROUTING', [jump('PREROUTING', 'neutron-l3-agent-PREROUTING')]],
      ['OUTPUT', [jump('OUTPUT', 'neutron-l3-agent-OUTPUT')]],
      [
        'POSTROUTING',
        [
          jump('POSTROUTING', 'neutron-l3-agent-POSTROUTING'),
          jump('POSTROUTING', 'neutron-postrouting-bottom'),
        ],
      ],
      ['neutron-l3-agent-PREROUTING', pre],
      ['neutron-l3-agent-OUTPUT', out],
      ['neutron-l3-agent-POSTROUTING', post],
      [
        'neutron-postrouting-bottom',
        [
          jump(
            'neutron-postrouting-bottom',
            'neutron-l3-agent-snat',
            '-m comment --comment "Perform source NAT on outgoing traffic."',
          ),
        ],
      ],
      ['neutron-l3-agent-snat', snatChain],
      ['neutron-l3-agent-float-snat', floatSnat],
    ]),
  };
}

function realizeRouter(b: PlaneBuilder, lk: Lookup, router: Router, plugs: Plug[]): void {
  const host = plugs[0]!.host;
  const ns = qrouterNs(router.id);
  const nsId = devId(host, ns);
  const ifaces: Iface[] = [];
  const routes: StackRoute[] = [];
  let qg: string | null = null;
  let gwIp: string | null = null;
  const fips = b.topo.floatingips.filter((f) => f.router_id === router.id && f.port_id);
  for (const plug of plugs) {
    const p = plug.port;
    const addrs: { ip: string; prefix: number; secondary?: boolean }[] = [];
    for (const f of p.fixed_ips) {
      const sub = lk.subnets.get(f.subnet_id)!;
      const prefix = lk.cidrs.get(sub.id)!.prefix;
      addrs.push({ ip: f.ip_address, prefix });
      routes.push(connectedRoute(plug.ovsName, f.ip_address, prefix));
      if (plug.kind === 'router-gateway' && sub.gateway_ip && !gwIp) {
        gwIp = f.ip_address;
        routes.push(gatewayRoute(DEFAULT_ROUTE, sub.gateway_ip, plug.ovsName, 'static'));
      }
    }
    if (plug.kind === 'router-gateway') {
      qg = plug.ovsName;
      gwIp ??= p.fixed_ips[0]?.ip_address ?? null;
      // floating IPs are added to qg as /32 (legacy_router.add_floating_ip)
      for (const f of fips) addrs.push({ ip: f.floating_ip_address, prefix: 32, secondary: true });
    }
    ifaces.push({ name: plug.ovsName, mac: p.mac_address, addrs, mtu: plug.network.mtu, up: plug.up });
    addNamespacePort(b, plug, nsId, ns);
  }
  routes.push(...extraRoutes(router, ifaces));
  addQrouterNamespace(b, { nsId, ns, host, router, ifaces, routes, plugs, qg, gwIp, fips, proxy: true });
  b.index.nsByRouter.set(router.id, nsId);
}

export function realizeRouters(b: PlaneBuilder, lk: Lookup, plugs: readonly Plug[]): void {
  // Each router's plugs in plug order, gathered in one pass rather than one scan per router.
  const byRouter = new Map<string, Plug[]>();
  for (const p of plugs) {
    if (!p.router || p.kind === 'vm' || p.kind === 'dhcp') continue;
    const list = byRouter.get(p.router.id);
    if (list) list.push(p);
    else byRouter.set(p.router.id, [p]);
  }
  // distributed routers share the fip namespaces of their hosts: built together, after the loop
  const distributed: { router: Router; plugs: Plug[] }[] = [];
  for (const router of b.topo.routers) {
    // A qrouter namespace exists only once the router has an interface or a gateway (neutron-facts §8).
    const mine = byRouter.get(router.id);
    if (!mine) continue;
    // the one place a router's kind picks the code that builds it
    switch (routerFlavour(router)) {
      case 'legacy':
        realizeRouter(b, lk, router, mine);
        break;
      // a distributed HA router is a distributed router whose snat namespace keepalived keeps
      case 'dvr':
      case 'dvr-ha':
        distributed.push({ router, plugs: mine });
        break;
      case 'ha':
        realizeHaRouter(b, lk, router, mine);
        break;
    }
  }
  if (distributed.length) realizeDistributedRouters(b, lk, distributed, plugs);
}
