// Ports, as the Neutron server creates them: the user's ports (VM, router interface, gateway, DHCP),
// plus the router gateway port of every router with external_gateway_info and the DHCP port of every
// network with a DHCP-enabled subnet. Routers are scheduled on network hosts running the L3 agent, and
// DHCP on hosts running the DHCP agent, the way the default schedulers do it: the least loaded agent
// (LeastRoutersScheduler, WeightScheduler).
import { isIpv4 } from '../addr/ipv4';
import { BROADCAST_MAC, isMac, normalizeMac, ZERO_MAC } from '../addr/mac';
import { hashText, seededBytes, uuid4From } from '../addr/random';
import type { NormalizeContext } from './normalize';
import { dropOvnPorts, scheduleOvn } from './normalize-ovn';
import { Registry } from './refs';
import type { PortInput } from './schema';
import {
  type DeviceOwner,
  type FixedIp,
  type Host,
  type HostName,
  l3AgentMode,
  type Network,
  type Port,
  type PortId,
  type ProjectId,
  type Router,
  runsAgent,
  type SecurityGroupId,
  type SubnetId,
} from './types';

/** A fixed IP whose address may still be '' (to be allocated). */
export const UNALLOCATED = '';

/** neutron-lib INVALID_MAC_ADDRESSES: validate_mac_address refuses these even though they are well formed. */
const UNUSABLE_MACS: readonly string[] = [ZERO_MAC, BROADCAST_MAC];

interface Refs {
  networks: Registry<Network>;
  subnets: Registry<{ id: string; name: string; network_id: string; enable_dhcp: boolean }>;
  routers: Registry<Router>;
  servers: Registry<{ id: string; name: string; host: string; project_id: string }>;
}

function resolveGateways(cx: NormalizeContext, refs: Refs): void {
  (cx.input.routers ?? []).forEach((r, i) => {
    const info = r.external_gateway_info;
    const router = cx.topo.routers[i];
    if (!info || !router) return;
    const path = `routers[${i}].external_gateway_info`;
    const net = refs.networks.resolve(info.network_id, `${path}.network_id`, cx.errors);
    if (!net) return;
    if (!net['router:external']) {
      cx.errors.add(
        `${path}.network_id`,
        info.network_id,
        `is network ${net.name}, which is not external (router:external is false)`,
      );
      return;
    }
    const ips: FixedIp[] = [];
    (info.external_fixed_ips ?? []).forEach((f, j) => {
      const ip = resolveFixedIp(cx, refs, net, f, `${path}.external_fixed_ips[${j}]`);
      if (ip) ips.push(ip);
    });
    router.external_gateway_info = {
      network_id: net.id,
      enable_snat: info.enable_snat ?? true,
      external_fixed_ips: ips,
    };
  });
}

function resolveFixedIp(
  cx: NormalizeContext,
  refs: Refs,
  net: Network,
  f: { subnet_id?: string | undefined; ip_address?: string | undefined },
  path: string,
): FixedIp | null {
  if (f.ip_address !== undefined && !isIpv4(f.ip_address)) {
    cx.errors.add(`${path}.ip_address`, f.ip_address, 'is not a valid IPv4 address');
    return null;
  }
  if (f.subnet_id !== undefined) {
    const sub = refs.subnets.resolve(f.subnet_id, `${path}.subnet_id`, cx.errors);
    if (!sub) return null;
    if (sub.network_id !== net.id) {
      cx.errors.add(`${path}.subnet_id`, f.subnet_id, `is a subnet of another network, not of ${net.name}`);
      return null;
    }
    return { subnet_id: sub.id as SubnetId, ip_address: f.ip_address ?? UNALLOCATED };
  }
  if (f.ip_address !== undefined) {
    // Neutron finds the subnet of the network that contains the address.
    const sub = cx.topo.subnets.find((s) => s.network_id === net.id && cidrHas(s.cidr, f.ip_address!));
    if (!sub) {
      // unless a subnet of the network was left out for an error of its own
      if (!cx.errors.isRefused('subnet of network', net.id))
        cx.errors.add(`${path}.ip_address`, f.ip_address, `is in no subnet of network ${net.name}`);
      return null;
    }
    return { subnet_id: sub.id, ip_address: f.ip_address };
  }
  cx.errors.add(path, f, 'needs a subnet_id or an ip_address');
  return null;
}

