// The physical view as React Flow nodes and edges, derived from the PlaneView and the view options.
// Laid out the way people draw a Neutron host: VMs and namespaces on top, each VM's chain below it,
// then br-int, then br-tun (and br-ex on a network host), the VXLAN ports, and the underlay beneath.
import type { Edge, Node } from '@xyflow/react';
import type { DeviceView, LinkView, PlaneView, TunnelView } from '../../sim';

export interface DeviceNodeData extends Record<string, unknown> {
  device: DeviceView;
  /** collapsed VM: its chain is folded into it */
  folded?: boolean;
  network: number | null;
  tags: number[];
}
export interface HostNodeData extends Record<string, unknown> {
  name: string;
  role: string;
  tunnelIp: string;
  collapsed: boolean;
  vms: number;
  namespaces: number;
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
  vnis?: number[];
}

export type GraphNode =
  | Node<DeviceNodeData, 'device'>
  | Node<HostNodeData, 'host'>
  | Node<BandNodeData, 'band'>;
export type GraphEdge = Edge<NetEdgeData, 'net'>;

export interface ViewOptions {
  /** VM device id -> chain shown (true) or folded (false); absent means the host's default */
  expandedVms: Record<string, boolean>;
  hostCollapsed: Record<string, boolean>;
  positions: Record<string, { x: number; y: number }>;
}

/** A host with more VMs than this starts as a summary. */
export const MANY_VMS = 6;

const S = {
  pad: 16,
  header: 44,
  colGap: 16,
  vm: { w: 150, h: 60 },
  chain: { w: 138, h: 26, gap: 9 },
  port: { w: 122, h: 26, gap: 6 },
  ns: { w: 158, h: 60 },
  bridge: { h: 38 },
  vx: { w: 130, h: 26 },
  hostGap: 56,
  rowGap: 170,
  minHost: 290,
  collapsed: { w: 230, h: 120 },
} as const;

/** A VM's chain is shown unless the user folded it, on hosts with few VMs; folded on busier hosts. */
export const CHAIN_SHOWN_UP_TO = 2;

function hostOrder(view: PlaneView): string[] {
  const computes = view.hosts.filter((h) => h.role === 'compute').map((h) => h.name);
  const networks = view.hosts.filter((h) => h.role === 'network').map((h) => h.name);
  const half = Math.ceil(computes.length / 2);
  return [...computes.slice(0, half), ...networks, ...computes.slice(half)];
}

interface Placed {
  nodes: GraphNode[];
  width: number;
  height: number;
  /** where each device is drawn: its own node, or the node it is folded into */
  owner: Map<string, string>;
}

