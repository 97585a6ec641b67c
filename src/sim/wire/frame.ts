// Frames at header level. Immutable: a device that changes a header returns a new frame, so a trace
// can keep a reference to the frame each hop produced.

export const ETH_HEADER = 14;
export const VLAN_TAG = 4;
export const IPV4_HEADER = 20;
export const ICMP_HEADER = 8;
export const UDP_HEADER = 8;
export const TCP_HEADER = 20;
export const VXLAN_HEADER = 8;
export const VXLAN_UDP_PORT = 4789;
/** Geneve: UDP 6081, an 8-byte header and OVN's one option, a 4-byte TLV header with 4 bytes of data
 * (class 0x0102, type 0x80: the logical in and out ports; neutron-facts-beyond §3.4) */
export const GENEVE_UDP_PORT = 6081;
export const GENEVE_HEADER = 8;
export const GENEVE_OPTION = 8;
export const ARP_PAYLOAD = 28;

export interface Eth {
  readonly src: string;
  readonly dst: string;
  /** 802.1Q VLAN id, or null when untagged. */
  readonly vlan: number | null;
}

export interface Arp {
  readonly kind: 'arp';
  /** 1 request, 2 reply */
  readonly op: 1 | 2;
  readonly sha: string;
  readonly spa: string;
  readonly tha: string;
  readonly tpa: string;
}

export type IcmpType = 'echo-request' | 'echo-reply' | 'dest-unreachable' | 'time-exceeded';

export interface Icmp {
  readonly kind: 'icmp';
  readonly type: IcmpType;
  /** for dest-unreachable: net, host, port, frag-needed; 0 otherwise */
  readonly code: 'net' | 'host' | 'port' | 'frag-needed' | 'admin' | 0;
  readonly id: number;
  readonly seq: number;
  /** bytes of ICMP payload */
  readonly data: number;
  /** for errors: the header of the packet that caused it (RFC 792) */
  readonly quoted?: { src: string; dst: string; proto: L4['kind']; sport: number; dport: number };
}

/** The flag combinations the model sends: a handshake, a refusal, and the probes a user may craft (an
 * ACK or a FIN that belongs to no connection). */
export type TcpFlags = 'S' | 'SA' | 'A' | 'R' | 'RA' | 'F' | 'FA';

export interface Tcp {
  readonly kind: 'tcp';
  readonly sport: number;
  readonly dport: number;
  readonly flags: TcpFlags;
  /** bytes of payload (a hand-made packet of a given size); none when absent */
  readonly data?: number;
}

export interface DhcpMsg {
  readonly op: 'DISCOVER' | 'OFFER' | 'REQUEST' | 'ACK' | 'NAK';
  readonly xid: number;
  readonly chaddr: string;
  readonly yiaddr: string | null;
  readonly server: string | null;
  /** options offered: router, mask, mtu, lease */
  readonly options?: {
    router: string | null;
    prefix: number;
    mtu: number;
    lease: number;
    dns: string | null;
  };
}

export type UdpPayload =
  | { readonly kind: 'data'; readonly bytes: number }
  | { readonly kind: 'dhcp'; readonly msg: DhcpMsg }
  | { readonly kind: 'vxlan'; readonly vni: number; readonly inner: Frame }
  | {
      readonly kind: 'geneve';
      /** the logical datapath's tunnel key */
      readonly vni: number;
      /** the option's 15-bit logical ingress port key and 16-bit logical egress port key */
      readonly inport: number;
      readonly outport: number;
      readonly inner: Frame;
    };

export interface Udp {
  readonly kind: 'udp';
  readonly sport: number;
  readonly dport: number;
  readonly payload: UdpPayload;
}

export type L4 = Icmp | Tcp | Udp;

export interface Ipv4 {
  readonly kind: 'ipv4';
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  readonly id: number;
  /** don't-fragment */
  readonly df: boolean;
  readonly l4: L4;
}

export interface Frame {
  readonly eth: Eth;
  readonly l3: Arp | Ipv4;
}

function l4Length(l4: L4): number {
  switch (l4.kind) {
    case 'icmp':
      return ICMP_HEADER + (l4.quoted ? IPV4_HEADER + 8 : l4.data);
    case 'tcp':
      return TCP_HEADER + (l4.data ?? 0);
    case 'udp':
      return UDP_HEADER + payloadLength(l4.payload);
  }
}

function payloadLength(p: UdpPayload): number {
  switch (p.kind) {
    case 'data':
      return p.bytes;
    case 'dhcp':
      return 300; // BOOTP minimum message
    case 'vxlan':
      return VXLAN_HEADER + frameLength(p.inner);
    case 'geneve':
      return GENEVE_HEADER + GENEVE_OPTION + frameLength(p.inner);
  }
}

/** Total length of the IPv4 packet (header + payload). */
export function ipLength(ip: Ipv4): number {
  return IPV4_HEADER + l4Length(ip.l4);
}

/** Length of the Ethernet frame without FCS, as tcpdump reports it. */
export function frameLength(f: Frame): number {
  const l3 = f.l3.kind === 'arp' ? ARP_PAYLOAD : ipLength(f.l3);
  return ETH_HEADER + (f.eth.vlan === null ? 0 : VLAN_TAG) + l3;
}

export function withEth(f: Frame, eth: Partial<Eth>): Frame {
  return { eth: { ...f.eth, ...eth }, l3: f.l3 };
}

/** The frame with this 802.1Q tag (null: untagged); the same object when the tag does not change, so
 *  what was computed from it (its snapshot for the trace) is kept. */
export function withVlan(f: Frame, vlan: number | null): Frame {
  return f.eth.vlan === vlan ? f : { eth: { ...f.eth, vlan }, l3: f.l3 };
}

export function withIp(f: Frame, ip: Partial<Omit<Ipv4, 'kind'>>): Frame {
  if (f.l3.kind !== 'ipv4') return f;
  return { eth: f.eth, l3: { ...f.l3, ...ip } };
}

export function ipOf(f: Frame): Ipv4 | null {
  return f.l3.kind === 'ipv4' ? f.l3 : null;
}

/** The VXLAN payload if this frame is a VXLAN-encapsulated packet. */
export function vxlanOf(f: Frame): { vni: number; inner: Frame } | null {
  const ip = ipOf(f);
  if (ip?.l4.kind !== 'udp' || ip.l4.payload.kind !== 'vxlan') return null;
  return ip.l4.payload;
}

/** The Geneve payload if this frame is a Geneve-encapsulated packet. */
export function geneveOf(f: Frame): { vni: number; inport: number; outport: number; inner: Frame } | null {
  const ip = ipOf(f);
  if (ip?.l4.kind !== 'udp' || ip.l4.payload.kind !== 'geneve') return null;
  return ip.l4.payload;
}

/** Source and destination ports, or ICMP id in both, for connection tracking. */
export function l4Ports(l4: L4): { sport: number; dport: number } {
  switch (l4.kind) {
    case 'icmp':
      return { sport: l4.id, dport: l4.id };
    case 'tcp':
    case 'udp':
      return { sport: l4.sport, dport: l4.dport };
  }
}

export function withL4Ports(l4: L4, sport: number, dport: number): L4 {
  switch (l4.kind) {
    case 'icmp':
      return l4.type === 'echo-request' || l4.type === 'echo-reply' ? { ...l4, id: sport } : l4;
    case 'tcp':
      return { ...l4, sport, dport };
    case 'udp':
      return { ...l4, sport, dport };
  }
}
