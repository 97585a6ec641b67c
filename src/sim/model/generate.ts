// A seeded generator of valid topology files (the terse input loadTopology accepts) of any size, for
// the benchmark and the property tests. The clouds it makes look like a stock self-service deployment:
// VXLAN tenant networks with one /24 subnet each, routers joining a few networks each with a gateway
// on one flat external network, VMs scattered over compute hosts, some with floating IPs.
// Everything is drawn from seededRng, so a seed always gives the same file.
import { seededRng } from '../addr/random';
import type { TopologyInput } from './schema';
import { TOPOLOGY_FORMAT, TOPOLOGY_VERSION } from './types';

export interface CloudParams {
  seed: number;
  computeHosts: number;
  networkHosts: number;
  vms: number;
  networks: number;
  routers: number;
  /** a flat external network "public" that every router has its gateway on (default true) */
  external?: boolean;
  /** how many VMs get a floating IP (default a tenth of them); capped at the VMs that can have one */
  floatingIps?: number;
  l2population?: boolean;
  arpResponder?: boolean;
  /** tenant projects (default one per five routers, at least one) */
  projects?: number;
}

export type PresetName = 'S' | 'M' | 'L';

/** The benchmark's clouds. Host counts include the network hosts. */
export const PRESETS: Readonly<Record<PresetName, Readonly<CloudParams>>> = {
  S: { seed: 1, computeHosts: 2, networkHosts: 1, vms: 4, networks: 2, routers: 1 },
  M: { seed: 2, computeHosts: 18, networkHosts: 2, vms: 200, networks: 20, routers: 5 },
  L: { seed: 3, computeHosts: 96, networkHosts: 4, vms: 2000, networks: 200, routers: 50 },
};

/**
 * VMs a tenant network can hold: its /24 pool is .2-.254 (253 addresses), minus the DHCP port;
 * the router interface takes the gateway .1, outside the pool. A little slack is kept.
 */
export const VMS_PER_NETWORK = 250;

const EXTERNAL = 'public';

/**
 * The external subnet: devstack's 172.24.4.0/24 when the router gateways and floating IPs fit in its
 * pool, else a /16 (prefix 16 from the same 172.24 block) with room for any count the schema allows.
 */
function externalSubnet(addresses: number) {
  return addresses <= 240
    ? { cidr: '172.24.4.0/24', gateway_ip: '172.24.4.1', pool: { start: '172.24.4.10', end: '172.24.4.250' } }
    : {
        cidr: '172.24.0.0/16',
        gateway_ip: '172.24.0.1',
        pool: { start: '172.24.0.10', end: '172.24.255.250' },
      };
}

/** Distinct tenant CIDRs: 10.1.0.0/24, 10.1.1.0/24, ... 10.1.255.0/24, 10.2.0.0/24, ... */
export function tenantCidr(i: number): string {
  return `10.${1 + Math.floor(i / 256)}.${i % 256}.0/24`;
}

/** Underlay (tunnel) addresses, 10.0.x.y, kept apart from the tenant ranges above. */
function tunnelIp(k: number): string {
  return `10.0.${1 + Math.floor(k / 200)}.${11 + (k % 200)}`;
}

