// Where a packet's label or a drop's callout goes: clear of the devices and host titles it talks about.
// The packet itself is a dot on the wire or at the device's edge; its label is put in the first free
// spot around that dot, nearest first, with a leader line when it had to go further out. Everything is
// in screen pixels. A label keeps last frame's spot while it is still free, so it does not jump about.

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Obstacle extends Rect {
  /** the node id, for telling which device a label refers to */
  id: string;
  /**
   * a host's title strip is as important to keep clear as a device; an overlay (the legend, the zoom
   * buttons, the Path focus bar, the overview map) floats over the canvas, and a label under it is lost
   */
  kind: 'device' | 'title' | 'label' | 'overlay';
}

/** Screen pixels kept between a label and anything else, where there is room. */
export const AIR = 3;

/** Whether two boxes meet, or come within `margin` pixels of each other. */
export const overlaps = (a: Rect, b: Rect, margin = 0): boolean =>
  a.x < b.x + b.w + margin &&
  b.x - margin < a.x + a.w &&
  a.y < b.y + b.h + margin &&
  b.y - margin < a.y + a.h;

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Directions tried around the anchor, nearest ring first: above, right, below, left, then corners. */
const DIRS: [number, number][] = [
  [0, -1],
  [1, 0],
  [0, 1],
  [-1, 0],
  [1, -1],
  [1, 1],
  [-1, -1],
  [-1, 1],
];

/** The top-left corner of a w×h box at `dist` from the anchor in direction d. */
function spot(ax: number, ay: number, w: number, h: number, dist: number, d: [number, number]): Rect {
  const [dx, dy] = d;
  const x =
    dx === 0
      ? ax - w / 2
      : dx > 0
        ? ax + dist * (dy === 0 ? 1 : 0.75)
        : ax - dist * (dy === 0 ? 1 : 0.75) - w;
  const y =
    dy === 0
      ? ay - h / 2
      : dy > 0
        ? ay + dist * (dx === 0 ? 1 : 0.75)
        : ay - dist * (dx === 0 ? 1 : 0.75) - h;
  return { x, y, w, h };
}

export interface Placed extends Rect {
  /** the candidate index chosen (kept for the next frame) */
  choice: number;
  /** whether a leader line should join the anchor to the box */
  leader: boolean;
}

/**
 * Places a w×h box near (ax, ay). `rings` are the distances tried (screen px). A box must stay inside
 * `bounds`; it must not meet `own` (the rectangle of the device it is about) or a host title, should
 * not go under what floats over the canvas, and should meet nothing else, keeping AIR pixels from it
 * where it can. When no spot is wholly free, the one that covers least wins, but never one that covers
 * its own device or a title while another does not.
 */
export function place(
  ax: number,
  ay: number,
  w: number,
  h: number,
  rings: number[],
  obstacles: readonly Obstacle[],
  bounds: Rect,
  own: string | null,
  previous = -1,
): Placed {
  const n = rings.length * DIRS.length;
  let best: Placed | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  const cost = (r: Rect): number => {
    let c = 0;
    if (
      r.x < bounds.x ||
      r.y < bounds.y ||
      r.x + r.w > bounds.x + bounds.w ||
      r.y + r.h > bounds.y + bounds.h
    )
      c += 1e9;
    for (const o of obstacles) {
      if (!overlaps(r, o)) {
        // touching is not covering, yet a label flush against a box reads as part of it, and the
        // page may draw that box a fraction of a pixel larger than React Flow measured it
        if (overlaps(r, o, AIR)) c += o.id === own || o.kind === 'title' ? 10 : 1;
        continue;
      }
      c +=
        o.id === own || o.kind === 'title'
          ? 1e7
          : // a label under what floats over the canvas is lost, yet better than a host's name hidden
            o.kind === 'overlay'
            ? 1e6
            : o.kind === 'label'
              ? 1e5 + overlapArea(r, o)
              : // above any number of near misses: a free spot always beats a covering one
                1e3 + overlapArea(r, o);
    }
    return c;
  };
  const tryAt = (i: number): boolean => {
    const ring = Math.floor(i / DIRS.length);
    const r = spot(ax, ay, w, h, rings[ring]!, DIRS[i % DIRS.length]!);
    const c = cost(r);
    if (c < bestCost) {
      bestCost = c;
      best = { ...r, choice: i, leader: ring > 0 };
    }
    return c === 0;
  };
  if (previous >= 0 && previous < n && tryAt(previous)) return best!;
  for (let i = 0; i < n; i++) if (tryAt(i)) return best!;
  return best!;
}
