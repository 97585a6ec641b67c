// Edits of a Topology, as a user makes them on the canvas: add a host, a network with its first subnet,
// a router, a VM, a floating IP; connect a VM or a router to a network; associate a floating IP; move a
// VM. Each works on a draft (a copy of the normalized Topology) and writes only what a user would ask
// Neutron or Nova for: ids of new resources (normalization keeps them), never MACs or addresses, which
// the core allocates. Whether the result is a valid cloud is for the core to say.
import {
  defaultAgents,
  type HostName,
  type HostRole,
  type Network,
  type Port,
  type Server,
  type Topology,
} from '../sim';

import { refuse } from './refused';

export { Refused, refuse } from './refused';

/** A v4 UUID: crypto.randomUUID where the page is a secure context, getRandomValues elsewhere. */
export function newId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** base1, base2...: the first name not taken. */
export function nextName(taken: Iterable<string>, base: string): string {
  const set = new Set(taken);
  for (let i = 1; ; i++) if (!set.has(`${base}${i}`)) return `${base}${i}`;
}

// Underlay and subnet addresses for new resources. Picking a free default is bookkeeping; the core
// checks the result.
const ipInt = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
export function cidrRange(cidr: string): [number, number] | null {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
  if (!m) return null;
  const size = 2 ** (32 - Number(m[2]));
  const start = Math.floor(ipInt(m[1]!) / size) * size;
  return [start, start + size - 1];
}
/** Whether an address lies in a CIDR (false when either is malformed). */
export function inCidr(ip: string | null | undefined, cidr: string): boolean {
  const r = cidrRange(cidr);
  if (!r || !ip || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const n = ipInt(ip);
  return n >= r[0] && n <= r[1];
}
function overlapsAny(t: Topology, cidr: string): boolean {
  const r = cidrRange(cidr)!;
  return t.subnets.some((s) => {
    const o = cidrRange(s.cidr);
    return o !== null && o[0] <= r[1] && r[0] <= o[1];
  });
}
function freeCidr(t: Topology, prefix: string, first: number): string {
  for (let k = first; k < 256; k++) {
    const cidr = `${prefix}.${k}.0/24`;
    if (!overlapsAny(t, cidr)) return cidr;
  }
  return refuse(`no free /24 is left in ${prefix}.0.0/16 for a new subnet`);
}

export function addHost(t: Topology, role: HostRole): string {
  const name = nextName(
    t.hosts.map((h) => h.name),
    role,
  );
  const used = new Set(t.hosts.map((h) => h.tunnel_ip));
  let n = role === 'compute' ? 31 : 11;
  while (used.has(`10.0.1.${n}`) && n < 254) n++;
  t.hosts.push({
    name: name as HostName,
    role,
    tunnel_ip: `10.0.1.${n}`,
    agents: defaultAgents(role),
    agents_down: [],
    underlay_connected: true,
    underlay_mtu: 1500,
    segmentation_overrides: [],
    l3_agent_mode: null,
    enable_chassis_as_gw: role === 'network',
  });
  return name;
}

export function addProject(t: Topology): string {
  const id = newId();
  t.projects.push({
    id: id as Topology['projects'][number]['id'],
    name: nextName(
      t.projects.map((p) => p.name),
      'project',
    ),
  });
  return id;
}

/** The project new resources go to: the one asked for if it exists, else the first, else a new "demo". */
export function projectFor(t: Topology, wanted: string | null): string {
  if (wanted && t.projects.some((p) => p.id === wanted)) return wanted;
  if (t.projects[0]) return t.projects[0].id;
  const id = newId();
  t.projects.push({ id: id as Topology['projects'][number]['id'], name: 'demo' });
  return id;
}

// Fields left out are filled in by the core's normalization (as a user leaves them out of a file).
type Loose<T> = { [K in keyof T]?: T[K] } & Record<string, unknown>;
const asNetwork = (n: Loose<Network>) => n as Network;
const asPort = (p: Loose<Port>) => p as Port;

/** A network with its first subnet; an external network is flat on the first physical network. */
export function addNetwork(t: Topology, projectId: string, external: boolean): string {
  const id = newId();
  const names = t.networks.map((n) => n.name);
  const subnetNames = t.subnets.map((s) => s.name);
  const project_id = projectId as Network['project_id'];
  if (external) {
    const physnet = t.options.bridge_mappings.find(
      (m) =>
        !t.networks.some(
          (n) =>
            n['provider:network_type'] === 'flat' && n['provider:physical_network'] === m.physical_network,
        ),
    )?.physical_network;
    if (!physnet)
      refuse(
        'every physical network of the bridge mappings already carries a flat network: add a bridge mapping (Cloud settings) first',
      );
    const name = names.includes('public') ? nextName(names, 'public') : 'public';
    t.networks.push(
      asNetwork({
        id: id as Network['id'],
        name,
        project_id,
        'router:external': true,
        'provider:network_type': 'flat',
        'provider:physical_network': physnet,
      }),
    );
    const cidr = freeCidr(t, '172.24', 4);
    const base = cidr.slice(0, cidr.lastIndexOf('.'));
    t.subnets.push({
      id: newId() as Topology['subnets'][number]['id'],
      name: `${name}-subnet`,
      network_id: id as Network['id'],
      ip_version: 4,
      cidr,
      gateway_ip: `${base}.1`,
      allocation_pools: [{ start: `${base}.100`, end: `${base}.200` }],
      enable_dhcp: false,
      host_routes: [],
    });
    return id;
  }
  const name = nextName(names, 'net');
  t.networks.push(asNetwork({ id: id as Network['id'], name, project_id }));
  const n = name.slice(3);
  const subnet = subnetNames.includes(`subnet${n}`) ? nextName(subnetNames, 'subnet') : `subnet${n}`;
  t.subnets.push({
    id: newId() as Topology['subnets'][number]['id'],
    name: subnet,
    network_id: id as Network['id'],
    cidr: freeCidr(t, '192.168', 1),
  } as Topology['subnets'][number]);
  return id;
}

export function addRouter(t: Topology, projectId: string): string {
  const id = newId();
  t.routers.push({
    id: id as Topology['routers'][number]['id'],
    name: nextName(
      t.routers.map((r) => r.name),
      'router',
    ),
    project_id: projectId as Network['project_id'],
    admin_state_up: true,
    external_gateway_info: null,
    routes: [],
    // the server's defaults for a new router (router_distributed, l3_ha)
    distributed: t.options.router_distributed,
    ha: t.options.l3_ha,
    ha_vr_id: null,
  });
  return id;
}

const computeHosts = (t: Topology) => t.hosts.filter((h) => h.role === 'compute');

/** The compute host running the fewest servers: where a VM dropped on no host in particular goes. */
export function leastLoadedCompute(t: Topology): string {
  const hosts = computeHosts(t);
  if (!hosts.length) refuse('VMs run on compute hosts: add a compute host first (in the physical view)');
  const load = (h: string) => t.servers.filter((s) => s.host === h).length;
  return hosts.reduce((a, b) => (load(b.name) < load(a.name) ? b : a)).name;
}

export function addServer(t: Topology, projectId: string, host: string, networkId: string | null): string {
  const h = t.hosts.find((x) => x.name === host);
  if (!h) refuse(`there is no host ${host}`);
  if (h.role !== 'compute') refuse(`${host} is a network host: VMs run only on compute hosts`);
  const id = newId();
  t.servers.push({
    id: id as Server['id'],
    name: nextName(
      t.servers.map((s) => s.name),
      'vm',
    ),
    project_id: projectId as Server['project_id'],
    host: host as HostName,
    listening: { tcp: [22], udp: [] },
  });
  if (networkId) attachServer(t, id, networkId);
  return id;
}

const byId = <T extends { id: string }>(list: T[], id: string, what: string): T =>
  list.find((x) => x.id === id) ?? refuse(`the ${what} is gone (it was deleted meanwhile)`);

/** A VM to a network: a new port on it, as `openstack server add network` makes. */
export function attachServer(t: Topology, serverId: string, networkId: string): string {
  const s = byId(t.servers, serverId, 'VM');
  const n = byId(t.networks, networkId, 'network');
  if (t.ports.some((p) => p.device_id === s.id && p.network_id === n.id))
    refuse(`${s.name} already has a port on ${n.name}`);
  if (!t.subnets.some((x) => x.network_id === n.id))
    refuse(`${n.name} has no subnet yet: a port would get no address. Add a subnet to it first`);
  const id = newId();
  t.ports.push(
    asPort({
      id: id as Port['id'],
      name: `${s.name}-${n.name}`.slice(0, 256),
      network_id: n.id,
      device_id: s.id,
      device_owner: 'compute:nova',
      project_id: s.project_id,
      'binding:host_id': s.host,
    }),
  );
  return id;
}

/**
 * A router interface on a given subnet: the core gives it the subnet's gateway IP, or, when another
 * router holds that already, a free address of the pool (see routerJoinNote).
 */
export function attachRouterSubnet(t: Topology, routerId: string, subnetId: string): void {
  const r = byId(t.routers, routerId, 'router');
  const s = byId(t.subnets, subnetId, 'subnet');
  t.ports.push(
    asPort({
      id: newId() as Port['id'],
      name: `${r.name}-${s.name}`.slice(0, 256),
      network_id: s.network_id,
      device_id: r.id,
      device_owner: 'network:router_interface',
      project_id: r.project_id,
      fixed_ips: [{ subnet_id: s.id } as Port['fixed_ips'][number]],
    }),
  );
}

/** A further subnet on a network, on the next free /24 (an external network's in 172.24/16). */
export function nextSubnetFields(t: Topology, networkId: string): { name: string; cidr: string } {
  const n = byId(t.networks, networkId, 'network');
  return {
    name: nextName(
      t.subnets.map((s) => s.name),
      `${n.name}-subnet`,
    ),
    cidr: n['router:external'] ? freeCidr(t, '172.24', 4) : freeCidr(t, '192.168', 1),
  };
}

/**
 * A router to a network: an interface on its first free subnet (whose id it returns), or the gateway on
 * an external one (null).
 */
export function attachRouter(t: Topology, routerId: string, networkId: string): string | null {
  const r = byId(t.routers, routerId, 'router');
  const n = byId(t.networks, networkId, 'network');
  if (n['router:external']) {
    if (r.external_gateway_info?.network_id === n.id)
      refuse(`${r.name} already has its gateway on ${n.name}`);
    setGateway(t, r.id, n.id);
    return null;
  }
  const mine = t.ports.filter((p) => p.device_id === r.id && p.device_owner === 'network:router_interface');
  const taken = new Set(mine.flatMap((p) => p.fixed_ips.map((f) => f.subnet_id as string)));
  const subnets = t.subnets.filter((s) => s.network_id === n.id);
  if (!subnets.length) refuse(`${n.name} has no subnet: a router interface needs one`);
  const subnet = subnets.find((s) => !taken.has(s.id));
  if (!subnet) refuse(`${r.name} already has an interface on every subnet of ${n.name}`);
  attachRouterSubnet(t, r.id, subnet.id);
  return subnet.id;
}

/**
 * What to tell when a router joined a subnet whose gateway IP another router holds: Neutron's
 * `openstack router add subnet` would refuse, so the app does what `openstack port create` then
 * `openstack router add port` do, and says so. Null when the router took the gateway IP itself.
 */
export function routerJoinNote(t: Topology, routerId: string, subnetId: string): string | null {
  const s = t.subnets.find((x) => x.id === subnetId);
  const r = t.routers.find((x) => x.id === routerId);
  const onSubnet = (p: Port) =>
    p.device_owner === 'network:router_interface' && p.fixed_ips.some((f) => f.subnet_id === subnetId);
  const mine = t.ports
    .find((p) => p.device_id === routerId && onSubnet(p))
    ?.fixed_ips.find((f) => f.subnet_id === subnetId)?.ip_address;
  if (!s || !r || !mine || !s.gateway_ip || mine === s.gateway_ip) return null;
  const holder = t.ports.find(
    (p) => onSubnet(p) && p.fixed_ips.some((f) => f.subnet_id === subnetId && f.ip_address === s.gateway_ip),
  );
  const owner = t.routers.find((x) => x.id === holder?.device_id)?.name;
  // the gateway as its last octet when both addresses share the first three (".1")
  const head = (ip: string) => ip.slice(0, ip.lastIndexOf('.'));
  const gw = head(s.gateway_ip) === head(mine) ? s.gateway_ip.slice(head(mine).length) : s.gateway_ip;
  return `${r.name} joins ${s.name} at ${mine}; the gateway ${gw} belongs to ${owner ?? 'another router'}.`;
}

/** Sets or clears a router's gateway; its old gateway port goes, the core makes the new one. */
export function setGateway(t: Topology, routerId: string, networkId: string | null, enableSnat = true): void {
  const r = byId(t.routers, routerId, 'router');
  t.ports = t.ports.filter((p) => !(p.device_id === r.id && p.device_owner === 'network:router_gateway'));
  // floating IPs this router translated would lose their way out
  if (r.external_gateway_info && r.external_gateway_info.network_id !== networkId)
    for (const f of t.floatingips) if (f.router_id === r.id) Object.assign(f, unassociated);
  r.external_gateway_info = networkId
    ? ({ network_id: networkId, enable_snat: enableSnat } as NonNullable<typeof r.external_gateway_info>)
    : null;
}

export const unassociated = { port_id: null, fixed_ip_address: null, router_id: null } as const;

const externalNets = (t: Topology) => t.networks.filter((n) => n['router:external']);

/** The external network a server's floating IP should come from: one its router has a gateway on. */
function floatingNetworkFor(t: Topology, serverId: string | null): string {
  const ext = externalNets(t);
  if (!ext.length) refuse('a floating IP comes from an external network: add an external network first');
  if (!serverId || ext.length === 1) return ext[0]!.id;
  const nets = new Set(t.ports.filter((p) => p.device_id === serverId).map((p) => p.network_id as string));
  const routers = new Set(
    t.ports
      .filter((p) => p.device_owner === 'network:router_interface' && nets.has(p.network_id))
      .map((p) => p.device_id),
  );
  const gw = t.routers.find((r) => routers.has(r.id) && r.external_gateway_info)?.external_gateway_info;
  return gw?.network_id ?? ext[0]!.id;
}

export function addFloatingIp(t: Topology, projectId: string, serverId: string | null): string {
  const id = newId();
  t.floatingips.push({
    id: id as Topology['floatingips'][number]['id'],
    project_id: projectId as Network['project_id'],
    floating_network_id: floatingNetworkFor(t, serverId) as Network['id'],
    ...unassociated,
  } as Topology['floatingips'][number]);
  if (serverId) associateFip(t, id, serverId);
  return id;
}

/** A floating IP to a VM: to its first port that has an address. */
export function associateFip(t: Topology, fipId: string, serverId: string): void {
  const f = byId(t.floatingips, fipId, 'floating IP');
  const s = byId(t.servers, serverId, 'VM');
  const ports = t.ports.filter((p) => p.device_id === s.id && p.fixed_ips.length);
  if (!ports.length) refuse(`${s.name} has no port with an address yet: connect it to a network first`);
  const free = ports.find((p) => !t.floatingips.some((o) => o.id !== f.id && o.port_id === p.id));
  if (!free) refuse(`${s.name} already has a floating IP on each of its addresses`);
  // the core fills in the fixed IP and the router that does the NAT, or says why none can
  f.port_id = free.id;
  delete (f as Partial<typeof f>).fixed_ip_address;
  delete (f as Partial<typeof f>).router_id;
}

/** Nova's live migration, as far as Neutron sees it: the server and its ports go to another host. */
export function moveServer(t: Topology, serverId: string, host: string): void {
  const s = byId(t.servers, serverId, 'VM');
  const h = t.hosts.find((x) => x.name === host) ?? refuse(`there is no host ${host}`);
  if (h.role !== 'compute') refuse(`${host} is a network host: VMs run only on compute hosts`);
  if (s.host === host) return;
  s.host = h.name;
  for (const p of t.ports) if (p.device_id === s.id) p['binding:host_id'] = h.name;
}
