// Which hosts an edit reaches: what an incremental realize (incremental.ts) must rebuild, worked out
// from the two topologies and where each plugged its ports. It errs on the wide side: a host it names
// that did not change is rebuilt for nothing, a host it misses would keep stale devices. What it cannot
// bound to a few hosts (options, hosts, the outside world, distributed routers, ML2/OVN) is 'all'.
import { distributedRouting, type HostName, type Topology } from '../model/types';
import { samePlain } from '../plain-data';
import type { Plug } from './plan';

/**
 * The hosts to rebuild, and the ports whose hybrid firewall (the iptables chains on their qbr) to
 * write again where their host is kept; or 'all' for a full realize.
 */
export type EditScope =
  | {
      /** the hosts whose devices are all built again */
      readonly hosts: ReadonlySet<HostName>;
      /** the hosts whose OVS agent alone builds again (br-int, br-tun, its tunnels, the provider
       *  bridges): l2population's entries of a network changed there, nothing else */
      readonly l2: ReadonlySet<HostName>;
      readonly firewalls: ReadonlySet<string>;
    }
  | 'all';

/** Beyond this share of the hosts, a full realize costs no more than the incremental one. */
export const MOST_HOSTS = 0.5;

/** What lies between the runs of items alike at both ends of two lists (kept, in order, by both). */
function between<T>(a: readonly T[], b: readonly T[], alike: (x: T, y: T) => boolean): [T[], T[]] {
  let head = 0;
  while (head < a.length && head < b.length && alike(a[head]!, b[head]!)) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    alike(a[a.length - 1 - tail]!, b[b.length - 1 - tail]!)
  )
    tail++;
  return [a.slice(head, a.length - tail), b.slice(head, b.length - tail)];
}

/**
 * The items of a list that differ between two versions (added, removed or changed: both versions of
 * a changed item), or null when the items both keep are no longer in the same order: order counts
 * (a host's ports take their OpenFlow port numbers, its VMs their conntrack zones, in list order).
 */
function changed<T extends { id: string }>(all: readonly T[], allAfter: readonly T[]): T[] | null {
  // An edit's topology shares every item it left as it was with the one before (model/load.ts
  // loadEdit): only what lies between the runs of the same objects at both ends is compared, instead
  // of indexing the thousands of ports of a large cloud.
  const [before, after] = between(all, allAfter, (x, y) => x === y);
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  const out: T[] = [];
  const keptBefore: string[] = [];
  for (const x of before) {
    const y = now.get(x.id);
    if (!y) out.push(x);
    else {
      keptBefore.push(x.id);
      if (!samePlain(x, y)) out.push(x, y);
    }
  }
  let k = 0;
  for (const y of after) {
    if (!old.has(y.id)) out.push(y);
    else if (keptBefore[k++] !== y.id) return null;
  }
  return out;
}

const plugKey = (p: Plug) => `${p.port.id}|${p.host}`;
const plugState = (p: Plug) => `${p.network.id}|${p.kind}|${p.ovsName}|${p.up}|${p.replicated ?? false}`;

/** The same plug: the same port object plugged alike (a network changed counts as a change). */
const samePlug = (a: Plug, b: Plug) =>
  a.port === b.port &&
  a.host === b.host &&
  a.network === b.network &&
  a.kind === b.kind &&
  a.ovsName === b.ovsName &&
  a.up === b.up &&
  a.replicated === b.replicated;

/** The networks of the plugs that one plane has and the other has not, or has otherwise. */
function changedPlugNetworks(all: readonly Plug[], allAfter: readonly Plug[]): Set<string> {
  // plugs come in the order of the topology's ports, which an edit shares but for what it changed
  const [before, after] = between(all, allAfter, samePlug);
  const out = new Set<string>();
  const old = new Map(before.map((p) => [plugKey(p), p]));
  for (const p of after) {
    const q = old.get(plugKey(p));
    old.delete(plugKey(p));
    if (!q || plugState(q) !== plugState(p)) {
      out.add(p.network.id);
      if (q) out.add(q.network.id);
    }
  }
  for (const q of old.values()) out.add(q.network.id);
  return out;
}

/** key -> the hosts of the plugs filed under it */
class HostsBy {
  readonly map = new Map<string, Set<HostName>>();
  add(key: string | undefined, host: HostName): void {
    if (key === undefined) return;
    const s = this.map.get(key);
    if (s) s.add(host);
    else this.map.set(key, new Set([host]));
  }
  into(key: string, hosts: Set<HostName>): void {
    for (const h of this.map.get(key) ?? []) hosts.add(h);
  }
}

/**
 * The hosts whose devices may differ between the planes of `before` and `after`, each plugged as
 * `plugsBefore` and `plugsAfter` say:
 * - a changed port: its host, its router, its security groups (below), its network's DHCP hosts
 *   (the leases), and the OVS agent alone on the other hosts with a port on its network
 *   (l2population's flood and unicast flows on br-tun); every host of the network for a DHCP port
 *   (the guests' lease servers);
 * - a changed network or subnet: every host with a port on the network (the guests' routes, MTU...);
 * - a changed router or floating IP: the router's hosts; a changed VM: its host;
 * - a changed security group: its members' firewalls (iptables_hybrid), or their hosts (openvswitch,
 *   whose flows are on br-int); with openvswitch, a group whose members changed: the hosts of the
 *   members of every group with a rule naming it as remote group (the flows list their addresses);
 * - a router or a network's DHCP is rebuilt whole: a host of one brings in all of its hosts.
 */
