// One colour per network, shared by the logical network, its tagged ports and its VNI on tunnels.
// Chosen to stay apart from each other in light and dark themes and on a projector: the first ten are
// the ones the app always had; the other fourteen were picked, each as far in OKLab from all before it
// as could be, among colours with a contrast of at least 3 against the light canvas and white text and
// 2.6 against the dark canvas (the nearest two of the 24 are 0.063 apart in OKLab).
// Colour is never the only sign (issue #19): each network also has a pattern, solid, dashed, dotted or
// dash-dot, on its lines and tunnels, the stripes of its ports and the frame of its bar, turning with
// each network so that neighbours differ in pattern as well as colour, and shifted by one each time
// the colours come round, so that no two of the first 96 networks look alike. Under protanopia the
// first and third colours (green and orange) come close: their patterns differ (solid and dotted).
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

/** 0 (solid), 1, 2 or 3: the network's pattern, turning with each network, and shifted by one each
 * time the colours come round (network 24 has network 0's colour and network 1's pattern). */
export function networkPattern(index: number | null | undefined): number {
  return valid(index) ? (index + Math.floor(index / NETWORK_COLORS.length)) % PATTERNS : 0;
}

/** The SVG dash of a network's lines, or undefined for a solid line. */
export const networkDash = (index: number | null | undefined): string | undefined =>
  DASHES[networkPattern(index)];

/** The CSS border style of a network's stripe on a port. */
export const networkBorder = (index: number | null | undefined): string =>
  BORDER_STYLES[networkPattern(index)]!;
