// Where the camera goes for a lesson step, as plain arithmetic: the part of the canvas that nothing
// floats over (controls, legend, overview map), and the viewport that shows a group of devices as
// large as fits there, with the rest of the cloud around it rather than empty canvas.

/** The lesson camera's closest zoom: closer, a few devices would fill a projector screen and their
 * neighbours vanish. */
export const LESSON_MAX_ZOOM = 1.4;

/** A rectangle: in screen pixels within the canvas, or in flow coordinates. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** React Flow's viewport: a flow point p is drawn at p * zoom + (x, y). */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The canvas less what floats over it: each obstacle (grown by `gap`) is cut away from the side that
 * keeps the most room. Obstacles sit along the edges, so a cut loses a strip, not the middle. */
export function clearArea(canvas: { w: number; h: number }, obstacles: readonly Box[], gap = 8): Box {
  let area: Box = { x: 0, y: 0, w: canvas.w, h: canvas.h };
  for (const o of obstacles) {
    const ob = { x: o.x - gap, y: o.y - gap, w: o.w + 2 * gap, h: o.h + 2 * gap };
    if (o.w <= 0 || o.h <= 0 || !overlaps(area, ob)) continue;
    const right = area.x + area.w;
    const bottom = area.y + area.h;
    const cuts: Box[] = [
      { ...area, h: ob.y - area.y }, // keep what is above it
      { ...area, y: ob.y + ob.h, h: bottom - (ob.y + ob.h) }, // below it
      { ...area, w: ob.x - area.x }, // left of it
      { ...area, x: ob.x + ob.w, w: right - (ob.x + ob.w) }, // right of it
    ];
    const best = cuts.reduce((a, b) =>
      Math.max(0, b.w) * Math.max(0, b.h) > Math.max(0, a.w) * Math.max(0, a.h) ? b : a,
    );
    area = best;
  }
  return area;
}

export interface FrameOptions {
  /** screen pixels kept free around the target */
  pad: number;
  minZoom: number;
  maxZoom: number;
}

/** Where a window of `len` flow units starts along one axis: on the target, then slid so as not to
 * run past the cloud when the cloud goes on, never so far that the target leaves it. */
function slide(t0: number, t1: number, c0: number, c1: number, len: number, pad: number): number {
  let s = (t0 + t1) / 2 - len / 2;
  if (c1 - c0 + 2 * pad <= len) s = (c0 + c1) / 2 - len / 2;
  else s = Math.min(Math.max(s, c0 - pad), c1 + pad - len);
  const lo = t1 + pad - len;
  const hi = t0 - pad;
  return lo <= hi ? Math.min(Math.max(s, lo), hi) : (t0 + t1) / 2 - len / 2;
}

/** The viewport that shows `target` (flow coordinates) as large as fits in `area` (screen pixels),
 * with `pad` pixels around it, and as much of `context` (the whole cloud) as the rest of the area can
 * hold: a device at the top of the cloud is shown near the top of the area, not in the middle of an
 * empty band. */
export function frameBox(target: Box, area: Box, context: Box, o: FrameOptions): Viewport {
  const fit = Math.min(
    (area.w - 2 * o.pad) / Math.max(1, target.w),
    (area.h - 2 * o.pad) / Math.max(1, target.h),
  );
  const zoom = Math.min(o.maxZoom, Math.max(o.minZoom, fit));
  const pad = o.pad / zoom;
  const sx = slide(target.x, target.x + target.w, context.x, context.x + context.w, area.w / zoom, pad);
  const sy = slide(target.y, target.y + target.h, context.y, context.y + context.h, area.h / zoom, pad);
  return { x: area.x - sx * zoom, y: area.y - sy * zoom, zoom };
}
