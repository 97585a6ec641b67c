// Matching one flow against a packet: the fields a packet shows at a point of a bridge's pipeline,
// which of a flow's fields are hashed exactly by the classifier (table.ts), and the checks of the
// fields matched with a mask (ct_state flags, an address prefix, a block of ports).
import { cidrOf, inCidr, ipToInt } from '../../addr/ipv4';
import { isMulticastMac } from '../../addr/mac';
import type { Ipv4 } from '../../wire/frame';
import { ctStateOf, type Flow, type FlowMatch } from './flow';

/** The fields of a packet a flow can match on, as seen at one point of a bridge's pipeline. */
export interface PacketView {
  in_port: string;
  vlan: number | null;
  dl_src: string;
  dl_dst: string;
  arp: { spa: string; tpa: string; op?: number; tha?: string } | null;
  tun_id: number | null;
  /** the IPv4 packet, if the frame carries one */
  ip?: Ipv4 | null;
  /** registers 5, 6 and 7 (0 until loaded) */
  regs?: readonly [number, number, number];
  /** the conntrack state the last ct() gave the packet (null: untracked) */
  ct?: { readonly state: number; readonly mark: number; readonly zone: number } | null;
}

export type Field = keyof FlowMatch;
/** Fields matched exactly: the tuple of a flow is the set of these it matches on. */
export const FIELDS: readonly Field[] = [
  'in_port',
  'dl_vlan',
  'vlan_none',
  'dl_src',
  'dl_dst',
  'dl_dst_group',
  'arp',
  'icmp6',
  'nd_target',
  'arp_spa',
  'arp_tpa',
  'tun_id',
  'arp_op',
  'arp_tha',
  'ip',
  'nw_proto',
  'tp_src',
  'tp_dst',
  'icmp_type',
  'icmp_code',
  'reg5',
  'reg6',
  'reg7',
  'ct_mark',
  'ct_zone',
  'nw_src',
  'nw_dst',
];

const ICMP_TYPES = { 'echo-reply': 0, 'dest-unreachable': 3, 'echo-request': 8, 'time-exceeded': 11 };
const ICMP_CODES = { net: 0, host: 1, port: 3, 'frag-needed': 4, admin: 13 };

/** An address, not a wider prefix: hashed like any exact field. */
const isHost = (a: string) => !a.includes('/') || a.endsWith('/32');

/** A masked tp_dst and an address prefix are checked on the flow, not hashed. */
export function exact(m: FlowMatch, f: Field): boolean {
  const v = m[f];
  if (v === undefined) return false;
  if (f === 'tp_dst') return m.tp_dst_mask === undefined;
  if (f === 'nw_src' || f === 'nw_dst') return isHost(v as string);
  return true;
}

/** The value a packet has for a field, or undefined when the field cannot match it. */
export function packetValue(p: PacketView, f: Field): string | number | undefined {
  switch (f) {
    case 'in_port':
      return p.in_port;
    case 'dl_vlan':
      return p.vlan === null ? undefined : p.vlan;
    case 'vlan_none':
      return p.vlan === null ? 'y' : undefined;
    case 'dl_src':
      return p.dl_src;
    case 'dl_dst':
      return p.dl_dst;
    case 'dl_dst_group':
      return isMulticastMac(p.dl_dst) ? 'multicast' : 'unicast';
    case 'arp':
      return p.arp ? 'y' : undefined;
    case 'arp_spa':
      return p.arp?.spa;
    case 'arp_tpa':
      return p.arp?.tpa;
    case 'tun_id':
      return p.tun_id ?? undefined;
    case 'arp_op':
      return p.arp?.op;
    case 'arp_tha':
      return p.arp?.tha;
    case 'ip':
      return p.ip ? 'y' : undefined;
    case 'nw_proto':
      return p.ip?.l4.kind;
    case 'tp_src':
      return p.ip && p.ip.l4.kind !== 'icmp' ? p.ip.l4.sport : undefined;
    case 'tp_dst':
      return p.ip && p.ip.l4.kind !== 'icmp' ? p.ip.l4.dport : undefined;
    case 'icmp_type':
      return p.ip?.l4.kind === 'icmp' ? ICMP_TYPES[p.ip.l4.type] : undefined;
    case 'icmp_code': {
      const l4 = p.ip?.l4;
      return l4?.kind === 'icmp' ? (l4.code === 0 ? 0 : ICMP_CODES[l4.code]) : undefined;
    }
    case 'reg5':
      return p.regs?.[0] ?? 0;
    case 'reg6':
      return p.regs?.[1] ?? 0;
    case 'reg7':
      return p.regs?.[2] ?? 0;
    case 'ct_mark':
      return p.ct?.mark ?? 0;
    case 'ct_zone':
      return p.ct?.zone ?? 0;
    case 'nw_src':
      return p.ip?.src;
    case 'nw_dst':
      return p.ip?.dst;
    default:
      return undefined;
  }
}

/** The checks of a flow's masked fields, made once per flow; null when it has none. */
type Residual = ((p: PacketView) => boolean) | null;
const RESIDUAL = Symbol('residual');
type WithResidual = Flow & { [RESIDUAL]?: Residual };

function residualOf(flow: Flow): Residual {
  const cached = (flow as WithResidual)[RESIDUAL];
  if (cached !== undefined) return cached;
  const m = flow.match;
  const checks: ((p: PacketView) => boolean)[] = [];
  if (m.ct_state !== undefined) {
    const { mask, value } = ctStateOf(m.ct_state);
    checks.push((p) => ((p.ct?.state ?? 0) & mask) === value);
  }
  for (const [field, side] of [
    [m.nw_src, 'src'],
    [m.nw_dst, 'dst'],
  ] as const) {
    if (field === undefined || isHost(field)) continue;
    const c = cidrOf(field);
    checks.push((p) => !!p.ip && inCidr(ipToInt(p.ip[side]), c));
  }
  if (m.tp_dst !== undefined && m.tp_dst_mask !== undefined) {
    const { tp_dst: v, tp_dst_mask: mask } = m;
    checks.push((p) => !!p.ip && p.ip.l4.kind !== 'icmp' && (p.ip.l4.dport & mask) === v);
  }
  const r: Residual = checks.length === 0 ? null : (p) => checks.every((c) => c(p));
  (flow as WithResidual)[RESIDUAL] = r;
  return r;
}

/** The masked part of a match, to tell two flows of equal exact fields apart. */
export const residualKey = (m: FlowMatch) =>
  `${m.ct_state ?? ''}|${m.nw_src ?? ''}|${m.nw_dst ?? ''}|${m.tp_dst_mask !== undefined ? `${m.tp_dst}/${m.tp_dst_mask}` : ''}`;

/** Does the packet pass the flow's masked fields (its exact ones matched already)? */
export const passes = (f: Flow, p: PacketView) => {
  const r = residualOf(f);
  return r === null || r(p);
};

/** Does the packet match every field of the flow (conj_id aside)? For the few flows tried one by one. */
export function matchesAll(f: Flow, p: PacketView): boolean {
  for (const field of FIELDS)
    if (exact(f.match, field) && packetValue(p, field) !== flowValue(f.match, field)) return false;
  return passes(f, p);
}

/** A flow's value for an exact field, as the classifier keys it (an address without /32). */
export function flowValue(m: FlowMatch, f: Field): string | number {
  const v = m[f];
  if ((f === 'nw_src' || f === 'nw_dst') && typeof v === 'string') return v.replace(/\/32$/, '');
  return v === true ? 'y' : (v as string | number);
}
