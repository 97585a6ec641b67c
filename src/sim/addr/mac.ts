// MAC addresses: lower-case colon form. Neutron ports use base_mac fa:16:3e:00:00:00, keeping the first
// three octets (neutron-facts §1, neutron:neutron/conf/common.py).
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC = '00:00:00:00:00:00';
export const NEUTRON_MAC_PREFIX = 'fa:16:3e';

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function isMac(s: unknown): s is string {
  return typeof s === 'string' && MAC_RE.test(s.toLowerCase());
}

export function normalizeMac(s: string): string {
  return s.toLowerCase();
}

/** Group bit set: broadcast or multicast (the dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 match of br-tun table 2). */
export function isMulticastMac(mac: string): boolean {
  return (Number.parseInt(mac.slice(0, 2), 16) & 1) === 1;
}

export function macFromBytes(prefix: string, a: number, b: number, c: number): string {
  const h = (n: number) => (n & 255).toString(16).padStart(2, '0');
  return `${prefix}:${h(a)}:${h(b)}:${h(c)}`;
}

/** The IPv6 link-local address the kernel (and Neutron's netutils.get_ipv6_addr_by_EUI64 on fe80::/64)
 * derives from a MAC: modified EUI-64. */
export function ipv6LinkLocal(mac: string): string {
  const b = mac.split(':').map((x) => Number.parseInt(x, 16));
  const words = [((b[0]! ^ 2) << 8) | b[1]!, (b[2]! << 8) | 0xff, 0xfe00 | b[3]!, (b[4]! << 8) | b[5]!];
  return `fe80::${words.map((w) => w.toString(16)).join(':')}`;
}
