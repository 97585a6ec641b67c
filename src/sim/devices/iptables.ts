// Evaluating iptables chains: the hybrid firewall's filter rules on a qbr and the L3 agent's nat rules
// in a qrouter namespace. Rules are tried in order; a jump descends, RETURN or the end of a chain goes
// back up, and the first terminal target (ACCEPT, DROP, DNAT, SNAT, REDIRECT) decides. MARK, CONNMARK
// and CT do not end the walk: they change the packet's mark, its connection's mark or its conntrack
// zone for the rules after them.
import { inCidr, ipToInt } from '../addr/ipv4';
import { countPolicy, type SimState } from '../engine/state';
import type { IptMatch, IptRule, IptTable, IptTarget, MarkMatch } from '../realize/dataplane';

export interface PacketFacts {
  src: string;
  dst: string;
  proto: 'icmp' | 'tcp' | 'udp';
  sport: number;
  dport: number;
  icmpType: number | null;
  icmpCode: number | null;
  srcMac?: string;
  inIface?: string;
  outIface?: string;
  physdevIn?: string;
  physdevOut?: string;
  ctstate: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID';
  dnatted: boolean;
  mark: number;
  /** the connection's mark (ct mark), 0 for a new connection */
  connmark?: number;
}

export interface ChainResult {
  /** the terminal target, or null when the packet fell off the built-in chain (policy ACCEPT) */
  target: IptTarget | null;
  rule: IptRule | null;
  trail: IptRule[];
  /** the packet's mark, the connection's mark and the conntrack zone after the walk */
  mark: number;
  connmark: number;
  zone: number | null;
}

/** The facts a walk changes as it goes. */
interface Marks {
  mark: number;
  connmark: number;
  zone: number | null;
}

const markMatches = (m: MarkMatch, v: number): boolean =>
  ((v & m.mask) >>> 0 === (m.value & m.mask) >>> 0) !== m.invert;

function ifaceMatches(pattern: string, iface: string | undefined): boolean {
  if (iface === undefined) return false;
  return pattern.endsWith('+') ? iface.startsWith(pattern.slice(0, -1)) : iface === pattern;
}

export function ruleMatches(
  m: IptMatch,
  p: PacketFacts,
  ipsets: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  if (m.proto !== undefined && m.proto !== p.proto) return false;
  if (m.src !== undefined && !inCidr(ipToInt(p.src), m.src)) return false;
  if (m.dst !== undefined && !inCidr(ipToInt(p.dst), m.dst)) return false;
  if (m.sport !== undefined && (p.proto === 'icmp' || p.sport !== m.sport)) return false;
  if (
    m.dportMin !== undefined &&
    (p.proto === 'icmp' || p.dport < m.dportMin || p.dport > (m.dportMax ?? m.dportMin))
  )
    return false;
  if (m.icmpType !== undefined && p.icmpType !== m.icmpType) return false;
  if (m.icmpCode !== undefined && p.icmpCode !== m.icmpCode) return false;
  if (m.ctstate !== undefined) {
    switch (m.ctstate) {
      case 'RELATED,ESTABLISHED':
        if (p.ctstate !== 'RELATED' && p.ctstate !== 'ESTABLISHED') return false;
        break;
      case 'INVALID':
        if (p.ctstate !== 'INVALID') return false;
        break;
      case 'DNAT':
        if (!p.dnatted) return false;
        break;
      case '!DNAT':
        if (p.dnatted) return false;
        break;
    }
  }
  if (m.inIface !== undefined && !ifaceMatches(m.inIface, p.inIface)) return false;
  if (m.outIface !== undefined && !ifaceMatches(m.outIface, p.outIface)) return false;
  if (m.notOutIface !== undefined && ifaceMatches(m.notOutIface, p.outIface)) return false;
  if (m.srcSet !== undefined && !ipsets.get(m.srcSet)?.has(p.src)) return false;
  if (m.dstSet !== undefined && !ipsets.get(m.dstSet)?.has(p.dst)) return false;
  if (m.srcMac !== undefined && p.srcMac !== m.srcMac) return false;
  if (m.notMark !== undefined && (p.mark & 0xffff) === m.notMark) return false;
  if (m.mark !== undefined && !markMatches(m.mark, p.mark)) return false;
  if (m.connmark !== undefined && !markMatches(m.connmark, p.connmark ?? 0)) return false;
  if (m.physdevIn !== undefined && p.physdevIn !== m.physdevIn) return false;
  if (m.physdevOut !== undefined && p.physdevOut !== m.physdevOut) return false;
  return true;
}

