// The world below the hosts on the physical view: the underlay band and, in one row, the provider
// network, the upstream router, the segment behind it and its hosts. The provider network hangs
// beneath the NIC of the provider bridge that plugs into it.
import type { DeviceView, PlaneView } from '../../sim';
import type { GraphNode } from './physical-graph';
import type { PlacedHost } from './physical-host';
import type { Box } from './tunnel-routes';

/** Where the provider NICs drawn on bridges are: their links cross the tunnels' lanes. */
export function nicXs(hostBoxes: Map<string, Box>, placedHosts: Map<string, PlacedHost>): number[] {
  const xs: number[] = [];
  for (const [name, placed] of placedHosts)
    for (const n of placed.nodes)
      if (n.type === 'device')
        for (const c of n.data.chips ?? [])
          if (c.kind === 'nic') xs.push((hostBoxes.get(name)?.x ?? 0) + n.position.x + c.x);
  return xs;
}

/** Where the first provider NIC drawn on a bridge is, so that the provider network can sit beneath it. */
export function nicX(
  view: PlaneView,
  hostBoxes: Map<string, Box>,
  placedHosts: Map<string, PlacedHost>,
): number | null {
  for (const [name, placed] of placedHosts)
    for (const n of placed.nodes) {
      if (n.type !== 'device') continue;
      const chip = n.data.chips?.find((c) => c.kind === 'nic');
      const hb = hostBoxes.get(name);
      if (
        chip &&
        hb &&
        view.devices.some((d) => d.id === n.data.device.ports.find((p) => p.name === chip.name)?.peerDevice)
      )
        return hb.x + n.position.x + chip.x;
    }
  return null;
}

const PROVIDER_W = 250;

export function placeOutside(
  view: PlaneView,
  nodes: GraphNode[],
  owner: Map<string, string>,
  boxes: Map<string, Box>,
  y: number,
  width: number,
  colorOf: (d: DeviceView) => number | null,
  providerNic: number | null,
): void {
  const netHosts = view.hosts.filter((h) => h.role === 'network').map((h) => boxes.get(h.name)!);
  const left = netHosts.length ? Math.min(...netHosts.map((b) => b.x)) : 0;
  const outside = view.devices.filter((d) => !d.host);
  const place = (d: DeviceView, px: number, py: number, w: number, h: number) => {
    nodes.push({
      id: d.id,
      type: 'device',
      position: { x: px, y: py },
      width: w,
      height: h,
      data: { device: d, network: colorOf(d), tags: [] },
    });
    owner.set(d.id, d.id);
  };
  const underlay = outside.find((d) => d.role === 'underlay');
  if (underlay) {
    nodes.push({
      id: underlay.id,
      type: 'band',
      position: { x: -20, y: y - 40 },
      width: width + 40,
      height: 30,
      data: { label: 'underlay', detail: view.hosts.map((h) => `${h.name} ${h.tunnelIp}`).join('   ·   ') },
      draggable: false,
      selectable: true,
    });
    owner.set(underlay.id, underlay.id);
  }
  // The world outside, in one row under the network hosts: provider network, upstream router, the
  // segment behind it and its hosts. The provider network sits beneath the NIC plugged into it, the
  // rest of the row running right from there, or left (mirrored) if that strays less from under the hosts.
  const size: Record<string, { w: number; h: number; dy: number }> = {
    provider: { w: PROVIDER_W, h: 34, dy: 12 },
    upstream: { w: 170, h: 60, dy: 0 },
    internet: { w: 230, h: 34, dy: 12 },
    'outside-host': { w: 150, h: 60, dy: 0 },
  };
  const items = ['provider', 'upstream', 'internet', 'outside-host'].flatMap((role) =>
    outside.filter((d) => d.role === role),
  );
  const gap = (a: DeviceView, b: DeviceView) =>
    a.role === 'outside-host' && b.role === 'outside-host' ? 30 : 60;
  const rowW = items.reduce((sum, d, i) => sum + size[d.role]!.w + (i ? gap(items[i - 1]!, d) : 0), 0);
  let start = left;
  let mirrored = false;
  if (providerNic !== null && items[0]?.role === 'provider') {
    const minX = Math.min(0, ...[...boxes.values()].map((b) => b.x));
    const stray = (s: number) => Math.max(0, minX - s) + Math.max(0, s + rowW - width);
    const rightward = providerNic - PROVIDER_W / 2;
    const leftward = providerNic + PROVIDER_W / 2 - rowW;
    mirrored = stray(leftward) < stray(rightward);
    start = mirrored ? leftward : rightward;
  }
  const row = y + 40;
  let x = start;
  const ordered = mirrored ? [...items].reverse() : items;
  for (const [i, d] of ordered.entries()) {
    const sz = size[d.role]!;
    if (i) x += gap(ordered[i - 1]!, d);
    place(d, x, row + sz.dy, sz.w, sz.h);
    x += sz.w;
  }
}
