// Hand-made packets: what a user may set on a probe beyond its endpoints (the send bar's advanced
// panel, a lesson step, `npm run trace`), and the checks that refuse a value no packet can carry, each
// message naming the field and the value. A source address is written into the packet as given:
// spoofing it is the point. What happens to such a packet is decided where Neutron decides it, by the
// port's anti-spoofing chain on its qbr (neutron-facts §11), never here.
import { isIpv4 } from '../addr/ipv4';
import { ICMP_HEADER, IPV4_HEADER, TCP_HEADER, type TcpFlags, UDP_HEADER } from '../wire/frame';

/** The TCP flags a probe may carry: a SYN (a connection), or a segment that belongs to no connection. */
export const PROBE_TCP_FLAGS: readonly TcpFlags[] = ['S', 'A', 'SA', 'F', 'FA', 'R', 'RA'];

/** The fields of a hand-made packet, as a send request carries them. */
export interface Crafted {
  /** the IPv4 source address written into the packet (any address: a spoofed one too) */
  src?: string;
  /** IP TTL of the probe (for traceroute-like sends) */
  ttl?: number;
  /** IP packet size in bytes (ping -s adds 28) */
  size?: number;
  /** the don't-fragment bit (set unless false, as Linux sets it on its pings and connections) */
  df?: boolean;
  /** the TCP flags of a TCP probe (a SYN unless given) */
  flags?: TcpFlags;
  /** the source port of a TCP or UDP probe (an ephemeral one unless given) */
  sport?: number;
}

/** The smallest IP packet of each kind: the headers alone. */
export function minSize(proto: string): number {
  return IPV4_HEADER + (proto === 'tcp' ? TCP_HEADER : proto === 'udp' ? UDP_HEADER : ICMP_HEADER);
}

const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Why these fields cannot make a packet, naming the field and its value; null when they can. */
export function craftError(c: Crafted & { proto?: string; port?: number }): string | null {
  const proto = c.proto ?? 'icmp';
  if (c.src !== undefined && !isIpv4(c.src)) return `--src ${c.src}: not an IPv4 address`;
  if (c.ttl !== undefined && (!int(c.ttl) || c.ttl < 1 || c.ttl > 255))
    return `--ttl ${c.ttl}: a TTL is a whole number from 1 to 255`;
  if (c.size !== undefined && (!int(c.size) || c.size < minSize(proto) || c.size > 65535))
    return `--size ${c.size}: a ${proto} packet is ${minSize(proto)} to 65535 bytes (its headers are ${minSize(proto)})`;
  if (c.port !== undefined && (!int(c.port) || c.port < 1 || c.port > 65535))
    return `--port ${c.port}: a port is a whole number from 1 to 65535`;
  if (c.sport !== undefined && (!int(c.sport) || c.sport < 1 || c.sport > 65535))
    return `--sport ${c.sport}: a port is a whole number from 1 to 65535`;
  if (c.sport !== undefined && proto !== 'tcp' && proto !== 'udp')
    return `--sport ${c.sport}: only a TCP or UDP probe has a source port`;
  if (c.flags !== undefined && !PROBE_TCP_FLAGS.includes(c.flags))
    return `--flags ${c.flags}: one of ${PROBE_TCP_FLAGS.join(', ')}`;
  if (c.flags !== undefined && proto !== 'tcp') return `--flags ${c.flags}: only a TCP probe has flags`;
  if (proto === 'dhcp' && (c.src !== undefined || c.size !== undefined || c.df !== undefined))
    return '--proto dhcp: a DHCP exchange is made by the client as it is, not by hand';
  return null;
}

/** The crafted fields a request set, or null when it set none (for the trace's `send.crafted`). */
export function craftedOf(c: Crafted): Crafted | null {
  const out: Crafted = {};
  if (c.src !== undefined) out.src = c.src;
  if (c.ttl !== undefined) out.ttl = c.ttl;
  if (c.size !== undefined) out.size = c.size;
  if (c.df !== undefined) out.df = c.df;
  if (c.flags !== undefined) out.flags = c.flags;
  if (c.sport !== undefined) out.sport = c.sport;
  return Object.keys(out).length ? out : null;
}
