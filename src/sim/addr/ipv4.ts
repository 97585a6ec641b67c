// IPv4 helpers. Parsing and validation of user input go through ipaddr.js (at the edge); inside the
// core, addresses are canonical dotted-quad strings and arithmetic is done on unsigned 32-bit numbers.
import ipaddr from 'ipaddr.js';

export interface Cidr {
  /** network address as an unsigned 32-bit number */
  readonly net: number;
  readonly prefix: number;
  /** netmask as an unsigned 32-bit number */
  readonly mask: number;
  /** canonical text, e.g. 192.168.1.0/24 */
  readonly text: string;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_QUAD = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/**
 * True for a canonical dotted-quad IPv4 address (four decimal parts, no leading zeros), the form
 * ipaddr.js's isValidFourPartDecimal accepts; a plain regular expression, as it runs on every send.
 */
export function isIpv4(s: string): boolean {
  return typeof s === 'string' && DOTTED_QUAD.test(s);
}

/** Dotted quad to number. Assumes a valid address (validate first with isIpv4). */
export function ipToInt(ip: string): number {
  let n = 0;
  let part = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      n = n * 256 + part;
      part = 0;
    } else {
      part = part * 10 + (c - 48);
    }
  }
  return n * 256 + part;
}

export function intToIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function prefixToMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function maskToDotted(prefix: number): string {
  return intToIp(prefixToMask(prefix));
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; message: string; suggestion?: string };

/**
 * Parses an IPv4 CIDR as Neutron does: the address must be the network address
 * ("'10.0.0.5/24' isn't a recognized IP subnet cidr, '10.0.0.0/24' is recommended").
 */
export function parseCidr(s: unknown): CidrParse {
  if (typeof s !== 'string') return { ok: false, message: 'is not a string' };
  const slash = s.indexOf('/');
  if (slash < 0) return { ok: false, message: 'is not a CIDR (expected address/prefix, e.g. 10.0.0.0/24)' };
  const addr = s.slice(0, slash);
  const pfx = s.slice(slash + 1);
  if (!ipaddr.IPv4.isValidFourPartDecimal(addr))
    return { ok: false, message: `has an invalid IPv4 address "${addr}"` };
  if (!/^\d{1,2}$/.test(pfx) || Number(pfx) > 32)
    return { ok: false, message: `has an invalid prefix length "${pfx}" (0 to 32)` };
  const prefix = Number(pfx);
  const mask = prefixToMask(prefix);
  const ip = ipToInt(addr);
  const net = (ip & mask) >>> 0;
  const text = `${intToIp(net)}/${prefix}`;
  if (net !== ip) {
    return { ok: false, message: `is not a network address; ${text} is recommended`, suggestion: text };
  }
  return { ok: true, cidr: { net, prefix, mask, text } };
}

/** Parses a CIDR known to be valid (from a validated topology). */
export function cidrOf(s: string): Cidr {
  const r = parseCidr(s);
  if (!r.ok) throw new Error(`invalid CIDR ${s}: ${r.message}`);
  return r.cidr;
}

export function inCidr(ip: number, c: Cidr): boolean {
  return (ip & c.mask) >>> 0 === c.net;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const m = a.prefix < b.prefix ? a.mask : b.mask;
  return (a.net & m) >>> 0 === (b.net & m) >>> 0;
}

export function broadcastOf(c: Cidr): number {
  return (c.net | (~c.mask >>> 0)) >>> 0;
}

/** Neutron's default pool: every address but the network, broadcast and gateway addresses. */
export function defaultPool(c: Cidr): { start: number; end: number } {
  if (c.prefix >= 31) return { start: c.net, end: broadcastOf(c) };
  return { start: c.net + 1, end: broadcastOf(c) - 1 };
}
