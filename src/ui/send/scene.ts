// One frame of the packet animation: for every flow on stage, the hops of the step it is at, each a dot
// at its point along its movement; dropped packets stay where they died, packets waiting for ARP at
// the device that holds them. Then the labels: each packet's pill (the look of its headers) and each
// drop's reason are placed clear of the devices and host titles (./placement.ts), joined to their
// dot by a leader line when they had to go further out.

import { shortName } from '../../logic/names';
import { shortKind } from '../../logic/send/timeline';
import type { TraceHop } from '../../sim';
import { type Flow, type HopRef, timelineOf } from '../../store/playback-model';
import { reducedMotion } from '../motion';
import { drawMarker, drawPacket, type Look, packetBox, packetShape, type Theme } from './draw';
import { drawCallout, drawLeader, measureCallout } from './draw-callout';
import { type Geometry, type Path, type Pt, pointAt } from './geometry';
import { type Obstacle, type Placed, place, type Rect } from './placement';

/** Part of a step spent travelling; the rest is spent at the device, showing what it did. */
const TRAVEL = 0.72;

const ease = (f: number) => (f < 0.5 ? 2 * f * f : 1 - (-2 * f + 2) ** 2 / 2);

export interface View {
  x: number;
  y: number;
  zoom: number;
  width: number;
  height: number;
}

/** Packets drawn in the last frame, per flow, for the benchmark and the tests. */
export const drawnCount = { packets: 0 };

/** A label or callout of the last frame, in canvas pixels, with the node it is about. */
export interface PlacedLabel extends Rect {
  kind: 'packet' | 'callout';
  /** the node the packet is at or heading to */
  node: string | null;
  text: string;
}
/** The labels and callouts placed in the last frame, for the tests. */
export const lastLabels: PlacedLabel[] = [];
/** Where the packets' dots were in the last frame, in canvas pixels, for the tests. */
export const lastDots: { x: number; y: number }[] = [];
/** The playhead and the canvas's pan and zoom the last frame was drawn at (the dots and labels above
 * are where they put the packets). */
export const lastFrame = { clock: Number.NaN, x: 0, y: 0, zoom: 1 };

/** A packet to draw this frame: where its dot is and how it looks. */
interface Item {
  key: string;
  x: number;
  y: number;
  look: Look;
  node: string | null;
  /** resting (held, dropped): its label stays whole on screen */
  resting: boolean;
  drop: string | null;
}

/** Last frame's spot of each label, so that a label stays put while it can. */
let sticky = new Map<string, number>();

export function drawScene(
  ctx: CanvasRenderingContext2D,
  geo: Geometry,
  flows: Flow[],
  clock: number,
  showDiscarded: boolean,
  focus: HopRef | null,
  v: View,
  theme: Theme,
  /** bigger packets for a projector (presenter mode) */
  boost = 1,
): number {
  const scale = v.zoom < 0.3 ? 0.4 : boost * Math.max(0.8, Math.min(1.25, 0.7 + 0.5 * v.zoom));
  const items = collect(geo, flows, clock, showDiscarded, focus, v);
  lastDots.length = 0;
  lastFrame.clock = clock;
  lastFrame.x = v.x;
  lastFrame.y = v.y;
  lastFrame.zoom = v.zoom;
  for (const it of items) lastDots.push({ x: it.x, y: it.y });
  // the dots first, so that no label is ever under another packet's dot
  for (const it of items) drawMarker(ctx, it.x, it.y, it.look, theme, scale);
  lastLabels.length = 0;
  const next = new Map<string, number>();
  if (scale >= 0.5) {
    const obstacles: Obstacle[] = geo.obstacles(v);
    const bounds = { x: 2, y: 2, w: v.width - 4, h: v.height - 4 };
    const rings = [10, 26, 48, 80].map((r) => r * scale);
    for (const it of items) {
      const b = packetBox(ctx, it.look, scale);
      const spot = place(
        it.x,
        it.y,
        b.right - b.left,
        b.bottom - b.top,
        rings,
        obstacles,
        bounds,
        it.node,
        sticky.get(it.key),
      );
      next.set(it.key, spot.choice);
      obstacles.push({ ...spot, id: it.key, kind: 'label' });
      drawLabel(ctx, it, spot, b, theme, scale, v.width);
      lastLabels.push({
        x: spot.x,
        y: spot.y,
        w: spot.w,
        h: spot.h,
        kind: 'packet',
        node: it.node,
        text: it.look.text,
      });
    }
    // the reason a packet died, beside it, clear of the device that dropped it and of the labels
    const far = [24, 60, 110, 170].map((r) => r * scale);
    for (const it of items) {
      if (!it.drop) continue;
      const c = measureCallout(ctx, it.drop, scale);
      const key = `${it.key}!`;
      const spot = place(it.x, it.y, c.w, c.h, far, obstacles, bounds, it.node, sticky.get(key));
      next.set(key, spot.choice);
      obstacles.push({ ...spot, id: key, kind: 'label' });
      drawCallout(ctx, it.x, it.y, spot, c, theme);
      lastLabels.push({
        x: spot.x,
        y: spot.y,
        w: spot.w,
        h: spot.h,
        kind: 'callout',
        node: it.node,
        text: it.drop,
      });
    }
  }
  sticky = next;
  drawnCount.packets = items.length;
  return items.length;
}

