// A CirrOS guest's console is its own (issue 18): BusyBox's ip and arp, with the addresses dhcpcd
// configured. An Ubuntu guest keeps iproute2's and net-tools' forms (ip-addr.ts, ip-route.ts).
// - BusyBox ip (ipaddress.c print_linkinfo/print_addrinfo): "N: eth0: <FLAGS> mtu M qdisc Q qlen 1000",
//   no state nor group; the virtio NIC's qdisc is pfifo_fast in CirrOS's kernel configuration;
// - dhcpcd adds the leased address with noprefixroute and the lease's lifetimes, "dynamic" to the
//   kernel, counting down from the lease time (dnsmasq's 86400 s, neutron-facts §9) and renewed at T1,
//   half of it; the guest took its lease when the simulated clock started;
// - BusyBox arp (arp.c arp_disp): "? (IP) at MAC [ether]  on DEV".
import type { NeighEntry } from '../engine/state';
import type { GuestImage } from '../model/types';
import type { StackDevice } from '../realize/dataplane';
import { ok, type Place, type ToolContext, type ToolResult, text } from './context';
import { type LinkAddr, linksOf, type NetLink } from './netdev';

/** dhcp_lease_duration (neutron/conf/common.py), as dnsmasq gives it */
export const LEASE_S = 86400;

export function guestImage(ctx: ToolContext, place: Place): GuestImage | null {
  if (place.kind !== 'guest') return null;
  const id = place.device.serverId;
  return ctx.topology.servers.find((s) => s.id === id)?.image ?? 'cirros';
}

/** Seconds left of a lease taken at clock 0 and renewed every half lease (dhcpcd at T1). */
export function leaseLeft(clockUs: number): number {
  const t = Math.floor(clockUs / 1_000_000);
  return LEASE_S - (t % (LEASE_S / 2));
}

const FOREVER = '       valid_lft forever preferred_lft forever';

function addrLines(dev: StackDevice, l: NetLink, a: LinkAddr, left: number): string[] {
  if (a.family === 6) return [`    inet6 ${a.ip}/${a.prefix} scope ${a.scope}`, FOREVER];
  const leased = !l.loopback && dev.stack.leaseServers?.has(l.name);
  const brd = a.brd ? ` brd ${a.brd}` : '';
  if (!leased) return [`    inet ${a.ip}/${a.prefix}${brd} scope ${a.scope} ${l.name}`, FOREVER];
  return [
    `    inet ${a.ip}/${a.prefix}${brd} scope ${a.scope} dynamic noprefixroute ${l.name}`,
    `       valid_lft ${left}sec preferred_lft ${left}sec`,
  ];
}

/** `ip addr` (or `ip link` with addresses left out) in a CirrOS guest. */
export function busyboxIp(
  ctx: ToolContext,
  place: Extract<Place, { kind: 'guest' }>,
  object: 'address' | 'link',
  dev: string | null,
): ToolResult | null {
  const links = linksOf(ctx, place).filter((l) => dev === null || l.name === dev);
  if (!links.length) return null;
  const left = leaseLeft(ctx.state.clock);
  const out: string[] = [];
  for (const l of links) {
    const qdisc = l.loopback ? 'noqueue' : l.state === 'UP' ? 'pfifo_fast' : 'noop';
    out.push(`${l.index}: ${l.name}: <${l.flags}> mtu ${l.mtu} qdisc ${qdisc} qlen 1000`);
    out.push(
      l.loopback
        ? `    link/loopback ${l.mac} brd 00:00:00:00:00:00`
        : `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff`,
    );
    if (object === 'address') for (const a of l.addrs) out.push(...addrLines(place.device, l, a, left));
  }
  return ok(text(out));
}

/** `arp -n` (and `arp`, `arp -a`: BusyBox prints one form) in a CirrOS guest. */
export function busyboxArp(ctx: ToolContext, place: Extract<Place, { kind: 'guest' }>): ToolResult {
  const neigh = ctx.state.neigh.get(place.device.id) ?? new Map<string, NeighEntry>();
  const lines = [...neigh].map(([ip, e]) =>
    e.mac ? `? (${ip}) at ${e.mac} [ether]  on ${e.iface}` : `? (${ip}) at <incomplete>  on ${e.iface}`,
  );
  return ok(text(lines));
}
