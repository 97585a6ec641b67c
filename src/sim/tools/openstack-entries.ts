// The entries of the resources `openstack ... list|show` reports, from the Topology (Neutron and Nova API
// field names): the row the client lists and the fields a show prints, formatted as the client formats
// them (UP/DOWN, True/False, None, key='value' lists, JSON for gateway info).
import { dvrBindings, neutronDeviceOwner } from '../model/dvr';
import { HA_REPLICATED_OWNER } from '../model/ha';
import {
  type FloatingIp,
  type Network,
  type Port,
  type Router,
  runsAgent,
  type Server,
  type Subnet,
  type Topology,
} from '../model/types';
import { stableUuid, type ToolContext } from './context';
import { py, pyJson } from './openstack-format';

export interface Entry {
  readonly id: string;
  /** what a name lookup matches (a floating IP is found by its address) */
  readonly names: readonly string[];
  readonly row: readonly string[];
  readonly fields: () => Record<string, string>;
  /** list filter option -> the values that select this entry (ids and names) */
  readonly filters?: Readonly<Record<string, readonly string[]>>;
}

/** Nova's view of the guests: the image a server boots (cirros unless it says), on one flavor. */
export const IMAGE = 'cirros';
export const FLAVOR = 'm1.tiny';

const upDown = (up: boolean) => (up ? 'UP' : 'DOWN');
const pairs = (o: Record<string, string>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}='${v}'`)
    .join(', ');
const fixedIps = (p: Port) =>
  p.fixed_ips.map((f) => pairs({ ip_address: f.ip_address, subnet_id: f.subnet_id })).join('\n');
const hostRoutes = (rs: readonly { destination: string; nexthop: string }[]) =>
  rs.map((r) => pairs({ destination: r.destination, gateway: r.nexthop })).join('\n');

function agentDown(t: Topology, host: string | null, agent: 'ovs' | 'l3' | 'dhcp'): boolean {
  return !!t.hosts.find((h) => h.name === host)?.agents_down.includes(agent);
}

/** The hosts a port is bound on: its binding:host_id, or a distributed router's hosts (dvr.ts). */
function boundHosts(t: Topology, p: Port): string[] {
  if (p['binding:host_id'] !== null) return [p['binding:host_id']];
  const r =
    p.device_owner === 'network:router_interface' ? t.routers.find((x) => x.id === p.device_id) : undefined;
  return r?.distributed ? (dvrBindings(t).get(r.id) ?? []) : [];
}

/** Neutron sets a port ACTIVE once the L2 agent of its host has wired it (a distributed port: of any). */
function portStatus(t: Topology, p: Port): string {
  const net = t.networks.find((n) => n.id === p.network_id);
  const hosts = boundHosts(t, p);
  if (p['binding:host_id'] === null)
    return hosts.length &&
      p.admin_state_up &&
      net?.admin_state_up &&
      hosts.some((h) => !agentDown(t, h, 'ovs'))
      ? 'ACTIVE'
      : 'DOWN';
  const bound = p['binding:host_id'] !== null;
  return bound && p.admin_state_up && net?.admin_state_up && !agentDown(t, p['binding:host_id'], 'ovs')
    ? 'ACTIVE'
    : 'DOWN';
}

const netName = (t: Topology, id: string) => t.networks.find((n) => n.id === id)?.name ?? id;

export function network(ctx: ToolContext, n: Network): Entry {
  const t = ctx.topology;
  const subnets = t.subnets
    .filter((s) => s.network_id === n.id)
    .map((s) => s.id)
    .sort();
  return {
    id: n.id,
    names: [n.name],
    row: [n.id, n.name, subnets.join(', ')],
    fields: () => ({
      admin_state_up: upDown(n.admin_state_up),
      availability_zone_hints: '',
      availability_zones: ctx.plane.index.dhcpByNetwork.has(n.id) ? 'nova' : '',
      description: '',
      id: n.id,
      mtu: String(n.mtu),
      name: n.name,
      port_security_enabled: 'True',
      project_id: n.project_id,
      'provider:network_type': n['provider:network_type'],
      'provider:physical_network': py(n['provider:physical_network']),
      'provider:segmentation_id': py(n['provider:segmentation_id']),
      'router:external': n['router:external'] ? 'External' : 'Internal',
      shared: 'False',
      status: n.admin_state_up ? 'ACTIVE' : 'DOWN',
      subnets: subnets.join(', '),
    }),
  };
}

export function subnet(ctx: ToolContext, s: Subnet): Entry {
  return {
    id: s.id,
    names: [s.name],
    row: [s.id, s.name, s.network_id, s.cidr],
    fields: () => ({
      allocation_pools: s.allocation_pools.map((p) => `${p.start}-${p.end}`).join('\n'),
      cidr: s.cidr,
      description: '',
      dns_nameservers: '',
      enable_dhcp: py(s.enable_dhcp),
      gateway_ip: py(s.gateway_ip),
      host_routes: hostRoutes(s.host_routes),
      id: s.id,
      ip_version: String(s.ip_version),
      name: s.name,
      network_id: s.network_id,
      project_id: ctx.topology.networks.find((n) => n.id === s.network_id)?.project_id ?? '',
      subnetpool_id: 'None',
    }),
    filters: { '--network': [s.network_id, netName(ctx.topology, s.network_id)] },
  };
}

/** created_at and updated_at of the cloud's resources: the simulated clock's start (tools/sim-date.ts) */
const CREATED_AT = '2026-12-07T10:00:00Z';

/** An L3 agent hosts a router once it has an interface or a gateway (neutron-facts §8). */
const hosted = (t: Topology, r: Router) =>
  !!r.external_gateway_info ||
  t.ports.some((p) => p.device_id === r.id && p.device_owner.startsWith('network:router'));

/** revision_number: 1 when created (the sample's router create), one more for the gateway set and for
 * each interface added, each an update of the router (derived: Neutron bumps a resource's revision on
 * every update, neutron/services/revisions/revision_plugin.py). */
const routerRevision = (r: Router, interfaces: number) => 1 + (r.external_gateway_info ? 1 : 0) + interfaces;

export function router(ctx: ToolContext, r: Router): Entry {
  const t = ctx.topology;
  const gw = r.external_gateway_info;
  // The client prints these two as JSON (json.dumps key order: Neutron's).
  const gwJson = pyJson(
    gw
      ? { network_id: gw.network_id, external_fixed_ips: gw.external_fixed_ips, enable_snat: gw.enable_snat }
      : null,
  );
  const interfaces = t.ports
    .filter((p) => p.device_id === r.id && p.device_owner === 'network:router_interface')
    .flatMap((p) =>
      p.fixed_ips.map((f) => ({ port_id: p.id, ip_address: f.ip_address, subnet_id: f.subnet_id })),
    );
  const status = r.admin_state_up ? 'ACTIVE' : 'DOWN';
  return {
    id: r.id,
    names: [r.name],
    row: [r.id, r.name, status, upDown(r.admin_state_up), r.project_id, py(r.distributed), py(r.ha)],
    // every field the API returns, as the client prints a show (sorted by name; the sample of
    // 9506hqwy/openstack_study_notes operation/network/ovs_router.md): a router an agent hosts is in the
    // agents' availability zone, "nova"; the cloud's resources were made when the simulated clock began
    fields: () => ({
      admin_state_up: upDown(r.admin_state_up),
      availability_zone_hints: '',
      availability_zones: hosted(t, r) ? 'nova' : '',
      created_at: CREATED_AT,
      description: '',
      distributed: py(r.distributed),
      enable_ndp_proxy: 'None',
      external_gateway_info: gwJson,
      flavor_id: 'None',
      ha: py(r.ha),
      id: r.id,
      interfaces_info: pyJson(interfaces),
      name: r.name,
      project_id: r.project_id,
      revision_number: String(routerRevision(r, interfaces.length)),
      routes: hostRoutes(r.routes),
      status,
      tags: '',
      tenant_id: r.project_id,
      updated_at: CREATED_AT,
    }),
  };
}

/** Nova's addresses: network name = fixed IPs then floating IPs, networks sorted by name. */
function addresses(t: Topology, s: Server): string {
  const byNet = new Map<string, string[]>();
  for (const p of t.ports.filter((x) => x.device_id === s.id)) {
    const ips = [
      ...p.fixed_ips.map((f) => f.ip_address),
      ...t.floatingips.filter((f) => f.port_id === p.id).map((f) => f.floating_ip_address),
    ];
    const name = netName(t, p.network_id);
    byNet.set(name, [...(byNet.get(name) ?? []), ...ips]);
  }
  return [...byNet.keys()]
    .sort()
    .map((n) => `${n}=${byNet.get(n)!.join(', ')}`)
    .join('; ');
}

export function server(ctx: ToolContext, s: Server): Entry {
  const t = ctx.topology;
  const groups = new Set(t.ports.filter((p) => p.device_id === s.id).flatMap((p) => p.security_groups));
  return {
    id: s.id,
    names: [s.name],
    row: [s.id, s.name, 'ACTIVE', addresses(t, s), s.image ?? IMAGE, FLAVOR],
    fields: () => ({
      'OS-EXT-AZ:availability_zone': 'nova',
      'OS-EXT-SRV-ATTR:host': s.host,
      'OS-EXT-SRV-ATTR:hypervisor_hostname': s.host,
      'OS-EXT-STS:power_state': 'Running',
      'OS-EXT-STS:vm_state': 'active',
      addresses: addresses(t, s),
      flavor: `${FLAVOR} (${stableUuid(`flavor|${FLAVOR}`)})`,
      id: s.id,
      image: `${s.image ?? IMAGE} (${stableUuid(`image|${s.image ?? IMAGE}`)})`,
      name: s.name,
      project_id: s.project_id,
      security_groups: [...groups]
        .map((g) => `name='${t.security_groups.find((x) => x.id === g)?.name ?? g}'`)
        .join('\n'),
      status: 'ACTIVE',
    }),
  };
}

export function port(ctx: ToolContext, p: Port): Entry {
  const t = ctx.topology;
  const bound = p['binding:host_id'] !== null;
  // a distributed port: VIF_TYPE_DISTRIBUTED, its host bindings in ml2_distributed_port_bindings
  const distributed = !bound && boundHosts(t, p).length > 0;
  const hybrid = t.options.firewall_driver === 'iptables_hybrid';
  const srv = t.servers.find((s) => s.id === p.device_id);
  const rtr = t.routers.find((r) => r.id === p.device_id);
  // an HA router's interfaces are replicated on its agents (neutron-facts-beyond §2.1); a distributed
  // router's are DVR interfaces (dvr.ts)
  const owner =
    rtr?.ha && !rtr.distributed && p.device_owner === 'network:router_interface'
      ? HA_REPLICATED_OWNER
      : neutronDeviceOwner(t, p);
  return {
    id: p.id,
    names: [p.name],
    row: [p.id, p.name, p.mac_address, fixedIps(p), portStatus(t, p)],
    fields: () => ({
      admin_state_up: upDown(p.admin_state_up),
      allowed_address_pairs: '',
      binding_host_id: p['binding:host_id'] ?? '',
      binding_profile: '',
      // OVS_HYBRID_PLUG_REQUIRED reaches the binding's vif_details (neutron-facts §2)
      binding_vif_details: bound
        ? pairs({
            bridge_name: 'br-int',
            connectivity: 'l2',
            datapath_type: 'system',
            ovs_hybrid_plug: py(hybrid),
            port_filter: 'True',
          })
        : '',
      binding_vif_type: bound ? 'ovs' : distributed ? 'distributed' : 'unbound',
      binding_vnic_type: 'normal',
      device_id: p.device_id,
      device_owner: owner,
      fixed_ips: fixedIps(p),
      id: p.id,
      mac_address: p.mac_address,
      name: p.name,
      network_id: p.network_id,
      port_security_enabled: py(p.port_security_enabled),
      project_id: p.project_id,
      security_group_ids: p.security_groups.join(', '),
      status: portStatus(t, p),
    }),
    filters: {
      '--network': [p.network_id, netName(t, p.network_id)],
      '--device-owner': [owner],
      '--host': boundHosts(t, p),
      '--server': srv ? [srv.id, srv.name] : [],
      '--router': rtr ? [rtr.id, rtr.name] : [],
    },
  };
}

export function floatingIp(ctx: ToolContext, f: FloatingIp): Entry {
  const status = f.port_id ? 'ACTIVE' : 'DOWN';
  return {
    id: f.id,
    names: [f.floating_ip_address],
    row: [
      f.id,
      f.floating_ip_address,
      py(f.fixed_ip_address),
      py(f.port_id),
      f.floating_network_id,
      f.project_id,
    ],
    fields: () => ({
      description: '',
      fixed_ip_address: py(f.fixed_ip_address),
      floating_ip_address: f.floating_ip_address,
      floating_network_id: f.floating_network_id,
      id: f.id,
      name: f.floating_ip_address,
      port_id: py(f.port_id),
      project_id: f.project_id,
      router_id: py(f.router_id),
      status,
    }),
    filters: { '--network': [f.floating_network_id, netName(ctx.topology, f.floating_network_id)] },
  };
}

/** The agents `openstack network agent list` shows: those each host runs (by default OVS everywhere, L3,
 * DHCP and metadata on network hosts). */
export function agents(ctx: ToolContext): Entry[] {
  const out: Entry[] = [];
  const kinds = [
    { key: 'ovs', type: 'Open vSwitch agent', binary: 'neutron-openvswitch-agent', az: 'None' },
    { key: 'l3', type: 'L3 agent', binary: 'neutron-l3-agent', az: 'nova' },
    { key: 'dhcp', type: 'DHCP agent', binary: 'neutron-dhcp-agent', az: 'nova' },
    {
      key: 'metadata',
      type: 'Metadata agent',
      binary: 'neutron-metadata-agent',
      az: 'None',
    },
  ] as const;
  for (const h of ctx.topology.hosts)
    for (const k of kinds) {
      if (!runsAgent(h, k.key)) continue;
      const alive = k.key === 'metadata' || !h.agents_down.includes(k.key) ? ':-)' : 'XXX';
      const id = stableUuid(`${h.name}|${k.binary}`);
      const row = [id, k.type, h.name, k.az, alive, 'UP', k.binary];
      out.push({ id, names: [], row, fields: () => ({}) });
    }
  return out;
}