function check(p: CloudParams): void {
  const whole = (n: number, what: string) => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number, not ${n}`);
  };
  whole(p.seed, 'seed');
  if (p.seed > 0xffffffff) throw new RangeError(`seed must fit in 32 bits, not ${p.seed}`);
  whole(p.computeHosts, 'computeHosts');
  whole(p.networkHosts, 'networkHosts');
  whole(p.vms, 'vms');
  whole(p.networks, 'networks');
  whole(p.routers, 'routers');
  if (p.floatingIps !== undefined) whole(p.floatingIps, 'floatingIps');
  if (p.projects !== undefined) whole(p.projects, 'projects');
  if (p.vms > 0 && p.computeHosts === 0) throw new RangeError('VMs need at least one compute host');
  if (p.vms > p.networks * VMS_PER_NETWORK)
    throw new RangeError(`${p.vms} VMs do not fit on ${p.networks} networks of ${VMS_PER_NETWORK}`);
  if (p.networks > 255 * 256) throw new RangeError('too many networks for the 10.x.y.0/24 plan');
}

export function generateCloud(params: CloudParams): TopologyInput {
  check(params);
  const rng = seededRng(params.seed);
  const external = params.external ?? true;
  const nProjects = Math.max(1, params.projects ?? Math.ceil(params.routers / 5));
  const projectName = (i: number) => `project${(i % nProjects) + 1}`;

  const hosts: TopologyInput['hosts'] = [];
  for (let i = 0; i < params.computeHosts; i++)
    hosts.push({ name: `compute${i + 1}`, role: 'compute', tunnel_ip: tunnelIp(hosts.length) });
  for (let i = 0; i < params.networkHosts; i++)
    hosts.push({ name: `network${i + 1}`, role: 'network', tunnel_ip: tunnelIp(hosts.length) });

  const projects: NonNullable<TopologyInput['projects']> = [];
  for (let i = 0; i < nProjects; i++) projects.push({ name: projectName(i) });
  if (external) projects.push({ name: 'admin' });

  // Networks are dealt to routers in contiguous runs, so router r joins about networks/routers of
  // them; a network belongs to its router's project (without routers, projects take turns).
  const routerOf = (n: number): number | null =>
    params.routers === 0 ? null : Math.floor((n * params.routers) / Math.max(1, params.networks));
  const netProject = (n: number) => projectName(routerOf(n) ?? n);

  const networks: NonNullable<TopologyInput['networks']> = [];
  const subnets: NonNullable<TopologyInput['subnets']> = [];
  if (external) {
    networks.push({
      name: EXTERNAL,
      project_id: 'admin',
      'router:external': true,
      'provider:network_type': 'flat',
      'provider:physical_network': 'provider',
    });
    const ext = externalSubnet(params.routers + (params.floatingIps ?? Math.floor(params.vms / 10)));
    subnets.push({
      name: `${EXTERNAL}-subnet`,
      network_id: EXTERNAL,
      cidr: ext.cidr,
      gateway_ip: ext.gateway_ip,
      enable_dhcp: false,
      allocation_pools: [ext.pool],
    });
  }
  for (let n = 0; n < params.networks; n++) {
    // Segmentation ids are left to the ML2 type driver, which draws them from the topology's seed.
    networks.push({ name: `net${n + 1}`, project_id: netProject(n) });
    subnets.push({ name: `subnet${n + 1}`, network_id: `net${n + 1}`, cidr: tenantCidr(n) });
  }

  const routers: NonNullable<TopologyInput['routers']> = [];
  for (let r = 0; r < params.routers; r++)
    routers.push({
      name: `router${r + 1}`,
      project_id: projectName(r),
      ...(external ? { external_gateway_info: { network_id: EXTERNAL } } : {}),
    });

  const ports: NonNullable<TopologyInput['ports']> = [];
  for (let n = 0; n < params.networks; n++) {
    const r = routerOf(n);
    if (r === null) continue;
    ports.push({
      name: `router${r + 1}-net${n + 1}`,
      network_id: `net${n + 1}`,
      device_owner: 'network:router_interface',
      device_id: `router${r + 1}`,
      fixed_ips: [{ subnet_id: `subnet${n + 1}` }],
    });
  }

  // VMs land on a random compute host and a random network; a full network passes the VM on to the
  // next one with room, so any vms <= networks * VMS_PER_NETWORK fits.
  const servers: NonNullable<TopologyInput['servers']> = [];
  const fill = new Array<number>(params.networks).fill(0);
  const vmNetwork: number[] = [];
  for (let v = 0; v < params.vms; v++) {
    const host = rng.int(1, params.computeHosts);
    let n = rng.int(0, params.networks - 1);
    while ((fill[n] ?? 0) >= VMS_PER_NETWORK) n = (n + 1) % params.networks;
    fill[n] = (fill[n] ?? 0) + 1;
    vmNetwork.push(n);
    const name = `vm${v + 1}`;
    servers.push({ name, project_id: netProject(n), host: `compute${host}` });
    ports.push({ name: `${name}-port`, network_id: `net${n + 1}`, device_id: name });
  }

  // Floating IPs go to distinct VMs drawn at random among those whose network has a router (every
  // router has a gateway when the cloud is external), then listed in VM order.
  const floatingips: NonNullable<TopologyInput['floatingips']> = [];
  if (external) {
    const eligible = vmNetwork.flatMap((n, v) => (routerOf(n) === null ? [] : [v]));
    const want = Math.min(params.floatingIps ?? Math.floor(params.vms / 10), eligible.length);
    for (let i = 0; i < want; i++) {
      const j = rng.int(i, eligible.length - 1);
      [eligible[i], eligible[j]] = [eligible[j]!, eligible[i]!];
    }
    for (const v of eligible.slice(0, want).sort((a, b) => a - b))
      floatingips.push({ floating_network_id: EXTERNAL, port_id: `vm${v + 1}-port` });
  }

  // Neutron's default group, written out so that it also admits ICMP from anywhere (ping from the
  // internet to a floating IP, and between projects through floating IPs).
  const security_groups = projects
    .filter((p) => p.name !== 'admin')
    .map((p) => ({
      name: 'default',
      project_id: p.name,
      rules: [
        { direction: 'egress' as const },
        { direction: 'ingress' as const, remote_group_id: 'default' },
        { direction: 'ingress' as const, protocol: 'icmp' as const, remote_ip_prefix: '0.0.0.0/0' },
      ],
    }));

  return {
    format: TOPOLOGY_FORMAT,
    version: TOPOLOGY_VERSION,
    name: `generated cloud (seed ${params.seed})`,
    description: `${params.computeHosts} compute and ${params.networkHosts} network hosts, ${params.vms} VMs, ${params.networks} networks, ${params.routers} routers`,
    seed: params.seed,
    options: { l2population: params.l2population ?? true, arp_responder: params.arpResponder ?? false },
    hosts,
    projects,
    networks,
    subnets,
    routers,
    ports,
    servers,
    floatingips,
    security_groups,
  };
}

/** Where each generated VM is, read back from a generated file (by name, as the file refers). */
export interface CloudLayout {
  /** VM name -> its host, network and the router of that network (null when it has none) */
  readonly vms: ReadonlyMap<string, { host: string; network: string; router: string | null }>;
  /** routers that have a gateway on the external network */
  readonly gateways: ReadonlySet<string>;
  /** VM names that have a floating IP */
  readonly floating: ReadonlySet<string>;
}

export function layoutOf(input: TopologyInput): CloudLayout {
  const routerOfNet = new Map<string, string>();
  for (const p of input.ports ?? [])
    if (p.device_owner === 'network:router_interface' && p.device_id)
      routerOfNet.set(p.network_id, p.device_id);
  const netOfVm = new Map<string, string>();
  const portOwner = new Map<string, string>();
  for (const p of input.ports ?? [])
    if (p.device_owner === undefined && p.device_id) {
      netOfVm.set(p.device_id, p.network_id);
      if (p.name) portOwner.set(p.name, p.device_id);
    }
  const vms = new Map<string, { host: string; network: string; router: string | null }>();
  for (const s of input.servers ?? []) {
    const network = netOfVm.get(s.name);
    if (network) vms.set(s.name, { host: s.host, network, router: routerOfNet.get(network) ?? null });
  }
  const gateways = new Set((input.routers ?? []).filter((r) => r.external_gateway_info).map((r) => r.name));
  const floating = new Set<string>();
  for (const f of input.floatingips ?? []) {
    const vm = f.port_id ? portOwner.get(f.port_id) : undefined;
    if (vm) floating.add(vm);
  }
  return { vms, gateways, floating };
}
