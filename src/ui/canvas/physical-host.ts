// One host of the physical view, laid out the way people draw a Neutron host: VMs and namespaces on
// top, each VM's chain below it, then br-int, then br-tun (and the provider bridges beside it), the
// VXLAN ports in one row, and the underlay NIC on the host's bottom edge, which every tunnel leaves by.
// The bridges carry their patch ports and provider NICs as small named chips where the links meet them.

import { shortName } from '../../logic/names';
import type { DeviceView, PlaneView } from '../../sim';
import { deviceLabel } from './device-words';
import type { DeviceNodeData, GraphNode, PortChip, ViewOptions } from './physical-graph';
import { monoW, sansW, T, T_HOST, T_NAME } from './text-size';
import type { Pt } from './tunnel-routes';

export const S = {
  pad: 12,
  /** the title: the host's name, its role beneath */
  header: 50,
  colGap: 10,
  /** a VM: its name and fold button, then its address */
  vm: { minW: 120, h: 56 },
  chain: { h: 24, gap: 5 },
  /** namespace ports stand in two staggered rows, so each port's wire passes between the ports of the
   * other row: the row is about half as wide as ports side by side */
  port: { h: 24, rowGap: 6, clear: 8 },
  ns: { minW: 130 },
  /** between a router namespace and the fip namespace: room for their veth and its label */
  vethGap: 56,
  bridge: { h: 34 },
  vx: { h: 24, gap: 8 },
  /** the room under the VXLAN ports, down to the NIC on the host's edge */
  foot: 26,
  hostGap: 30,
  rowGap: 150,
  collapsed: { w: 230, h: 120 },
} as const;

/** A chip on a bridge's edge (a patch port, a NIC) and the NIC on a host's edge are this tall. */
export const CHIP_H = 20;
export const NIC_H = 22;

/** Around a one-line device's name: its stripe (5), padding (9 + 9) and border (2 x 1.5), as
 * styles.css draws it, and a pixel or two of rounding. */
export const LINE_PAD = 28;
/** Around a big device's lines (VM, namespace): padding (9 + 9) and border (2 x 2), and rounding. */
export const BIG_PAD = 24;
/** The icon before a big device's name and the gap after it. */
export const ICON_W = 24;
/** The VM's fold button beside its name. */
const FOLD_W = 30;

const widest = (texts: string[], w: (t: string) => number) => Math.max(0, ...texts.map(w));

/** How a device's box is drawn: its facts, one per line, at most two. */
export const factLines = (d: DeviceView): string[] => d.facts.slice(0, 2);

/** The height of a VM or namespace box with its name and fact lines. */
const bigH = (lines: number) => 30 + 18 * Math.max(1, lines);

/** The width a bridge needs to show its name and what it is in words. */
export const bridgeKindFits = (name: string, kind: string, width: number): boolean =>
  width >= 9 + 7 + sansW(name, T_NAME, true) + 10 + sansW(kind) + 9;

/** The namespaces drawn on a host's top row beside its VMs. */
export const NAMESPACE_ROLES: ReadonlySet<DeviceView['role']> = new Set([
  'qrouter',
  'snat',
  'fip',
  'qdhcp',
  'ovnmeta',
]);

/** A host's VMs and namespaces, as its summary counts them. */
export function countsOf(devs: readonly DeviceView[]): { vms: number; namespaces: number } {
  let vms = 0;
  let namespaces = 0;
  for (const d of devs)
    if (d.role === 'vm') vms++;
    else if (NAMESPACE_ROLES.has(d.role)) namespaces++;
  return { vms, namespaces };
}

/** A host with more VMs than this starts as a summary. */
export const MANY_VMS = 6;

/** A VM's chain is shown unless the user folded it, on hosts with few VMs; folded on busier hosts. */
export const CHAIN_SHOWN_UP_TO = 2;

export interface PlacedHost {
  nodes: GraphNode[];
  width: number;
  height: number;
  /** where a link meets a bridge port's chip, relative to the bridge node: key `${bridge}#${port}` */
  portEnds: Map<string, Pt>;
  /** the VXLAN port nodes, put in order once every host has its place */
  vxlan: GraphNode[];
}

