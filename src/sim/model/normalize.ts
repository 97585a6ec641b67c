// From a parsed topology file to the normalized Topology: ids drawn from the seed, references resolved,
// Neutron's defaults applied, ports created the way the Neutron server would create them (router
// gateway ports, DHCP ports), routers and DHCP scheduled on network hosts, addresses and MACs allocated.
// Every problem becomes a TopologyError naming the path and the value.
import { isIpv4 } from '../addr/ipv4';
import { type ByteSource, seededBytes, seededRng, uuid4From } from '../addr/random';
import { ErrorList, type TopologyError } from './errors';
import { heldIds, isUuid, type TakenIds } from './held-ids';
import { allocateAddresses } from './normalize-addresses';
import { normalizeDvrPorts } from './normalize-dvr';
import { bindHaRouterPorts, normalizeHa } from './normalize-ha';
import { normalizeNetworks, normalizeSubnets } from './normalize-networks';
import { normalizePorts } from './normalize-ports';
import { Registry } from './refs';
import type { TopologyInput } from './schema';
import {
  defaultAgents,
  type Host,
  type HostName,
  type Options,
  type Project,
  type ProjectId,
  type Router,
  type RouterId,
  type SecurityGroup,
  type SecurityGroupId,
  type Server,
  type ServerId,
  TOPOLOGY_FORMAT,
  TOPOLOGY_VERSION,
  type Topology,
} from './types';
import { validateTopology } from './validate';
import { checkL3 } from './validate-l3';

export type NormalizeResult =
  | { ok: true; topology: Topology; warnings: string[] }
  | { ok: false; errors: TopologyError[] };

/** Keystone's project ids are uuid4().hex: 32 hex digits without dashes, as the Neutron API returns them. */
const KEYSTONE_ID_RE = /^[0-9a-f]{32}$/;

/** Shared state of one normalization. */
export class NormalizeContext {
  readonly errors = new ErrorList();
  readonly warnings: string[] = [];
  /** choices among candidates: addresses of a pool, segmentation ids */
  readonly rng;
  /**
   * The bytes of new ids and MACs. Neutron's ids are uuid4 and its MACs fa:16:3e plus three random
   * bytes, each drawn fresh. A cloud is normalized again after every edit, so the stream is salted
   * with the ids and MACs the file already holds: a later load never replays the bytes an earlier one
   * drew, which would give a new port the id of an old security group, or a MAC cut from an old id.
   */
  readonly bytes: ByteSource;
  readonly topo: Topology;
  private readonly seenIds = new Map<string, Set<string>>();
  /** every id the file gives and every id drawn, of any kind: a drawn id repeats none of them */
  private readonly takenIds: TakenIds;

  constructor(readonly input: TopologyInput) {
    const seed = input.seed ?? 1;
    this.rng = seededRng(seed);
    const held = heldIds(input);
    this.takenIds = held.taken;
    this.bytes = seededBytes(seed, held.salt);
    this.topo = {
      format: TOPOLOGY_FORMAT,
      version: TOPOLOGY_VERSION,
      name: input.name ?? 'untitled cloud',
      description: input.description ?? '',
      seed,
      options: normalizeOptions(input),
      hosts: [],
      projects: [],
      networks: [],
      subnets: [],
      routers: [],
      ports: [],
      servers: [],
      floatingips: [],
      security_groups: [],
      outside: [],
    };
  }

  /** The given id (checked to be a unique UUID) or a new one from the seed. */
  id<T extends string>(kind: string, given: string | undefined, path: string): T {
    let seen = this.seenIds.get(kind);
    if (!seen) {
      seen = new Set();
      this.seenIds.set(kind, seen);
    }
    if (given !== undefined) {
      if (!isUuid(given) && !(kind === 'project' && KEYSTONE_ID_RE.test(given))) {
        this.errors.add(
          path,
          given,
          kind === 'project'
            ? 'is not a UUID nor a Keystone id of 32 hex digits (leave it out to have one made)'
            : 'is not a UUID (Neutron ids are UUIDs; leave it out to have one made)',
        );
      } else if (seen.has(given)) {
        this.errors.add(path, given, `is used by another ${kind}; ids must be unique`);
      }
      seen.add(given);
      return given as T;
    }
    let id: string;
    do id = uuid4From(this.bytes);
    while (this.takenIds.has(id));
    this.takenIds.add(id);
    seen.add(id);
    return id as T;
  }

