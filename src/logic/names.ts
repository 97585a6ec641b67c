// Device names as the screen shows them. A namespace's name is its kind and a whole UUID (qrouter-,
// qdhcp-, and with DVR snat-<router id> and fip-<network id>): the canvas, the event list and the packet
// labels show its kind and the first 8 characters of the id, and the whole name on hover.
export function shortName(name: string): string {
  const m = /^(qrouter|qdhcp|snat|fip)-([0-9a-f]{8})-[0-9a-f-]{27}$/.exec(name);
  return m ? `${m[1]}-${m[2]}…` : name;
}