function cidrHas(cidr: string, ip: string): boolean {
  const [a, p] = cidr.split('/');
  const toN = (s: string) => s.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const mask = Number(p) === 0 ? 0 : (0xffffffff << (32 - Number(p))) >>> 0;
  return (toN(ip) & mask) >>> 0 === toN(a ?? '');
}

function defaultSecurityGroup(cx: NormalizeContext, project: string): SecurityGroupId[] {
  const sg = cx.topo.security_groups.find((g) => g.project_id === project && g.name === 'default');
  return sg ? [sg.id] : [];
}

function resolveSecurityGroups(
  cx: NormalizeContext,
  refs: string[],
  project: string,
  path: string,
): SecurityGroupId[] {
  const out: SecurityGroupId[] = [];
  const registry = new Registry('security group', cx.topo.security_groups);
  refs.forEach((ref, k) => {
    // A name is looked up in the port's project first, then (as an admin sees them) among all groups.
    const hit =
      cx.topo.security_groups.find((g) => g.id === ref) ??
      cx.topo.security_groups.find((g) => g.name === ref && g.project_id === project) ??
      registry.resolve(ref, `${path}[${k}]`, cx.errors);
    if (hit) out.push(hit.id);
  });
  return out;
}

function portFromInput(cx: NormalizeContext, refs: Refs, p: PortInput, i: number): Port | null {
  const path = `ports[${i}]`;
  const net = refs.networks.resolve(p.network_id, `${path}.network_id`, cx.errors);
  const id = cx.id<PortId>('port', p.id, `${path}.id`);
  if (!net) {
    // a floating IP on this port says nothing more
    cx.errors.refuse('port', p.id, p.name);
    return null;
  }
  // a distributed router's interface is stored as any router's: its router says it is distributed (dvr.ts)
  const owner = (
    p.device_owner === 'network:router_interface_distributed'
      ? 'network:router_interface'
      : (p.device_owner ?? 'compute:nova')
  ) as DeviceOwner;
  let project = net.project_id as string;
  let deviceId = p.device_id ?? '';
  let host: string | null = p['binding:host_id'] ?? null;
  if (owner.startsWith('compute:')) {
    if (p.device_id !== undefined) {
      const server = refs.servers.resolve(p.device_id, `${path}.device_id`, cx.errors);
      if (server) {
        deviceId = server.id;
        project = server.project_id;
        if (host !== null && host !== server.host)
          cx.errors.add(
            `${path}.binding:host_id`,
            host,
            `differs from the host of server ${server.name} (${server.host})`,
          );
        host = server.host;
      }
    }
  } else if (owner === 'network:router_interface' || owner === 'network:router_gateway') {
    if (p.device_id === undefined)
      cx.errors.add(`${path}.device_id`, undefined, 'is missing: a router port names its router');
    else {
      const router = refs.routers.resolve(p.device_id, `${path}.device_id`, cx.errors);
      if (router) {
        deviceId = router.id;
        project = router.project_id;
      }
    }
    if (owner === 'network:router_interface' && net['router:external'])
      cx.errors.add(
        `${path}.network_id`,
        p.network_id,
        'is an external network: attach it as the router gateway, not an interface',
      );
  }
  if (p.project_id === '') project = '';
  else if (p.project_id !== undefined) {
    const proj = new Registry('project', cx.topo.projects).resolve(
      p.project_id,
      `${path}.project_id`,
      cx.errors,
    );
    if (proj) project = proj.id;
  }
  const fixed: FixedIp[] = [];
  (p.fixed_ips ?? []).forEach((f, j) => {
    const ip = resolveFixedIp(cx, refs, net, f, `${path}.fixed_ips[${j}]`);
    if (ip) fixed.push(ip);
  });
  if (fixed.length === 0 && p.fixed_ips === undefined) {
    const first = cx.topo.subnets.find((s) => s.network_id === net.id);
    if (first) fixed.push({ subnet_id: first.id, ip_address: UNALLOCATED });
  }
  // a fixed IP that did not resolve has its message already
  const unresolved = (p.fixed_ips?.length ?? 0) - fixed.length;
  if (owner === 'network:router_interface' && fixed.length !== 1 && unresolved === 0)
    cx.errors.add(`${path}.fixed_ips`, p.fixed_ips, 'must hold exactly one subnet for a router interface');
  let mac = '';
  if (p.mac_address !== undefined) {
    if (!isMac(p.mac_address))
      cx.errors.add(`${path}.mac_address`, p.mac_address, 'is not a valid MAC address');
    else if (UNUSABLE_MACS.includes(normalizeMac(p.mac_address)))
      cx.errors.add(
        `${path}.mac_address`,
        p.mac_address,
        'is not a valid MAC address for a port (all zeros and broadcast are refused)',
      );
    else mac = normalizeMac(p.mac_address);
  }
  const trusted = owner.startsWith('network:');
  const portSecurity = p.port_security_enabled ?? true;
  let groups: SecurityGroupId[] = [];
  if (!trusted && portSecurity) {
    groups = p.security_groups
      ? resolveSecurityGroups(cx, p.security_groups, project, `${path}.security_groups`)
      : defaultSecurityGroup(cx, project);
  } else if (p.security_groups?.length) {
    cx.warnings.push(
      `${path}: security groups are not applied to ${trusted ? `${owner} ports` : 'ports without port security'}`,
    );
  }
  return {
    id,
    name: p.name ?? '',
    network_id: net.id,
    project_id: project as ProjectId,
    mac_address: mac,
    fixed_ips: fixed,
    device_owner: owner,
    device_id: deviceId,
    'binding:host_id': host as HostName | null,
    security_groups: groups,
    admin_state_up: p.admin_state_up ?? true,
    port_security_enabled: portSecurity,
  };
}

