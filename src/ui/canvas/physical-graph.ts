// The physical view as React Flow nodes and edges, derived from the PlaneView and the view options:
// hosts side by side in rows (physical-host.ts lays out each), the tunnels between their VXLAN ports
// routed beneath the rows (tunnel-routes.ts), the underlay and the world outside below them.
import type { Edge, Node } from '@xyflow/react';
import type { DeviceView, LinkView, PlaneView, TunnelView } from '../../sim';
import { hostLabel } from './device-words';
import { HostDrawings, hostLists, type OwnerLookup, Owners, outwardLinks } from './host-drawings';
import { edgesOf, tunnelLabel } from './physical-edges';
import {
  countsOf,
  drawnFolded,
  layoutHost,
  NIC_H,
  orderVxlanPorts,
  type PlacedHost,
  S,
} from './physical-host';
import { nicX, nicXs, placeOutside } from './physical-outside';
import {
  type Box,
  type HostRow,
  LABEL_H,
  labelWidth,
  type Pt,
  routeTunnels,
  type TunnelEnd,
  type TunnelRoute,
} from './tunnel-routes';

/** A bridge port that is no device of its own (patch port, provider NIC), drawn on the bridge's edge. */
export interface PortChip {
  name: string;
  /** the name as drawn: ovn-controller's patch ports (patch-br-int-to-provnet-<uuid>) are cut in the middle */
  label: string;
  kind: 'patch' | 'nic';
  side: 'top' | 'bottom';
  /** its middle, from the bridge's left edge */
  x: number;
  width: number;
  peer: string | null;
}

export interface DeviceNodeData extends Record<string, unknown> {
  device: DeviceView;
  /** collapsed VM: its chain is folded into it */
  folded?: boolean;
  network: number | null;
  tags: number[];
  chips?: PortChip[];
  /** a bridge wide enough to say what it is in words beside its name */
  kindShown?: boolean;
}
export interface HostNodeData extends Record<string, unknown> {
  name: string;
  role: string;
  tunnelIp: string;
  collapsed: boolean;
  vms: number;
  namespaces: number;
  /** the hosts it has a tunnel to */
  tunnels: number;
  /** of those tunnels, the ones not drawn (a large cloud draws a tunnel only between two open hosts) */
  tunnelsFolded: number;
  cut: boolean;
}
export interface NicNodeData extends Record<string, unknown> {
  name: string;
  address: string | null;
  host: string;
  /** the host's link to the underlay is cut */
  cut: boolean;
}
export interface BandNodeData extends Record<string, unknown> {
  label: string;
  detail: string;
}
export interface NetEdgeData extends Record<string, unknown> {
  kind: LinkView['kind'] | 'tunnel';
  network: number | null;
  label: string | null;
  /** the node the label belongs next to (the bridge end of an access port) */
  labelNear?: string;
  /** the label stands just clear of that node, instead of most of the way toward it */
  labelBeside?: boolean;
  vnis?: number[];
  /** where the link meets a port chip, relative to the source or target node */
  sourceAt?: Pt;
  targetAt?: Pt;
  /** a tunnel's way beneath the hosts */
  route?: TunnelRoute;
}

export type GraphNode =
  | Node<DeviceNodeData, 'device'>
  | Node<HostNodeData, 'host'>
  | Node<NicNodeData, 'nic'>
  | Node<BandNodeData, 'band'>;
export type GraphEdge = Edge<NetEdgeData, 'net'>;

export interface ViewOptions {
  /** VM device id -> chain shown (true) or folded (false); absent means the host's default */
  expandedVms: Record<string, boolean>;
  hostCollapsed: Record<string, boolean>;
  positions: Record<string, { x: number; y: number }>;
}

/**
 * A cloud past either size starts with every host as a summary, and draws a tunnel only between two
 * open hosts; a summary counts its tunnels instead. 100 hosts have up to 4,950 tunnels, which no one
 * reads as lines, and which cost the browser seconds to draw (cloud L: 5,652 edges took 4 to 6 s to
 * render); one host opened would run its 96 tunnels in a band of lanes over the next row of hosts.
 * Its VXLAN ports still say where each goes; opening the host at the other end draws the tunnel.
 */
export const LARGE_CLOUD = { hosts: 40, devices: 6000 } as const;
export const isLargeCloud = (view: Pick<PlaneView, 'hosts' | 'devices'>): boolean =>
  view.hosts.length > LARGE_CLOUD.hosts || view.devices.length > LARGE_CLOUD.devices;

