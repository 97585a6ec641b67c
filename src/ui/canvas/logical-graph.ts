// The logical view, like Horizon's network topology: each network a tall bar in its colour with its
// subnets; the outside world left of the external networks (right of a provider network that VMs
// attach to directly, clear of its VMs); the routers in the rows at the top, in
// a column between the external networks and the project networks; each VM below the routers, in
// the column just left of its network's bar (the first network's VMs under the routers). A router's
// wires run along the router rows, where no VM stands, and each carries its address just before the
// bar it reaches. Every box is as wide as its text (text-size.ts), so the view stays compact and
// reads from the back of a room. Derived from the Topology alone.
import type { Edge, Node } from '@xyflow/react';
import { isHaNetwork, type Network, onExternalNetwork, type Topology } from '../../sim';
import type { NetEdgeData } from './physical-graph';
import { monoW, sansW, T } from './text-size';
import { labelWidth } from './tunnel-routes';

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

/** what a resource node is, in its accessible name ("vm1, server, 10.0.0.5") */
const RESOURCE_WORD = { router: 'router', server: 'VM', outside: 'outside' } as const;

const BAR_W = 36;
const ROW = 84;
const TOP = 60;
/** between a bar and the column beside it */
const GAP = 34;
/** a node's height: its name line and up to two lines of facts (styles.css .res) */
const nodeH = (lines: number) => 34 + 18 * lines;

