// Property edits from the forms, with what a changed field implies for the fields derived from it: a
// renamed host is renamed where it is referred to; a new CIDR lets the core choose the gateway, pools
// and addresses again; DHCP turned off takes the subnet's address off the DHCP port. A field set to
// undefined is left out, so the core applies its default. Nothing here decides whether the result is
// valid: the core does.
import type { Host, Network, Port, Router, SecurityGroup, Server, Subnet, Topology } from '../sim';
import { inCidr, moveServer, refuse, setGateway, unassociated } from './edit-ops';

export type Patch<T> = { [K in keyof T]?: T[K] | undefined };

/** Copies the patch onto the object; an undefined value removes the field (the core's default). */
export function assign<T extends object>(obj: T, patch: Patch<T>): void {
  const o = obj as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete o[k];
    else o[k] = v;
  }
}

const find = <T extends { id: string }>(list: T[], id: string, what: string): T =>
  list.find((x) => x.id === id) ?? refuse(`the ${what} is gone (it was deleted meanwhile)`);

export function patchCloud(t: Topology, patch: Patch<Pick<Topology, 'name' | 'description' | 'seed'>>): void {
  assign(t, patch);
}

export function patchOptions(t: Topology, patch: Patch<Topology['options']>): void {
  assign(t.options, patch);
}

export function patchHost(t: Topology, name: string, patch: Patch<Host>): void {
  const h = t.hosts.find((x) => x.name === name) ?? refuse(`the host ${name} is gone`);
  const renamed = patch.name !== undefined && patch.name !== h.name ? patch.name : null;
  assign(h, patch);
  if (renamed) {
    for (const s of t.servers) if (s.host === name) s.host = renamed;
    for (const p of t.ports) if (p['binding:host_id'] === name) p['binding:host_id'] = renamed;
  }
}

export function patchProject(t: Topology, id: string, name: string): void {
  find(t.projects, id, 'project').name = name;
}

const PROVIDER = [
  'provider:network_type',
  'provider:physical_network',
  'provider:segmentation_id',
  'mtu',
] as const;

export function patchNetwork(t: Topology, id: string, patch: Patch<Network>): void {
  const n = find(t.networks, id, 'network');
  const retyped =
    (patch['provider:network_type'] !== undefined &&
      patch['provider:network_type'] !== n['provider:network_type']) ||
    (patch['router:external'] !== undefined && patch['router:external'] !== n['router:external']);
  // a new type (or external flag) brings its own defaults for what was derived from the old one
  if (retyped) for (const k of PROVIDER) if (!(k in patch)) delete (n as Partial<Network>)[k];
  assign(n, patch);
}

/** Ports' addresses on a subnet are chosen again by the core (after a CIDR change). */
function reallocate(t: Topology, s: Subnet): void {
  for (const p of t.ports)
    for (const f of p.fixed_ips) if (f.subnet_id === s.id) delete (f as Partial<typeof f>).ip_address;
  for (const r of t.routers)
    for (const f of r.external_gateway_info?.external_fixed_ips ?? [])
      if (f.subnet_id === s.id) delete (f as Partial<typeof f>).ip_address;
  for (const f of t.floatingips) {
    if (f.floating_network_id === s.network_id && inCidr(f.floating_ip_address, s.cidr))
      delete (f as Partial<typeof f>).floating_ip_address;
    if (f.port_id && inCidr(f.fixed_ip_address, s.cidr)) delete (f as Partial<typeof f>).fixed_ip_address;
  }
}

export function patchSubnet(t: Topology, id: string, patch: Patch<Subnet>): void {
  const s = find(t.subnets, id, 'subnet');
  const old = { ...s };
  if (patch.cidr !== undefined && patch.cidr !== s.cidr) {
    reallocate(t, s);
    if (!('gateway_ip' in patch)) delete (s as Partial<Subnet>).gateway_ip;
    if (!('allocation_pools' in patch)) delete (s as Partial<Subnet>).allocation_pools;
    for (const w of t.outside)
      if (w.network_id === s.network_id && inCidr(w.gateway.ip, s.cidr))
        delete (w.gateway as Partial<typeof w.gateway>).ip;
  }
  assign(s, patch);
  if ('gateway_ip' in patch && patch.gateway_ip !== old.gateway_ip) {
    // the router interface on the old gateway address moves to the new one
    for (const p of t.ports)
      if (p.device_owner === 'network:router_interface')
        for (const f of p.fixed_ips)
          if (f.subnet_id === s.id && f.ip_address === old.gateway_ip)
            delete (f as Partial<typeof f>).ip_address;
    for (const w of t.outside)
      if (w.network_id === s.network_id && w.gateway.ip === old.gateway_ip)
        delete (w.gateway as Partial<typeof w.gateway>).ip;
  }
  if (patch.enable_dhcp === false && old.enable_dhcp) {
    for (const p of t.ports)
      if (p.device_owner === 'network:dhcp' && p.network_id === s.network_id)
        p.fixed_ips = p.fixed_ips.filter((f) => f.subnet_id !== s.id);
    t.ports = t.ports.filter((p) => p.device_owner !== 'network:dhcp' || p.fixed_ips.length > 0);
  }
  if (patch.enable_dhcp === true && !old.enable_dhcp) {
    const dhcp = t.ports.find((p) => p.device_owner === 'network:dhcp' && p.network_id === s.network_id);
    if (dhcp) dhcp.fixed_ips.push({ subnet_id: s.id } as Port['fixed_ips'][number]);
  }
}

