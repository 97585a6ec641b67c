// Edits of one resource of a cloud, as a user makes them in the editor, made deterministically from a
// kind and a number: for the benchmark of realize after an edit (npm run bench) and the property test
// that an incremental realize equals a full one. Like the editor, an edit writes only what a user
// asks for (a new VM's port gets its MAC and address from normalization) and leaves validation to
// loadTopology.
import type { Port, SecurityGroupRule, Server, Topology } from './types';

export const EDIT_KINDS = [
  'add-vm',
  'remove-vm',
  'toggle-port',
  'remove-rule',
  'add-rule',
  'move-vm',
  'change-groups',
  'toggle-router',
  'toggle-network',
  'host-route',
  'unassociate-fip',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

/** A UUID made from a number (version 4 layout), so that the same edit gives the same ids. The number
 * leads, as device names keep only an id's first 11 characters (tap<id>, qvo<id>). */
const uuidOf = (n: number) =>
  `${n.toString(16).padStart(8, '0')}-5eed-4000-8000-${n.toString(16).padStart(12, '0')}`;

function freshId(t: Topology, salt: number): string {
  const taken = new Set<string>([...t.servers.map((s) => s.id), ...t.ports.map((p) => p.id)]);
  for (const g of t.security_groups) for (const r of g.rules) taken.add(r.id);
  const prefixes = new Set([...taken].map((id) => id.slice(0, 11)));
  let n = 0x5e000000 + salt;
  while (taken.has(uuidOf(n)) || prefixes.has(uuidOf(n).slice(0, 11))) n++;
  return uuidOf(n);
}

const nth = <T>(xs: readonly T[], k: number): T | undefined => (xs.length ? xs[k % xs.length] : undefined);

const vmPorts = (t: Topology) => t.ports.filter((p) => p.device_owner.startsWith('compute:'));

/**
 * `t` with one edit of the given kind applied to the k-th resource it can apply to, or null when the
 * cloud has none (no VM to remove, no rule to delete...). `t` itself is left as it was.
 */
export function sampleEdit(topology: Topology, kind: EditKind, k: number): Topology | null {
  const t = JSON.parse(JSON.stringify(topology)) as Topology;
  switch (kind) {
    case 'add-vm': {
      const host = nth(
        t.hosts.filter((h) => h.role === 'compute'),
        k,
      );
      const externals = new Set(t.networks.filter((n) => n['router:external']).map((n) => n.id));
      const net = nth(
        t.networks.filter((n) => !externals.has(n.id) && t.subnets.some((s) => s.network_id === n.id)),
        k,
      );
      if (!host || !net) return null;
      const id = freshId(t, k);
      t.servers.push({
        id: id as Server['id'],
        name: `vm-edit-${k}`,
        project_id: net.project_id,
        host: host.name,
        listening: { tcp: [22], udp: [] },
      });
      const port: Partial<Port> = {
        id: freshId(t, k + 1) as Port['id'],
        name: `vm-edit-${k}-${net.name}`,
        network_id: net.id,
        device_id: id,
        device_owner: 'compute:nova',
        project_id: net.project_id,
        'binding:host_id': host.name,
      };
      t.ports.push(port as Port);
      return t;
    }
    case 'remove-vm': {
      const s = nth(t.servers, k);
      if (!s) return null;
      const gone = new Set(t.ports.filter((p) => p.device_id === s.id).map((p) => p.id as string));
      t.servers = t.servers.filter((x) => x !== s);
      t.ports = t.ports.filter((p) => !gone.has(p.id));
      for (const f of t.floatingips)
        if (f.port_id && gone.has(f.port_id))
          Object.assign(f, { port_id: null, fixed_ip_address: null, router_id: null });
      return t;
    }
    case 'toggle-port': {
      const p = nth(vmPorts(t), k);
      if (!p) return null;
      p.admin_state_up = !p.admin_state_up;
      return t;
    }
    case 'remove-rule': {
      const g = nth(
        t.security_groups.filter((x) => x.rules.length),
        k,
      );
      if (!g) return null;
      g.rules.splice(k % g.rules.length, 1);
      return t;
    }
    case 'add-rule': {
      const g = nth(t.security_groups, k);
      const remote = nth(t.security_groups, k >> 1);
      if (!g || !remote) return null;
      g.rules.push({
        id: freshId(t, k) as SecurityGroupRule['id'],
        direction: k % 2 ? 'egress' : 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 8000 + (k % 100),
        port_range_max: 8000 + (k % 100),
        remote_ip_prefix: null,
        remote_group_id: remote.id,
      });
      return t;
    }
    case 'move-vm': {
      const s = nth(t.servers, k);
      const computes = t.hosts.filter((h) => h.role === 'compute' && h.name !== s?.host);
      const to = nth(computes, k);
      if (!s || !to) return null;
      s.host = to.name;
      for (const p of t.ports) if (p.device_id === s.id) p['binding:host_id'] = to.name;
      return t;
    }
    case 'change-groups': {
      const p = nth(vmPorts(t), k);
      const g = nth(t.security_groups, k);
      if (!p || !g) return null;
      p.security_groups = p.security_groups.includes(g.id)
        ? p.security_groups.filter((x) => x !== g.id)
        : [...p.security_groups, g.id];
      return t;
    }
    case 'toggle-router': {
      const r = nth(t.routers, k);
      if (!r) return null;
      r.admin_state_up = !r.admin_state_up;
      return t;
    }
    case 'toggle-network': {
      const n = nth(
        t.networks.filter((x) => !x['router:external']),
        k,
      );
      if (!n) return null;
      n.admin_state_up = !n.admin_state_up;
      return t;
    }
    case 'host-route': {
      const s = nth(
        t.subnets.filter((x) => x.gateway_ip),
        k,
      );
      if (!s?.gateway_ip) return null;
      s.host_routes = [...s.host_routes, { destination: `192.168.${k % 250}.0/24`, nexthop: s.gateway_ip }];
      return t;
    }
    case 'unassociate-fip': {
      const f = nth(
        t.floatingips.filter((x) => x.port_id),
        k,
      );
      if (!f) return null;
      Object.assign(f, { port_id: null, fixed_ip_address: null, router_id: null });
      return t;
    }
  }
}
