// Deleting a resource and what goes with it, as Neutron and Nova would have it: a VM takes its ports,
// a router its interfaces and gateway port, a network its subnets and every port on it; floating IPs
// on a port that goes are disassociated. impactOf() says it all in words before anything is deleted.
import type { Port, Topology } from '../sim';
import { inCidr, Refused, refuse, unassociated } from './edit-ops';

export type EditTarget =
  | { kind: 'host'; id: string }
  | { kind: 'project'; id: string }
  | { kind: 'network'; id: string }
  | { kind: 'subnet'; id: string }
  | { kind: 'router'; id: string }
  | { kind: 'server'; id: string }
  | { kind: 'port'; id: string }
  | { kind: 'floatingip'; id: string }
  | { kind: 'security_group'; id: string };

export interface Impact {
  /** "network net1" */
  what: string;
  /** what else goes or changes, one line each */
  also: string[];
  /** when set, the deletion is refused for this reason */
  refused: string | null;
}

const ips = (p: Port) => p.fixed_ips.map((f) => f.ip_address).join(', ');

export function portLabel(t: Topology, p: Port): string {
  const owner = t.servers.find((s) => s.id === p.device_id) ?? t.routers.find((r) => r.id === p.device_id);
  const net = t.networks.find((n) => n.id === p.network_id)?.name ?? '?';
  switch (p.device_owner) {
    case 'network:router_interface':
      return `${owner?.name ?? 'a router'}'s interface ${ips(p)} on ${net}`;
    case 'network:router_gateway':
      return `${owner?.name ?? 'a router'}'s gateway ${ips(p)} on ${net}`;
    case 'network:dhcp':
      return `the DHCP port ${ips(p)} of ${net} (its qdhcp namespace goes too)`;
    default:
      return owner
        ? `${owner.name}'s port ${ips(p) || '(no address)'} on ${net}`
        : `port ${p.name || p.id} on ${net}`;
  }
}

export function targetLabel(t: Topology, x: EditTarget): string {
  switch (x.kind) {
    case 'host':
      return `host ${x.id}`;
    case 'project':
      return `project ${t.projects.find((p) => p.id === x.id)?.name ?? x.id}`;
    case 'network':
      return `network ${t.networks.find((n) => n.id === x.id)?.name ?? x.id}`;
    case 'subnet': {
      const s = t.subnets.find((n) => n.id === x.id);
      return `subnet ${s?.name ?? x.id}${s ? ` (${s.cidr})` : ''}`;
    }
    case 'router':
      return `router ${t.routers.find((n) => n.id === x.id)?.name ?? x.id}`;
    case 'server':
      return `VM ${t.servers.find((n) => n.id === x.id)?.name ?? x.id}`;
    case 'port': {
      const p = t.ports.find((n) => n.id === x.id);
      return p ? portLabel(t, p) : `port ${x.id}`;
    }
    case 'floatingip':
      return `floating IP ${t.floatingips.find((n) => n.id === x.id)?.floating_ip_address ?? x.id}`;
    case 'security_group':
      return `security group ${t.security_groups.find((n) => n.id === x.id)?.name ?? x.id}`;
  }
}

/** Deletes on a copy to learn what else goes, in words. */
export function impactOf(t: Topology, x: EditTarget): Impact {
  const what = targetLabel(t, x);
  const draft = structuredClone(t);
  try {
    const also = deleteTarget(draft, x);
    return { what, also, refused: null };
  } catch (e) {
    if (e instanceof Refused) return { what, also: [], refused: e.message };
    throw e;
  }
}

/** Deletes the target and what depends on it from the draft; returns what else went, in words. */
export function deleteTarget(t: Topology, x: EditTarget): string[] {
  const also: string[] = [];
  const c = new Cascade(t, also);
  switch (x.kind) {
    case 'host':
      c.host(x.id);
      break;
    case 'project':
      c.project(x.id);
      break;
    case 'network':
      c.network(x.id);
      break;
    case 'subnet':
      c.subnet(x.id);
      break;
    case 'router':
      c.router(x.id);
      break;
    case 'server':
      c.server(x.id);
      break;
    case 'port': {
      const p = t.ports.find((q) => q.id === x.id) ?? refuse('the port is gone');
      if (p.device_owner === 'network:dhcp')
        refuse('the DHCP agent owns this port: turn DHCP off on the subnet instead');
      if (p.device_owner === 'network:router_gateway') {
        const r = t.routers.find((q) => q.id === p.device_id);
        if (r) c.clearGateway(r.id);
        else c.ports((q) => q.id === p.id);
      } else c.ports((q) => q.id === p.id);
      break;
    }
    case 'floatingip':
      t.floatingips = t.floatingips.filter((f) => f.id !== x.id);
      break;
    case 'security_group':
      c.group(x.id);
      break;
  }
  return also;
}

