// One colour per network, shared by the logical network, its tagged ports and its VNI on tunnels.
// Chosen to stay apart from each other in light and dark themes and on a projector: the first ten are
// the ones the app always had; the other fourteen were picked, each as far in OKLab from all before it
// as could be, among colours with a contrast of at least 3 against the light canvas and white text and
// 2.6 against the dark canvas (the nearest two of the 24 are 0.063 apart in OKLab). Past 24 networks
// the colours come round again with a pattern: dashed, dotted, then dash-dot lines, and striped bars.
export const NETWORK_COLORS = [
  '#2b8a3e',
  '#1c7ed6',
  '#e8590c',
  '#ae3ec9',
  '#d6336c',
  '#0c8599',
  '#f59f00',
  '#5c940d',
  '#4263eb',
  '#a61e4d',
  '#795616',
  '#665189',
  '#b27ead',
  '#a47f43',
  '#907bf8',
  '#0a684e',
  '#a25d66',
  '#c03809',
  '#4e9e82',
  '#7871ad',
  '#1d5ab0',
  '#724bc4',
  '#9b4089',
  '#d257aa',
] as const;

/** solid, dashed, dotted, dash-dot */
const PATTERNS = 4;
const DASHES = [undefined, '10 5', '2 5', '12 4 2 4'] as const;
const BORDER_STYLES = ['solid', 'dashed', 'dotted', 'double'] as const;

const valid = (index: number | null | undefined): index is number => index !== null && index !== undefined;

export function networkColor(index: number | null | undefined): string | undefined {
  return valid(index) ? NETWORK_COLORS[index % NETWORK_COLORS.length] : undefined;
}

/** 0 for the first 24 networks, then 1, 2, 3 and round again: the pattern that tells apart two
 * networks of one colour. */
export function networkPattern(index: number | null | undefined): number {
  return valid(index) ? Math.floor(index / NETWORK_COLORS.length) % PATTERNS : 0;
}

/** The SVG dash of a network's lines, or undefined for a solid line. */
export const networkDash = (index: number | null | undefined): string | undefined =>
  DASHES[networkPattern(index)];

/** The CSS border style of a network's stripe on a port. */
export const networkBorder = (index: number | null | undefined): string =>
  BORDER_STYLES[networkPattern(index)]!;

/** A CSS background for a network's bar or legend swatch: its colour, striped for patterns 1 to 3. */
export function networkFill(index: number | null | undefined): string | undefined {
  const color = networkColor(index);
  const p = networkPattern(index);
  if (!color || p === 0) return color;
  const angle = [0, 45, 90, 135][p];
  const pale = `color-mix(in srgb, ${color} 45%, white)`;
  return `repeating-linear-gradient(${angle}deg, ${color} 0 7px, ${pale} 7px ${p === 2 ? 10 : 11}px)`;
}
