// Placing a packet's label or a drop's callout: clear of its own device, the host titles and the labels
// already placed, inside the canvas, nearest first, and staying put while its spot is free.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AIR, type Obstacle, overlaps, place, type Rect } from '../../src/ui/send/placement';

const bounds: Rect = { x: 0, y: 0, w: 800, h: 600 };
const rings = [10, 26, 48, 80];

describe('placing a label', () => {
  it('next to the anchor when nothing is in the way, above it first', () => {
    const p = place(400, 300, 100, 20, rings, [], bounds, null);
    expect(p.leader).toBe(false);
    expect(p.y + p.h).toBeLessThanOrEqual(300);
    expect(p.x + p.w / 2).toBeCloseTo(400);
  });

  it('never on its own device or a title while another spot is free', () => {
    const own: Obstacle = { x: 350, y: 250, w: 100, h: 100, id: 'dev', kind: 'device' };
    const title: Obstacle = { x: 300, y: 150, w: 300, h: 40, id: 'host', kind: 'title' };
    const p = place(400, 300, 120, 24, rings, [own, title], bounds, 'dev');
    expect(overlaps(p, own)).toBe(false);
    expect(overlaps(p, title)).toBe(false);
  });

  it('goes further out, with a leader line, when the near ring is full', () => {
    const around: Obstacle = { x: 300, y: 230, w: 200, h: 140, id: 'crowd', kind: 'device' };
    const p = place(400, 300, 60, 20, rings, [around], bounds, null);
    expect(overlaps(p, around)).toBe(false);
    expect(p.leader).toBe(true);
  });

  it('stays where it was last frame while that spot is free, even when a nearer one is', () => {
    const first = place(400, 300, 80, 20, rings, [], bounds, null, 5);
    expect(first.choice).toBe(5);
    const blocker: Obstacle = { ...first, id: 'other', kind: 'label' };
    const moved = place(400, 300, 80, 20, rings, [blocker], bounds, null, 5);
    expect(moved.choice).not.toBe(5);
    expect(overlaps(moved, blocker)).toBe(false);
  });

  it('keeps a few pixels from a box it does not cover, where another spot has room', () => {
    // the spot above the anchor would end 1 px below this device: touching, read as part of it
    const above: Obstacle = { x: 350, y: 248, w: 100, h: 21, id: 'near', kind: 'device' };
    const nearest = place(400, 300, 100, 20, rings, [], bounds, null);
    expect(overlaps(nearest, above)).toBe(false);
    expect(nearest.y - (above.y + above.h)).toBeLessThan(AIR);
    const p = place(400, 300, 100, 20, rings, [above], bounds, null);
    expect(overlaps(p, above, AIR)).toBe(false);
  });

  const box = fc.record({
    x: fc.integer({ min: -50, max: 800 }),
    y: fc.integer({ min: -50, max: 600 }),
    w: fc.integer({ min: 5, max: 200 }),
    h: fc.integer({ min: 5, max: 120 }),
  });
  it('whenever some candidate is free, the one chosen is free and inside the canvas', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(box, fc.constantFrom('device', 'title', 'label') as fc.Arbitrary<Obstacle['kind']>),
          {
            maxLength: 12,
          },
        ),
        fc.integer({ min: 50, max: 750 }),
        fc.integer({ min: 50, max: 550 }),
        fc.integer({ min: 20, max: 160 }),
        fc.integer({ min: 12, max: 60 }),
        (raw, ax, ay, w, h) => {
          const obstacles: Obstacle[] = raw.map(([b, kind], i) => ({ ...b, id: `o${i}`, kind }));
          const p = place(ax, ay, w, h, rings, obstacles, bounds, 'o0');
          // look for a free spot the same way a person would: every ring and direction
          let anyFree = false;
          let anyAiry = false;
          for (let prev = 0; prev < rings.length * 8; prev++) {
            const q = place(ax, ay, w, h, rings, obstacles, bounds, 'o0', prev);
            if (q.choice === prev && !obstacles.some((o) => overlaps(q, o))) {
              const inside = q.x >= 0 && q.y >= 0 && q.x + q.w <= 800 && q.y + q.h <= 600;
              if (inside) anyFree = true;
              if (inside && !obstacles.some((o) => overlaps(q, o, AIR))) anyAiry = true;
            }
          }
          if (anyFree) {
            expect(obstacles.some((o) => overlaps(p, o))).toBe(false);
            expect(p.x >= 0 && p.y >= 0 && p.x + p.w <= 800 && p.y + p.h <= 600).toBe(true);
          }
          if (anyAiry) expect(obstacles.some((o) => overlaps(p, o, AIR))).toBe(false);
          // and never its own device or a title when a spot avoiding them exists
          const own = obstacles.filter((o) => o.id === 'o0' || o.kind === 'title');
          if (own.some((o) => overlaps(p, o))) {
            for (let prev = 0; prev < rings.length * 8; prev++) {
              const q = place(ax, ay, w, h, rings, [], bounds, null, prev);
              const inside = q.x >= 0 && q.y >= 0 && q.x + q.w <= 800 && q.y + q.h <= 600;
              if (inside)
                expect(
                  own.some((o) => overlaps(q, o)),
                  `spot ${prev} was clear of them`,
                ).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
