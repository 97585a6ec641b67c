// Routing: policy rules (`ip rule`) choosing a table, longest-prefix match in it, and the addresses a
// stack owns.
import { inCidr, ipToInt } from '../../addr/ipv4';
import type { Iface, IpRule, Stack, StackRoute } from '../../realize/dataplane';

function matchIn(stack: Stack, routes: readonly StackRoute[], n: number): StackRoute | null {
  for (const r of routes) {
    if (!inCidr(n, r.dst)) continue;
    const dev = stack.ifaces.get(r.dev);
    if (dev?.up) return r;
  }
  return null;
}

/** A rule as `ip rule` prints it: `32768:\tfrom 192.168.1.5 lookup 16`. */
export function ruleText(r: IpRule): string {
  const from =
    r.from === null ? 'all' : (r.fromText ?? (r.from.prefix === 32 ? r.from.text.slice(0, -3) : r.from.text));
  return `${r.priority}:\tfrom ${from}${r.iif ? ` iif ${r.iif}` : ''} lookup ${r.table}`;
}

export interface PolicyRoute {
  readonly route: StackRoute;
  /** the rule that chose a table other than main, to show beside the route */
  readonly rule: IpRule | null;
}

/**
 * The route for a packet: the rules in order of priority, each whose selector matches looking up its
 * table; a table without a route for the destination passes on to the next rule (ip-rule(8)). The local
 * table is left to isLocal. `src` and `iif` are the packet's source and the interface it came in by
 * (null for the stack's own packets).
 */
export function lookupPolicy(
  stack: Stack,
  dst: string,
  src: string | null,
  iif: string | null,
): PolicyRoute | null {
  const n = ipToInt(dst);
  if (!stack.rules) {
    const route = matchIn(stack, stack.routes, n);
    return route ? { route, rule: null } : null;
  }
  const s = src === null ? null : ipToInt(src);
  for (const r of stack.rules) {
    if (r.from && (s === null || !inCidr(s, r.from))) continue;
    if (r.iif !== undefined && r.iif !== iif) continue;
    if (r.table === 'local' || r.table === 'default') continue;
    const routes = r.table === 'main' ? stack.routes : stack.tables?.get(r.table);
    const route = routes ? matchIn(stack, routes, n) : null;
    if (route) return { route, rule: r.table === 'main' ? null : r };
  }
  return null;
}

/** The route of the main table (what `ip route get` without a source asks). */
export function lookupRoute(stack: Stack, dst: string): StackRoute | null {
  return matchIn(stack, stack.routes, ipToInt(dst));
}

/** The interface holding this address, if the address is the stack's own. */
export function localIface(stack: Stack, ip: string): Iface | null {
  for (const i of stack.ifaces.values()) if (i.addrs.some((a) => a.ip === ip)) return i;
  return null;
}

export function isLocal(stack: Stack, ip: string): boolean {
  return ip === '255.255.255.255' || localIface(stack, ip) !== null;
}

/** The source address Linux picks for a route: its src, else the first primary address on the device. */
export function sourceFor(stack: Stack, route: StackRoute): string {
  if (route.src) return route.src;
  const dev = stack.ifaces.get(route.dev);
  const primary = dev?.addrs.find((a) => !a.secondary) ?? dev?.addrs[0];
  return primary?.ip ?? '0.0.0.0';
}

/** The first address of an interface (used for ICMP errors it sends). */
export function ifaceAddress(stack: Stack, iface: string): string {
  const dev = stack.ifaces.get(iface);
  return dev?.addrs.find((a) => !a.secondary)?.ip ?? dev?.addrs[0]?.ip ?? '0.0.0.0';
}
