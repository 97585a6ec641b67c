// Moving the keyboard focus across a drawing with the arrow keys: from one box to the nearest box in
// the direction pressed, as a sighted user's eye would go. Boxes are either containers (the hosts of
// the physical view) or items (everything else); an arrow moves among boxes of the same sort, so that
// from a bridge it goes to the next device rather than to the host around it.

export interface NavBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  container: boolean;
}

export type NavDir = 'left' | 'right' | 'up' | 'down';

const AXIS: Record<NavDir, { dx: number; dy: number }> = {
  left: { dx: -1, dy: 0 },
  right: { dx: 1, dy: 0 },
  up: { dx: 0, dy: -1 },
  down: { dx: 0, dy: 1 },
};

/** The arrow key's direction, or null for any other key. */
export function navDir(key: string): NavDir | null {
  switch (key) {
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    default:
      return null;
  }
}

/**
 * The id of the box to go to from `from` in direction `dir`: among the boxes of its sort that lie that
 * way (their near edge past its centre), the one nearest along the axis, with a sideways offset counting
 * three times as much, so that a box straight ahead wins over a closer one off to the side. Null when
 * nothing lies that way.
 */
export function nextBox(from: NavBox, boxes: readonly NavBox[], dir: NavDir): string | null {
  const { dx, dy } = AXIS[dir];
  const cx = from.x + from.w / 2;
  const cy = from.y + from.h / 2;
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const b of boxes) {
    if (b.id === from.id || b.container !== from.container) continue;
    // how far the box lies ahead: from the centre of `from` to the box's near edge
    const ahead = dx ? (dx > 0 ? b.x - cx : cx - (b.x + b.w)) : dy > 0 ? b.y - cy : cy - (b.y + b.h);
    if (ahead < 0) continue;
    // sideways: from the centre of `from` to the nearest point of the box across the axis
    const side = dx ? Math.max(0, b.y - cy, cy - (b.y + b.h)) : Math.max(0, b.x - cx, cx - (b.x + b.w));
    const score = ahead + 3 * side;
    if (score < bestScore) {
      bestScore = score;
      best = b.id;
    }
  }
  return best;
}
