// Where the agents' ports go, as the Neutron server schedules them: routers on network hosts running
// the L3 agent, and DHCP on hosts running the DHCP agent, the way the default schedulers do it: the
// least loaded agent (LeastRoutersScheduler, WeightScheduler). Split from normalize-ports.ts, which
// makes the ports first.
import type { NormalizeContext } from './normalize';
import { dropOvnPorts, scheduleOvn } from './normalize-ovn';
import { generatedPort, hostUuid, UNALLOCATED } from './normalize-ports';
import { groupBy } from './refs';
import { type Host, type HostName, l3AgentMode, type Port, runsAgent } from './types';

/**
 * Where the agents' ports go. A router goes to a network host that runs the L3 agent; each network
 * with DHCP gets dhcp_agents_per_network DHCP ports, on as many hosts running the DHCP agent, whatever
 * their role (a compute node may serve DHCP, as in the admin guide's self-service deployment). Both
 * pick the least loaded host first, as Neutron's schedulers do; ports that name their host keep it.
 */
export function schedule(cx: NormalizeContext): void {
  if (cx.topo.options.mechanism_driver === 'ovn') {
    scheduleOvn(cx);
    return;
  }
  dropOvnPorts(cx);
  const l3Hosts = cx.topo.hosts.filter((h) => h.role === 'network' && runsAgent(h, 'l3'));
  const dhcpHosts = cx.topo.hosts.filter((h) => runsAgent(h, 'dhcp'));
  const hostsByName = cx.hostRegistry();
  const pick = (hosts: readonly Host[], load: Map<string, number>, not: ReadonlySet<string> = new Set()) => {
    let best: HostName | null = null;
    for (const h of hosts)
      if (!not.has(h.name) && (best === null || (load.get(h.name) ?? 0) < (load.get(best) ?? 0)))
        best = h.name;
    if (best) load.set(best, (load.get(best) ?? 0) + 1);
    return best;
  };
  const checkGiven = (port: Port, i: number, agent: 'l3' | 'dhcp') => {
    const given = port['binding:host_id'];
    if (given === null) return null;
    const host = hostsByName.get(given);
    const ok = host && runsAgent(host, agent) && (agent === 'dhcp' || host.role === 'network');
    if (!ok) {
      cx.errors.add(
        `ports[${i}].binding:host_id`,
        given,
        agent === 'l3'
          ? 'must be a network host running the L3 agent, for a router port'
          : 'must be a host running the DHCP agent (neutron-dhcp-agent in its agents), for a DHCP port',
      );
      return null;
    }
    return given;
  };
  // each port's index, and the ports of each router and each network, in the topology's order
  const at = new Map(cx.topo.ports.map((p, i) => [p, i]));
  const byDevice = groupBy(cx.topo.ports, (p) => p.device_id as string);
  const byNetwork = groupBy(cx.topo.ports, (p) => p.network_id as string);
  const routerLoad = new Map<string, number>();
  for (const router of cx.topo.routers) {
    // an HA router's agents are its ha- ports' hosts, and its ports follow the active one (normalize-ha)
    if (router.ha && !router.distributed) continue;
    const ports = (byDevice.get(router.id) ?? []).filter(
      (p) => p.device_owner === 'network:router_interface' || p.device_owner === 'network:router_gateway',
    );
    if (ports.length === 0) continue;
    if (router.distributed) {
      scheduleDistributed(cx, ports, routerLoad, pick, router.ha);
      continue;
    }
    const given = ports.map((p) => checkGiven(p, at.get(p)!, 'l3')).find((h) => h !== null) ?? null;
    const host = given ?? pick(l3Hosts, routerLoad);
    if (given) routerLoad.set(given, (routerLoad.get(given) ?? 0) + 1);
    if (!host)
      cx.warnings.push(`router ${router.name} is not hosted: no network host of the cloud runs the L3 agent`);
    for (const p of ports) p['binding:host_id'] = host;
  }
  const dhcpLoad = new Map<string, number>();
  const wanted = cx.topo.options.dhcp_agents_per_network;
  const subnetsOf = groupBy(cx.topo.subnets, (s) => s.network_id as string);
  /** the DHCP ports of the networks with DHCP off on every subnet: the agents let them go */
  const dropped = new Set<Port>();
  for (const net of cx.topo.networks) {
    const dhcpSubnets = (subnetsOf.get(net.id) ?? []).filter((s) => s.enable_dhcp);
    const existing = (byNetwork.get(net.id) ?? []).filter((p) => p.device_owner === 'network:dhcp');
    if (dhcpSubnets.length === 0) {
      for (const p of existing) dropped.add(p);
      continue;
    }
    const served = new Set<string>();
    for (const port of existing) {
      // The DHCP port holds one address on each DHCP-enabled subnet, as the agent keeps it
      // (DeviceManager.setup): kept where it has one, asked for where it has none, dropped elsewhere.
      const kept = port.fixed_ips.filter((f) => dhcpSubnets.some((d) => d.id === f.subnet_id));
      for (const d of dhcpSubnets)
        if (!kept.some((f) => f.subnet_id === d.id)) kept.push({ subnet_id: d.id, ip_address: UNALLOCATED });
      port.fixed_ips = kept;
      const host = checkGiven(port, at.get(port)!, 'dhcp') ?? pick(dhcpHosts, dhcpLoad, served);
      if (host) dhcpLoad.set(host, (dhcpLoad.get(host) ?? 0) + (port['binding:host_id'] === host ? 1 : 0));
      port['binding:host_id'] = host;
      if (host) served.add(host);
      if (host && !port.device_id) port.device_id = `dhcp${hostUuid(host)}-${net.id}`;
    }
    while (served.size < wanted) {
      const host = pick(dhcpHosts, dhcpLoad, served);
      if (!host) break;
      served.add(host);
      cx.topo.ports.push(
        generatedPort(cx, {
          network_id: net.id,
          project_id: net.project_id,
          device_owner: 'network:dhcp',
          device_id: `dhcp${hostUuid(host)}-${net.id}`,
          'binding:host_id': host,
          fixed_ips: dhcpSubnets.map((s) => ({ subnet_id: s.id, ip_address: UNALLOCATED })),
        }),
      );
    }
    if (served.size === 0)
      cx.warnings.push(`network ${net.name} has DHCP enabled but no host runs a DHCP agent`);
  }
  if (dropped.size) cx.topo.ports = cx.topo.ports.filter((p) => !dropped.has(p));
}