export function generatedPort(
  cx: NormalizeContext,
  f: Partial<Port> & Pick<Port, 'network_id' | 'device_owner'>,
): Port {
  return {
    id: cx.id<PortId>('port', undefined, ''),
    name: '',
    network_id: f.network_id,
    project_id: f.project_id ?? ('' as ProjectId),
    mac_address: '',
    fixed_ips: f.fixed_ips ?? [],
    device_owner: f.device_owner,
    device_id: f.device_id ?? '',
    'binding:host_id': f['binding:host_id'] ?? null,
    security_groups: [],
    admin_state_up: true,
    port_security_enabled: true,
  };
}

/** Deterministic per-host UUID, standing in for the uuid5 of the host name in DHCP device ids. */
export function hostUuid(host: string): string {
  return uuid4From(seededBytes(hashText(host)));
}

/**
 * Where the agents' ports go. A router goes to a network host that runs the L3 agent; each network
 * with DHCP gets dhcp_agents_per_network DHCP ports, on as many hosts running the DHCP agent, whatever
 * their role (a compute node may serve DHCP, as in the admin guide's self-service deployment). Both
 * pick the least loaded host first, as Neutron's schedulers do; ports that name their host keep it.
 */
function schedule(cx: NormalizeContext): void {
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
  const routerLoad = new Map<string, number>();
  for (const router of cx.topo.routers) {
    // an HA router's agents are its ha- ports' hosts, and its ports follow the active one (normalize-ha)
    if (router.ha && !router.distributed) continue;
    const ports = cx.topo.ports.filter(
      (p) =>
        p.device_id === router.id &&
        (p.device_owner === 'network:router_interface' || p.device_owner === 'network:router_gateway'),
    );
    if (ports.length === 0) continue;
    if (router.distributed) {
      scheduleDistributed(cx, ports, routerLoad, pick, router.ha);
      continue;
    }
    const given =
      ports.map((p) => checkGiven(p, cx.topo.ports.indexOf(p), 'l3')).find((h) => h !== null) ?? null;
    const host = given ?? pick(l3Hosts, routerLoad);
    if (given) routerLoad.set(given, (routerLoad.get(given) ?? 0) + 1);
    if (!host)
      cx.warnings.push(`router ${router.name} is not hosted: no network host of the cloud runs the L3 agent`);
    for (const p of ports) p['binding:host_id'] = host;
  }
  const dhcpLoad = new Map<string, number>();
  const wanted = cx.topo.options.dhcp_agents_per_network;
  for (const net of cx.topo.networks) {
    const dhcpSubnets = cx.topo.subnets.filter((s) => s.network_id === net.id && s.enable_dhcp);
    const existing = cx.topo.ports.filter(
      (p) => p.network_id === net.id && p.device_owner === 'network:dhcp',
    );
    if (dhcpSubnets.length === 0) {
      // DHCP is off on every subnet: the agents let the network go, and their ports with it
      cx.topo.ports = cx.topo.ports.filter((p) => !existing.includes(p));
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
      const host = checkGiven(port, cx.topo.ports.indexOf(port), 'dhcp') ?? pick(dhcpHosts, dhcpLoad, served);
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

export function normalizePorts(cx: NormalizeContext): void {
  const refs: Refs = {
    networks: new Registry('network', cx.topo.networks),
    subnets: new Registry('subnet', cx.topo.subnets),
    routers: new Registry('router', cx.topo.routers),
    servers: new Registry('server', cx.topo.servers),
  };
  resolveGateways(cx, refs);
  (cx.input.ports ?? []).forEach((p, i) => {
    const port = portFromInput(cx, refs, p, i);
    if (port) cx.topo.ports.push(port);
  });
  for (const router of cx.topo.routers) {
    const gw = router.external_gateway_info;
    if (!gw) continue;
    const ports = cx.topo.ports.filter(
      (p) => p.device_id === router.id && p.device_owner === 'network:router_gateway',
    );
    if (ports.length > 1) {
      const where = ports.map((p) => `ports[${cx.topo.ports.indexOf(p)}]`).join(', ');
      cx.errors.add(
        `routers[${cx.topo.routers.indexOf(router)}]`,
        router.name,
        `has ${ports.length} gateway ports (${where}); a router has one gateway`,
      );
      continue;
    }
    if (ports.length === 1) {
      if (ports[0]!.network_id !== gw.network_id)
        cx.errors.add(
          `ports[${cx.topo.ports.indexOf(ports[0]!)}].network_id`,
          ports[0]!.network_id,
          `is not the gateway network of router ${router.name}`,
        );
      continue;
    }
    const first = cx.topo.subnets.find((s) => s.network_id === gw.network_id);
    cx.topo.ports.push(
      generatedPort(cx, {
        network_id: gw.network_id,
        device_owner: 'network:router_gateway',
        device_id: router.id,
        fixed_ips: gw.external_fixed_ips.length
          ? gw.external_fixed_ips.map((f) => ({ ...f }))
          : first
            ? [{ subnet_id: first.id, ip_address: UNALLOCATED }]
            : [],
      }),
    );
  }
  for (const [i, port] of cx.topo.ports.entries()) {
    if (port.device_owner === 'network:router_gateway') {
      const router = refs.routers.get(port.device_id);
      if (router && !router.external_gateway_info)
        cx.errors.add(
          `ports[${i}].device_owner`,
          port.device_owner,
          `is a gateway port, but router ${router.name} has no external_gateway_info`,
        );
    }
  }
  schedule(cx);
}