type Walk = { kind: 'terminal'; target: IptTarget; rule: IptRule } | { kind: 'fallthrough' };

function walk(
  table: IptTable,
  chain: string,
  p: PacketFacts,
  ipsets: ReadonlyMap<string, ReadonlySet<string>>,
  trail: IptRule[],
  depth: number,
  marks: Marks,
): Walk {
  const rules = table.chains.get(chain) ?? [];
  if (depth > 16) return { kind: 'fallthrough' };
  for (const r of rules) {
    if (!ruleMatches(r.match, { ...p, mark: marks.mark, connmark: marks.connmark }, ipsets)) continue;
    trail.push(r);
    const t = r.target;
    switch (t.t) {
      case 'jump': {
        const w = walk(table, t.chain, p, ipsets, trail, depth + 1, marks);
        if (w.kind === 'terminal') return w;
        break;
      }
      case 'return':
        return { kind: 'fallthrough' };
      case 'mark': {
        const mask = t.mask ?? 0xffff;
        marks.mark = ((marks.mark & ~mask) ^ t.mark) >>> 0;
        break;
      }
      case 'connmark':
        // iptables-extensions(8): restore nfmark = (nfmark & ~nfmask) ^ (ctmark & ctmask);
        // save ctmark = (ctmark & ~ctmask) ^ (nfmark & nfmask)
        if (t.op === 'restore') marks.mark = ((marks.mark & ~t.nfmask) ^ (marks.connmark & t.ctmask)) >>> 0;
        else marks.connmark = ((marks.connmark & ~t.ctmask) ^ (marks.mark & t.nfmask)) >>> 0;
        break;
      case 'ct':
        marks.zone = t.zone;
        break;
      default:
        return { kind: 'terminal', target: r.target, rule: r };
    }
  }
  return { kind: 'fallthrough' };
}

/** Runs a built-in chain (FORWARD, PREROUTING, ...). */
export function runChain(
  table: IptTable,
  chain: string,
  p: PacketFacts,
  ipsets: ReadonlyMap<string, ReadonlySet<string>>,
): ChainResult {
  const trail: IptRule[] = [];
  const marks: Marks = { mark: p.mark, connmark: p.connmark ?? 0, zone: null };
  const w = walk(table, chain, p, ipsets, trail, 0, marks);
  if (w.kind === 'terminal') return { target: w.target, rule: w.rule, trail, ...marks };
  return { target: null, rule: null, trail, ...marks };
}

/**
 * For the hybrid firewall: the rule that let a packet through. A port chain ends in RETURN when a
 * security group rule (or the conntrack state rule) accepts; that RETURN rule is the one to show.
 */
export function decidingReturn(trail: readonly IptRule[]): IptRule | null {
  for (let i = trail.length - 1; i >= 0; i--) {
    const r = trail[i]!;
    if (r.target.t === 'return') return r;
  }
  return null;
}

/** A built-in chain run on a packet the engine passed, its policy counted when the packet fell off it
 * (iptables-save's `:CHAIN ACCEPT [packets:bytes]`). */
export function runCounted(
  state: SimState,
  place: string,
  tableName: string,
  table: IptTable,
  chain: string,
  p: PacketFacts,
  ipsets: ReadonlyMap<string, ReadonlySet<string>>,
  bytes: number,
): ChainResult {
  const res = runChain(table, chain, p, ipsets);
  if (res.target === null) countPolicy(state, place, tableName, chain, bytes);
  return res;
}