  hostRegistry(): Map<string, Host> {
    return new Map(this.topo.hosts.map((h) => [h.name, h]));
  }
}

function normalizeOptions(input: TopologyInput): Options {
  const o = input.options ?? {};
  return {
    l2population: o.l2population ?? true,
    arp_responder: o.arp_responder ?? false,
    firewall_driver: o.firewall_driver ?? 'iptables_hybrid',
    bridge_mappings: o.bridge_mappings ?? [{ physical_network: 'provider', bridge: 'br-ex' }],
    dhcp_agents_per_network: o.dhcp_agents_per_network ?? 1,
    router_distributed: o.router_distributed ?? false,
    l3_ha: o.l3_ha ?? false,
    max_l3_agents_per_router: o.max_l3_agents_per_router ?? 3,
    l3_ha_net_cidr: o.l3_ha_net_cidr ?? '169.254.192.0/18',
    dvr_base_mac: o.dvr_base_mac ?? 'fa:16:3f:00:00:00',
    mechanism_driver: o.mechanism_driver ?? 'openvswitch',
    enable_distributed_floating_ip: o.enable_distributed_floating_ip ?? false,
    cleanup_on_shutdown: o.cleanup_on_shutdown ?? false,
  };
}

function normalizeHosts(cx: NormalizeContext): void {
  const names = new Set<string>();
  const ips = new Set<string>();
  cx.input.hosts.forEach((h, i) => {
    if (names.has(h.name)) cx.errors.add(`hosts[${i}].name`, h.name, 'is used by another host');
    names.add(h.name);
    if (!isIpv4(h.tunnel_ip))
      cx.errors.add(`hosts[${i}].tunnel_ip`, h.tunnel_ip, 'is not a valid IPv4 address');
    else if (ips.has(h.tunnel_ip))
      cx.errors.add(`hosts[${i}].tunnel_ip`, h.tunnel_ip, 'is used by another host');
    ips.add(h.tunnel_ip);
    cx.topo.hosts.push({
      name: h.name as HostName,
      role: h.role,
      tunnel_ip: h.tunnel_ip,
      agents: h.agents ? [...new Set(h.agents)] : defaultAgents(h.role),
      agents_down: [...new Set(h.agents_down ?? [])],
      underlay_connected: h.underlay_connected ?? true,
      underlay_mtu: h.underlay_mtu ?? 1500,
      segmentation_overrides: [], // resolved once networks exist
      l3_agent_mode: h.l3_agent_mode ?? null,
      enable_chassis_as_gw: h.enable_chassis_as_gw ?? h.role === 'network',
    });
  });
}

function normalizeProjects(cx: NormalizeContext): Registry<Project> {
  (cx.input.projects ?? []).forEach((p, i) => {
    cx.topo.projects.push({ id: cx.id<ProjectId>('project', p.id, `projects[${i}].id`), name: p.name });
  });
  return new Registry('project', cx.topo.projects);
}

function normalizeSecurityGroups(cx: NormalizeContext, projects: Registry<Project>): void {
  const input = cx.input.security_groups ?? [];
  const groups = input.map((g, i) => ({
    id: cx.id<SecurityGroupId>('security group', g.id, `security_groups[${i}].id`),
    name: g.name,
    project_id: (projects.resolve(g.project_id, `security_groups[${i}].project_id`, cx.errors)?.id ??
      '') as ProjectId,
  }));
  // Neutron creates a "default" group for every project: egress allowed, ingress only from members.
  for (const p of cx.topo.projects) {
    if (!groups.some((g) => g.project_id === p.id && g.name === 'default')) {
      groups.push({
        id: cx.id<SecurityGroupId>('security group', undefined, ''),
        name: 'default',
        project_id: p.id,
      });
    }
  }
  const registry = new Registry('security group', groups);
  groups.forEach((g, i) => {
    const rulesIn = input[i]?.rules;
    const sg: SecurityGroup = { ...g, rules: [] };
    if (!rulesIn) {
      // A new group allows all egress; the default group also admits ingress from its own members.
      sg.rules.push(defaultRule(cx, 'egress', null));
      if (g.name === 'default') sg.rules.push(defaultRule(cx, 'ingress', g.id));
    } else {
      rulesIn.forEach((r, j) => {
        const path = `security_groups[${i}].rules[${j}]`;
        const ref = r.remote_group_id;
        // A name is looked up in the group's own project first ("default" exists in every project).
        const remote = ref
          ? (groups.find((x) => x.name === ref && x.project_id === g.project_id) ??
            registry.resolve(ref, `${path}.remote_group_id`, cx.errors))
          : null;
        sg.rules.push({
          id: cx.id('security group rule', r.id, `${path}.id`),
          direction: r.direction,
          ethertype: 'IPv4',
          protocol: r.protocol ?? null,
          port_range_min: r.port_range_min ?? null,
          port_range_max: r.port_range_max ?? r.port_range_min ?? null,
          remote_ip_prefix: r.remote_ip_prefix ?? null,
          remote_group_id: remote ? remote.id : null,
        });
      });
    }
    cx.topo.security_groups.push(sg);
  });
}