export function editScope(
  before: Topology,
  after: Topology,
  plugsBefore: readonly Plug[],
  plugsAfter: readonly Plug[],
  mostHosts = MOST_HOSTS,
): EditScope {
  if (
    before.options.mechanism_driver === 'ovn' ||
    after.options.mechanism_driver === 'ovn' ||
    distributedRouting(before) ||
    distributedRouting(after)
  )
    return 'all';
  for (const k of ['format', 'version', 'seed', 'options', 'hosts', 'projects', 'outside'] as const)
    if (!samePlain(before[k], after[k])) return 'all';
  const networks = changed(before.networks, after.networks);
  const subnets = changed(before.subnets, after.subnets);
  const ports = changed(before.ports, after.ports);
  const servers = changed(before.servers, after.servers);
  const routers = changed(before.routers, after.routers);
  const fips = changed(before.floatingips, after.floatingips);
  const groups = changed(before.security_groups, after.security_groups);
  if (!networks || !subnets || !ports || !servers || !routers || !fips || !groups) return 'all';

  const hosts = new Set<HostName>();
  const nets = new Set<string>(networks.map((n) => n.id));
  for (const s of subnets) nets.add(s.network_id);
  const dirtyRouters = new Set<string>(routers.map((r) => r.id));
  const ruled = new Set<string>(groups.map((g) => g.id));
  const members = new Set<string>();
  const serverHost = new Map<string, HostName>();
  for (const s of [...before.servers, ...after.servers]) serverHost.set(s.id, s.host);
  /** networks whose ports changed: l2population's entries, the DHCP leases */
  const l2nets = new Set<string>();
  for (const p of ports) {
    if (p.device_owner === 'network:dhcp') nets.add(p.network_id);
    else l2nets.add(p.network_id);
    const bound = p['binding:host_id'];
    if (bound) hosts.add(bound);
    const vmHost = serverHost.get(p.device_id);
    if (vmHost) hosts.add(vmHost);
    dirtyRouters.add(p.device_id);
    for (const g of p.security_groups) members.add(g);
  }
  for (const s of servers) hosts.add(s.host);
  for (const f of fips) if (f.router_id) dirtyRouters.add(f.router_id);
  // the hybrid driver's rules name a remote group's ipset, whose members are the plane's (ipsets); the
  // openvswitch driver writes a flow per member address on each host using the group
  const driver = [before, after].some((t) => t.options.firewall_driver === 'openvswitch');
  if (driver)
    for (const t of [before, after])
      for (const g of t.security_groups)
        if (g.rules.some((r) => r.remote_group_id && members.has(r.remote_group_id))) ruled.add(g.id);

  const byNetwork = new HostsBy();
  const byRouter = new HostsBy();
  const byGroup = new HostsBy();
  const dhcpByNetwork = new HostsBy();
  for (const p of [...plugsBefore, ...plugsAfter]) {
    byNetwork.add(p.network.id, p.host);
    byRouter.add(p.router?.id, p.host);
    if (p.kind === 'vm') for (const g of p.port.security_groups) byGroup.add(g, p.host);
    if (p.kind === 'dhcp') dhcpByNetwork.add(p.network.id, p.host);
  }
  // a port plugged, unplugged, or going up or down (its router's or network's state too) changes
  // which hosts have its network (l2population)
  for (const n of changedPlugNetworks(plugsBefore, plugsAfter)) l2nets.add(n);
  for (const n of nets) byNetwork.into(n, hosts);
  for (const n of l2nets) dhcpByNetwork.into(n, hosts);
  for (const r of dirtyRouters) byRouter.into(r, hosts);
  // the hybrid driver's chains of a port are all that its groups' rules change (on the qbr): those
  // are written again, their hosts kept; the openvswitch driver's flows are in br-int, rebuilt
  const firewalls = new Set<string>();
  if (driver) for (const g of ruled) byGroup.into(g, hosts);
  else
    for (const p of plugsAfter)
      if (p.kind === 'vm' && p.port.security_groups.some((g) => ruled.has(g))) firewalls.add(p.port.id);

  // Whole routers and whole DHCP services: an HA router's instances, or a network's DHCP agents,
  // are built together (which instance the index names depends on all of them).
  for (let grew = true; grew; ) {
    const size = hosts.size;
    for (const p of [...plugsBefore, ...plugsAfter]) {
      if (!hosts.has(p.host)) continue;
      if (p.router) byRouter.into(p.router.id, hosts);
      if (p.kind === 'dhcp') dhcpByNetwork.into(p.network.id, hosts);
    }
    grew = hosts.size > size;
  }
  const l2 = new Set<HostName>();
  for (const n of l2nets) byNetwork.into(n, l2);
  for (const h of hosts) l2.delete(h);
  return hosts.size + l2.size > after.hosts.length * mostHosts ? 'all' : { hosts, l2, firewalls };
}
