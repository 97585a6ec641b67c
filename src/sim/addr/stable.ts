// Stable values for what the model does not name (MACs, uuids, cookies): the same text gives the same
// value every time, where a real system would pick at random.

/** FNV-1a over a text: stable values (MACs, uuids, cookies) for what the model does not name. */
function fnv(textIn: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < textIn.length; i++) {
    h ^= textIn.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `digits` hex digits derived from a text, the same every time. */
export function stableHex(textIn: string, digits: number): string {
  let out = '';
  for (let seed = 0; out.length < digits; seed++) out += fnv(textIn, seed).toString(16).padStart(8, '0');
  return out.slice(0, digits);
}

/** The OVS agent's cookie for a bridge: random per bridge in Neutron, stable here. */
export function agentCookie(host: string, bridge: string): string {
  return `0x${stableHex(`${host}|${bridge}|cookie`, 16).replace(/^0+/, '') || '0'}`;
}

/** A locally administered unicast MAC derived from a text (veth ends, bridges, datapaths): what the
 * kernel draws at random for a device with no MAC of its own. */
export function stableMac(textIn: string): string {
  const h = stableHex(textIn, 12);
  const first = ((Number.parseInt(h.slice(0, 2), 16) & 0xfc) | 0x02).toString(16).padStart(2, '0');
  return [first, h.slice(2, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10), h.slice(10, 12)].join(':');
}
