// Helpers to build IP stacks: interfaces, connected routes, `ip route` text.
import { type Cidr, cidrOf, intToIp, ipToInt, prefixToMask } from '../addr/ipv4';
import type { Iface, IpRule, Stack, StackRoute } from './dataplane';

export function connectedRoute(dev: string, ip: string, prefix: number): StackRoute {
  // Built directly (the address is valid): parsing the text again costs more than the rest of the route.
  const mask = prefixToMask(prefix);
  const n = (ipToInt(ip) & mask) >>> 0;
  const net: Cidr = { net: n, prefix, mask, text: `${intToIp(n)}/${prefix}` };
  return {
    dst: net,
    via: null,
    dev,
    src: ip,
    proto: 'kernel',
    text: `${net.text} dev ${dev} proto kernel scope link src ${ip}`,
  };
}

export function gatewayRoute(
  dst: Cidr,
  via: string,
  dev: string,
  proto: StackRoute['proto'],
  extra = '',
): StackRoute {
  const d = dst.prefix === 0 ? 'default' : dst.text;
  const p = proto === 'boot' ? '' : ` proto ${proto}`;
  return { dst, via, dev, src: null, proto, text: `${d} via ${via} dev ${dev}${p}${extra}` };
}

export const DEFAULT_ROUTE = cidrOf('0.0.0.0/0');

/** The three rules every network namespace starts with (ip-rule(8)). */
export const DEFAULT_RULES: readonly IpRule[] = [
  { priority: 0, from: null, table: 'local' },
  { priority: 32766, from: null, table: 'main' },
  { priority: 32767, from: null, table: 'default' },
];

/** Rules in the order they are looked at: by priority. */
export const withDefaultRules = (rules: readonly IpRule[]): IpRule[] =>
  [...DEFAULT_RULES, ...rules].sort((a, b) => a.priority - b.priority);

/** Routes sorted for longest-prefix match: longer prefixes first, then the order given. */
export function sortRoutes(routes: StackRoute[]): StackRoute[] {
  return routes
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.dst.prefix - a.r.dst.prefix || a.i - b.i)
    .map((x) => x.r);
}

export function makeStack(ifaces: Iface[], routes: StackRoute[], rest: Partial<Stack>): Stack {
  return {
    ifaces: new Map(ifaces.map((i) => [i.name, i])),
    routes: sortRoutes(routes),
    forwarding: false,
    arpIgnore: 0,
    nat: null,
    ingressMark: new Map(),
    listening: { tcp: new Set(), udp: new Set() },
    metadataProxyPort: null,
    answersPing: true,
    dhcpServer: null,
    ...rest,
  };
}
