// One host of the physical view, laid out the way people draw a Neutron host: VMs and namespaces on
// top, each VM's chain below it, then br-int, then br-tun (and the provider bridges beside it), the
// VXLAN ports in one row, and the underlay NIC on the host's bottom edge, which every tunnel leaves by.
// The bridges carry their patch ports and provider NICs as small named chips where the links meet them.
import type { DeviceView, PlaneView } from '../../sim';
import type { DeviceNodeData, GraphNode, PortChip, ViewOptions } from './physical-graph';
import type { Pt } from './tunnel-routes';

export const S = {
  pad: 16,
  header: 44,
  colGap: 16,
  vm: { w: 150, h: 72 },
  chain: { w: 138, h: 26, gap: 9 },
  port: { w: 122, h: 26, gap: 6 },
  ns: { w: 158, h: 60 },
  bridge: { h: 38 },
  /** a provider bridge is never narrower than this: its name and kind stay whole */
  phys: 170,
  vx: { w: 128, h: 26, gap: 8 },
  /** the room under the VXLAN ports, down to the NIC on the host's edge */
  foot: 34,
  hostGap: 56,
  rowGap: 170,
  minHost: 290,
  collapsed: { w: 230, h: 120 },
} as const;

/** A chip on a bridge's edge (a patch port, a NIC) and the NIC on a host's edge are this tall. */
export const CHIP_H = 18;
export const NIC_H = 20;

/** A host with more VMs than this starts as a summary. */
export const MANY_VMS = 6;

/** A VM's chain is shown unless the user folded it, on hosts with few VMs; folded on busier hosts. */
export const CHAIN_SHOWN_UP_TO = 2;

export interface PlacedHost {
  nodes: GraphNode[];
  width: number;
  height: number;
  /** where each device is drawn: its own node, or the node it is folded into */
  owner: Map<string, string>;
  /** where a link meets a bridge port's chip, relative to the bridge node: key `${bridge}#${port}` */
  portEnds: Map<string, Pt>;
  /** the VXLAN port nodes, put in order once every host has its place */
  vxlan: GraphNode[];
}

export function layoutHost(
  host: PlaneView['hosts'][number],
  devs: DeviceView[],
  o: ViewOptions,
  colorOf: (d: DeviceView) => number | null,
): PlacedHost {
  const hostId = `host:${host.name}`;
  const nodes: GraphNode[] = [];
  const owner = new Map<string, string>();
  const portEnds = new Map<string, Pt>();
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
    const node: GraphNode = {
      id: d.id,
      type: 'device',
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
    return { nodes, width: S.collapsed.w, height: S.collapsed.h, owner, portEnds, vxlan: [] };
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
  // br-tun is as wide as its VXLAN ports in one row; provider bridges stand beside it
  const vx = devs.filter((d) => d.role === 'vxlan');
  const phys = devs.filter((d) => d.role === 'br-phys');
  const rowW = vx.length ? vx.length * (S.vx.w + S.vx.gap) - S.vx.gap : 0;
  const physNeed = phys.length ? phys.length * (S.phys + S.colGap) : 0;
  const tunNeed = Math.max(rowW, 170);
  const inner = Math.max(
    x - S.colGap - S.pad,
    (phys.length ? S.minHost + 120 : S.minHost) - 2 * S.pad,
    tunNeed + physNeed,
  );
  const width = inner + 2 * S.pad;
  const yInt = bottom + 46;
  const brInt = devs.find((d) => d.role === 'br-int');
  const bridges: GraphNode[] = [];
  if (brInt) bridges.push(child(brInt, S.pad, yInt, inner, S.bridge.h));
  const yTun = yInt + S.bridge.h + 44;
  const brTun = devs.find((d) => d.role === 'br-tun');
  const tunW = phys.length ? Math.max(tunNeed, Math.min(inner * 0.56, inner - physNeed)) : inner;
  if (brTun) bridges.push(child(brTun, S.pad, yTun, tunW, S.bridge.h));
  for (const [i, p] of phys.entries()) {
    const w = (inner - tunW - S.colGap) / phys.length;
    const px = S.pad + tunW + S.colGap + i * w;
    bridges.push(child(p, px, yTun, w - (i < phys.length - 1 ? S.colGap : 0), S.bridge.h));
  }
  const yVx = yTun + S.bridge.h + 30;
  const rowLeft = S.pad + (tunW - rowW) / 2;
  const vxlan = vx.map((d, i) => child(d, rowLeft + i * (S.vx.w + S.vx.gap), yVx, S.vx.w, S.vx.h));
  const height = yVx + S.vx.h + S.foot;
  chipBridges(bridges, portEnds);
  nodes.push(nicNode(host, hostId, rowLeft + rowW / 2, rowW, height));
  return { nodes, width, height, owner, portEnds, vxlan };
}

const chipWidth = (text: string) => Math.round(text.length * 6.5 + 16);

/** The underlay NIC on the host's bottom edge, under the VXLAN ports it carries. */
function nicNode(host: PlaneView['hosts'][number], hostId: string, cx: number, rowW: number, height: number) {
  const nic = host.nics.find((n) => n.role === 'underlay')!;
  const w = Math.max(rowW, chipWidth(`${nic.name} ${nic.address ?? ''}`) + 8);
  const node: GraphNode = {
    id: `nic:${host.name}|${nic.name}`,
    type: 'nic',
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
      chips.push({ name: p.name, kind: p.kind, side, x, width: chipWidth(p.name), peer: p.peer });
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