function hostOrder(view: PlaneView): string[] {
  const computes = view.hosts.filter((h) => h.role === 'compute').map((h) => h.name);
  const networks = view.hosts.filter((h) => h.role === 'network').map((h) => h.name);
  const half = Math.ceil(computes.length / 2);
  return [...computes.slice(0, half), ...networks, ...computes.slice(half)];
}

/**
 * The physical view's nodes and edges. `drawings` (one per canvas) keeps each summary drawn, to give it
 * again while its host reads the same (host-drawings.ts); the picture is the same with or without it.
 */
export function physicalGraph(
  view: PlaneView,
  o: ViewOptions,
  drawings: HostDrawings = new HostDrawings(),
): { nodes: GraphNode[]; edges: GraphEdge[]; owner: OwnerLookup } {
  const colorIndex = new Map(view.networks.map((n) => [n.id, n.color]));
  const colorOf = (d: DeviceView) =>
    d.networks.length === 1 ? (colorIndex.get(d.networks[0]!) ?? null) : null;
  const lists = hostLists(view);
  const byHost = lists.devices;
  const linksOfHost = new Map(lists.links ?? []);
  const nodes: GraphNode[] = [];
  const own = new Map<string, string>();
  const folded = new Map<string, ReadonlyMap<string, string>>();
  const owner = new Owners(own, folded);
  const outwardOf = new Map<string, LinkView[]>();
  const order = hostOrder(view);
  const large = isLargeCloud(view);
  const hostByName = new Map(view.hosts.map((h) => [h.name, h]));
  const tunnelCount = countByHost(view.tunnels);
  const perRow = Math.max(3, Math.ceil(Math.sqrt(order.length * 1.6)));
  let x = 0;
  let y = 0;
  let rowH = 0;
  let maxX = 0;
  const hostBoxes = new Map<string, Box>();
  const hostRows = new Map<string, HostRow>();
  const placedHosts = new Map<string, PlacedHost>();
  order.forEach((name, i) => {
    const host = hostByName.get(name)!;
    const devs = byHost.get(name) ?? [];
    const links = lists.links ? (linksOfHost.get(name) ?? []) : null;
    const userFolded = o.hostCollapsed[name];
    let summary = drawings.find(host, devs, links, large, userFolded);
    if (!summary && drawnFolded(host, devs, o, large)) {
      const mine = new Map<string, string>();
      summary = {
        host,
        devices: devs,
        links,
        large,
        folded: userFolded,
        placed: layoutHost(host, devs, o, colorOf, large, mine),
        ...countsOf(devs),
        owner: mine,
        outward: links && outwardLinks(devs, links),
      };
    }
    if (summary) {
      drawings.keep(summary);
      folded.set(name, summary.owner);
      if (summary.outward) outwardOf.set(name, summary.outward);
    }
    const placed = summary?.placed ?? layoutHost(host, devs, o, colorOf, large, own);
    if (i > 0 && i % perRow === 0) {
      x = 0;
      y += rowH + S.rowGap;
      rowH = 0;
    }
    const hostId = `host:${name}`;
    const collapsed = placed.nodes.length === 0;
    const pos = o.positions[hostId] ?? { x, y };
    const { vms, namespaces } = summary ?? countsOf(devs);
    nodes.push({
      id: hostId,
      type: 'host',
      ariaLabel: hostLabel(name, host.role, vms, collapsed),
      position: pos,
      width: placed.width,
      height: placed.height,
      data: {
        name,
        role: host.role,
        tunnelIp: host.tunnelIp,
        collapsed,
        vms,
        namespaces,
        tunnels: tunnelCount.get(name) ?? 0,
        tunnelsFolded: 0,
        cut: !host.underlayConnected,
      },
    });
    nodes.push(...placed.nodes);
    const box = { x: pos.x, y: pos.y, w: placed.width, h: placed.height };
    hostBoxes.set(name, box);
    // the NIC hangs half out of the host's bottom edge
    hostRows.set(name, {
      box: { ...box, h: box.h + (collapsed ? 0 : NIC_H / 2) },
      row: Math.floor(i / perRow),
    });
    placedHosts.set(name, placed);
    x += placed.width + S.hostGap;
    maxX = Math.max(maxX, x - S.hostGap);
    rowH = Math.max(rowH, placed.height);
  });
  const providerNic = nicX(view, hostBoxes, placedHosts);
  // a large cloud draws only the tunnels between two open hosts; summaries count theirs
  const isSummary = (h: string) => (placedHosts.get(h)?.nodes.length ?? 0) === 0;
  const tunnels = large
    ? view.tunnels.filter((t) => !isSummary(t.hostA) && !isSummary(t.hostB))
    : view.tunnels;
  if (tunnels.length < view.tunnels.length) {
    const folded = countByHost(view.tunnels.filter((t) => isSummary(t.hostA) || isSummary(t.hostB)));
    for (const n of nodes)
      if (n.type === 'host' && folded.has(n.data.name))
        n.data = { ...n.data, tunnelsFolded: folded.get(n.data.name)! };
  }
  const shown = tunnels === view.tunnels ? view : { ...view, tunnels };
  const routes = tunnelRoutes(
    shown,
    hostBoxes,
    hostRows,
    placedHosts,
    owner,
    o,
    nicXs(hostBoxes, placedHosts),
  );
  // the underlay band just under the deepest tunnel lane and its labels
  const outsideY = Math.max(y + rowH + 60, routes.deepest + LABEL_H / 2 + 8) + 40;
  placeOutside(view, lists.outside, nodes, own, hostBoxes, outsideY, maxX, colorOf, providerNic);
  drawings.done();
  // the links that can give an edge, in the view's order: a summary's own links join two of its devices
  const candidates = lists.links
    ? lists.links.flatMap(([host, links]) => (host !== null ? (outwardOf.get(host) ?? links) : links))
    : view.links;
  return { nodes, edges: edgesOf(shown, candidates, owner, colorIndex, placedHosts, routes.routes), owner };
}

