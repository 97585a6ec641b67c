// Longest-prefix-match routing and the addresses a stack owns.
import { inCidr, ipToInt } from '../../addr/ipv4';
import type { Iface, Stack, StackRoute } from '../../realize/dataplane';

export function lookupRoute(stack: Stack, dst: string): StackRoute | null {
  const n = ipToInt(dst);
  for (const r of stack.routes) {
    if (!inCidr(n, r.dst)) continue;
    const dev = stack.ifaces.get(r.dev);
    if (dev?.up) return r;
  }
  return null;
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
