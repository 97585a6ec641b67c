// One colour per network, shared by the logical network, its tagged ports and its VNI on tunnels.
// Chosen to stay apart from each other in light and dark themes and on a projector.
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
];

export function networkColor(index: number | null | undefined): string | undefined {
  return index === null || index === undefined ? undefined : NETWORK_COLORS[index % NETWORK_COLORS.length];
}
