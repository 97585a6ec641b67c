// `ip link` and `ip addr` output in iproute2's format: a header line per link, its link/ether line, and
// an inet/inet6 pair of lines per address; -4/-6 keep one family (and only the links that have it),
// -br prints one line per link.
import type { LinkAddr, NetLink } from './netdev';

export interface ListOptions {
  readonly family: 4 | 6 | null;
  readonly brief: boolean;
}

const LIFETIME = '       valid_lft forever preferred_lft forever';

function header(l: NetLink): string {
  const name = l.peer ? `${l.name}@${l.peer}` : l.name;
  const master = l.master ? ` master ${l.master}` : '';
  return `${l.index}: ${name}: <${l.flags}> mtu ${l.mtu} qdisc ${l.qdisc}${master} state ${l.state} group default qlen 1000`;
}

function linkLine(l: NetLink): string {
  return l.loopback
    ? `    link/loopback ${l.mac} brd 00:00:00:00:00:00`
    : `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff`;
}

/** inet lines end with the label (the device name); inet6 lines end with their flags and a space. */
function addrLines(l: NetLink, a: LinkAddr): string[] {
  if (a.family === 4) {
    const brd = a.brd ? ` brd ${a.brd}` : '';
    return [`    inet ${a.ip}/${a.prefix}${brd} scope ${a.scope} ${l.name}`, LIFETIME];
  }
  return [`    inet6 ${a.ip}/${a.prefix} scope ${a.scope} ${a.flags ? `${a.flags} ` : ''}`, LIFETIME];
}

const inFamily = (a: LinkAddr, family: ListOptions['family']) => family === null || a.family === family;

function briefName(l: NetLink): string {
  return (l.peer ? `${l.name}@${l.peer}` : l.name).padEnd(16);
}

export function formatAddr(links: readonly NetLink[], opt: ListOptions): string[] {
  const out: string[] = [];
  for (const l of links) {
    const addrs = l.addrs.filter((a) => inFamily(a, opt.family));
    // With a family filter, iproute2 leaves out the links that have no address of that family.
    if (opt.family !== null && !addrs.length) continue;
    if (opt.brief) {
      out.push(`${briefName(l)} ${l.state.padEnd(14)} ${addrs.map((a) => `${a.ip}/${a.prefix} `).join('')}`);
      continue;
    }
    out.push(header(l));
    if (opt.family === null) out.push(linkLine(l));
    for (const a of addrs) out.push(...addrLines(l, a));
  }
  return out;
}

export function formatLink(links: readonly NetLink[], opt: ListOptions): string[] {
  return links.flatMap((l) =>
    opt.brief ? [`${briefName(l)} ${l.state.padEnd(14)} ${l.mac} <${l.flags}> `] : [header(l), linkLine(l)],
  );
}
