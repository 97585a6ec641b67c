// Where a packet goes on the physical view: each hop is a movement from the device of the hop before
// to the hop's device, along the edge that joins the nodes they are drawn in. Edge paths are read from
// the DOM (NetEdge gives each <path> an id) and sampled once; movements are cached until the layout
// changes. A hop inside one node (a folded VM chain, a collapsed host) stays where it is; the underlay
// hop is the middle of the tunnel edge between the two VXLAN ports. In the logical view a hop is at the
// node of its server, router or network (src/logic/send/logical-places.ts): a packet rests on a
// network's bar while the fabric carries it, and moves along the wires between bars and nodes.
import type { InternalNode, ReactFlowState } from '@xyflow/react';
import type { PlaceOf } from '../../logic/send/logical-places';
import type { DeviceView, PlaneView, TraceHop } from '../../sim';
import { attachPoint, type Box, boxOf } from '../canvas/floating';
import { edgePathId } from '../canvas/NetEdge';
import type { Obstacle } from './placement';

export interface Pt {
  x: number;
  y: number;
}

/** A polyline in flow coordinates with its cumulative lengths. */
export interface Path {
  xs: Float32Array;
  ys: Float32Array;
  cum: Float32Array;
  len: number;
  /** the hop stays inside one node: nothing to travel */
  inside: boolean;
}

interface Sampled {
  d: string;
  pts: Pt[];
}

interface Cached {
  path: Path;
  ver: number;
}

type EdgeRef = { id: string; source: string; target: string };