function layoutHost(
  host: PlaneView['hosts'][number],
  devs: DeviceView[],
  o: ViewOptions,
  colorOf: (d: DeviceView) => number | null,
): Placed {
  const hostId = `host:${host.name}`;
  const nodes: GraphNode[] = [];
  const owner = new Map<string, string>();
  const vms = devs.filter((d) => d.role === 'vm');
  const nss = devs.filter((d) => d.role === 'qrouter' || d.role === 'qdhcp');
  const collapsed = o.hostCollapsed[host.name] ?? vms.length > MANY_VMS;
  const child = (
    d: DeviceView,
    x: number,
    y: number,
    w: number,
    h: number,
    extra: Partial<DeviceNodeData> = {},
  ) => {
    nodes.push({
      id: d.id,
      type: 'device',
      parentId: hostId,
      extent: 'parent',
      position: o.positions[d.id] ?? { x, y },
      width: w,
      height: h,
      data: { device: d, network: colorOf(d), tags: [], ...extra },
    });
    owner.set(d.id, d.id);
  };
  if (collapsed) {
    for (const d of devs) owner.set(d.id, hostId);
    return { nodes, width: S.collapsed.w, height: S.collapsed.h, owner };
  }
  let x = S.pad;
  let bottom: number = S.header;
  const top = S.header;
  for (const vm of vms) {
    const folded = !(o.expandedVms[vm.id] ?? vms.length <= CHAIN_SHOWN_UP_TO);
    child(vm, x, top, S.vm.w, S.vm.h, { folded });
    const chain = ['tap', 'qbr', 'qvb', 'qvo'].flatMap((role) =>
      devs.filter((d) => d.vm === vm.id && d.role === role),
    );
    let y = top + S.vm.h + 18;
    for (const d of chain) {
      if (folded) owner.set(d.id, vm.id);
      else {
        child(d, x + (S.vm.w - S.chain.w) / 2, y, S.chain.w, S.chain.h);
        y += S.chain.h + S.chain.gap;
      }
    }
    bottom = Math.max(bottom, folded ? top + S.vm.h : y - S.chain.gap);
    x += S.vm.w + S.colGap;
  }
  for (const ns of nss) {
    // a namespace's ports sit side by side beneath it, each with its own drop into br-int
    const ports = devs.filter((d) => d.owner === ns.id);
    const w = Math.max(S.ns.w, ports.length * (S.port.w + S.port.gap) - S.port.gap);
    child(ns, x, top, w, S.ns.h);
    const y = top + S.ns.h + 22;
    for (const [i, p] of ports.entries()) child(p, x + i * (S.port.w + S.port.gap), y, S.port.w, S.port.h);
    bottom = Math.max(bottom, ports.length ? y + S.port.h : top + S.ns.h);
    x += w + S.colGap;
  }
  // a host with a provider bridge needs room for br-tun and br-ex side by side
  const hasPhys = devs.some((d) => d.role === 'br-phys');
  const width = Math.max(x - S.colGap + S.pad, hasPhys ? S.minHost + 120 : S.minHost);
  const inner = width - 2 * S.pad;
  const yInt = bottom + 46;
  const brInt = devs.find((d) => d.role === 'br-int');
  if (brInt) child(brInt, S.pad, yInt, inner, S.bridge.h);
  const yTun = yInt + S.bridge.h + 44;
  const brTun = devs.find((d) => d.role === 'br-tun');
  const phys = devs.filter((d) => d.role === 'br-phys');
  const tunW = phys.length ? inner * 0.56 : inner;
  if (brTun) child(brTun, S.pad, yTun, tunW, S.bridge.h);
  for (const [i, p] of phys.entries()) {
    const w = (inner - tunW - S.colGap) / phys.length;
    child(p, S.pad + tunW + S.colGap + i * w, yTun, w - (i < phys.length - 1 ? S.colGap : 0), S.bridge.h);
  }
  const vx = devs.filter((d) => d.role === 'vxlan');
  const yVx = yTun + S.bridge.h + 30;
  const step = vx.length ? Math.min(S.vx.w + 10, (tunW - S.vx.w) / Math.max(1, vx.length - 1)) : 0;
  for (const [i, d] of vx.entries()) {
    child(d, S.pad + i * step, yVx + (step < S.vx.w ? (i % 2) * (S.vx.h + 6) : 0), S.vx.w, S.vx.h);
  }
  const height = yVx + (vx.length ? S.vx.h + (step < S.vx.w && vx.length > 1 ? S.vx.h + 6 : 0) : 0) + S.pad;
  return { nodes, width, height, owner };
}

export function physicalGraph(
  view: PlaneView,
  o: ViewOptions,
): { nodes: GraphNode[]; edges: GraphEdge[]; owner: Map<string, string> } {
  const colorIndex = new Map(view.networks.map((n) => [n.id, n.color]));
  const colorOf = (d: DeviceView) =>
    d.networks.length === 1 ? (colorIndex.get(d.networks[0]!) ?? null) : null;
  const byHost = new Map<string, DeviceView[]>();
  for (const d of view.devices) {
    if (!d.host) continue;
    const list = byHost.get(d.host);
    if (list) list.push(d);
    else byHost.set(d.host, [d]);
  }
  const nodes: GraphNode[] = [];
  const owner = new Map<string, string>();
  const order = hostOrder(view);
  const perRow = Math.max(3, Math.ceil(Math.sqrt(order.length * 1.6)));
  let x = 0;
  let y = 0;
  let rowH = 0;
  let maxX = 0;
  const hostBoxes = new Map<string, { x: number; y: number; w: number; h: number }>();
  order.forEach((name, i) => {
    const host = view.hosts.find((h) => h.name === name)!;
    const devs = byHost.get(name) ?? [];
    const placed = layoutHost(host, devs, o, colorOf);
    if (i > 0 && i % perRow === 0) {
      x = 0;
      y += rowH + S.rowGap;
      rowH = 0;
    }
    const hostId = `host:${name}`;
    const collapsed = placed.nodes.length === 0;
    const pos = o.positions[hostId] ?? { x, y };
    nodes.push({
      id: hostId,
      type: 'host',
      position: pos,
      width: placed.width,
      height: placed.height,
      data: {
        name,
        role: host.role,
        tunnelIp: host.tunnelIp,
        collapsed,
        vms: devs.filter((d) => d.role === 'vm').length,
        namespaces: devs.filter((d) => d.role === 'qrouter' || d.role === 'qdhcp').length,
        cut: !host.underlayConnected,
      },
    });
    nodes.push(...placed.nodes);
    for (const [k, v] of placed.owner) owner.set(k, v);
    hostBoxes.set(name, { x: pos.x, y: pos.y, w: placed.width, h: placed.height });
    x += placed.width + S.hostGap;
    maxX = Math.max(maxX, x - S.hostGap);
    rowH = Math.max(rowH, placed.height);
  });
  const outsideY = y + rowH + 100;
  placeOutside(view, nodes, owner, hostBoxes, outsideY, maxX, colorOf);
  return { nodes, edges: edgesOf(view, owner, colorIndex), owner };
}