/** Whether a host is drawn as a summary: as the user chose, else when the cloud is large or it is busy. */
export const drawnFolded = (
  host: PlaneView['hosts'][number],
  devs: readonly DeviceView[],
  o: ViewOptions,
  summaries: boolean,
): boolean =>
  o.hostCollapsed[host.name] ?? (summaries || devs.filter((d) => d.role === 'vm').length > MANY_VMS);

export function layoutHost(
  host: PlaneView['hosts'][number],
  devs: DeviceView[],
  o: ViewOptions,
  colorOf: (d: DeviceView) => number | null,
  /** a large cloud: every host starts as a summary, whatever it runs */
  summaries: boolean,
  /** where each device is drawn, filled in here for this host's: its own node, or the node it is
   * folded into (one map for the whole cloud: 40,000 devices copied from map to map took a while) */
  owner: Map<string, string>,
): PlacedHost {
  const hostId = `host:${host.name}`;
  const nodes: GraphNode[] = [];
  const portEnds = new Map<string, Pt>();
  // a summary's drawing is kept while its host reads the same (host-drawings.ts)
  const collapsed = drawnFolded(host, devs, o, summaries);
  const child = (
    d: DeviceView,
    x: number,
    y: number,
    w: number,
    h: number,
    extra: Partial<DeviceNodeData> = {},
  ) => {
    const node: GraphNode = {
      id: d.id,
      type: 'device',
      ariaLabel: deviceLabel(d),
      parentId: hostId,
      extent: 'parent',
      position: o.positions[d.id] ?? { x, y },
      width: w,
      height: h,
      data: { device: d, network: colorOf(d), tags: [], ...extra },
    };
    nodes.push(node);
    owner.set(d.id, d.id);
    return node;
  };
  if (collapsed) {
    for (const d of devs) owner.set(d.id, hostId);
    // a large cloud's summary has a line more: the tunnels it counts instead of drawing
    const height = S.collapsed.h + (summaries ? 20 : 0);
    return { nodes, width: S.collapsed.w, height, portEnds, vxlan: [] };
  }
  const vms = devs.filter((d) => d.role === 'vm');
  const nss = devs.filter((d) => NAMESPACE_ROLES.has(d.role));
  let x: number = S.pad;
  let bottom: number = S.header;
  const top = S.header;
  const chainOf = (vm: DeviceView) =>
    ['tap', 'qbr', 'qvb', 'qvo'].flatMap((role) => devs.filter((d) => d.vm === vm.id && d.role === role));
  for (const vm of vms) {
    const folded = !(o.expandedVms[vm.id] ?? vms.length <= CHAIN_SHOWN_UP_TO);
    const chain = chainOf(vm);
    const chainW = widest(
      chain.map((d) => d.name),
      (n) => monoW(n) + LINE_PAD,
    );
    const vmW = Math.max(
      S.vm.minW,
      BIG_PAD + ICON_W + monoW(vm.name, T, 700) + 6 + FOLD_W,
      BIG_PAD + widest(factLines(vm), (f) => monoW(f)),
      folded ? 0 : chainW,
    );
    child(vm, x, top, vmW, S.vm.h, { folded });
    let y = top + S.vm.h + 10;
    for (const d of chain) {
      if (folded) owner.set(d.id, vm.id);
      else {
        child(d, x + (vmW - chainW) / 2, y, chainW, S.chain.h);
        y += S.chain.h + S.chain.gap;
      }
    }
    bottom = Math.max(bottom, folded ? top + S.vm.h : y - S.chain.gap);
    x += vmW + S.colGap;
  }
  // namespaces side by side; their ports beneath them in two staggered rows, each with its own wire
  const nsLeft = x;
  const nsPorts: DeviceView[] = [];
  let nsBottom: number = top;
  for (const ns of nss) {
    // a fip namespace stands a little apart from the router namespaces its veths (rfp-/fpr-) join it to,
    // so that the veth shows, with its name
    if (ns.role === 'fip' && x > nsLeft) x += S.vethGap - S.colGap;
    const lines = factLines(ns);
    const w = Math.max(
      S.ns.minW,
      BIG_PAD + ICON_W + monoW(shortName(ns.name), T, 700),
      BIG_PAD + widest(lines, (f) => monoW(f)),
    );
    const h = bigH(lines.length);
    child(ns, x, top, w, h);
    nsBottom = Math.max(nsBottom, top + h);
    nsPorts.push(...devs.filter((d) => d.owner === ns.id));
    x += w + S.colGap;
  }
  if (nsPorts.length) {
    const pw = widest(
      nsPorts.map((d) => d.name),
      (n) => monoW(n) + LINE_PAD,
    );
    const step = nsPorts.length > 1 ? Math.ceil(pw / 2) + S.port.clear : pw;
    const span = (nsPorts.length - 1) * step + pw;
    const left = nsLeft + Math.max(0, (x - S.colGap - nsLeft - span) / 2);
    const y0 = nsBottom + 18;
    for (const [i, p] of nsPorts.entries())
      child(p, left + i * step, y0 + (i % 2) * (S.port.h + S.port.rowGap), pw, S.port.h);
    const rows = nsPorts.length > 1 ? 2 : 1;
    bottom = Math.max(bottom, y0 + rows * S.port.h + (rows - 1) * S.port.rowGap);
    x = Math.max(x, left + span + S.colGap);
  } else bottom = Math.max(bottom, nsBottom);
  // br-tun is as wide as its VXLAN ports in one row; provider bridges stand beside it
  const vx = devs.filter((d) => d.role === 'vxlan');
  const phys = devs.filter((d) => d.role === 'br-phys');
  const vxW = widest(
    vx.map((d) => d.name),
    (n) => monoW(n) + LINE_PAD,
  );
  const rowW = vx.length ? vx.length * (vxW + S.vx.gap) - S.vx.gap : 0;
  const physMin = (d: DeviceView) =>
    Math.max(BIG_PAD + sansW(d.name, T_NAME, true), ...d.ports.map((p) => chipWidth(chipLabel(p.name)) + 8));
  const physNeed = phys.reduce((n, d) => n + physMin(d) + S.colGap, 0);
  const tunNeed = Math.max(rowW, BIG_PAD + sansW('br-tun', T_NAME, true));
  const nic = host.nics.find((n) => n.role === 'underlay');
  const inner = Math.max(
    x - S.colGap - S.pad,
    tunNeed + physNeed,
    // the title (name and role) and the underlay NIC on the bottom edge
    titleWidth(host.name, host.role) - 2 * S.pad,
    nic ? nicWidth(nic) : 0,
  );
  const width = inner + 2 * S.pad;
  const yInt = bottom + 34;
  const brInt = devs.find((d) => d.role === 'br-int');
  const bridges: GraphNode[] = [];
  const bridge = (d: DeviceView, bx: number, by: number, w: number) =>
    bridges.push(child(d, bx, by, w, S.bridge.h, { kindShown: bridgeKindFits(d.name, kindWord(d.role), w) }));
  if (brInt) bridge(brInt, S.pad, yInt, inner);
  const yTun = yInt + S.bridge.h + 34;
  const brTun = devs.find((d) => d.role === 'br-tun');
  const tunW = phys.length ? Math.max(tunNeed, Math.min(inner * 0.56, inner - physNeed)) : inner;
  if (brTun) bridge(brTun, S.pad, yTun, tunW);
  for (const [i, p] of phys.entries()) {
    const w = (inner - tunW - S.colGap) / phys.length;
    const px = S.pad + tunW + S.colGap + i * w;
    bridge(p, px, yTun, w - (i < phys.length - 1 ? S.colGap : 0));
  }
  const yVx = yTun + S.bridge.h + 22;
  const rowLeft = S.pad + (tunW - rowW) / 2;
  const vxlan = vx.map((d, i) => child(d, rowLeft + i * (vxW + S.vx.gap), yVx, vxW, S.vx.h));
  const height = yVx + S.vx.h + S.foot;
  chipBridges(bridges, portEnds);
  nodes.push(nicNode(host, hostId, rowLeft + rowW / 2, rowW, height));
  return { nodes, width, height, portEnds, vxlan };
}