function drawLabel(
  ctx: CanvasRenderingContext2D,
  it: Item,
  spot: Placed,
  b: { left: number; top: number },
  theme: Theme,
  scale: number,
  width: number,
): void {
  const cx = spot.x - b.left;
  const cy = spot.y - b.top;
  drawLeader(
    ctx,
    it.x,
    it.y,
    spot,
    it.look.state === 'dropped' ? theme.danger : it.look.color,
    it.look.alpha,
  );
  drawPacket(ctx, cx, cy, it.look, theme, scale, it.resting ? width : 0);
}

/** The packets of this frame, each at its point, with its look. */
function collect(
  geo: Geometry,
  flows: Flow[],
  clock: number,
  showDiscarded: boolean,
  focus: HopRef | null,
  v: View,
): Item[] {
  const items: Item[] = [];
  const tmp: Pt = { x: 0, y: 0 };
  const still = reducedMotion();
  const margin = 160;
  const onScreen = (p: Pt) => {
    const sx = p.x * v.zoom + v.x;
    const sy = p.y * v.zoom + v.y;
    tmp.x = sx;
    tmp.y = sy;
    return sx > -margin && sy > -margin && sx < v.width + margin && sy < v.height + margin;
  };
  // a packet stops a dot's width before the node it reaches, so the dot never sits on the device's name
  const stop = 8 / v.zoom;
  const short = (path: Path, f: number) => (path.len > 2 * stop ? f * (1 - stop / path.len) : f);
  for (const f of flows) {
    if (f.retired) continue;
    const u = clock - f.start;
    if (u <= 0) continue;
    const tl = timelineOf(f, showDiscarded);
    const n = tl.slots.length;
    if (n === 0) continue;
    const hop = (s: number) => f.data.bySeq.get(s);
    const key = (s: number) => `${f.id}:${s}`;
    const k = Math.min(Math.ceil(u) - 1, n - 1);
    const fin = u - n; // > 0: the flow is over, fading out for a step
    const look = (h: TraceHop, shape: TraceHop, state: Look['state'], alpha: number): Look => ({
      text: shortKind(h),
      color: f.color,
      arp: !!h.frame.arp,
      shape: packetShape(h.frame),
      vlan: shape.frame.eth.vlan,
      vni: shape.frame.vxlan?.vni ?? shape.frame.geneve?.vni ?? null,
      encap: shape.frame.geneve ? 'Geneve' : 'VXLAN',
      nat: f.data.natted.has(shape.seq),
      state,
      alpha,
      focused: focus?.flow === f.id && focus.seq === h.seq,
      where: null,
      pulse: -1,
    });
    // packets waiting for ARP, and fatal drops, stay in view after their step
    for (const s of f.data.lingering) {
      const slot = tl.slotOf.get(s);
      if (slot === undefined || slot > k || (slot === k && fin <= 0)) continue;
      const h = hop(s)!;
      const dead = h.drop?.severity === 'fatal';
      if (!dead && (tl.slotOf.get(f.data.resumeOf.get(s) ?? -1) ?? n) <= k) continue;
      const path = geo.movement(key(s), h, hop);
      if (!path) continue;
      const p = pointAt(path, short(path, 1), tmp);
      if (!onScreen(p)) continue;
      items.push({
        key: key(s),
        x: tmp.x,
        y: tmp.y,
        look: look(h, h, dead ? 'dropped' : 'held', dead ? 1 : 0.8),
        node: geo.nodeFor(h, hop),
        resting: true,
        drop: dead && h.drop ? h.drop.reason : null,
      });
    }
    if (fin >= 1) continue;
    const step = Math.min(1, u - k);
    for (const s of tl.slots[k]!) {
      const h = hop(s)!;
      if (fin > 0 && h.drop?.severity === 'fatal') continue;
      const path = geo.movement(key(s), h, hop);
      if (!path) continue;
      // under reduced motion a packet is at the device from the start of its step: no glide
      const travel = path.inside ? 0 : still ? 1 : Math.min(1, step / TRAVEL);
      const arrived = travel >= 1;
      pointAt(path, short(path, ease(travel)), tmp);
      if (!onScreen(tmp)) continue;
      const parent = h.parent !== null ? hop(h.parent) : undefined;
      const dwell = arrived ? (step - TRAVEL) / (1 - TRAVEL) : 0;
      let state: Look['state'] = arrived ? 'here' : 'moving';
      let alpha = fin > 0 ? 1 - fin : 1;
      if (arrived && h.drop) {
        state = h.drop.severity === 'fatal' ? 'dropped' : 'discarded';
        if (state === 'discarded') alpha *= 1 - 0.7 * Math.max(0, dwell);
      }
      if (h.fate === 'hold' && arrived) state = 'held';
      const g = look(h, arrived || !parent ? h : parent, state, alpha);
      if (!geo.drawn(h.deviceId) && h.kind !== 'underlay') g.where = shortName(h.device);
      // the ring that pulses where a header changes stays still under reduced motion
      if (!still && (path.inside || h.changes.length > 0) && arrived && fin <= 0)
        g.pulse = Math.max(0, dwell);
      if (!still && path.inside && !arrived) g.pulse = step;
      items.push({
        key: key(s),
        x: tmp.x,
        y: tmp.y,
        look: g,
        node: geo.nodeFor(h, hop),
        resting: state === 'held' || state === 'dropped',
        drop: state === 'dropped' && h.drop ? h.drop.reason : null,
      });
    }
  }
  return items;
}