class Cascade {
  constructor(
    private t: Topology,
    private also: string[],
  ) {}

  /** removes ports (and disassociates floating IPs on them), noting each unless quiet */
  ports(pred: (p: Port) => boolean, quiet = false): void {
    const t = this.t;
    const gone = t.ports.filter(pred);
    if (!gone.length) return;
    const ids = new Set<string>(gone.map((p) => p.id));
    if (!quiet) for (const p of gone) this.also.push(portLabel(t, p));
    for (const f of t.floatingips)
      if (f.port_id && ids.has(f.port_id)) {
        this.also.push(`floating IP ${f.floating_ip_address} is disassociated`);
        Object.assign(f, unassociated);
      }
    t.ports = t.ports.filter((p) => !ids.has(p.id));
  }

  clearGateway(routerId: string): void {
    const t = this.t;
    const r = t.routers.find((q) => q.id === routerId);
    if (!r?.external_gateway_info) return;
    this.also.push(
      `${r.name}'s gateway ${r.external_gateway_info.external_fixed_ips.map((f) => f.ip_address).join(', ')}`,
    );
    this.ports((p) => p.device_id === r.id && p.device_owner === 'network:router_gateway', true);
    for (const f of t.floatingips)
      if (f.router_id === r.id && f.port_id) {
        this.also.push(
          `floating IP ${f.floating_ip_address} is disassociated (no way out without the gateway)`,
        );
        Object.assign(f, unassociated);
      }
    r.external_gateway_info = null;
  }

  server(id: string): void {
    const t = this.t;
    const s = t.servers.find((q) => q.id === id) ?? refuse('the VM is gone');
    this.ports((p) => p.device_id === s.id);
    t.servers = t.servers.filter((q) => q.id !== id);
  }

  router(id: string): void {
    const t = this.t;
    const r = t.routers.find((q) => q.id === id) ?? refuse('the router is gone');
    this.clearGateway(r.id);
    this.ports((p) => p.device_id === r.id);
    for (const f of t.floatingips)
      if (f.router_id === r.id) {
        if (f.port_id) this.also.push(`floating IP ${f.floating_ip_address} is disassociated`);
        Object.assign(f, unassociated);
      }
    t.routers = t.routers.filter((q) => q.id !== id);
  }

  subnet(id: string): void {
    const t = this.t;
    const s = t.subnets.find((q) => q.id === id) ?? refuse('the subnet is gone');
    const others = t.subnets.filter((q) => q.network_id === s.network_id && q.id !== s.id);
    // a gateway with its address here is taken down; the core gives it a new address on another subnet
    for (const r of t.routers)
      if (r.external_gateway_info?.external_fixed_ips.some((f) => f.subnet_id === s.id)) {
        if (others.length) {
          this.also.push(`${r.name}'s gateway gets a new address on another subnet`);
          this.ports((p) => p.device_id === r.id && p.device_owner === 'network:router_gateway', true);
          r.external_gateway_info.external_fixed_ips = [];
        } else this.clearGateway(r.id);
      }
    for (const f of [...t.floatingips])
      if (f.floating_network_id === s.network_id && inCidr(f.floating_ip_address, s.cidr)) {
        this.also.push(`floating IP ${f.floating_ip_address}`);
        t.floatingips = t.floatingips.filter((q) => q.id !== f.id);
      }
    this.ports(
      (p) =>
        p.fixed_ips.some((f) => f.subnet_id === s.id) &&
        (p.device_owner === 'network:router_interface' ||
          (p.device_owner === 'network:dhcp' && p.fixed_ips.every((f) => f.subnet_id === s.id))),
    );
    for (const p of t.ports) {
      if (!p.fixed_ips.some((f) => f.subnet_id === s.id)) continue;
      const lost = p.fixed_ips.filter((f) => f.subnet_id === s.id).map((f) => f.ip_address);
      for (const f of t.floatingips)
        if (f.port_id === p.id && lost.includes(f.fixed_ip_address ?? '')) {
          this.also.push(`floating IP ${f.floating_ip_address} is disassociated`);
          Object.assign(f, unassociated);
        }
      p.fixed_ips = p.fixed_ips.filter((f) => f.subnet_id !== s.id);
      if (p.device_owner.startsWith('compute:')) {
        const next = others[0];
        if (!p.fixed_ips.length && next) p.fixed_ips = [{ subnet_id: next.id } as Port['fixed_ips'][number]];
        this.also.push(
          `${portLabel(t, p)} loses ${lost.join(', ')}${next && p.fixed_ips.length ? ` and gets an address on ${next.name}` : ''}`,
        );
      }
    }
    for (const r of t.routers) {
      const kept = r.routes.filter((x) => !inCidr(x.nexthop, s.cidr));
      if (kept.length < r.routes.length) this.also.push(`${r.name}'s routes via ${s.cidr}`);
      r.routes = kept;
    }
    if (!others.length) {
      const w = t.outside.find((o) => o.network_id === s.network_id);
      if (w) {
        this.also.push(
          `the world outside behind it (${w.gateway.name} and ${w.hosts.map((h) => h.name).join(', ')})`,
        );
        t.outside = t.outside.filter((o) => o !== w);
      }
    }
    t.subnets = t.subnets.filter((q) => q.id !== id);
  }

