// The leader line that joins a packet's label or a drop's reason to its dot when they were placed apart,
// and the drop's reason itself in a red callout box; apart from draw.ts, which draws the packet.
import { roundRect, type Theme, textWidth } from './draw';

/** A thin line from a packet's dot to its label or callout, when they had to be drawn apart. */
export function drawLeader(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  box: { x: number; y: number; w: number; h: number },
  color: string,
  alpha: number,
): void {
  const tx = Math.max(box.x, Math.min(x, box.x + box.w));
  const ty = Math.max(box.y, Math.min(y, box.y + box.h));
  if (Math.hypot(tx - x, ty - y) < 9) return;
  ctx.globalAlpha = alpha;
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(tx, ty);
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.stroke();
  ctx.globalAlpha = 1;
}

export interface CalloutText {
  lines: string[];
  font: string;
  /** line height */
  lh: number;
  w: number;
  h: number;
}

/** The reason a packet died, broken into at most four lines of about 300 px, and the box they need. */
export function measureCallout(ctx: CanvasRenderingContext2D, text: string, scale: number): CalloutText {
  const fs = Math.max(11, 12 * scale);
  const font = `500 ${fs}px system-ui, sans-serif`;
  const maxW = 300;
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    const next = line ? `${line} ${w}` : w;
    if (line && textWidth(ctx, font, next) > maxW) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  const shown = lines.slice(0, 4);
  if (lines.length > 4) shown[3] = `${shown[3]} …`;
  const lh = fs * 1.3;
  return {
    lines: shown,
    font,
    lh,
    w: Math.max(...shown.map((l) => textWidth(ctx, font, l))) + 16,
    h: shown.length * lh + 10,
  };
}

/** The reason a packet died, in a red box at `box`, joined to the dropped packet at (x, y). */
export function drawCallout(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  box: { x: number; y: number },
  c: CalloutText,
  t: Theme,
): void {
  drawLeader(ctx, x, y, { ...box, w: c.w, h: c.h }, t.danger, 1);
  roundRect(ctx, box.x, box.y, c.w, c.h, 6);
  ctx.fillStyle = t.panel;
  ctx.fill();
  ctx.strokeStyle = t.danger;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.fillStyle = t.text;
  ctx.font = c.font;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const [i, l] of c.lines.entries()) ctx.fillText(l, box.x + 8, box.y + 5 + c.lh * (i + 0.5));
}
