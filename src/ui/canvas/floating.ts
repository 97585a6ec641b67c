// Edges that attach where the line between two node centres leaves each node's box, so that links
// read naturally whatever the layout (the "floating edges" approach of React Flow's examples).
import type { InternalNode } from '@xyflow/react';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function boxOf(n: InternalNode): Box {
  return {
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    w: n.measured.width ?? n.width ?? 0,
    h: n.measured.height ?? n.height ?? 0,
  };
}

/** Where the segment from the centre of a toward the centre of b crosses a's border. */
export function borderPoint(a: Box, b: Box): { x: number; y: number } {
  const ax = a.x + a.w / 2;
  const ay = a.y + a.h / 2;
  const dx = b.x + b.w / 2 - ax;
  const dy = b.y + b.h / 2 - ay;
  if (dx === 0 && dy === 0) return { x: ax, y: ay };
  const tx = dx === 0 ? Number.POSITIVE_INFINITY : a.w / 2 / Math.abs(dx);
  const ty = dy === 0 ? Number.POSITIVE_INFINITY : a.h / 2 / Math.abs(dy);
  const t = Math.min(tx, ty);
  return { x: ax + dx * t, y: ay + dy * t };
}

/**
 * Where a link meets a node. A wide bar (a bridge, the underlay) is met straight above or below the
 * other node, as people draw ports dropping into br-int; anything else where the centre line leaves it.
 */
export function attachPoint(a: Box, b: Box): { x: number; y: number } {
  if (a.w > 200 && a.w > 4 * a.h) {
    const x = Math.min(a.x + a.w - 12, Math.max(a.x + 12, b.x + b.w / 2));
    const below = b.y + b.h / 2 > a.y + a.h / 2;
    return { x, y: below ? a.y + a.h : a.y };
  }
  if (b.w > 200 && b.w > 4 * b.h) {
    const bx = Math.min(b.x + b.w - 12, Math.max(b.x + 12, a.x + a.w / 2));
    return borderPoint(a, { x: bx - 1, y: b.y, w: 2, h: b.h });
  }
  // a tall bar (a network in the logical view) is met level with the other node
  if (a.h > 200 && a.h > 4 * a.w) {
    const y = Math.min(a.y + a.h - 12, Math.max(a.y + 12, b.y + b.h / 2));
    const right = b.x + b.w / 2 > a.x + a.w / 2;
    return { x: right ? a.x + a.w : a.x, y };
  }
  if (b.h > 200 && b.h > 4 * b.w) {
    const by = Math.min(b.y + b.h - 12, Math.max(b.y + 12, a.y + a.h / 2));
    return borderPoint(a, { x: b.x, y: by - 1, w: b.w, h: 2 });
  }
  return borderPoint(a, b);
}
