// Ports, as the Neutron server creates them: the user's ports (VM, router interface, gateway, DHCP),
// plus the router gateway port of every router with external_gateway_info and the DHCP port of every
// network with a DHCP-enabled subnet, then scheduled on their agents' hosts (normalize-schedule.ts).
import { isIpv4 } from '../addr/ipv4';
import { BROADCAST_MAC, isMac, normalizeMac, ZERO_MAC } from '../addr/mac';
import { hashText, seededBytes, uuid4From } from '../addr/random';
import type { NormalizeContext } from './normalize';
import { schedule } from './normalize-schedule';
import { groupBy, type Named, Registry } from './refs';
import type { PortInput } from './schema';
import type {
  DeviceOwner,
  FixedIp,
  HostName,
  Network,
  Port,
  PortId,
  ProjectId,
  Router,
  SecurityGroupId,
  SubnetId,
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
  const sg = groupsOf(cx).byProjectName.get(`${project}\ndefault`);
  return sg ? [sg.id] : [];
}

type Indexed<T> = {
  n: number;
  registry: Registry<T & Named>;
  byId: Map<string, T>;
  byProjectName: Map<string, T>;
};
const indexes = new WeakMap<readonly unknown[], Indexed<never>>();

/**
 * The security groups or projects normalized so far, indexed once for all ports (a cloud of 2,000
 * VMs has some 5,000): by id and by project and name, the first of each, and in a Registry.
 */
function indexed<T extends Named & { project_id?: string }>(kind: string, items: readonly T[]): Indexed<T> {
  const known = indexes.get(items) as Indexed<T> | undefined;
  if (known && known.n === items.length) return known;
  const byId = new Map<string, T>();
  const byProjectName = new Map<string, T>();
  for (const x of items) {
    if (!byId.has(x.id)) byId.set(x.id, x);
    const k = `${x.project_id ?? ''}\n${x.name}`;
    if (!byProjectName.has(k)) byProjectName.set(k, x);
  }
  const made: Indexed<T> = { n: items.length, registry: new Registry(kind, items), byId, byProjectName };
  indexes.set(items, made as Indexed<never>);
  return made;
}

const groupsOf = (cx: NormalizeContext) => indexed('security group', cx.topo.security_groups);

function resolveSecurityGroups(
  cx: NormalizeContext,
  refs: string[],
  project: string,
  path: string,
): SecurityGroupId[] {
  const out: SecurityGroupId[] = [];
  const groups = groupsOf(cx);
  refs.forEach((ref, k) => {
    // A name is looked up in the port's project first, then (as an admin sees them) among all groups.
    const hit =
      groups.byId.get(ref) ??
      groups.byProjectName.get(`${project}\n${ref}`) ??
      groups.registry.resolve(ref, `${path}[${k}]`, cx.errors);
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
    const proj = indexed('project', cx.topo.projects).registry.resolve(
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
  const gateways = groupBy(
    cx.topo.ports.filter((p) => p.device_owner === 'network:router_gateway'),
    (p) => p.device_id as string,
  );
  for (const router of cx.topo.routers) {
    const gw = router.external_gateway_info;
    if (!gw) continue;
    const ports = gateways.get(router.id) ?? [];
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
