// Words and trace snapshots for frames: what a person reads in a trace or an event list.
import { type Frame, frameLength, geneveOf, type Ipv4, ipLength, type L4, vxlanOf } from './frame';

export function describeL4(l4: L4): string {
  switch (l4.kind) {
    case 'icmp':
      switch (l4.type) {
        case 'echo-request':
          return `ICMP echo request id ${l4.id} seq ${l4.seq}`;
        case 'echo-reply':
          return `ICMP echo reply id ${l4.id} seq ${l4.seq}`;
        case 'dest-unreachable':
          return `ICMP destination unreachable (${l4.code === 'frag-needed' ? 'fragmentation needed' : `${l4.code} unreachable`})`;
        case 'time-exceeded':
          return 'ICMP time exceeded (TTL expired in transit)';
      }
      break;
    case 'tcp':
      return `TCP ${l4.sport} > ${l4.dport} [${tcpFlagWords(l4.flags)}]`;
    case 'udp':
      if (l4.payload.kind === 'dhcp') return `DHCP ${l4.payload.msg.op}`;
      if (l4.payload.kind === 'vxlan') return `VXLAN VNI ${l4.payload.vni}`;
      if (l4.payload.kind === 'geneve') return `Geneve VNI ${l4.payload.vni}`;
      return `UDP ${l4.sport} > ${l4.dport}`;
  }
}

function tcpFlagWords(f: string): string {
  return { S: 'SYN', SA: 'SYN, ACK', A: 'ACK', R: 'RST', RA: 'RST, ACK', F: 'FIN', FA: 'FIN, ACK' }[f] ?? f;
}

/** A short label for a packet: "ICMP echo request 192.168.1.5 > 192.168.2.7". */
export function packetLabel(f: Frame): string {
  if (f.l3.kind === 'arp') {
    if (f.l3.op === 1 && f.l3.spa === f.l3.tpa && f.l3.spa !== '0.0.0.0')
      return `gratuitous ARP ${f.l3.spa} is-at ${f.l3.sha}`;
    return f.l3.op === 1
      ? `ARP request who-has ${f.l3.tpa} tell ${f.l3.spa}`
      : `ARP reply ${f.l3.spa} is-at ${f.l3.sha}`;
  }
  return `${describeL4(f.l3.l4)} ${f.l3.src} > ${f.l3.dst}`;
}

export interface TraceEth {
  src: string;
  dst: string;
  vlan: number | null;
}
export interface TraceIp {
  src: string;
  dst: string;
  ttl: number;
  proto: 'icmp' | 'tcp' | 'udp';
  len: number;
  df: boolean;
}
export interface TraceFrame {
  eth: TraceEth;
  len: number;
  arp?: { op: 'request' | 'reply'; sha: string; spa: string; tha: string; tpa: string };
  ip?: TraceIp;
  icmp?: { type: string; code: string | number; id: number; seq: number };
  tcp?: { sport: number; dport: number; flags: string };
  udp?: { sport: number; dport: number };
  dhcp?: { op: string; xid: number; chaddr: string; yiaddr: string | null };
  /** a Geneve packet of OVN: the inner frame is shown, with the datapath's tunnel key (VNI), the
   * logical in and out port keys of the option and the outer headers */
  geneve?: {
    vni: number;
    inport: number;
    outport: number;
    outer: TraceOuter;
  };
  vxlan?: {
    vni: number;
    outer: {
      src: string;
      dst: string;
      ttl: number;
      ethSrc: string;
      ethDst: string;
      udpSrc: number;
      udpDst: number;
      len: number;
    };
  };
}

export interface TraceOuter {
  src: string;
  dst: string;
  ttl: number;
  ethSrc: string;
  ethDst: string;
  udpSrc: number;
  udpDst: number;
  len: number;
}

function outerOf(f: Frame): TraceOuter {
  const ip = f.l3 as Ipv4;
  const udp = ip.l4 as Extract<L4, { kind: 'udp' }>;
  return {
    src: ip.src,
    dst: ip.dst,
    ttl: ip.ttl,
    ethSrc: f.eth.src,
    ethDst: f.eth.dst,
    udpSrc: udp.sport,
    udpDst: udp.dport,
    len: frameLength(f),
  };
}

function ipPart(ip: Ipv4): TraceIp {
  return { src: ip.src, dst: ip.dst, ttl: ip.ttl, proto: ip.l4.kind, len: ipLength(ip), df: ip.df };
}

/** Where a frame keeps its snapshot: frames never change, so it is made once (cheaper than a WeakMap). */
const SNAPSHOT = Symbol('snapshot');
type Cached = Frame & { [SNAPSHOT]?: TraceFrame };

/**
 * The headers of a frame as the trace shows them. For a VXLAN packet the inner frame is shown, with
 * the VNI and the outer addresses under `vxlan`. Snapshots are cached per frame: frames are immutable.
 */
export function snapshot(f: Frame): TraceFrame {
  const hit = (f as Cached)[SNAPSHOT];
  if (hit) return hit;
  const vx = vxlanOf(f);
  const gen = vx ? null : geneveOf(f);
  let out: TraceFrame;
  if (gen) {
    out = {
      ...snapshot(gen.inner),
      geneve: { vni: gen.vni, inport: gen.inport, outport: gen.outport, outer: outerOf(f) },
    };
  } else if (vx && f.l3.kind === 'ipv4' && f.l3.l4.kind === 'udp') {
    out = {
      ...snapshot(vx.inner),
      vxlan: {
        vni: vx.vni,
        outer: {
          src: f.l3.src,
          dst: f.l3.dst,
          ttl: f.l3.ttl,
          ethSrc: f.eth.src,
          ethDst: f.eth.dst,
          udpSrc: f.l3.l4.sport,
          udpDst: f.l3.l4.dport,
          len: frameLength(f),
        },
      },
    };
  } else {
    out = { eth: { src: f.eth.src, dst: f.eth.dst, vlan: f.eth.vlan }, len: frameLength(f) };
    if (f.l3.kind === 'arp') {
      const a = f.l3;
      out.arp = { op: a.op === 1 ? 'request' : 'reply', sha: a.sha, spa: a.spa, tha: a.tha, tpa: a.tpa };
    } else {
      const ip = f.l3;
      out.ip = ipPart(ip);
      const l4 = ip.l4;
      if (l4.kind === 'icmp') out.icmp = { type: l4.type, code: l4.code, id: l4.id, seq: l4.seq };
      else if (l4.kind === 'tcp') out.tcp = { sport: l4.sport, dport: l4.dport, flags: l4.flags };
      else {
        out.udp = { sport: l4.sport, dport: l4.dport };
        if (l4.payload.kind === 'dhcp') {
          const m = l4.payload.msg;
          out.dhcp = { op: m.op, xid: m.xid, chaddr: m.chaddr, yiaddr: m.yiaddr };
        }
      }
    }
  }
  (f as Cached)[SNAPSHOT] = out;
  return out;
}