/** A resource box as wide as its name, project and lines at the canvas's type. */
function nodeW(d: ResourceNodeData): number {
  const head = 24 + 22 + sansW(d.name, T + 1, true) + (d.project ? 10 + sansW(d.project) : 0);
  const lines = Math.max(0, ...d.lines.map((l) => monoW(l)));
  const badge = d.badge ? monoW(d.badge) + 28 : 0;
  return Math.max(110, head, 24 + lines, badge);
}

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
  // an HA network belongs to no project and joins only the agents' copies of a router: the project's
  // picture (Horizon's network topology) leaves it out
  const tenant = t.networks.filter((n) => !n['router:external'] && !isHaNetwork(n));
  const serversOn = new Map<string, string[]>();
  for (const s of t.servers) {
    const first = t.ports.find((p) => p.device_id === s.id);
    if (!first) continue;
    const list = serversOn.get(first.network_id) ?? [];
    list.push(s.id);
    serversOn.set(first.network_id, list);
  }
  const place = (id: string, pos: { x: number; y: number }) => positions[id] ?? pos;
  const resource = (id: string, x: number, y: number, d: ResourceNodeData): number => {
    const w = nodeW(d);
    nodes.push({
      id,
      type: 'resource',
      ariaLabel: [d.name, RESOURCE_WORD[d.kind], ...d.lines, d.badge ?? ''].filter(Boolean).join(', '),
      position: place(id, { x, y }),
      width: w,
      height: nodeH(d.lines.length),
      data: d,
    });
    return w;
  };
  // routers take the top rows; VMs stand below them
  const routerRows = t.routers.length;
  const vmTop = TOP + routerRows * ROW;
  const tallest = Math.max(
    routerRows + Math.max(0, ...tenant.map((n) => serversOn.get(n.id)?.length ?? 0)),
    t.outside.reduce((a, w) => a + w.hosts.length + 1, 0),
    2,
  );
  // a bar is tall enough for its name, kind and subnets, written down it (styles.css .netbar__label)
  const labelLength = (n: Network) =>
    16 +
    // a long name gives way (ellipsized, whole on hover): it never makes every bar taller
    Math.min(sansW(n.name, 15, true), sansW('m'.repeat(18), 15, true)) +
    10 +
    sansW(
      `${n['router:external'] ? 'external' : n['provider:network_type']} ${n['provider:segmentation_id'] ?? ''}`,
    ) +
    subnetsOf(n.id).reduce((a, s) => a + 10 + sansW(s.cidr), 0);
  const height = Math.max(TOP + tallest * ROW, ...[...ext, ...tenant].map(labelLength));
  const bar = (n: Network, x: number) => {
    const id = `net:${n.id}`;
    nodes.push({
      id,
      type: 'netbar',
      ariaLabel: [
        n.name,
        n['router:external'] ? 'external network' : 'network',
        `${n['provider:network_type']} ${n['provider:segmentation_id'] ?? ''}`.trim(),
        ...subnetsOf(n.id).map((s) => s.cidr),
      ].join(', '),
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
  // the room a router's address needs on its wire, just before the bar it reaches
  const addresses = t.ports.flatMap((p) =>
    p.device_owner === 'network:router_interface' || p.device_owner === 'network:router_gateway'
      ? p.fixed_ips.map((f) => f.ip_address)
      : [],
  );
  const labelRoom = Math.max(GAP, ...addresses.map((a) => labelWidth(a, false) + 16));
  /** An outside world in a column at x from top down: its upstream router, then its hosts (a host on
   * the network's subnet itself is on the network's wire; others stand behind the upstream). Returns
   * the column's width. */
  const world = (w: Topology['outside'][number], x: number, top: number): number => {
    const id = `upstream:${w.network_id}`;
    const net = `net:${w.network_id}`;
    const colour = color.get(w.network_id) ?? null;
    let oy = top;
    let width = resource(id, x, oy, {
      kind: 'outside',
      name: w.gateway.name,
      lines: [w.gateway.ip, `to ${w.internet.cidr}`],
      badge: null,
      project: '',
      resourceId: id,
    });
    edges.push(edge(id, net, colour, null));
    for (const h of w.hosts) {
      oy += ROW;
      const hid = `outside:${h.name}`;
      width = Math.max(
        width,
        resource(hid, x, oy, {
          kind: 'outside',
          name: h.name,
          lines: [h.ip],
          badge: 'outside',
          project: '',
          resourceId: hid,
        }),
      );
      edges.push(onExternalNetwork(w, h) ? edge(hid, net, colour, null) : edge(hid, id, null, null));
    }
    return width;
  };
  /** Outside worlds stacked in a column at x, from the top; returns the column's width. */
  const worldsAt = (worlds: readonly Topology['outside'][number][], x: number): number => {
    let oy = TOP;
    let width = 0;
    for (const w of worlds) {
      width = Math.max(width, world(w, x, oy));
      oy += (1 + w.hosts.length) * ROW;
    }
    return width;
  };
  // the worlds of the external networks stand left of them; the world of a provider network that VMs
  // attach to directly stands right of its bar, clear of the VMs left of it
  const worldsLeft = t.outside.filter((w) => ext.some((n) => n.id === w.network_id));
  const worldsOf = (n: Network) => t.outside.filter((w) => w.network_id === n.id && !worldsLeft.includes(w));
  let x = 0;
  if (worldsLeft.length) x += worldsAt(worldsLeft, 0) + GAP;
  for (const n of ext) {
    bar(n, x);
    x += BAR_W + labelRoom;
  }
  // the router column, with the first network's VMs below the routers
  let colW = 0;
  t.routers.forEach((r, i) => {
    const id = `router:${r.id}`;
    const gw = r.external_gateway_info?.external_fixed_ips[0]?.ip_address;
    const ifaces = t.ports.filter(
      (p) => p.device_id === r.id && p.device_owner === 'network:router_interface',
    );
    colW = Math.max(
      colW,
      resource(id, x, TOP + i * ROW, {
        kind: 'router',
        name: r.name,
        lines: [
          gw ? `gw ${gw}${r.external_gateway_info?.enable_snat ? ' SNAT' : ''}` : 'no gateway',
          `${ifaces.length} interface${ifaces.length === 1 ? '' : 's'}`,
        ],
        badge: null,
        project: project(r.project_id),
        resourceId: r.id,
      }),
    );
    if (r.external_gateway_info) {
      const net = `net:${r.external_gateway_info.network_id}`;
      edges.push(edge(id, net, color.get(r.external_gateway_info.network_id) ?? null, gw ?? null, net));
    }
    for (const p of ifaces) {
      const net = `net:${p.network_id}`;
      edges.push(edge(id, net, color.get(p.network_id) ?? null, p.fixed_ips[0]?.ip_address ?? null, net));
    }
  });
  const servers = (n: Network, left: number): number => {
    let w = 0;
    (serversOn.get(n.id) ?? []).forEach((sid, i) => {
      const s = t.servers.find((v) => v.id === sid)!;
      const id = `server:${s.id}`;
      const ports = t.ports.filter((p) => p.device_id === s.id);
      const fip = t.floatingips.find((f) => ports.some((p) => p.id === f.port_id));
      w = Math.max(
        w,
        resource(id, left, vmTop + i * ROW, {
          kind: 'server',
          name: s.name,
          lines: [ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address)).join(', '), `on ${s.host}`],
          badge: fip ? `FIP ${fip.floating_ip_address}` : null,
          project: project(s.project_id),
          resourceId: s.id,
        }),
      );
      for (const p of ports)
        edges.push(edge(id, `net:${p.network_id}`, color.get(p.network_id) ?? null, null));
    });
    return w;
  };
  // each project network's bar, its VMs in the column just left of it
  tenant.forEach((n, i) => {
    const left = i === 0 ? x : x + GAP;
    const w = servers(n, left);
    const col = i === 0 ? Math.max(colW, w) : w;
    // the column must also hold the address of a router wire that ends at this bar
    x =
      left +
      Math.max(col, i === 0 ? 0 : labelRoom - 2 * GAP) +
      (i === 0 && t.routers.length ? labelRoom : GAP);
    bar(n, x);
    x += BAR_W;
    const worlds = worldsOf(n);
    if (worlds.length) x += GAP + worldsAt(worlds, x + GAP);
  });
  return { nodes, edges };
}

function edge(
  a: string,
  b: string,
  network: number | null,
  label: string | null,
  near?: string,
): LogicalEdge {
  return {
    id: `l:${a}--${b}`,
    source: a,
    target: b,
    type: 'net',
    // a router's address sits on its wire just before the bar it reaches, in the room left for it
    data: { kind: 'wire', network, label, ...(near ? { labelNear: near, labelBeside: true } : {}) },
  };
}
