// One frame of the packet animation: for every flow, the hops of the step it is at, each at its point
// along its movement, drawn with the look of its headers; dropped packets stay where they died.

import { shortKind } from '../../logic/send/timeline';
import type { TraceHop } from '../../sim';
import { type Flow, type HopRef, timelineOf } from '../../store/playback-store';
import { drawCallout, drawPacket, type Look, type Theme } from './draw';
import { type Geometry, type Pt, pointAt } from './geometry';

/** Part of a step spent travelling; the rest is spent at the device, showing what it did. */
const TRAVEL = 0.72;

/** How far above its device a packet waiting for ARP is drawn, in screen pixels. */
const HELD_LIFT = 30;

const ease = (f: number) => (f < 0.5 ? 2 * f * f : 1 - (-2 * f + 2) ** 2 / 2);

export interface View {
  x: number;
  y: number;
  zoom: number;
  width: number;
  height: number;
}

const shortDevice = (name: string) => {
  const m = /^(qrouter|qdhcp)-([0-9a-f]{8})-/.exec(name);
  return m ? `${m[1]}-${m[2]}…` : name;
};

/** Packets drawn in the last frame, per flow, for the benchmark and the tests. */
export const drawnCount = { packets: 0 };

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
  const tmp: Pt = { x: 0, y: 0 };
  const callouts: { x: number; y: number; text: string }[] = [];
  let drawn = 0;
  const margin = 160;
  const onScreen = (p: Pt) => {
    const sx = p.x * v.zoom + v.x;
    const sy = p.y * v.zoom + v.y;
    tmp.x = sx;
    tmp.y = sy;
    return sx > -margin && sy > -margin && sx < v.width + margin && sy < v.height + margin;
  };
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
      vlan: shape.frame.eth.vlan,
      vni: shape.frame.vxlan?.vni ?? null,
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
      const p = geo.rest(key(s), h, hop);
      if (!p || !onScreen(p)) continue;
      // a waiting packet sits just above the device, leaving its name readable
      const lift = dead ? 0 : HELD_LIFT * scale;
      drawPacket(
        ctx,
        tmp.x,
        tmp.y - lift,
        look(h, h, dead ? 'dropped' : 'held', dead ? 1 : 0.8),
        theme,
        scale,
        v.width, // a resting packet by the canvas's edge stays whole on screen
      );
      drawn++;
      if (dead && h.drop) callouts.push({ x: tmp.x, y: tmp.y, text: h.drop.reason });
    }
    if (fin >= 1) continue;
    const step = Math.min(1, u - k);
    for (const s of tl.slots[k]!) {
      const h = hop(s)!;
      if (fin > 0 && h.drop?.severity === 'fatal') continue;
      const path = geo.movement(key(s), h, hop);
      if (!path) continue;
      const travel = path.inside ? 0 : Math.min(1, step / TRAVEL);
      const arrived = travel >= 1;
      pointAt(path, ease(travel), tmp);
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
      if (!geo.drawn(h.deviceId) && h.kind !== 'underlay') g.where = shortDevice(h.device);
      if ((path.inside || h.changes.length > 0) && arrived && fin <= 0) g.pulse = Math.max(0, dwell);
      if (path.inside && !arrived) g.pulse = step;
      const resting = state === 'held' || state === 'dropped';
      drawPacket(
        ctx,
        tmp.x,
        tmp.y - (state === 'held' ? HELD_LIFT * scale * dwell : 0),
        g,
        theme,
        scale,
        resting ? v.width : 0,
      );
      drawn++;
      if (state === 'dropped' && h.drop) callouts.push({ x: tmp.x, y: tmp.y, text: h.drop.reason });
    }
  }
  for (const c of callouts) drawCallout(ctx, c.x, c.y, c.text, theme, scale);
  drawnCount.packets = drawn;
  return drawn;
}
