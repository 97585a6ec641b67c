// The floating IP namespace of a host (neutron-facts-beyond §1.2, §1.5; dvr_fip_ns.py): fip-<external
// network id> holds the host's fg- port on the external network, with proxy ARP, and one fpr- end of a
// veth per distributed router, whose rfp- end sits in the router's namespace. Each pair takes a /31 of
// 169.254.64.0/18 (rfp- the even address, fpr- the odd one), and each side knows the other's MAC.
import { type Cidr, cidrOf, intToIp, ipToInt, prefixToMask } from '../addr/ipv4';
import { fipNs, fprName, rfpName } from '../addr/naming';
import { stableMac } from '../addr/stable';
import type { HostName, Router } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { Iface, IpRule, StackRoute, StaticNeigh } from './dataplane';
import { addNamespacePort, type Lookup, type Plug } from './plan';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute, makeStack, withDefaultRules } from './stack';

/** DVR_FIP_LL_CIDR (neutron-lib constants) */
const FIP_LL_BASE = ipToInt('169.254.64.0');
const FIP_LL_PAIRS = 8192;
/** FIP_RT_TBL: the table of a router namespace that sends floating IP traffic to rfp- (dvr_fip_ns.py) */
export const FIP_RT_TBL = 16;

/** The rfp-/fpr- pair of one router on one host. */
export interface RouterLink {
  readonly rfp: string;
  readonly fpr: string;
  readonly rfpIp: string;
  readonly fprIp: string;
  readonly rfpMac: string;
  readonly fprMac: string;
  readonly mtu: number;
}

interface FipDraft {
  readonly fg: Plug;
  readonly ifaces: Iface[];
  readonly routes: StackRoute[];
  readonly rules: IpRule[];
  readonly tables: Map<number, StackRoute[]>;
  readonly neigh: Map<string, StaticNeigh>;
  /** the external subnet's gateway, the next hop of every table */
  readonly gateway: string | null;
}

const ruleFrom = (ip: string, prefix: number): Cidr => {
  const mask = prefixToMask(prefix);
  const net = (ipToInt(ip) & mask) >>> 0;
  return { net, prefix, mask, text: `${intToIp(net)}/${prefix}` };
};

/** A `from <ip/prefix>` selector as Neutron gives it (host bits kept; `ip rule` shows them). */
export function fromSelector(ip: string, prefix: number): Pick<IpRule, 'from' | 'fromText'> {
  return { from: ruleFrom(ip, prefix), fromText: prefix === 32 ? ip : `${ip}/${prefix}` };
}

/** The fip namespaces of a cloud being built: one per (host, external network) with an fg- port. */
export class FipNamespaces {
  private readonly drafts = new Map<string, FipDraft>();
  /** the next free /31 of each host (LinkLocalAllocator, first fit) */
  private readonly nextPair = new Map<HostName, number>();

  constructor(
    private readonly b: PlaneBuilder,
    lk: Lookup,
    plugs: readonly Plug[],
  ) {
    for (const p of plugs) {
      if (p.kind !== 'fip-gateway') continue;
      const f = p.port.fixed_ips[0];
      const sub = f ? lk.subnets.get(f.subnet_id) : undefined;
      const prefix = sub ? lk.cidrs.get(sub.id)!.prefix : 32;
      const ifaces: Iface[] = [
        {
          name: p.ovsName,
          mac: p.port.mac_address,
          addrs: f ? [{ ip: f.ip_address, prefix }] : [],
          mtu: p.network.mtu,
          up: p.up,
        },
      ];
      this.drafts.set(`${p.host}|${p.network.id}`, {
        fg: p,
        ifaces,
        routes: f ? [connectedRoute(p.ovsName, f.ip_address, prefix)] : [],
        rules: [],
        tables: new Map(),
        neigh: new Map(),
        gateway: sub?.gateway_ip ?? null,
      });
    }
  }

  /** Whether the host has a fip namespace for that external network. */
  has(host: HostName, network: string): boolean {
    return this.drafts.has(`${host}|${network}`);
  }

  /**
   * Joins a router's namespace on a host to the fip namespace: the veth's fpr- end with its /31, the
   * rule `iif fpr- lookup n` (n the integer of the fpr- address, _get_snat_idx) whose table n sends out
   * fg- to the external gateway, and a route back to each floating IP of the host via rfp-.
   */
  connect(host: HostName, network: string, router: Router, fips: readonly string[]): RouterLink | null {
    const d = this.drafts.get(`${host}|${network}`);
    if (!d) return null;
    const i = this.nextPair.get(host) ?? 0;
    if (i >= FIP_LL_PAIRS) return null;
    this.nextPair.set(host, i + 1);
    const rfpIp = intToIp(FIP_LL_BASE + 2 * i);
    const fprIp = intToIp(FIP_LL_BASE + 2 * i + 1);
    const link: RouterLink = {
      rfp: rfpName(router.id),
      fpr: fprName(router.id),
      rfpIp,
      fprIp,
      rfpMac: stableMac(`${host}|${rfpName(router.id)}`),
      fprMac: stableMac(`${host}|${fprName(router.id)}`),
      mtu: d.fg.network.mtu,
    };
    d.ifaces.push({
      name: link.fpr,
      mac: link.fprMac,
      addrs: [{ ip: fprIp, prefix: 31 }],
      mtu: link.mtu,
      up: true,
    });
    d.routes.push(connectedRoute(link.fpr, fprIp, 31));
    // floating_ip_added_dist: <FIP>/32 via <rfp IP> dev fpr- in the main table
    for (const fip of fips) {
      const r = gatewayRoute(cidrOf(`${fip}/32`), rfpIp, link.fpr, 'boot');
      d.routes.push({ ...r, text: `${fip} via ${rfpIp} dev ${link.fpr}` }); // ip route leaves out a /32
    }
    const n = ipToInt(fprIp);
    d.rules.push({ priority: n, from: null, iif: link.fpr, table: n });
    if (d.gateway) d.tables.set(n, [gatewayRoute(DEFAULT_ROUTE, d.gateway, d.fg.ovsName, 'boot')]);
    d.neigh.set(rfpIp, { mac: link.rfpMac, iface: link.fpr });
    return link;
  }

  /** Adds the namespaces and links each fpr- end to its rfp- end in the router namespace given. */
  build(links: readonly { host: HostName; network: string; link: RouterLink; routerNs: string }[]): void {
    for (const d of this.drafts.values()) {
      const ns = fipNs(d.fg.network.id);
      const nsId = devId(d.fg.host, ns);
      addNamespacePort(this.b, d.fg, nsId, ns);
      // the rules are those every namespace starts with, then one per router (priority = its index)
      const rules: IpRule[] = withDefaultRules(d.rules);
      this.b.add({
        id: nsId,
        kind: 'namespace',
        name: ns,
        host: d.fg.host,
        namespace: ns,
        networkId: d.fg.network.id,
        stack: makeStack(d.ifaces, d.routes, {
          forwarding: true,
          arpIgnore: 1,
          rules,
          tables: d.tables,
          staticNeigh: d.neigh,
          // proxy_arp=1 on fg- (_create_gateway_port); no conntrack in the namespace (CT --notrack)
          proxyArp: new Set([d.fg.ovsName]),
        }),
      });
    }
    for (const l of links) this.b.link(l.routerNs, l.link.rfp, devId(l.host, fipNs(l.network)), l.link.fpr);
  }
}
