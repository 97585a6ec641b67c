// The logical view, like Horizon's network topology: each network a tall bar in its colour with its
// subnets, routers between the external network and the networks they join, each VM beside its
// network with its addresses and floating IP. Derived from the Topology alone.
import type { Edge, Node } from '@xyflow/react';
import type { DeviceView, Network, Topology } from '../../sim';
import type { NetEdgeData } from './physical-graph';

export interface NetworkBarData extends Record<string, unknown> {
  network: Network;
  cidrs: string[];
  color: number;
  project: string;
  height: number;
}
export interface ResourceNodeData extends Record<string, unknown> {
  kind: 'router' | 'server' | 'outside';
  name: string;
  lines: string[];
  badge: string | null;
  project: string;
  resourceId: string;
}

export type LogicalNode = Node<NetworkBarData, 'netbar'> | Node<ResourceNodeData, 'resource'>;
export type LogicalEdge = Edge<NetEdgeData, 'net'>;

const BAR_W = 34;
const NODE_W = 170;
const NODE_H = 62;
const ROW = 86;
const TOP = 70;

export function logicalGraph(
  t: Topology,
  positions: Record<string, { x: number; y: number }>,
): { nodes: LogicalNode[]; edges: LogicalEdge[] } {
  const nodes: LogicalNode[] = [];
  const edges: LogicalEdge[] = [];
  const color = new Map(t.networks.map((n, i) => [n.id, i]));
  const project = (id: string) => t.projects.find((p) => p.id === id)?.name ?? '';
  const subnetsOf = (netId: string) => t.subnets.filter((s) => s.network_id === netId);
  const ext = t.networks.filter((n) => n['router:external']);
  const tenant = t.networks.filter((n) => !n['router:external']);
  const serversOn = new Map<string, string[]>();
  for (const s of t.servers) {
    const first = t.ports.find((p) => p.device_id === s.id);
    if (!first) continue;
    const list = serversOn.get(first.network_id) ?? [];
    list.push(s.id);
    serversOn.set(first.network_id, list);
  }
  const routersUsed = t.routers;
  // routers on the first rows, servers below them, so a router's lines never run through a server
  const serverTop = TOP + routersUsed.length * ROW;
  const tallest = Math.max(
    routersUsed.length + Math.max(0, ...tenant.map((n) => serversOn.get(n.id)?.length ?? 0)),
    t.outside.reduce((a, w) => a + w.hosts.length + 1, 0),
    3,
  );
  const height = TOP + tallest * ROW + 20;
  let x = 0;
  const place = (id: string, pos: { x: number; y: number }) => positions[id] ?? pos;
  // outside world, left of the external networks
  let oy = TOP;
  for (const w of t.outside) {
    const up = {
      kind: 'outside' as const,
      name: w.gateway.name,
      lines: [w.gateway.ip, `to ${w.internet.cidr}`],
      badge: null,
      project: '',
      resourceId: `upstream:${w.network_id}`,
    };
    nodes.push({
      id: up.resourceId,
      type: 'resource',
      position: place(up.resourceId, { x, y: oy }),
      width: NODE_W - 20,
      height: NODE_H,
      data: up,
    });
    edges.push(edge(up.resourceId, `net:${w.network_id}`, color.get(w.network_id) ?? null, null));
    oy += ROW;
    for (const h of w.hosts) {
      const id = `outside:${h.name}`;
      nodes.push({
        id,
        type: 'resource',
        position: place(id, { x, y: oy }),
        width: NODE_W - 20,
        height: NODE_H,
        data: { kind: 'outside', name: h.name, lines: [h.ip], badge: 'outside', project: '', resourceId: id },
      });
      edges.push(edge(id, up.resourceId, null, null));
      oy += ROW;
    }
  }
  if (t.outside.length) x += NODE_W + 40;
  const bar = (n: Network) => {
    const id = `net:${n.id}`;
    nodes.push({
      id,
      type: 'netbar',
      position: place(id, { x, y: 0 }),
      width: BAR_W,
      height,
      data: {
        network: n,
        cidrs: subnetsOf(n.id).map((s) => s.cidr),
        color: color.get(n.id) ?? 0,
        project: project(n.project_id),
        height,
      },
    });
  };
  // room between a bar and a router for the address on the wire (a label of about 80 px)
  for (const n of ext) {
    bar(n);
    x += BAR_W + 100;
  }
  // routers
  t.routers.forEach((r, i) => {
    const id = `router:${r.id}`;
    const gw = r.external_gateway_info?.external_fixed_ips[0]?.ip_address;
    const ifaces = t.ports.filter(
      (p) => p.device_id === r.id && p.device_owner === 'network:router_interface',
    );
    nodes.push({
      id,
      type: 'resource',
      position: place(id, { x, y: TOP + i * ROW }),
      width: NODE_W,
      height: NODE_H,
      data: {
        kind: 'router',
        name: r.name,
        lines: [
          gw ? `gw ${gw}${r.external_gateway_info?.enable_snat ? ' SNAT' : ''}` : 'no gateway',
          `${ifaces.length} interface${ifaces.length === 1 ? '' : 's'}`,
        ],
        badge: null,
        project: project(r.project_id),
        resourceId: r.id,
      },
    });
    if (r.external_gateway_info)
      edges.push(
        edge(
          id,
          `net:${r.external_gateway_info.network_id}`,
          color.get(r.external_gateway_info.network_id) ?? null,
          gw ?? null,
        ),
      );
    for (const p of ifaces)
      edges.push(
        edge(id, `net:${p.network_id}`, color.get(p.network_id) ?? null, p.fixed_ips[0]?.ip_address ?? null),
      );
  });
  if (t.routers.length) x += NODE_W + 100;
  // tenant networks, each followed by its VMs
  for (const n of tenant) {
    bar(n);
    x += BAR_W + 40;
    (serversOn.get(n.id) ?? []).forEach((sid, i) => {
      const s = t.servers.find((v) => v.id === sid)!;
      const id = `server:${s.id}`;
      const ports = t.ports.filter((p) => p.device_id === s.id);
      const fip = t.floatingips.find((f) => ports.some((p) => p.id === f.port_id));
      nodes.push({
        id,
        type: 'resource',
        position: place(id, { x, y: serverTop + i * ROW }),
        width: NODE_W,
        height: NODE_H,
        data: {
          kind: 'server',
          name: s.name,
          lines: [ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address)).join(', '), `on ${s.host}`],
          badge: fip ? `FIP ${fip.floating_ip_address}` : null,
          project: project(s.project_id),
          resourceId: s.id,
        },
      });
      for (const p of ports)
        edges.push(edge(id, `net:${p.network_id}`, color.get(p.network_id) ?? null, null));
    });
    if (serversOn.get(n.id)?.length) x += NODE_W + 50;
  }
  return { nodes, edges };
}

/** The node that stands for a device in this view, if one does: a server for its VM, a router for its
 * qrouter namespace, the upstream router and the outside hosts (see LOGICAL_ROLES in src/lessons/shown.ts). */
export function logicalNodeOf(d: DeviceView): string | null {
  switch (d.role) {
    case 'vm':
      return d.serverId ? `server:${d.serverId}` : null;
    case 'qrouter':
      return d.routerId ? `router:${d.routerId}` : null;
    case 'upstream':
      return d.networks[0] ? `upstream:${d.networks[0]}` : null;
    case 'outside-host':
      return `outside:${d.name}`;
    default:
      return null;
  }
}

function edge(a: string, b: string, network: number | null, label: string | null): LogicalEdge {
  return {
    id: `l:${a}--${b}`,
    source: a,
    target: b,
    type: 'net',
    // the address sits mid-wire: at either end a bar or a node would cover it
    data: { kind: 'wire', network, label },
  };
}
