// Where the tunnels of the physical view run. A tunnel leaves its own VXLAN port from the bottom, drops
// through the host's underlay NIC (the one holding local_ip: every tunnel leaves the host by it,
// neutron-facts §2) and runs along a lane beneath its row of hosts to the other host, where it rises
// into that host's port. Lanes lie below every host of the row, so a tunnel never passes behind another
// VXLAN port; a tunnel spanning fewer hosts takes a shallower lane, so tunnels cross as little as the
// hosts' order allows. A tunnel between two rows changes lane in a gap between the hosts of the rows it
// crosses. Pure layout: the canvas draws the points, the packet animation follows the drawn path.

import { monoW } from './text-size';

export interface Pt {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TunnelEnd {
  /** the node the end is drawn in: its VXLAN port, or its host when the host is folded */
  node: string;
  /** that node's box, absolute */
  box: Box;
  /** the way from the node down out of its host, relative to the node's top-left corner */
  exit: Pt[];
  host: string;
}

export interface TunnelToRoute {
  id: string;
  a: TunnelEnd;
  /** null when only one side has a port (the other host's agent did not build one) */
  b: TunnelEnd | null;
  /** the label's width, to keep labels apart */
  labelWidth: number;
}

export interface HostRow {
  /** the host's box, absolute, with whatever hangs below its border (its NIC) */
  box: Box;
  row: number;
}

/** How one tunnel runs; the ends are relative to their nodes, so they follow a node being dragged. */
export interface TunnelRoute {
  a: Pt[];
  b: Pt[];
  /** the horizontal runs beneath the rows (absolute y) */
  lanes: number[];
  /** the vertical runs between two lanes (absolute x), one fewer than the lanes */
  channels: number[];
  /** the label: on which lane, and how far along it (0..1) */
  label: { lane: number; at: number };
}

export const LABEL_H = 21;

/** The width of an edge's label (NetEdge draws them in the canvas's mono type, tunnel labels bold). */
export const labelWidth = (text: string, tunnel: boolean) => monoW(text) + (tunnel ? 16 : 12);
/** the first lane's distance below its row, and the distance between lanes */
const LANE_TOP = 16;
const LANE_GAP = 12;
/** room kept around a host for the runs between rows */
const CLEAR = 10;
const CHANNEL_GAP = 7;

interface Run {
  tunnel: string;
  lane: number;
  row: number;
  lo: number;
  hi: number;
  depth: number;
}

const exitPoint = (e: TunnelEnd): Pt => {
  const last = e.exit[e.exit.length - 1] ?? { x: e.box.w / 2, y: e.box.h };
  return { x: e.box.x + last.x, y: e.box.y + last.y };
};

/** The x where a run between rows may cross the rows from..to: a gap clear of their hosts. */
function channelX(
  hosts: HostRow[],
  from: number,
  to: number,
  want: number,
  used: Map<string, number>,
): number {
  const blocked = hosts
    .filter((h) => h.row >= from && h.row <= to)
    .map((h) => [h.box.x - CLEAR, h.box.x + h.box.w + CLEAR] as const)
    .sort((p, q) => p[0] - q[0]);
  // the free intervals between the blocked ones
  const free: [number, number][] = [];
  let start = Number.NEGATIVE_INFINITY;
  for (const [lo, hi] of blocked) {
    if (lo > start) free.push([start, lo]);
    start = Math.max(start, hi);
  }
  free.push([start, Number.POSITIVE_INFINITY]);
  let best = free[0]!;
  let bestX = Math.min(Math.max(want, best[0]), best[1]);
  for (const f of free) {
    const x = Math.min(Math.max(want, f[0]), f[1]);
    if (Math.abs(x - want) < Math.abs(bestX - want)) {
      best = f;
      bestX = x;
    }
  }
  // tunnels sharing a gap take their own lines in it, from its edge nearest the target inward
  const key = `${from}:${best[0]}`;
  const k = used.get(key) ?? 0;
  used.set(key, k + 1);
  const fromLeft = bestX === best[0] || (bestX !== best[1] && want - best[0] < best[1] - want);
  if (fromLeft)
    return Math.min(best[0] + CHANNEL_GAP * (k + 1), Number.isFinite(best[1]) ? best[1] - 2 : Infinity);
  return Math.max(best[1] - CHANNEL_GAP * (k + 1), Number.isFinite(best[0]) ? best[0] + 2 : -Infinity);
}

/** Lanes per row: nested runs above the runs around them, overlapping runs on lanes of their own. */
function assignDepths(runs: Run[]): void {
  const byRow = new Map<number, Run[]>();
  for (const r of runs) {
    const list = byRow.get(r.row);
    if (list) list.push(r);
    else byRow.set(r.row, [r]);
  }
  for (const list of byRow.values()) {
    list.sort((p, q) => p.hi - p.lo - (q.hi - q.lo) || p.lo - q.lo);
    const placed: Run[] = [];
    for (const r of list) {
      let depth = 0;
      for (const o of placed)
        if (r.lo < o.hi + CHANNEL_GAP && o.lo < r.hi + CHANNEL_GAP) depth = Math.max(depth, o.depth + 1);
      r.depth = depth;
      placed.push(r);
    }
  }
}

/**
 * Routes the tunnels. `crossing` are the x of other lines that cross the lanes (a provider NIC's link
 * down to its network): labels keep clear of them as they keep clear of the tunnels' own drops.
 */
export function routeTunnels(
  hostRows: ReadonlyMap<string, HostRow>,
  tunnels: readonly TunnelToRoute[],
  crossing: readonly number[] = [],
): { routes: Map<string, TunnelRoute>; deepest: number } {
  const hosts = [...hostRows.values()];
  const rows = new Map<number, { top: number; bottom: number }>();
  for (const h of hosts) {
    const r = rows.get(h.row);
    const top = h.box.y;
    const bottom = h.box.y + h.box.h;
    rows.set(h.row, r ? { top: Math.min(r.top, top), bottom: Math.max(r.bottom, bottom) } : { top, bottom });
  }
  const rowOf = (host: string) => hostRows.get(host)?.row ?? 0;
  const runs: Run[] = [];
  const plans = new Map<string, { a: TunnelEnd; b: TunnelEnd | null; channels: number[]; runs: Run[] }>();
  const used = new Map<string, number>();
  for (const t of tunnels) {
    const pa = exitPoint(t.a);
    if (!t.b) {
      const run = { tunnel: t.id, lane: 0, row: rowOf(t.a.host), lo: pa.x, hi: pa.x + 40, depth: 0 };
      runs.push(run);
      plans.set(t.id, { a: t.a, b: null, channels: [], runs: [run] });
      continue;
    }
    const pb = exitPoint(t.b);
    const ra = rowOf(t.a.host);
    const rb = rowOf(t.b.host);
    if (ra === rb) {
      const run = {
        tunnel: t.id,
        lane: 0,
        row: ra,
        lo: Math.min(pa.x, pb.x),
        hi: Math.max(pa.x, pb.x),
        depth: 0,
      };
      runs.push(run);
      plans.set(t.id, { a: t.a, b: t.b, channels: [], runs: [run] });
      continue;
    }
    // from the upper row down to the lower one, through a gap of every row in between, near the
    // lower end (the upper row's lane is the one with room to spare above the lower row)
    const lowerX = ra < rb ? pb.x : pa.x;
    const x = channelX(hosts, Math.min(ra, rb) + 1, Math.max(ra, rb), lowerX, used);
    const first = { tunnel: t.id, lane: 0, row: ra, lo: Math.min(pa.x, x), hi: Math.max(pa.x, x), depth: 0 };
    const second = { tunnel: t.id, lane: 1, row: rb, lo: Math.min(pb.x, x), hi: Math.max(pb.x, x), depth: 0 };
    runs.push(first, second);
    plans.set(t.id, { a: t.a, b: t.b, channels: [x], runs: [first, second] });
  }
  assignDepths(runs);
  // a row's lanes share the room below it: squeezed when there are many, never into the next row
  const levels = new Map<number, number>();
  for (const r of runs) levels.set(r.row, Math.max(levels.get(r.row) ?? 0, r.depth + 1));
  const rowList = [...rows.keys()].sort((p, q) => p - q);
  const gapOf = new Map<number, number>();
  for (const [i, row] of rowList.entries()) {
    const next = rowList[i + 1];
    const room =
      next === undefined
        ? Number.POSITIVE_INFINITY
        : rows.get(next)!.top - rows.get(row)!.bottom - 2 * LANE_TOP;
    const n = levels.get(row) ?? 1;
    gapOf.set(row, Math.max(2, Math.min(LANE_GAP, room / Math.max(1, n - 1))));
  }
  const laneY = (r: Run) => rows.get(r.row)!.bottom + LANE_TOP + r.depth * gapOf.get(r.row)!;
  let deepest = Number.NEGATIVE_INFINITY;
  for (const r of runs) deepest = Math.max(deepest, laneY(r));
  const routes = new Map<string, TunnelRoute>();
  const labels: Box[] = [];
  const drops = [
    ...crossing,
    ...[...plans.values()].flatMap((p) => [p.a, ...(p.b ? [p.b] : [])].map((e) => exitPoint(e).x)),
    ...[...plans.values()].flatMap((p) => p.channels),
  ];
  for (const t of tunnels) {
    const p = plans.get(t.id)!;
    const lanes = p.runs.map(laneY);
    const longest = p.runs.reduce((m, r, i) => (r.hi - r.lo > p.runs[m]!.hi - p.runs[m]!.lo ? i : m), 0);
    const run = p.runs[longest]!;
    const at = placeLabel(run, lanes[longest]!, t.labelWidth, labels, drops);
    // the run is drawn from the a side: its fraction counts from there
    const aSide = longest === 0 ? exitPoint(p.a).x : p.channels[longest - 1]!;
    const fromLo = aSide <= run.lo + 0.5;
    routes.set(t.id, {
      a: p.a.exit,
      b: p.b?.exit ?? [],
      lanes,
      channels: p.channels,
      label: { lane: longest, at: fromLo ? at : 1 - at },
    });
  }
  return { routes, deepest: Number.isFinite(deepest) ? deepest : 0 };
}

/**
 * The place along the run nearest its middle where the label covers neither a label placed before nor
 * a line crossing the lanes (it would hide it); the middle when there is none.
 */
function placeLabel(run: Run, y: number, w: number, placed: Box[], drops: readonly number[]): number {
  const len = run.hi - run.lo;
  const tries = [0.5];
  for (let d = 0.05; d <= 0.451; d += 0.05) tries.push(0.5 - d, 0.5 + d);
  for (const f of tries) {
    const x = run.lo + len * f;
    const box = { x: x - w / 2 - 4, y: y - LABEL_H / 2 - 2, w: w + 8, h: LABEL_H + 4 };
    const hit =
      drops.some((dx) => dx > box.x - 2 && dx < box.x + box.w + 2) ||
      placed.some(
        (o) => box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h,
      );
    if (!hit) {
      placed.push(box);
      return f;
    }
  }
  return 0.5;
}

/**
 * The points of a route with its ends where their nodes are now (`a` and `b`: the nodes' top-left
 * corners), and where its label goes. A lane never rises above the end it leaves, so a host dragged
 * below its lane still hangs its tunnel beneath it.
 */
export function routePoints(r: TunnelRoute, a: Pt, b: Pt | null): { points: Pt[]; label: Pt } {
  const pa = r.a.map((p) => ({ x: a.x + p.x, y: a.y + p.y }));
  const pb = b ? r.b.map((p) => ({ x: b.x + p.x, y: b.y + p.y })) : [];
  const startA = pa[pa.length - 1] ?? a;
  const endB = pb[pb.length - 1] ?? null;
  const pts: Pt[] = [...pa];
  let x = startA.x;
  let label: Pt = startA;
  for (const [i, lane] of r.lanes.entries()) {
    let y = lane;
    if (i === 0) y = Math.max(y, startA.y + 8);
    if (i === r.lanes.length - 1 && endB) y = Math.max(y, endB.y + 8);
    const nextX = i < r.channels.length ? r.channels[i]! : endB ? endB.x : x + 40;
    pts.push({ x, y }, { x: nextX, y });
    if (i === r.label.lane) label = { x: x + (nextX - x) * r.label.at, y };
    x = nextX;
  }
  pts.push(...pb.reverse());
  return { points: simplify(pts), label };
}

/** Drops repeated points and the middle of three points on one straight line. */
function simplify(pts: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.x - p.x) < 0.01 && Math.abs(last.y - p.y) < 0.01) continue;
    const prev = out[out.length - 2];
    if (prev && last) {
      const straight =
        (Math.abs(prev.x - last.x) < 0.01 && Math.abs(last.x - p.x) < 0.01) ||
        (Math.abs(prev.y - last.y) < 0.01 && Math.abs(last.y - p.y) < 0.01);
      if (straight) out.pop();
    }
    out.push(p);
  }
  return out;
}

/** An SVG path through the points with its corners rounded. */
export function roundedPath(pts: readonly Pt[], radius = 10): string {
  if (pts.length === 0) return '';
  let d = `M ${pts[0]!.x} ${pts[0]!.y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i - 1]!;
    const c = pts[i]!;
    const n = pts[i + 1]!;
    const r = Math.min(radius, Math.hypot(c.x - p.x, c.y - p.y) / 2, Math.hypot(n.x - c.x, n.y - c.y) / 2);
    const toward = (from: Pt, to: Pt, len: number) => {
      const l = Math.hypot(to.x - from.x, to.y - from.y) || 1;
      return { x: from.x + ((to.x - from.x) / l) * len, y: from.y + ((to.y - from.y) / l) * len };
    };
    const s = toward(c, p, r);
    const e = toward(c, n, r);
    d += ` L ${s.x} ${s.y} Q ${c.x} ${c.y} ${e.x} ${e.y}`;
  }
  const last = pts[pts.length - 1]!;
  return `${d} L ${last.x} ${last.y}`;
}