/**
 * A distributed router (neutron-facts-beyond §1.2): its interfaces are bound on many hosts at once (see
 * dvr.ts dvrBindings), so their binding:host_id stays null as Neutron leaves it; its gateway port, and the
 * SNAT that goes with it, is scheduled on a host whose L3 agent runs in dvr_snat mode, the least loaded.
 */
function scheduleDistributed(
  cx: NormalizeContext,
  ports: Port[],
  load: Map<string, number>,
  pick: (hosts: readonly Host[], load: Map<string, number>) => HostName | null,
  ha: boolean,
): void {
  const t = cx.topo;
  const snatHosts = t.hosts.filter((h) => runsAgent(h, 'l3') && l3AgentMode(t, h) === 'dvr_snat');
  for (const p of ports) if (p.device_owner === 'network:router_interface') p['binding:host_id'] = null;
  const gw = ports.find((p) => p.device_owner === 'network:router_gateway');
  if (!gw || ha) return; // an HA one's follows its active instance (normalize-ha.ts bindHaRouterPorts)
  const given = gw['binding:host_id'];
  // a host that no longer fits (its mode changed, the router was legacy) is scheduled again
  if (given && snatHosts.some((h) => h.name === given)) load.set(given, (load.get(given) ?? 0) + 1);
  else gw['binding:host_id'] = pick(snatHosts, load);
}