  network(id: string): void {
    const t = this.t;
    const n = t.networks.find((q) => q.id === id) ?? refuse('the network is gone');
    for (const r of t.routers) if (r.external_gateway_info?.network_id === n.id) this.clearGateway(r.id);
    for (const f of t.floatingips.filter((q) => q.floating_network_id === n.id))
      this.also.push(`floating IP ${f.floating_ip_address}`);
    t.floatingips = t.floatingips.filter((q) => q.floating_network_id !== n.id);
    this.ports((p) => p.network_id === n.id);
    for (const s of t.subnets.filter((q) => q.network_id === n.id))
      this.also.push(`subnet ${s.name} (${s.cidr})`);
    const cidrs = t.subnets.filter((q) => q.network_id === n.id).map((q) => q.cidr);
    for (const r of t.routers) {
      const kept = r.routes.filter((x) => !cidrs.some((c) => inCidr(x.nexthop, c)));
      if (kept.length < r.routes.length) this.also.push(`${r.name}'s routes via ${n.name}`);
      r.routes = kept;
    }
    t.subnets = t.subnets.filter((q) => q.network_id !== n.id);
    const w = t.outside.find((o) => o.network_id === n.id);
    if (w)
      this.also.push(
        `the world outside behind it (${w.gateway.name} and ${w.hosts.map((h) => h.name).join(', ')})`,
      );
    t.outside = t.outside.filter((o) => o.network_id !== n.id);
    for (const h of t.hosts)
      h.segmentation_overrides = h.segmentation_overrides.filter((o) => o.network_id !== n.id);
    t.networks = t.networks.filter((q) => q.id !== id);
  }

  host(name: string): void {
    const t = this.t;
    const h = t.hosts.find((q) => q.name === name) ?? refuse('the host is gone');
    for (const s of t.servers.filter((q) => q.host === h.name)) {
      this.also.push(`VM ${s.name}, which runs there`);
      this.server(s.id);
    }
    const bound = t.ports.filter((p) => p['binding:host_id'] === h.name);
    if (bound.length) {
      const others = t.hosts.some((q) => q.role === 'network' && q.name !== h.name);
      this.also.push(
        others
          ? 'its routers and DHCP service move to another network host'
          : 'its routers and DHCP service stop: no other network host is left',
      );
      for (const p of bound) p['binding:host_id'] = null;
    }
    t.hosts = t.hosts.filter((q) => q.name !== name);
  }

  project(id: string): void {
    const t = this.t;
    const p = t.projects.find((q) => q.id === id) ?? refuse('the project is gone');
    const owned = [
      ...t.networks.filter((q) => q.project_id === id).map((q) => `network ${q.name}`),
      ...t.routers.filter((q) => q.project_id === id).map((q) => `router ${q.name}`),
      ...t.servers.filter((q) => q.project_id === id).map((q) => `VM ${q.name}`),
    ];
    if (owned.length)
      refuse(
        `project ${p.name} still owns ${owned.slice(0, 4).join(', ')}${owned.length > 4 ? '…' : ''}: delete those first`,
      );
    for (const g of t.security_groups.filter((q) => q.project_id === id)) this.group(g.id, true);
    t.floatingips = t.floatingips.filter((q) => q.project_id !== id);
    t.projects = t.projects.filter((q) => q.id !== id);
  }

  group(id: string, withProject = false): void {
    const t = this.t;
    const g = t.security_groups.find((q) => q.id === id) ?? refuse('the security group is gone');
    if (g.name === 'default' && !withProject)
      refuse('a project’s default group cannot be deleted (Neutron refuses too): edit its rules instead');
    if (!withProject)
      this.also.push(
        ...t.ports
          .filter((p) => p.security_groups.includes(g.id))
          .map((p) => `${portLabel(t, p)} leaves the group`),
      );
    for (const p of t.ports) p.security_groups = p.security_groups.filter((x) => x !== g.id);
    for (const o of t.security_groups) {
      const kept = o.rules.filter((r) => r.remote_group_id !== g.id);
      if (o.id !== g.id && kept.length < o.rules.length)
        this.also.push(`rules of ${o.name} that name ${g.name}`);
      o.rules = kept;
    }
    t.security_groups = t.security_groups.filter((q) => q.id !== id);
  }
}
