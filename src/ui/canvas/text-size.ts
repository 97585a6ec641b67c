// The canvas's type, in flow pixels, and how wide a label is at it. Every label on the canvas is at
// least T tall, and every box is laid out to hold its text at that size: a name is never cut where
// the layout could give it room. What the back row reads is T times the zoom, so a fitted view reads
// well only when the layout is compact in units of T (issue #11: 16 px at 1920x1080 in Presenter
// mode, 11 px at 1280x800). styles.css draws with the same sizes.
//
// In the browser a label is measured with the page's own fonts (a canvas's measureText); elsewhere
// (unit tests in Node) with the advance of DejaVu Sans Mono and a generous average for proportional
// type, which are never narrower than the real text here.

/** The smallest text on the canvas: names, facts, chips, VLAN and VNI labels. */
export const T = 13;
/** Bridge names, in bold proportional type (every other device name is bold or plain mono at T). */
export const T_NAME = 15;
/** A host's name in its title. */
export const T_HOST = 19;

let ctx: CanvasRenderingContext2D | null | undefined;
let families: { mono: string; sans: string } | null = null;
const widths = new Map<string, number>();

function measure(font: 'mono' | 'sans', weight: number, size: number, text: string): number | null {
  if (ctx === undefined)
    ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!ctx) return null;
  if (!families) {
    const cs = getComputedStyle(document.documentElement);
    families = {
      mono: cs.getPropertyValue('--mono').trim() || 'monospace',
      sans: cs.getPropertyValue('--font').trim() || 'sans-serif',
    };
  }
  const key = `${font}${weight}${size}|${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    ctx.font = `${weight} ${size}px ${families[font]}`;
    w = Math.ceil(ctx.measureText(text).width);
    widths.set(key, w);
  }
  return w;
}

/** Monospace text (names, addresses): DejaVu Sans Mono advances 0.602 em per character. */
export const monoW = (text: string, size = T, weight = 400): number =>
  measure('mono', weight, size, text) ?? Math.ceil(text.length * 0.602 * size);

/** Proportional text; bold a little wider. */
export const sansW = (text: string, size = T, bold = false): number =>
  measure('sans', bold ? 700 : 400, size, text) ?? Math.ceil(text.length * (bold ? 0.66 : 0.6) * size);