const pairKey = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`);

function makePath(pts: Pt[], inside = false): Path {
  const n = pts.length;
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  const cum = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = pts[i]!.x;
    ys[i] = pts[i]!.y;
    if (i > 0) cum[i] = cum[i - 1]! + Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!);
  }
  return { xs, ys, cum, len: n ? cum[n - 1]! : 0, inside };
}

/** The point at fraction f (0..1) of the path's length. */
export function pointAt(p: Path, f: number, out: Pt): Pt {
  const n = p.xs.length;
  if (n === 1 || p.len === 0) {
    out.x = p.xs[0]!;
    out.y = p.ys[0]!;
    return out;
  }
  const target = Math.max(0, Math.min(1, f)) * p.len;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (p.cum[mid]! < target) lo = mid;
    else hi = mid;
  }
  const seg = p.cum[hi]! - p.cum[lo]!;
  const t = seg > 0 ? (target - p.cum[lo]!) / seg : 0;
  out.x = p.xs[lo]! + (p.xs[hi]! - p.xs[lo]!) * t;
  out.y = p.ys[lo]! + (p.ys[hi]! - p.ys[lo]!) * t;
  return out;
}

/** The part of a polyline between two fractions of its length. */
function slice(pts: Pt[], from: number, to: number): Pt[] {
  const path = makePath(pts);
  const out: Pt[] = [pointAt(path, from, { x: 0, y: 0 })];
  for (let i = 1; i < pts.length - 1; i++) {
    const f = path.len ? path.cum[i]! / path.len : 0;
    if (f > from && f < to) out.push(pts[i]!);
  }
  out.push(pointAt(path, to, { x: 0, y: 0 }));
  return out;
}

/** What floats over the canvas (App's legend; React Flow's panels: zoom buttons, Path focus, map). */
const OVERLAYS = ['.legend', '.react-flow__controls', '.path-focus', '.overview'] as const;

export class Geometry {
  private ver = 0;
  private changedAt = 0;
  private moves = new Map<string, Cached>();
  private samples = new Map<string, Sampled>();
  private edgesSeen: unknown = null;
  private edgeByPair = new Map<string, EdgeRef>();
  private edgeById = new Map<string, EdgeRef>();
  private devices = new Map<string, DeviceView>();
  private tunnelOf = new Map<string, string>();
  private viewSeen: PlaneView | null = null;
  /** the logical view's placement of hops; null on the physical view */
  private places: PlaceOf | null = null;
  /** what labels must keep clear of, in flow coordinates, for layout version `obstaclesVer` */
  private flowObstacles: Obstacle[] = [];
  private obstaclesVer = -1;
  private presenterSeen: string | null = null;
  private overlayBoxes: Obstacle[] = [];
  private overlayFrames = 0;

  constructor(private rf: () => ReactFlowState) {}

  /** The layout changed (nodes moved, edges redrawn, another view): forget every movement. */
  invalidate(now: number): void {
    this.ver++;
    this.changedAt = now;
  }

  setView(view: PlaneView | null): void {
    if (view === this.viewSeen) return;
    this.viewSeen = view;
    this.devices = new Map((view?.devices ?? []).map((d) => [d.id, d]));
    this.tunnelOf.clear();
    for (const t of view?.tunnels ?? []) {
      this.tunnelOf.set(t.a, t.id);
      this.tunnelOf.set(t.b, t.id);
    }
    this.moves.clear();
  }

  /** Places hops on the logical view's nodes (or, with null, on the physical view's devices). */
  setPlaces(places: PlaceOf | null): void {
    if (places === this.places) return;
    this.places = places;
    this.moves.clear();
  }

  private indexEdges(): void {
    const edges = this.rf().edges;
    if (edges === this.edgesSeen) return;
    this.edgesSeen = edges;
    this.edgeByPair.clear();
    this.edgeById.clear();
    for (const e of edges) {
      const ref = { id: e.id, source: e.source, target: e.target };
      this.edgeById.set(e.id, ref);
      if (!e.id.startsWith('tunnel:')) this.edgeByPair.set(pairKey(e.source, e.target), ref);
    }
  }

  private node(id: string): InternalNode | undefined {
    return this.rf().nodeLookup.get(id);
  }

  /** The node a device is drawn in: its own, its VM's (folded chain), or its host's (collapsed). */
  ownerOf(deviceId: string): string | null {
    if (this.node(deviceId)) return deviceId;
    const d = this.devices.get(deviceId);
    if (!d) return null;
    if (d.vm && this.node(d.vm)) return d.vm;
    if (d.owner && this.node(d.owner)) return d.owner;
    if (d.host && this.node(`host:${d.host}`)) return `host:${d.host}`;
    return null;
  }

  /** Whether a device is drawn as its own node (else its name is worth writing by the packet). The
   * logical view shows what the API knows: there a packet never names the plumbing it is in. */
  drawn(deviceId: string): boolean {
    return this.places !== null || this.node(deviceId) !== undefined;
  }

  /** The node a hop is drawn at, if any. */
  nodeFor(h: TraceHop, hop: (seq: number) => TraceHop | undefined): string | null {
    return this.nodeOfHop(h, hop);
  }

  /**
   * What a packet's label must keep clear of, in screen pixels: every device, namespace, server,
   * router and network bar on screen, and each host's title strip (its name, role and tunnel IP).
   */
  obstacles(v: { x: number; y: number; zoom: number; width: number; height: number }): Obstacle[] {
    // the title strip as the stylesheet draws it (.host__label, below the host's border), with a
    // little air: read again after a new layout or when Presenter mode (its larger type) comes or
    // goes, and not every frame, where reading a size could force the page's layout
    const presenter = document.documentElement.dataset.presenter ?? '';
    if (this.obstaclesVer !== this.ver || this.presenterSeen !== presenter) {
      this.obstaclesVer = this.ver;
      this.presenterSeen = presenter;
      const el = document.querySelector<HTMLElement>('.host__label');
      const title = el ? el.offsetTop + el.offsetHeight + 3 : 44;
      this.flowObstacles = [];
      for (const n of this.rf().nodeLookup.values()) {
        // React Flow measures a node with offsetWidth, rounded to a whole pixel: the page may draw it
        // up to half a pixel wider or taller than that
        const m = boxOf(n);
        const b = { x: m.x - 0.5, y: m.y - 0.5, w: m.w + 1, h: m.h + 1 };
        if (n.type === 'host')
          this.flowObstacles.push({ ...b, h: Math.min(b.h, title), id: n.id, kind: 'title' });
        else this.flowObstacles.push({ ...b, id: n.id, kind: 'device' });
      }
    }
    const out: Obstacle[] = this.overlays();
    for (const o of this.flowObstacles) {
      const x = o.x * v.zoom + v.x;
      const y = o.y * v.zoom + v.y;
      const w = o.w * v.zoom;
      const h = o.h * v.zoom;
      if (x > v.width || y > v.height || x + w < 0 || y + h < 0) continue;
      out.push({ x, y, w, h, id: o.id, kind: o.kind });
    }
    return out;
  }

  /**
   * What floats over the canvas, in the packet layer's pixels. Read every 15th frame, not every frame
   * (reading a box can force the page's layout): a legend opened or a bar that comes is seen within a
   * quarter of a second.
   */
  private overlays(): Obstacle[] {
    if (this.overlayFrames-- > 0) return [...this.overlayBoxes];
    this.overlayFrames = 15;
    const layer = document.querySelector('canvas.packet-layer')?.getBoundingClientRect();
    this.overlayBoxes = [];
    if (!layer) return [];
    for (const sel of OVERLAYS)
      for (const el of document.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0)
          this.overlayBoxes.push({
            x: r.x - layer.x,
            y: r.y - layer.y,
            w: r.width,
            h: r.height,
            id: sel,
            kind: 'overlay',
          });
      }
    return [...this.overlayBoxes];
  }

  /** The node a hop is drawn at. */
  private nodeOfHop(h: TraceHop, hop: (seq: number) => TraceHop | undefined): string | null {
    if (!this.places) return this.ownerOf(h.deviceId);
    const id = this.places(h, hop);
    return id && this.node(id) ? id : null;
  }

  private box(nodeId: string): Box | null {
    const n = this.node(nodeId);
    return n ? boxOf(n) : null;
  }

  center(nodeId: string): Pt | null {
    const b = this.box(nodeId);
    return b ? { x: b.x + b.w / 2, y: b.y + b.h / 2 } : null;
  }

  /** An edge's points from `from` to its other end: the drawn path when it is in the DOM. */
  private edgePoints(e: EdgeRef, from: string): Pt[] | null {
    const el = document.getElementById(edgePathId(e.id)) as SVGPathElement | null;
    let pts: Pt[] | null = null;
    if (el) {
      const d = el.getAttribute('d') ?? '';
      let s = this.samples.get(e.id);
      if (!s || s.d !== d) {
        const len = el.getTotalLength();
        const n = Math.max(2, Math.min(120, Math.ceil(len / 8)));
        const list: Pt[] = [];
        for (let i = 0; i <= n; i++) {
          const p = el.getPointAtLength((len * i) / n);
          list.push({ x: p.x, y: p.y });
        }
        s = { d, pts: list };
        this.samples.set(e.id, s);
      }
      pts = s.pts;
    } else {
      // not rendered (off screen): the straight line between where it meets its nodes
      const a = this.box(e.source);
      const b = this.box(e.target);
      if (!a || !b) return null;
      pts = [attachPoint(a, b), attachPoint(b, a)];
    }
    return from === e.source ? pts : [...pts].reverse();
  }

  /** The movement of one hop, in flow coordinates. `hop(seq)` gives the flow's hops. */
  movement(key: string, h: TraceHop, hop: (seq: number) => TraceHop | undefined): Path | null {
    const now = performance.now();
    const hit = this.moves.get(key);
    // right after a layout change the DOM may lag the store by a frame: keep re-reading for a moment
    if (hit && hit.ver === this.ver && now - this.changedAt > 400) return hit.path;
    this.indexEdges();
    const path = this.compute(key, h, hop);
    if (path) this.moves.set(key, { path, ver: this.ver });
    return path;
  }

  /** Where the packet rests after a hop. */
  rest(key: string, h: TraceHop, hop: (seq: number) => TraceHop | undefined): Pt | null {
    const p = this.movement(key, h, hop);
    if (!p) return null;
    const n = p.xs.length - 1;
    return { x: p.xs[n]!, y: p.ys[n]! };
  }

  private compute(key: string, h: TraceHop, hop: (seq: number) => TraceHop | undefined): Path | null {
    const flowKey = key.slice(0, key.indexOf(':') + 1);
    const parent = h.parent !== null ? hop(h.parent) : undefined;
    const to = this.nodeOfHop(h, hop);
    if (!parent) {
      // a packet is born at the bottom edge of its node: the dot leaves the node's name readable
      const b = to ? this.box(to) : null;
      return b ? makePath([{ x: b.x + b.w / 2, y: b.y + b.h }], true) : null;
    }
    const start = this.rest(flowKey + parent.seq, parent, hop);
    const from = this.nodeOfHop(parent, hop);
    if (!start) {
      const c = to ? this.center(to) : null;
      return c ? makePath([c], true) : null;
    }
    // across the underlay: the first or second half of the tunnel edge
    if (!this.places && (h.kind === 'underlay' || parent.kind === 'underlay')) {
      const vx = h.kind === 'underlay' ? parent.deviceId : h.deviceId;
      const t = this.edgeById.get(this.tunnelOf.get(vx) ?? '');
      const end = this.ownerOf(vx);
      if (t && end) {
        const pts = this.edgePoints(t, end);
        if (pts) {
          const part = h.kind === 'underlay' ? slice(pts, 0, 0.5) : slice([...pts].reverse(), 0.5, 1);
          return makePath([start, ...part]);
        }
      }
    }
    if (!to) return makePath([start], true);
    if (from === to || !from) return makePath([start], true);
    const e = this.edgeByPair.get(pairKey(from, to));
    const pts = e ? this.edgePoints(e, from) : null;
    if (pts) return makePath([start, ...pts]);
    const a = this.box(from);
    const b = this.box(to);
    if (!a || !b) return makePath([start], true);
    return makePath([start, attachPoint(a, b), attachPoint(b, a)]);
  }
}