/** How many of the tunnels each host is an end of (a tunnel from a host to itself counts once). The
 * 4,950 tunnels of cloud L are counted after every edit: no list or set is made per tunnel. */
function countByHost(tunnels: readonly TunnelView[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tunnels) {
    out.set(t.hostA, (out.get(t.hostA) ?? 0) + 1);
    if (t.hostB !== t.hostA) out.set(t.hostB, (out.get(t.hostB) ?? 0) + 1);
  }
  return out;
}

const middleOf = (b: Box) => b.x + b.w / 2;

/** Orders each host's VXLAN ports by where their tunnels go, then routes the tunnels beneath the rows. */
function tunnelRoutes(
  view: PlaneView,
  hostBoxes: Map<string, Box>,
  hostRows: Map<string, HostRow>,
  placedHosts: Map<string, PlacedHost>,
  owner: OwnerLookup,
  o: ViewOptions,
  crossing: number[],
): { routes: Map<string, TunnelRoute>; deepest: number } {
  const remoteHost = new Map<string, string>();
  for (const t of view.tunnels) {
    remoteHost.set(t.a, t.hostB);
    remoteHost.set(t.b, t.hostA);
  }
  const remoteMiddle = (id: string) => {
    const b = hostBoxes.get(remoteHost.get(id) ?? '');
    return b ? middleOf(b) : 0;
  };
  for (const [name, placed] of placedHosts)
    orderVxlanPorts(placed.vxlan, middleOf(hostBoxes.get(name)!), remoteMiddle, o);
  const vxNode = new Map<string, GraphNode>();
  for (const placed of placedHosts.values()) for (const n of placed.vxlan) vxNode.set(n.id, n);
  // a folded host sends its tunnels out along its bottom edge, each from its own point
  const folded = new Map<string, string[]>();
  for (const t of view.tunnels)
    for (const [port, host] of [
      [t.a, t.hostA],
      [t.b, t.hostB],
    ] as const)
      if (!vxNode.has(port)) folded.set(host, [...(folded.get(host) ?? []), port]);
  for (const ports of folded.values()) ports.sort((p, q) => remoteMiddle(p) - remoteMiddle(q));
  const endOf = (port: string, host: string): TunnelEnd | null => {
    const hb = hostBoxes.get(host);
    if (!hb) return null;
    const n = vxNode.get(port);
    if (n) {
      const w = n.width ?? 0;
      const h = n.height ?? 0;
      const below = hb.h - n.position.y + NIC_H / 2 + 6;
      return {
        node: n.id,
        box: { x: hb.x + n.position.x, y: hb.y + n.position.y, w, h },
        exit: [
          { x: w / 2, y: h },
          { x: w / 2, y: below },
        ],
        host,
      };
    }
    const list = folded.get(host) ?? [port];
    const x = (hb.w * (list.indexOf(port) + 1)) / (list.length + 1);
    return {
      node: owner.get(port) ?? `host:${host}`,
      box: hb,
      exit: [
        { x, y: hb.h },
        { x, y: hb.h + 6 },
      ],
      host,
    };
  };
  const todo = view.tunnels.flatMap((t) => {
    const a = endOf(t.a, t.hostA);
    if (!a) return [];
    const b = t.b !== t.a ? endOf(t.b, t.hostB) : null;
    return [{ id: t.id, a, b, labelWidth: labelWidth(tunnelLabel(t), true) }];
  });
  return routeTunnels(hostRows, todo, crossing);
}