function placeOutside(
  view: PlaneView,
  nodes: GraphNode[],
  owner: Map<string, string>,
  boxes: Map<string, { x: number; y: number; w: number; h: number }>,
  y: number,
  width: number,
  colorOf: (d: DeviceView) => number | null,
): void {
  const netHosts = view.hosts.filter((h) => h.role === 'network').map((h) => boxes.get(h.name)!);
  const left = netHosts.length ? Math.min(...netHosts.map((b) => b.x)) : 0;
  const outside = view.devices.filter((d) => !d.host);
  const place = (d: DeviceView, px: number, py: number, w: number, h: number) => {
    nodes.push({
      id: d.id,
      type: 'device',
      position: { x: px, y: py },
      width: w,
      height: h,
      data: { device: d, network: colorOf(d), tags: [] },
    });
    owner.set(d.id, d.id);
  };
  const underlay = outside.find((d) => d.role === 'underlay');
  if (underlay) {
    nodes.push({
      id: underlay.id,
      type: 'band',
      position: { x: -20, y: y - 40 },
      width: width + 40,
      height: 30,
      data: { label: 'underlay', detail: view.hosts.map((h) => `${h.name} ${h.tunnelIp}`).join('   ·   ') },
      draggable: false,
      selectable: true,
    });
    owner.set(underlay.id, underlay.id);
  }
  // The world outside, in one row under the network hosts: provider network, upstream router,
  // the segment behind it and its hosts.
  const row = y + 40;
  let x = left;
  for (const p of outside.filter((d) => d.role === 'provider')) {
    place(p, x, row + 12, 250, 34);
    x += 250 + 60;
  }
  for (const u of outside.filter((d) => d.role === 'upstream')) {
    place(u, x, row, 170, 60);
    x += 170 + 60;
  }
  for (const n of outside.filter((d) => d.role === 'internet')) {
    place(n, x, row + 12, 230, 34);
    x += 230 + 60;
  }
  for (const h of outside.filter((d) => d.role === 'outside-host')) {
    place(h, x, row, 150, 60);
    x += 150 + 30;
  }
}

function edgesOf(view: PlaneView, owner: Map<string, string>, colorIndex: Map<string, number>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const l of view.links) {
    const a = owner.get(l.a);
    const b = owner.get(l.b);
    if (!a || !b || a === b) continue;
    const id = `e:${[a, b].sort().join('--')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push({
      id,
      source: a,
      target: b,
      type: 'net',
      data: {
        kind: l.kind,
        network: l.network ? (colorIndex.get(l.network) ?? null) : null,
        label: l.tag !== null ? `VLAN ${l.tag}` : null,
        ...(l.tag !== null ? { labelNear: bridgeEnd(l, owner) } : {}),
      },
    });
  }
  for (const t of view.tunnels) edges.push(tunnelEdge(t, owner, colorIndex));
  return edges;
}

function bridgeEnd(l: LinkView, owner: Map<string, string>): string | undefined {
  const end = /\|br-/.test(l.a) ? l.a : /\|br-/.test(l.b) ? l.b : null;
  return end ? owner.get(end) : undefined;
}

function tunnelEdge(t: TunnelView, owner: Map<string, string>, colorIndex: Map<string, number>): GraphEdge {
  const single = t.networks.length === 1 ? (colorIndex.get(t.networks[0]!) ?? null) : null;
  return {
    id: t.id,
    source: owner.get(t.a) ?? t.a,
    target: owner.get(t.b) ?? t.b,
    type: 'net',
    data: {
      kind: 'tunnel',
      network: single,
      label: t.vnis.length ? `VNI ${t.vnis.join(', ')}` : 'no VNI',
      vnis: t.vnis,
    },
  };
}
