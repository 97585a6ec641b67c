// Arrow keys on the canvas go to the nearest node that way, among nodes of the same sort.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NavBox, nextBox } from '../../src/logic/spatial-nav';

const box = (id: string, x: number, y: number, w = 40, h = 20, container = false): NavBox => ({
  id,
  x,
  y,
  w,
  h,
  container,
});

// two hosts side by side; in each a VM on top and br-int below it
const vm1 = box('vm1', 20, 20);
const brInt1 = box('br-int1', 10, 100, 60);
const vm2 = box('vm2', 220, 20);
const brInt2 = box('br-int2', 210, 100, 60);
const host1 = box('compute1', 0, 0, 100, 200, true);
const host2 = box('compute2', 200, 0, 100, 200, true);
const all = [host1, host2, vm1, brInt1, vm2, brInt2];

describe('nextBox', () => {
  it('goes down the column and across to the other host', () => {
    expect(nextBox(vm1, all, 'down')).toBe('br-int1');
    expect(nextBox(brInt1, all, 'up')).toBe('vm1');
    expect(nextBox(vm1, all, 'right')).toBe('vm2');
    expect(nextBox(brInt2, all, 'left')).toBe('br-int1');
  });

  it('stays among hosts when on a host, and says so when nothing lies that way', () => {
    expect(nextBox(host1, all, 'right')).toBe('compute2');
    expect(nextBox(host1, all, 'down')).toBeNull();
    expect(nextBox(vm1, all, 'up')).toBeNull();
    expect(nextBox(vm1, all, 'left')).toBeNull();
  });

  it('prefers a box straight ahead to a nearer one off to the side', () => {
    const from = box('a', 0, 0);
    const ahead = box('ahead', 0, 120);
    const aside = box('aside', 200, 60);
    expect(nextBox(from, [from, aside, ahead], 'down')).toBe('ahead');
  });

  it('always lands on a box of the same sort that lies in the direction pressed', () => {
    const arb = fc.record({
      x: fc.integer({ min: 0, max: 1000 }),
      y: fc.integer({ min: 0, max: 1000 }),
      w: fc.integer({ min: 1, max: 100 }),
      h: fc.integer({ min: 1, max: 100 }),
      container: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(arb, { minLength: 1, maxLength: 20 }),
        fc.constantFrom('left', 'right', 'up', 'down'),
        (raw, dir) => {
          const boxes = raw.map((r, i) => ({ ...r, id: `b${i}` }));
          const from = boxes[0]!;
          const id = nextBox(from, boxes, dir as 'left');
          if (id === null) return;
          const to = boxes.find((b) => b.id === id)!;
          expect(to.container).toBe(from.container);
          expect(to.id).not.toBe(from.id);
          const cx = from.x + from.w / 2;
          const cy = from.y + from.h / 2;
          if (dir === 'right') expect(to.x).toBeGreaterThanOrEqual(cx);
          if (dir === 'left') expect(to.x + to.w).toBeLessThanOrEqual(cx);
          if (dir === 'down') expect(to.y).toBeGreaterThanOrEqual(cy);
          if (dir === 'up') expect(to.y + to.h).toBeLessThanOrEqual(cy);
        },
      ),
    );
  });
});