/** A new subnet on a network; a network already served by DHCP serves it too. */
export function addSubnet(
  t: Topology,
  networkId: string,
  subnet: Omit<Patch<Subnet>, 'id' | 'network_id'>,
  id: string,
): void {
  const n = find(t.networks, networkId, 'network');
  t.subnets.push({ ...subnet, id, network_id: n.id } as Subnet);
  const dhcp = t.ports.find((p) => p.device_owner === 'network:dhcp' && p.network_id === n.id);
  if (dhcp && subnet.enable_dhcp !== false)
    dhcp.fixed_ips.push({ subnet_id: id } as Port['fixed_ips'][number]);
}

export interface RouterPatch extends Patch<Omit<Router, 'external_gateway_info'>> {
  /** the external network of the gateway, or null for none */
  gateway?: string | null;
  enable_snat?: boolean;
  /** the gateway's address, or undefined to let the core choose */
  gateway_ip?: string | undefined;
}

export function patchRouter(t: Topology, id: string, patch: RouterPatch): void {
  const r = find(t.routers, id, 'router');
  const { gateway, enable_snat, gateway_ip, ...rest } = patch;
  assign(r, rest);
  if (gateway !== undefined && gateway !== (r.external_gateway_info?.network_id ?? null))
    setGateway(t, r.id, gateway, enable_snat ?? true);
  const gw = r.external_gateway_info;
  if (gw && enable_snat !== undefined) gw.enable_snat = enable_snat;
  if (gw && 'gateway_ip' in patch) {
    t.ports = t.ports.filter((p) => !(p.device_id === r.id && p.device_owner === 'network:router_gateway'));
    gw.external_fixed_ips = gateway_ip
      ? [{ ip_address: gateway_ip } as (typeof gw.external_fixed_ips)[number]]
      : [];
  }
}

export function patchServer(t: Topology, id: string, patch: Patch<Server>): void {
  const s = find(t.servers, id, 'VM');
  const { host, ...rest } = patch;
  if (rest.project_id && rest.project_id !== s.project_id)
    for (const p of t.ports) if (p.device_id === s.id) delete (p as Partial<Port>).project_id;
  assign(s, rest);
  if (host !== undefined && host !== s.host) moveServer(t, s.id, host);
}

export interface PortPatch extends Patch<Omit<Port, 'fixed_ips'>> {
  /** addresses as typed: each an IPv4 address, or '' to let the core pick one on the first subnet */
  addresses?: string[];
}

export function patchPort(t: Topology, id: string, patch: PortPatch): void {
  const p = find(t.ports, id, 'port');
  const { addresses, ...rest } = patch;
  assign(p, rest);
  if (addresses) {
    const before = p.fixed_ips.map((f) => f.ip_address);
    p.fixed_ips = addresses.map((a, i) => {
      const old = p.fixed_ips[i];
      // an address typed by hand names its own subnet; an emptied one is picked again on the old subnet
      if (a) return { ip_address: a } as Port['fixed_ips'][number];
      return (old ? { subnet_id: old.subnet_id } : {}) as Port['fixed_ips'][number];
    });
    for (const f of t.floatingips)
      if (f.port_id === p.id && f.fixed_ip_address && before.includes(f.fixed_ip_address))
        delete (f as Partial<typeof f>).fixed_ip_address;
  }
}

export interface FipPatch {
  floating_network_id?: string;
  /** '' or undefined: the core picks one */
  floating_ip_address?: string | undefined;
  /** null: not associated */
  port_id?: string | null;
  project_id?: string;
}

export function patchFip(t: Topology, id: string, patch: FipPatch): void {
  const f = find(t.floatingips, id, 'floating IP');
  const loose = f as Partial<typeof f>;
  if (patch.project_id) f.project_id = patch.project_id as typeof f.project_id;
  if (patch.floating_network_id && patch.floating_network_id !== f.floating_network_id) {
    f.floating_network_id = patch.floating_network_id as typeof f.floating_network_id;
    delete loose.floating_ip_address;
    Object.assign(f, unassociated);
  }
  if ('floating_ip_address' in patch) {
    if (patch.floating_ip_address) f.floating_ip_address = patch.floating_ip_address;
    else delete loose.floating_ip_address;
  }
  if ('port_id' in patch) {
    if (patch.port_id === null) Object.assign(f, unassociated);
    else if (patch.port_id !== f.port_id) {
      f.port_id = patch.port_id as typeof f.port_id;
      delete loose.fixed_ip_address;
      delete loose.router_id;
    }
  }
}

export function patchGroup(
  t: Topology,
  id: string,
  patch: Patch<Pick<SecurityGroup, 'name' | 'project_id' | 'rules'>>,
): void {
  assign(find(t.security_groups, id, 'security group'), patch);
}

export function patchOutside(
  t: Topology,
  networkId: string,
  fn: (w: Topology['outside'][number]) => void,
): void {
  const w = t.outside.find((x) => x.network_id === networkId) ?? refuse('this network has no world outside');
  fn(w);
}
