// How a packet looks on the canvas: a pill in its flow's colour naming what it is (ARP who-has, echo
// request, echo reply, SYN...), a yellow 802.1Q tag with the VLAN number while it is tagged, a teal
// VXLAN envelope with the VNI between hosts, a NAT badge once translated, red with a cross when dropped;
// on the wire, a dot of its kind's shape (packetShape), crossed when dropped.
// Everything is drawn in screen pixels so that it reads the same at any zoom.

/** The dot's shape says the packet's kind, beside its colour and label (issue #19): ARP a diamond,
 * ICMP a circle, TCP a square, UDP (DHCP too) a triangle. */
export type PacketShape = 'diamond' | 'circle' | 'square' | 'triangle';

export function packetShape(frame: { arp?: unknown; tcp?: unknown; udp?: unknown }): PacketShape {
  if (frame.arp) return 'diamond';
  if (frame.tcp) return 'square';
  if (frame.udp) return 'triangle';
  return 'circle';
}

export interface Look {
  text: string;
  color: string;
  arp: boolean;
  shape: PacketShape;
  vlan: number | null;
  vni: number | null;
  /** the tunnel the VNI belongs to: VXLAN under the OVS agent, Geneve (its tunnel key) under OVN */
  encap: 'VXLAN' | 'Geneve';
  nat: boolean;
  state: 'moving' | 'here' | 'dropped' | 'discarded' | 'held';
  alpha: number;
  /** the hop the inspector shows */
  focused: boolean;
  /** a device not drawn on its own (folded chain, collapsed host): its name under the packet */
  where: string | null;
  /** 0..1: a ring spreading from a device that worked on the packet; -1 for none */
  pulse: number;
}

export interface Theme {
  bg: string;
  text: string;
  panel: string;
  vx: string;
  danger: string;
}

export function readTheme(): Theme {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, dflt: string) => cs.getPropertyValue(name).trim() || dflt;
  return {
    bg: v('--bg', '#f6f7f9'),
    text: v('--text', '#1d2430'),
    panel: v('--panel', '#ffffff'),
    vx: v('--vx-border', '#0b8a7a'),
    danger: '#e03131',
  };
}

