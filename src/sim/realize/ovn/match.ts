// Matches in OVN's logical flow language (ovn-sb(5) "Logical_Flow TABLE": match), each made with its
// predicate so that what a flow says is what it tests.
import { type Cidr, cidrOf, inCidr, ipToInt } from '../../addr/ipv4';
import { isMulticastMac } from '../../addr/mac';
import type { LPacket, Match } from './lflow';

const ALWAYS: Match = { t: '1', f: () => true };
export const always = (): Match => ALWAYS;

export function and(...ms: Match[]): Match {
  const parts = ms.filter((m) => m !== ALWAYS);
  if (parts.length === 0) return ALWAYS;
  if (parts.length === 1) return parts[0]!;
  return {
    t: parts.map((m) => m.t).join(' && '),
    f: (p, r) => parts.every((m) => m.f(p, r)),
  };
}

/** a match in parentheses, as northd wraps an ACL's own match */
export const paren = (m: Match): Match => ({ t: `(${m.t})`, f: m.f });

export const inport = (name: string): Match => ({ t: `inport == "${name}"`, f: (p) => p.inport === name });
export const outport = (name: string): Match => ({
  t: `outport == "${name}"`,
  f: (p) => p.outport === name,
});
/** inport == @pg_… : the port is in the port group */
export const inportIn = (group: string, members: ReadonlySet<string>): Match => ({
  t: `inport == @${group}`,
  f: (p) => members.has(p.inport),
});
export const outportIn = (group: string, members: ReadonlySet<string>): Match => ({
  t: `outport == @${group}`,
  f: (p) => p.outport !== null && members.has(p.outport),
});

export const ethDst = (mac: string): Match => ({ t: `eth.dst == ${mac}`, f: (p) => p.frame.eth.dst === mac });
export const ethSrc = (mac: string): Match => ({ t: `eth.src == ${mac}`, f: (p) => p.frame.eth.src === mac });
export const ethMcast: Match = { t: 'eth.mcast', f: (p) => isMulticastMac(p.frame.eth.dst) };
export const ethSrcMcast: Match = { t: 'eth.src[40]', f: (p) => isMulticastMac(p.frame.eth.src) };
export const vlanPresent: Match = { t: 'vlan.present', f: (p) => p.frame.eth.vlan !== null };
export const ethZero: Match = {
  t: 'eth.dst == 00:00:00:00:00:00',
  f: (p) => p.frame.eth.dst === '00:00:00:00:00:00',
};

export const arp: Match = { t: 'arp', f: (p) => p.frame.l3.kind === 'arp' };
export const arpOp = (op: 1 | 2): Match => ({
  t: `arp.op == ${op}`,
  f: (p) => p.frame.l3.kind === 'arp' && p.frame.l3.op === op,
});
export const arpTpa = (ip: string): Match => ({
  t: `arp.tpa == ${ip}`,
  f: (p) => p.frame.l3.kind === 'arp' && p.frame.l3.tpa === ip,
});

export const ip: Match = { t: 'ip', f: (p) => p.frame.l3.kind === 'ipv4' };
export const ip4: Match = { t: 'ip4', f: (p) => p.frame.l3.kind === 'ipv4' };

function addrTest(end: 'src' | 'dst', c: Cidr) {
  return (p: LPacket) => p.frame.l3.kind === 'ipv4' && inCidr(ipToInt(p.frame.l3[end]), c);
}

/** ip4.src or ip4.dst == an address or a CIDR */
export function ip4Addr(end: 'src' | 'dst', cidr: string): Match {
  const c = cidrOf(cidr.includes('/') ? cidr : `${cidr}/32`);
  return { t: `ip4.${end} == ${cidr}`, f: addrTest(end, c) };
}

/** ip4.dst == {a, b, c} */
export function ip4DstIn(ips: readonly string[]): Match {
  const set = new Set(ips);
  const t = ips.length === 1 ? `ip4.dst == ${ips[0]}` : `ip4.dst == {${ips.join(', ')}}`;
  return { t, f: (p) => p.frame.l3.kind === 'ipv4' && set.has(p.frame.l3.dst) };
}

