// The world below the hosts on the physical view: the underlay band and, in one row, the provider
// network with the hosts standing on it, the upstream router, the segment behind it and its hosts. The provider network hangs
// beneath the NIC of the provider bridge that plugs into it.
import type { DeviceView, PlaneView } from '../../sim';
import { deviceLabel } from './device-words';
import type { GraphNode } from './physical-graph';
import { BIG_PAD, ICON_W, LINE_PAD, type PlacedHost } from './physical-host';
import { monoW, sansW, T } from './text-size';
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

export function placeOutside(
  view: PlaneView,
  /** the view's devices of no host */
  outside: readonly DeviceView[],
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
  const place = (d: DeviceView, px: number, py: number, w: number, h: number) => {
    nodes.push({
      id: d.id,
      type: 'device',
      ariaLabel: deviceLabel(d),
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
      ariaLabel: 'underlay, the network between the hosts that carries the VXLAN tunnels',
      position: { x: 0, y: y - 40 },
      width,
      height: 30,
      data: { label: 'underlay', detail: underlayDetail(view.hosts) },
      draggable: false,
      selectable: true,
    });
    owner.set(underlay.id, underlay.id);
  }
  // The world outside, in one row under the network hosts: provider network, upstream router, the
  // segment behind it and its hosts. The provider network sits beneath the NIC plugged into it, the
  // rest of the row running right from there, or left (mirrored) if that strays less from under the hosts.
  // each box as wide as its text (text-size.ts); one-line boxes sit level with the middle of the others
  const bigH = (d: DeviceView) => 30 + 18 * Math.max(1, Math.min(2, d.facts.length));
  const lineW = (d: DeviceView, kind: string) => monoW(d.name) + LINE_PAD + (kind ? 10 + sansW(kind) : 0);
  const bigW = (d: DeviceView) =>
    Math.max(
      120,
      BIG_PAD + ICON_W + monoW(d.name, T, 700),
      BIG_PAD + Math.max(0, ...d.facts.slice(0, 2).map((f) => monoW(f))),
    );
  const size = (d: DeviceView): { w: number; h: number } => {
    switch (d.role) {
      case 'provider':
        return { w: lineW(d, 'provider network'), h: 34 };
      case 'internet':
        return { w: lineW(d, ''), h: 34 };
      default:
        return { w: bigW(d), h: bigH(d) };
    }
  };
  const rowH = Math.max(34, ...outside.filter((d) => d.role !== 'underlay').map((d) => size(d).h));
  // a host on the external network itself stands on the far side of the provider network from the
  // upstream router, so that no wire runs behind it
  const providers = new Set(outside.filter((d) => d.role === 'provider').map((d) => d.id));
  const onProvider = new Set<string>();
  if (providers.size)
    for (const l of view.links)
      if (providers.has(l.a)) onProvider.add(l.b);
      else if (providers.has(l.b)) onProvider.add(l.a);
  const onLink = (d: DeviceView) => d.role === 'outside-host' && onProvider.has(d.id);
  const provider = outside.filter((d) => d.role === 'provider');
  const side = outside.filter(onLink);
  const rest = [
    ...outside.filter((d) => d.role === 'upstream'),
    ...outside.filter((d) => d.role === 'internet'),
    ...outside.filter((d) => d.role === 'outside-host' && !onLink(d)),
  ];
  const gap = (a: DeviceView, b: DeviceView) =>
    a.role === 'outside-host' && b.role === 'outside-host' ? 20 : 30;
  /** each box's x from the row's start, and the row's width */
  const lay = (ordered: DeviceView[]) => {
    const xs: number[] = [];
    let x = 0;
    for (const [i, d] of ordered.entries()) {
      if (i) x += gap(ordered[i - 1]!, d);
      xs.push(x);
      x += size(d).w;
    }
    return { ordered, xs, w: x };
  };
  // the provider network sits beneath the NIC plugged into it, the rest of the row running right from
  // there, or left (mirrored) if that strays less from under the hosts
  let row = lay([...side, ...provider, ...rest]);
  let start = left;
  if (providerNic !== null && provider[0]) {
    const minX = Math.min(0, ...[...boxes.values()].map((b) => b.x));
    const startOf = (r: ReturnType<typeof lay>) =>
      providerNic - size(provider[0]!).w / 2 - r.xs[r.ordered.indexOf(provider[0]!)]!;
    const stray = (r: ReturnType<typeof lay>) => {
      const s0 = startOf(r);
      return Math.max(0, minX - s0) + Math.max(0, s0 + r.w - width);
    };
    const mirrored = lay([...[...rest].reverse(), ...provider, ...side]);
    if (stray(mirrored) < stray(row)) row = mirrored;
    start = startOf(row);
  }
  const top = y + 14;
  for (const [i, d] of row.ordered.entries()) {
    const sz = size(d);
    place(d, start + row.xs[i]!, top + (rowH - sz.h) / 2, sz.w, sz.h);
  }
}

/** The hosts on the underlay with their tunnel IPs; past a dozen, how many and the first and last (a
 * hundred would not fit on the band, and each summary says its own). */
function underlayDetail(hosts: PlaneView['hosts']): string {
  if (hosts.length <= 12) return hosts.map((h) => `${h.name} ${h.tunnelIp}`).join('   ·   ');
  const first = hosts[0]!;
  const last = hosts.at(-1)!;
  return `${hosts.length} hosts, tunnel IPs ${first.tunnelIp} (${first.name}) … ${last.tunnelIp} (${last.name})`;
}