const widths = new Map<string, number>();
export function textWidth(ctx: CanvasRenderingContext2D, font: string, text: string): number {
  const key = `${font}|${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    ctx.font = font;
    w = ctx.measureText(text).width;
    if (widths.size > 4000) widths.clear();
    widths.set(key, w);
  }
  return w;
}

/** Dark text on light fills, white on dark ones. */
const inkCache = new Map<string, string>();
function inkOn(color: string): string {
  let ink = inkCache.get(color);
  if (!ink) {
    const n = Number.parseInt(color.slice(1), 16);
    const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    ink = 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#111' : '#fff';
    inkCache.set(color, ink);
  }
  return ink;
}

export function roundRect(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

/** What the envelope's flap says: OVN calls the Geneve VNI the datapath's tunnel key. */
const envelopeText = (k: Look): string =>
  k.encap === 'Geneve' ? `Geneve key ${k.vni}` : `VXLAN VNI ${k.vni}`;

/** The outline of a packet's dot, of its kind's shape, around (x, y). */
function shapePath(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, shape: PacketShape) {
  ctx.beginPath();
  if (shape === 'circle') ctx.arc(x, y, r, 0, Math.PI * 2);
  else if (shape === 'square') ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
  else if (shape === 'diamond') {
    const d = r * 1.3;
    ctx.moveTo(x, y - d);
    ctx.lineTo(x + d, y);
    ctx.lineTo(x, y + d);
    ctx.lineTo(x - d, y);
    ctx.closePath();
  } else {
    const d = r * 1.35;
    ctx.moveTo(x, y - d);
    ctx.lineTo(x + d * 0.95, y + d * 0.7);
    ctx.lineTo(x - d * 0.95, y + d * 0.7);
    ctx.closePath();
  }
}

/** A small packet for far zoom levels: a dot of its kind's shape, ringed when wrapped in VXLAN, crossed
 * when dropped. */
function drawDot(ctx: CanvasRenderingContext2D, x: number, y: number, k: Look, t: Theme) {
  const r = 5.5;
  const red = k.state === 'dropped' || k.state === 'discarded';
  if (k.vni !== null) {
    ctx.beginPath();
    ctx.arc(x, y, r + 3.5, 0, Math.PI * 2);
    ctx.strokeStyle = t.vx;
    ctx.lineWidth = 2.5;
    ctx.stroke();
  }
  shapePath(ctx, x, y, r, k.shape);
  ctx.fillStyle = red ? t.danger : k.color;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = t.bg;
  ctx.stroke();
  if (red) {
    // a cross, so that a drop is not told by red alone
    const c = r * 0.55;
    ctx.beginPath();
    ctx.moveTo(x - c, y - c);
    ctx.lineTo(x + c, y + c);
    ctx.moveTo(x + c, y - c);
    ctx.lineTo(x - c, y + c);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1.6;
    ctx.stroke();
  }
  if (k.vlan !== null) {
    ctx.fillStyle = '#fcc419';
    ctx.fillRect(x - r - 5, y - 3, 5, 6);
  }
}

/** The bounds of a packet's label glyph around its centre (tag, pill, VXLAN envelope, NAT badge and
 * the name under it), for placing it clear of the devices. */
export function packetBox(
  ctx: CanvasRenderingContext2D,
  k: Look,
  scale: number,
): { left: number; top: number; right: number; bottom: number } {
  const red = k.state === 'dropped' || k.state === 'discarded';
  const font = `600 ${12 * scale}px system-ui, sans-serif`;
  const label = red ? `✕ ${k.text}` : k.state === 'held' ? `${k.text} · waits for ARP` : k.text;
  const h = 20 * scale;
  const w = textWidth(ctx, font, label) + 14 * scale;
  const tagW =
    k.vlan !== null
      ? textWidth(ctx, `700 ${10.5 * scale}px system-ui, sans-serif`, `VLAN ${k.vlan}`) + 8 * scale
      : 0;
  let half = (tagW + w) / 2 + 2;
  let top = -h / 2 - 2;
  let bottom = h / 2 + 2;
  if (k.vni !== null) {
    const vw = Math.max(
      tagW + w + 10 * scale,
      textWidth(ctx, `700 ${10.5 * scale}px system-ui, sans-serif`, envelopeText(k)) + 10 * scale,
    );
    half = Math.max(half, vw / 2 + 2);
    top = -h / 2 - 19 * scale - 2;
    bottom = h / 2 + 5 * scale + 2;
  }
  let right = half;
  if (k.nat) {
    top = Math.min(top, -h / 2 - 12 * scale);
    right = Math.max(right, (tagW + w) / 2 + 7 * scale);
  }
  if (k.where) {
    const ww = textWidth(ctx, `500 ${10.5 * scale}px ui-monospace, monospace`, k.where) + 8;
    half = Math.max(half, ww / 2);
    right = Math.max(right, ww / 2);
    bottom = Math.max(bottom, h / 2 + 3 + 15 * scale);
  }
  return { left: -half, top, right, bottom };
}

/** The packet itself, where it is on the wire or at a device: a dot in its flow's colour (red once
 * dropped), with the ring of a device working on it. Its label is drawn apart, clear of the device. */
export function drawMarker(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  k: Look,
  t: Theme,
  scale: number,
): void {
  ctx.globalAlpha = k.alpha;
  if (k.pulse >= 0) {
    ctx.beginPath();
    ctx.arc(x, y, 10 + 26 * k.pulse * scale, 0, Math.PI * 2);
    ctx.strokeStyle = k.color;
    ctx.globalAlpha = k.alpha * (1 - k.pulse) * 0.8;
    ctx.lineWidth = 3;
    ctx.stroke();
    ctx.globalAlpha = k.alpha;
  }
  drawDot(ctx, x, y, k, t);
  ctx.globalAlpha = 1;
}

/** A packet's label, centred at (x, y): what it is, its VLAN tag, its VXLAN envelope, its NAT badge.
 * The packet itself (its dot and the ring of a device working on it) is drawMarker's. */
export function drawPacket(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  k: Look,
  t: Theme,
  scale: number,
  /** keep the whole glyph inside this width (a packet resting by the canvas's edge) */
  clampW = 0,
): void {
  ctx.globalAlpha = k.alpha;
  const red = k.state === 'dropped' || k.state === 'discarded';
  const fs = 12 * scale;
  const font = `600 ${fs}px system-ui, sans-serif`;
  const label = red ? `✕ ${k.text}` : k.state === 'held' ? `${k.text} · waits for ARP` : k.text;
  const h = 20 * scale;
  const pad = 7 * scale;
  const w = textWidth(ctx, font, label) + 2 * pad;
  const tagFont = `700 ${10.5 * scale}px system-ui, sans-serif`;
  const tagText = k.vlan !== null ? `VLAN ${k.vlan}` : '';
  const tagW = k.vlan !== null ? textWidth(ctx, tagFont, tagText) + 8 * scale : 0;
  const total = tagW + w;
  if (clampW > 0) x = Math.max(total / 2 + 4, Math.min(clampW - total / 2 - 4, x));
  const left = x - total / 2;
  const top = y - h / 2;
  // VXLAN: an envelope around the whole frame, with the VNI on its flap
  if (k.vni !== null) {
    const m = 5 * scale;
    const vxFont = `700 ${10.5 * scale}px system-ui, sans-serif`;
    const vxText = envelopeText(k);
    const vw = Math.max(total + 2 * m, textWidth(ctx, vxFont, vxText) + 10 * scale);
    const vh = h + 2 * m + 14 * scale;
    const vx = x - vw / 2;
    const vy = top - m - 14 * scale;
    roundRect(ctx, vx, vy, vw, vh, 7 * scale);
    ctx.fillStyle = t.panel;
    ctx.fill();
    ctx.lineWidth = 2.5 * scale;
    ctx.strokeStyle = t.vx;
    ctx.stroke();
    ctx.fillStyle = t.vx;
    ctx.font = vxFont;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(vxText, x, vy + 8.5 * scale);
  }
  // halo so the packet stands out from edges and nodes
  roundRect(ctx, left - 2, top - 2, total + 4, h + 4, k.arp ? 3 * scale : h / 2 + 2);
  ctx.fillStyle = t.bg;
  ctx.fill();
  if (k.vlan !== null) {
    // an 802.1Q tag, yellow like a luggage label, in front of the frame
    roundRect(ctx, left, top, tagW + 6 * scale, h, 3 * scale);
    ctx.fillStyle = '#fcc419';
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#8a6d00';
    ctx.stroke();
    ctx.fillStyle = '#111';
    ctx.font = tagFont;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(tagText, left + 4 * scale, y + 0.5);
  }
  const body = red ? t.danger : k.color;
  roundRect(ctx, left + tagW, top, w, h, k.arp ? 3 * scale : h / 2);
  ctx.fillStyle = k.state === 'held' ? t.panel : body;
  ctx.fill();
  if (k.arp) ctx.setLineDash([3 * scale, 2 * scale]);
  ctx.lineWidth = k.focused ? 3 : 1.5;
  ctx.strokeStyle = k.focused ? t.text : k.state === 'held' ? body : 'rgba(0,0,0,0.45)';
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = k.state === 'held' ? body : inkOn(body);
  ctx.font = font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, left + tagW + w / 2, y + 0.5);
  if (k.nat) {
    // translated: a badge on the corner
    const r = 9 * scale;
    const bx = left + total - 2 * scale;
    const by = top - 3 * scale;
    ctx.beginPath();
    ctx.arc(bx, by, r, 0, Math.PI * 2);
    ctx.fillStyle = '#e8590c';
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = t.bg;
    ctx.stroke();
    ctx.fillStyle = '#fff';
    ctx.font = `800 ${7.5 * scale}px system-ui, sans-serif`;
    ctx.fillText('NAT', bx, by + 0.5);
  }
  if (k.where) {
    ctx.font = `500 ${10.5 * scale}px ui-monospace, monospace`;
    const ww = textWidth(ctx, ctx.font, k.where) + 8;
    roundRect(ctx, x - ww / 2, y + h / 2 + 3, ww, 15 * scale, 3);
    ctx.fillStyle = t.panel;
    ctx.fill();
    ctx.fillStyle = t.text;
    ctx.fillText(k.where, x, y + h / 2 + 3 + 7.5 * scale);
  }
  ctx.globalAlpha = 1;
}