/** ip4.src == $pg_<sg>_ip4: the addresses of the ports of a port group (an OVN address set) */
export function ip4InSet(end: 'src' | 'dst', set: string, members: ReadonlySet<string>): Match {
  return { t: `ip4.${end} == $${set}`, f: (p) => p.frame.l3.kind === 'ipv4' && members.has(p.frame.l3[end]) };
}

const l4Of = (p: LPacket) => (p.frame.l3.kind === 'ipv4' ? p.frame.l3.l4 : null);

export const icmp4: Match = { t: 'icmp4', f: (p) => l4Of(p)?.kind === 'icmp' };
export const tcp: Match = { t: 'tcp', f: (p) => l4Of(p)?.kind === 'tcp' };
export const udp: Match = { t: 'udp', f: (p) => l4Of(p)?.kind === 'udp' };

const ICMP_TYPE = { 'echo-reply': 0, 'dest-unreachable': 3, 'echo-request': 8, 'time-exceeded': 11 } as const;
const ICMP_CODE = { net: 0, host: 1, port: 3, 'frag-needed': 4, admin: 13 } as const;

export const icmpType = (n: number): Match => ({
  t: `icmp4.type == ${n}`,
  f: (p) => {
    const l4 = l4Of(p);
    return l4?.kind === 'icmp' && ICMP_TYPE[l4.type] === n;
  },
});
export const icmpCode = (n: number): Match => ({
  t: `icmp4.code == ${n}`,
  f: (p) => {
    const l4 = l4Of(p);
    return l4?.kind === 'icmp' && (l4.code === 0 ? 0 : ICMP_CODE[l4.code]) === n;
  },
});

/** tcp.dst == n, or tcp.dst >= a && tcp.dst <= b (Neutron's acl_protocol_and_ports) */
export function l4Dst(proto: 'tcp' | 'udp', lo: number, hi: number): Match {
  const t = lo === hi ? `${proto}.dst == ${lo}` : `${proto}.dst >= ${lo} && ${proto}.dst <= ${hi}`;
  return {
    t,
    f: (p) => {
      const l4 = l4Of(p);
      return l4?.kind === proto && l4.dport >= lo && l4.dport <= hi;
    },
  };
}

/** udp.src == a && udp.dst == b */
export const udpPorts = (src: number, dst: number): Match => ({
  t: `udp.src == ${src} && udp.dst == ${dst}`,
  f: (p) => {
    const l4 = l4Of(p);
    return l4?.kind === 'udp' && l4.sport === src && l4.dport === dst;
  },
});

export const resident = (port: string): Match => ({
  t: `is_chassis_resident("${port}")`,
  f: (_p, r) => r(port),
});

/** a register bit or value as northd names it, tested on the packet's state */
export const reg = (t: string, f: (p: LPacket) => boolean): Match => ({ t, f });

export const ttlExpired: Match = {
  t: 'ip.ttl == {0, 1}',
  f: (p) => p.frame.l3.kind === 'ipv4' && p.frame.l3.ttl <= 1,
};

/** a DHCP request of a port: a DISCOVER or REQUEST from 0.0.0.0, or a renewal from its address */
export function dhcpRequest(port: string, mac: string, ip4Own: string, server: string): Match {
  return {
    t: `inport == "${port}" && eth.src == ${mac} && ((ip4.src == 0.0.0.0 && ip4.dst == 255.255.255.255) || (ip4.src == ${ip4Own} && ip4.dst == {${server}, 255.255.255.255})) && udp.src == 68 && udp.dst == 67`,
    f: (p) => {
      if (p.inport !== port || p.frame.eth.src !== mac || p.frame.l3.kind !== 'ipv4') return false;
      const l3 = p.frame.l3;
      const l4 = l3.l4;
      if (l4.kind !== 'udp' || l4.sport !== 68 || l4.dport !== 67) return false;
      return (
        (l3.src === '0.0.0.0' && l3.dst === '255.255.255.255') ||
        (l3.src === ip4Own && (l3.dst === server || l3.dst === '255.255.255.255'))
      );
    },
  };
}
