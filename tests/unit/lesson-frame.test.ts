// The lesson camera's arithmetic: the part of the canvas nothing floats over, and the viewport that
// frames a step's devices there, large, whole, and with the cloud around them rather than empty canvas.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOGICAL_ROLES } from '../../src/lessons/shown';
import { logicalNodeOf } from '../../src/logic/send/logical-places';
import { planeView, realize } from '../../src/sim';
import { type Box, clearArea, frameBox, type Viewport } from '../../src/ui/canvas/frame';
import { logicalGraph } from '../../src/ui/canvas/logical-graph';
import { loadExample } from './helpers';

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const onScreen = (b: Box, v: Viewport): Box => ({
  x: b.x * v.zoom + v.x,
  y: b.y * v.zoom + v.y,
  w: b.w * v.zoom,
  h: b.h * v.zoom,
});
const inside = (a: Box, b: Box, eps = 1e-6) =>
  a.x >= b.x - eps && a.y >= b.y - eps && a.x + a.w <= b.x + b.w + eps && a.y + a.h <= b.y + b.h + eps;

// the canvas of a 1280x800 window, with the controls, the legend and the overview map where they float
const canvas = { w: 940, h: 712 };
const controls = { x: 15, y: 612, w: 26, h: 85 };
const legend = { x: 56, y: 660, w: 470, h: 40 };
const overview = { x: 746, y: 568, w: 182, h: 114 };

describe('the clear part of the canvas', () => {
  it('is the whole canvas when nothing floats over it', () => {
    expect(clearArea(canvas, [])).toEqual({ x: 0, y: 0, ...canvas });
  });

  it('loses a thin strip for each thing along an edge, on the side that costs least', () => {
    const area = clearArea(canvas, [controls, legend, overview]);
    expect(area.x).toBe(controls.x + controls.w + 8); // a narrow column on the left
    expect(area.y + area.h).toBeLessThanOrEqual(legend.y - 8); // the legend's strip at the bottom
    expect(area.w * area.h).toBeGreaterThan(0.6 * canvas.w * canvas.h);
    for (const o of [controls, legend, overview]) expect(overlaps(area, o)).toBe(false);
  });

  it('never overlaps anything floating over the canvas, wherever it is', () => {
    const box = fc.record({
      x: fc.integer({ min: -50, max: 1000 }),
      y: fc.integer({ min: -50, max: 800 }),
      w: fc.integer({ min: 1, max: 300 }),
      h: fc.integer({ min: 1, max: 300 }),
    });
    fc.assert(
      fc.property(fc.array(box, { maxLength: 5 }), (obstacles) => {
        const area = clearArea(canvas, obstacles);
        return obstacles.every((o) => area.w <= 0 || area.h <= 0 || !overlaps(area, o));
      }),
    );
  });
});

describe('framing a step’s devices', () => {
  const area = clearArea(canvas, [controls, legend, overview]);
  const cloud = { x: 0, y: 0, w: 2400, h: 1400 };
  const opts = { pad: 48, minZoom: 0.05, maxZoom: 1.4 };

  it('shows them whole, inside the clear area, as large as fits', () => {
    const wide = { x: 600, y: 500, w: 1000, h: 200 };
    const v = frameBox(wide, area, cloud, opts);
    const s = onScreen(wide, v);
    expect(inside(s, area)).toBe(true);
    expect(s.w).toBeCloseTo(area.w - 2 * opts.pad); // the limiting side spans the area
  });

  it('stops at the zoom that still reads well', () => {
    const small = { x: 100, y: 100, w: 120, h: 40 };
    expect(frameBox(small, area, cloud, opts).zoom).toBe(opts.maxZoom);
  });

  it('puts devices at the top of the cloud near the top of the canvas, with the cloud below them', () => {
    // two namespaces in the top row of a host: centred, they would leave the top third empty
    const top = { x: 900, y: 60, w: 360, h: 60 };
    const v = frameBox(top, area, cloud, opts);
    expect(onScreen(cloud, v).y).toBeGreaterThanOrEqual(area.y - 1e-6); // no cloud cut off above them
    expect(onScreen(cloud, v).y).toBeLessThanOrEqual(area.y + opts.pad + 1e-6); // and no empty band
    expect(inside(onScreen(top, v), area)).toBe(true);
  });

  it('centres a cloud smaller than the area', () => {
    const tiny = { x: 0, y: 0, w: 300, h: 200 };
    const v = frameBox(tiny, area, tiny, opts);
    const s = onScreen(tiny, v);
    expect(s.x - area.x).toBeCloseTo(area.x + area.w - (s.x + s.w));
    expect(s.y - area.y).toBeCloseTo(area.y + area.h - (s.y + s.h));
  });

  it('always keeps the devices inside the clear area, and leaves no empty canvas the cloud could fill', () => {
    const target = fc
      .record({
        x: fc.integer({ min: 0, max: 2300 }),
        y: fc.integer({ min: 0, max: 1300 }),
        w: fc.integer({ min: 20, max: 2400 }),
        h: fc.integer({ min: 20, max: 1400 }),
      })
      .map((t) => ({ ...t, w: Math.min(t.w, cloud.w - t.x), h: Math.min(t.h, cloud.h - t.y) }));
    fc.assert(
      fc.property(target, (t) => {
        const v = frameBox(t, area, cloud, opts);
        const c = onScreen(cloud, v);
        const eps = 1e-6;
        // along an axis where the cloud is longer than the area, the cloud reaches (within the
        // padding) both edges of the area: no empty band at either end
        const fills = (c0: number, len: number, a0: number, alen: number) =>
          len + 2 * opts.pad <= alen + eps ||
          (c0 <= a0 + opts.pad + eps && c0 + len >= a0 + alen - opts.pad - eps);
        return (
          inside(onScreen(t, v), area, eps) &&
          fills(c.x, c.w, area.x, area.w) &&
          fills(c.y, c.h, area.y, area.h)
        );
      }),
    );
  });
});

describe('the logical view', () => {
  it('has a node for every device a lesson can light there', () => {
    for (const name of ['two-networks-one-router', 'two-projects-floating-ips', 'two-subnets-one-network']) {
      const t = loadExample(name);
      const ids = new Set(logicalGraph(t, {}).nodes.map((n) => n.id));
      const devices = planeView(t, realize(t)).devices.filter((d) => LOGICAL_ROLES.has(d.role));
      expect(devices.length).toBeGreaterThan(0);
      for (const d of devices) expect(ids.has(logicalNodeOf(d) ?? ''), `${name}: ${d.name}`).toBe(true);
    }
  });
});
