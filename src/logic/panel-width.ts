// How wide the right-hand panel may be. A teacher widens it to read long OpenFlow flows and iptables
// rules; the canvas keeps room enough to show the cloud. Pure: the panel store and the separator use it.

export type PanelMode = 'normal' | 'presenter';
export type PanelWidths = Record<PanelMode, number>;

/** Narrower and the tabs and the hop's headers stop being readable. */
export const PANEL_MIN = 280;
/** Wider helps nobody: the longest flows of the demo fit in a line. */
export const PANEL_MAX = 1000;
/** What the canvas keeps, beside the panel, whatever the window. */
export const CANVAS_MIN = 420;
/** The widths the stylesheets give (styles.css; classroom.css for presenter mode). */
export const DEFAULT_WIDTHS: PanelWidths = { normal: 340, presenter: 440 };

/** The widest the panel may be in a window `viewport` pixels wide. */
export function maxWidth(viewport: number): number {
  return Math.max(PANEL_MIN, Math.min(PANEL_MAX, viewport - CANVAS_MIN));
}

/** `width` brought within the bounds, in whole pixels. */
export function clampWidth(width: number, viewport: number): number {
  if (!Number.isFinite(width)) return PANEL_MIN;
  return Math.round(Math.min(maxWidth(viewport), Math.max(PANEL_MIN, width)));
}

/** The width a key press on the separator asks for; null for keys it does not answer. Left widens:
 * the separator is the panel's left edge. */
export function widthForKey(key: string, shift: boolean, width: number, viewport: number): number | null {
  const step = shift ? 80 : 16;
  switch (key) {
    case 'ArrowLeft':
      return clampWidth(width + step, viewport);
    case 'ArrowRight':
      return clampWidth(width - step, viewport);
    case 'Home':
      return PANEL_MIN;
    case 'End':
      return maxWidth(viewport);
    default:
      return null;
  }
}

/** Saved widths as read back: anything that is not a width in bounds is left at its default. */
export function parseWidths(raw: unknown): PanelWidths {
  const out = { ...DEFAULT_WIDTHS };
  if (typeof raw !== 'object' || raw === null) return out;
  for (const mode of ['normal', 'presenter'] as const) {
    const w = (raw as Record<string, unknown>)[mode];
    if (typeof w === 'number' && Number.isFinite(w) && w >= PANEL_MIN && w <= PANEL_MAX)
      out[mode] = Math.round(w);
  }
  return out;
}