function defaultRule(cx: NormalizeContext, direction: 'ingress' | 'egress', remote: SecurityGroupId | null) {
  return {
    id: cx.id<never>('security group rule', undefined, ''),
    direction,
    ethertype: 'IPv4' as const,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: remote,
  };
}

function normalizeRouters(cx: NormalizeContext, projects: Registry<Project>): void {
  (cx.input.routers ?? []).forEach((r, i) => {
    const router: Router = {
      id: cx.id<RouterId>('router', r.id, `routers[${i}].id`),
      name: r.name,
      project_id: (projects.resolve(r.project_id, `routers[${i}].project_id`, cx.errors)?.id ??
        '') as ProjectId,
      admin_state_up: r.admin_state_up ?? true,
      external_gateway_info: null, // resolved with the networks in normalize-ports
      routes: (r.routes ?? []).map((x) => ({ ...x })),
      distributed: r.distributed ?? cx.topo.options.router_distributed,
      ha: r.ha ?? cx.topo.options.l3_ha,
      ha_vr_id: r.ha_vr_id ?? null, // checked and chosen in normalize-ha
    };
    cx.topo.routers.push(router);
  });
}

function normalizeServers(cx: NormalizeContext, projects: Registry<Project>): void {
  const hosts = cx.hostRegistry();
  (cx.input.servers ?? []).forEach((s, i) => {
    const host = hosts.get(s.host);
    if (!host) cx.errors.add(`servers[${i}].host`, s.host, 'refers to no host');
    else if (host.role !== 'compute')
      cx.errors.add(
        `servers[${i}].host`,
        s.host,
        `is a ${host.role} host; servers run only on compute hosts`,
      );
    const server: Server = {
      id: cx.id<ServerId>('server', s.id, `servers[${i}].id`),
      name: s.name,
      project_id: (projects.resolve(s.project_id, `servers[${i}].project_id`, cx.errors)?.id ??
        '') as ProjectId,
      host: s.host as HostName,
      listening: { tcp: [...(s.listening?.tcp ?? [22])], udp: [...(s.listening?.udp ?? [])] },
      ...(s.image ? { image: s.image } : {}),
    };
    cx.topo.servers.push(server);
  });
}

/** Parses nothing: takes a file already checked by the zod schema and returns the normalized Topology. */
export function normalizeTopology(input: TopologyInput): NormalizeResult {
  const cx = new NormalizeContext(input);
  normalizeHosts(cx);
  const projects = normalizeProjects(cx);
  normalizeNetworks(cx, projects);
  normalizeSubnets(cx);
  normalizeSecurityGroups(cx, projects);
  normalizeRouters(cx, projects);
  normalizeServers(cx, projects);
  normalizePorts(cx);
  normalizeDvrPorts(cx);
  normalizeHa(cx);
  if (!cx.errors.empty) return { ok: false, errors: cx.errors.items };
  allocateAddresses(cx);
  if (!cx.errors.empty) return { ok: false, errors: cx.errors.items };
  bindHaRouterPorts(cx);
  validateTopology(cx.topo, cx.errors, cx.warnings);
  checkL3(cx.topo, cx.errors);
  if (!cx.errors.empty) return { ok: false, errors: cx.errors.items };
  return { ok: true, topology: cx.topo, warnings: cx.warnings };
}