const chipWidth = (text: string) => monoW(text) + 18;
/** A chip's text: a name too long for a bridge's edge keeps its start and its end. */
const chipLabel = (name: string) => (name.length > 30 ? `${name.slice(0, 19)}…${name.slice(-9)}` : name);

/** A host's title as styles.css draws it: padding, its name, and beneath it its role in spaced capitals. */
const titleWidth = (name: string, role: string) =>
  14 +
  sansW(name, T_HOST, true) +
  10 +
  sansW(role.toUpperCase(), T) +
  Math.ceil(role.length * 0.05 * T) +
  14 +
  4;
const nicWidth = (nic: { name: string; address: string | null }) =>
  chipWidth(`${nic.name} ${nic.address ?? ''}`) + 8;

const KIND: Record<string, string> = {
  'br-int': 'OVS integration bridge',
  'br-tun': 'OVS tunnel bridge',
  'br-phys': 'OVS provider bridge',
};
const kindWord = (role: string) => KIND[role] ?? '';

/** The underlay NIC on the host's bottom edge, under the VXLAN ports it carries. */
function nicNode(host: PlaneView['hosts'][number], hostId: string, cx: number, rowW: number, height: number) {
  const nic = host.nics.find((n) => n.role === 'underlay')!;
  const w = Math.max(rowW, nicWidth(nic));
  const node: GraphNode = {
    id: `nic:${host.name}|${nic.name}`,
    type: 'nic',
    ariaLabel: `${nic.name} on ${host.name}, underlay NIC${nic.address ? `, ${nic.address}` : ''}`,
    parentId: hostId,
    position: { x: cx - w / 2, y: height - NIC_H / 2 },
    width: w,
    height: NIC_H,
    draggable: false,
    selectable: false,
    data: { name: nic.name, address: nic.address, host: host.name, cut: !host.underlayConnected },
  };
  return node;
}

