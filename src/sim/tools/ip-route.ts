// Routing tables and neighbour caches of a place: `ip route` (show and get), `ip neigh`, and the
// net-tools views of the same tables, `route -n` and `arp -n`.

import { inCidr, ipToInt, isIpv4, maskToDotted } from '../addr/ipv4';
import { UNDERLAY_NIC, UNDERLAY_PREFIX } from '../addr/naming';
import { NEIGH_REACHABLE_US } from '../engine/aging';
import type { NeighEntry } from '../engine/state';
import type { StackRoute } from '../realize/dataplane';
import { connectedRoute } from '../realize/stack';
import { fail, ok, type Place, type ToolContext, type ToolResult, text } from './context';

/** The main routing table of a place, longest prefix first (the order lookups use). */
export function routesOf(place: Place): readonly StackRoute[] {
  // A host's root namespace: the connected route of its underlay NIC (the tunnel network).
  if (place.kind === 'host') return [connectedRoute(UNDERLAY_NIC, place.host.tunnelIp, UNDERLAY_PREFIX)];
  return place.device.stack.routes;
}

/** The order `ip route` lists the main table in: by destination address, then by prefix length. */
function listed(routes: readonly StackRoute[]): StackRoute[] {
  return [...routes].sort((a, b) => a.dst.net - b.dst.net || a.dst.prefix - b.dst.prefix);
}

export function ipRouteShow(place: Place): ToolResult {
  return ok(text(listed(routesOf(place)).map((r) => r.text)));
}

function localAddrs(place: Place): { ip: string; dev: string }[] {
  if (place.kind === 'host') return [{ ip: place.host.tunnelIp, dev: UNDERLAY_NIC }];
  return [...place.device.stack.ifaces.values()].flatMap((i) =>
    i.addrs.map((a) => ({ ip: a.ip, dev: i.name })),
  );
}

/** `ip route get ADDRESS`: the route the kernel would pick, with the source address it would use. */
export function ipRouteGet(place: Place, dst: string | undefined): ToolResult {
  if (dst === undefined) return fail('need at least a destination address', 1);
  if (!isIpv4(dst)) return fail(`Error: inet prefix is expected rather than "${dst}".`, 1);
  const locals = localAddrs(place);
  if (dst === '127.0.0.1' || locals.some((l) => l.ip === dst))
    return ok(`local ${dst} dev lo table local src ${dst} uid 0 \n    cache <local> \n`);
  const n = ipToInt(dst);
  const r = routesOf(place).find((x) => inCidr(n, x.dst));
  if (!r) return fail('RTNETLINK answers: Network is unreachable', 2);
  const src = r.src ?? locals.find((l) => l.dev === r.dev)?.ip ?? '0.0.0.0';
  return ok(`${dst}${r.via ? ` via ${r.via}` : ''} dev ${r.dev} src ${src} uid 0 \n    cache \n`);
}

/** base_reachable_time: a neighbour confirmed in the last 30 s is REACHABLE, then STALE (in µs). */
// base_reachable_time: how long a confirmed entry is REACHABLE (engine/aging.ts)

function neighbours(ctx: ToolContext, place: Place): [string, NeighEntry][] {
  // The root namespace of a host keeps no modelled ARP cache: the underlay is not simulated by frames.
  if (place.kind === 'host') return [];
  return [...(ctx.state.neigh.get(place.device.id) ?? new Map<string, NeighEntry>())];
}

function neighState(ctx: ToolContext, e: NeighEntry): string {
  return ctx.state.clock - e.at < NEIGH_REACHABLE_US ? 'REACHABLE' : 'STALE';
}

/** `ip neigh`: the ARP cache the simulation filled (SimState.neigh), then the permanent entries the
 * agent added (a DVR router's ARP table, the rfp-/fpr- pair; neutron-facts-beyond §1.2). */
export function ipNeighShow(ctx: ToolContext, place: Place, dev: string | null): ToolResult {
  const learned = neighbours(ctx, place);
  const lines = learned
    .filter(([, e]) => dev === null || e.iface === dev)
    .map(([ip, e]) =>
      e.mac ? `${ip} dev ${e.iface} lladdr ${e.mac} ${neighState(ctx, e)}` : `${ip} dev ${e.iface} FAILED`,
    );
  const seen = new Set(learned.map(([ip]) => ip));
  if (place.kind !== 'host')
    for (const [ip, e] of place.device.stack.staticNeigh ?? [])
      if (!seen.has(ip) && (dev === null || e.iface === dev))
        lines.push(`${ip} dev ${e.iface} lladdr ${e.mac} PERMANENT`);
  return ok(text(lines));
}

function metricOf(r: StackRoute): number {
  const m = / metric (\d+)/.exec(r.text);
  return m ? Number(m[1]) : 0;
}

/** `route -n` (net-tools rprint_fib): "%-15s %-15s %-15s %-5s %-6d %-2d %7d %s". */
export function routeN(place: Place, numeric: boolean): ToolResult {
  const lines = [
    'Kernel IP routing table',
    'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
  ];
  for (const r of listed(routesOf(place))) {
    const dst = !numeric && r.dst.prefix === 0 ? 'default' : r.dst.text.split('/')[0]!;
    const flags = `U${r.via ? 'G' : ''}${r.dst.prefix === 32 ? 'H' : ''}`;
    const cells = [dst.padEnd(15), (r.via ?? '0.0.0.0').padEnd(15), maskToDotted(r.dst.prefix).padEnd(15)];
    lines.push(
      `${cells.join(' ')} ${flags.padEnd(5)} ${String(metricOf(r)).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${r.dev}`,
    );
  }
  return ok(text(lines));
}

/** `arp -n` (net-tools): the same ARP cache in the older table form. */
export function arpN(ctx: ToolContext, place: Place): ToolResult {
  const lines = ['Address                  HWtype  HWaddress           Flags Mask            Iface'];
  for (const [ip, e] of neighbours(ctx, place))
    lines.push(
      e.mac
        ? `${ip.padEnd(23)}  ${'ether'.padEnd(8)}${e.mac.padEnd(20)}${'C'.padEnd(6)}${''.padEnd(15)} ${e.iface}`
        : `${ip.padEnd(23)}          (incomplete)                              ${e.iface}`,
    );
  return ok(text(lines));
}