/**
 * A bridge's patch ports and NICs as chips on its edge. A patch pair faces each other above the middle
 * of the lower bridge (br-tun or the provider bridge), so the patch runs straight down; br-int's chips are
 * on its bottom edge, the lower bridge's on its top; a provider NIC hangs below its bridge.
 */
function chipBridges(bridges: GraphNode[], portEnds: Map<string, Pt>): void {
  const byId = new Map(bridges.map((b) => [b.id, b]));
  const middle = (n: GraphNode) => n.position.x + (n.width ?? 0) / 2;
  for (const b of bridges) {
    if (b.type !== 'device') continue;
    const d = b.data.device;
    const chips: PortChip[] = [];
    for (const p of d.ports) {
      const peer = p.peerDevice ? byId.get(p.peerDevice) : undefined;
      const onInt = d.role === 'br-int';
      const lower = onInt ? peer : b;
      if (p.kind === 'patch' && !lower) continue;
      const side = onInt ? 'bottom' : p.kind === 'nic' ? 'bottom' : 'top';
      const x = (lower ? middle(lower) : middle(b)) - b.position.x;
      const label = chipLabel(p.name);
      chips.push({ name: p.name, label, kind: p.kind, side, x, width: chipWidth(label), peer: p.peer });
      portEnds.set(`${d.id}#${p.name}`, { x, y: side === 'top' ? -CHIP_H / 2 : S.bridge.h + CHIP_H / 2 });
    }
    if (chips.length) b.data = { ...b.data, chips };
  }
}

/**
 * Puts a host's VXLAN ports in the order that keeps its tunnels apart: ports toward hosts on the left
 * first, the nearest of them first, then ports toward hosts on the right, the farthest first, so a
 * tunnel reaching farther leaves from nearer the middle and passes beneath the shorter ones.
 */
export function orderVxlanPorts(
  vxlan: GraphNode[],
  hostMiddle: number,
  remoteMiddle: (vxlanId: string) => number,
  o: ViewOptions,
): void {
  const free = vxlan.filter((n) => !o.positions[n.id]);
  const slots = free.map((n) => n.position).sort((p, q) => p.x - q.x);
  const key = (n: GraphNode) => {
    const r = remoteMiddle(n.id);
    return [r < hostMiddle ? 0 : 1, -r] as const;
  };
  const sorted = [...free].sort((p, q) => {
    const [gp, rp] = key(p);
    const [gq, rq] = key(q);
    return gp - gq || rp - rq || p.id.localeCompare(q.id);
  });
  for (const [i, n] of sorted.entries()) n.position = slots[i]!;
}
