// Netfilter NAT in a namespace with conntrack (neutron-facts §8): the first packet of a connection
// walks the nat chains (PREROUTING for DNAT, POSTROUTING for SNAT) and conntrack remembers the
// bindings; later packets, and replies, are translated from the connection, not from the rules.
import type { CtEntry, CtTuple } from '../../engine/state';
import type { Ctx } from '../../engine/types';
import type { IptRule, StackDevice } from '../../realize/dataplane';
import { ingressMarkRule } from '../../realize/l3-agent';
import { type Ipv4, ipLength, l4Ports, withL4Ports } from '../../wire/frame';
import { type CtLookup, confirm, lookup, sawReply, tupleOf } from '../conntrack';
import { type PacketFacts, runCounted } from '../iptables';

export interface NatPre {
  ip: Ipv4;
  ct: CtLookup;
  orig: CtTuple;
  dnat: string | null;
  /** sent to a local port by a REDIRECT rule (the metadata proxy) */
  redirected: boolean;
  rules: string[];
  changes: string[];
  mark: number;
  /** the mangle rules that marked it on the way in: rules of its hop, never of its connection */
  mangle: string[];
}

/** The packet with this source or destination port (TCP and UDP; other protocols are left alone). */
function withPort(ip: Ipv4, end: 'src' | 'dst', port: number): Ipv4 {
  if (ip.l4.kind !== 'tcp' && ip.l4.kind !== 'udp') return ip;
  const { sport, dport } = l4Ports(ip.l4);
  return { ...ip, l4: withL4Ports(ip.l4, end === 'src' ? port : sport, end === 'dst' ? port : dport) };
}

const zoneOf = (dev: StackDevice) => `ns:${dev.id}`;

function facts(ip: Ipv4, t: CtTuple, ct: CtLookup, extra: Partial<PacketFacts>): PacketFacts {
  return {
    src: ip.src,
    dst: ip.dst,
    proto: t.proto,
    sport: t.sport,
    dport: t.dport,
    icmpType: null,
    icmpCode: null,
    ctstate: ct.state,
    dnatted: false,
    mark: 0,
    ...extra,
  };
}

function restoreQuoted(ip: Ipv4, e: CtEntry): Ipv4 {
  if (ip.l4.kind !== 'icmp' || !ip.l4.quoted) return ip;
  const q = ip.l4.quoted;
  const forward = q.sport === e.orig.sport || q.dport === e.orig.dport;
  const quoted = forward
    ? { ...q, src: e.orig.src, dst: e.orig.dst }
    : { ...q, src: e.orig.dst, dst: e.orig.src };
  return { ...ip, l4: { ...ip.l4, quoted } };
}

/** The marks of mangle PREROUTING, and the rules that set them: with the router's tables, the engine
 * runs them (the external ingress mark on qg-, each port's address-scope mark, the CONNMARK restore of a
 * known connection, the metadata mark); without, the ingress mark alone. */
function manglePre(
  ctx: Ctx,
  dev: StackDevice,
  ip: Ipv4,
  t: CtTuple,
  ct: CtLookup,
  inIface: string | null,
): { mark: number; mangle: string[] } {
  const tables = dev.stack.netfilter;
  if (!tables) {
    const mark = inIface ? (dev.stack.ingressMark.get(inIface) ?? 0) : 0;
    return { mark, mangle: inIface && mark ? [ingressMarkRule(inIface, mark)] : [] };
  }
  if (inIface === null) return { mark: 0, mangle: [] };
  // raw PREROUTING first (before conntrack): the L3 agent writes no rule there, but it counts
  const f = facts(ip, t, ct, { inIface, connmark: ct.entry?.mark ?? 0 });
  runCounted(ctx.state, dev.id, 'raw', tables.raw, 'PREROUTING', f, ctx.plane.ipsets, ipLength(ip));
  const res = runCounted(
    ctx.state,
    dev.id,
    'mangle',
    tables.mangle,
    'PREROUTING',
    f,
    ctx.plane.ipsets,
    ipLength(ip),
  );
  return { mark: res.mark, mangle: setters(res.trail) };
}

/** The rules of a walk that changed a mark or a connection's mark. */
const setters = (trail: readonly IptRule[]): string[] =>
  trail.filter((r) => r.target.t === 'mark' || r.target.t === 'connmark').map((r) => r.text);

/** PREROUTING (or OUTPUT for locally made packets): conntrack lookup and destination NAT. */
export function natPre(ctx: Ctx, dev: StackDevice, ip: Ipv4, inIface: string | null): NatPre {
  const nat = dev.stack.nat!;
  const ct = lookup(ctx.state, zoneOf(dev), ip);
  const orig = tupleOf(ip);
  const { mark, mangle } = manglePre(ctx, dev, ip, orig, ct, inIface);
  const out: NatPre = { ip, ct, orig, dnat: null, redirected: false, rules: [], changes: [], mark, mangle };
  const e = ct.entry;
  if (e && ct.state === 'RELATED') {
    let nip = restoreQuoted(ip, e);
    if (ct.dir === 'reply' && e.snat && ip.dst === e.reply.dst) {
      nip = { ...nip, dst: e.orig.src };
      out.changes.push(`conntrack RELATED: un-SNAT dst ${ip.dst} -> ${e.orig.src}`);
    }
    out.ip = nip;
    return out;
  }
  if (e && ct.dir === 'orig') {
    if (e.dnat) {
      // the destination the connection was translated to: the reply's source, port included
      out.ip = withPort({ ...ip, dst: e.dnat }, 'dst', e.reply.sport);
      out.dnat = e.dnat;
      out.redirected = e.reply.sport !== e.orig.dport;
      out.changes.push(`conntrack: DNAT dst ${ip.dst} -> ${e.dnat}`);
    }
    return out;
  }
  if (e && ct.dir === 'reply') {
    sawReply(e);
    if (e.snat) {
      out.ip = { ...ip, dst: e.orig.src };
      out.changes.push(`conntrack: reply of a SNAT connection, dst ${ip.dst} -> ${e.orig.src}`);
      out.rules.push(...e.natRules);
    }
    return out;
  }
  const chain = inIface === null ? 'OUTPUT' : 'PREROUTING';
  const res = runCounted(
    ctx.state,
    dev.id,
    'nat',
    nat,
    chain,
    facts(ip, orig, ct, { inIface: inIface ?? undefined, mark }),
    ctx.plane.ipsets,
    ipLength(ip),
  );
  if (res.target?.t === 'dnat') {
    out.ip = { ...ip, dst: res.target.to };
    out.dnat = res.target.to;
    out.rules.push(res.rule!.text);
    out.changes.push(`DNAT dst ${ip.dst} -> ${res.target.to}`);
  } else if (res.target?.t === 'redirect') {
    // REDIRECT: to this host, at the first address of the interface the packet came in by (iptables-extensions(8))
    const to = (inIface && dev.stack.ifaces.get(inIface)?.addrs[0]?.ip) || '127.0.0.1';
    out.ip = withPort({ ...ip, dst: to }, 'dst', res.target.port);
    out.dnat = to;
    out.redirected = true;
    out.rules.push(res.rule!.text);
    out.changes.push(`REDIRECT dst ${ip.dst}:${orig.dport} -> ${to}:${res.target.port}`);
  }
  return out;
}

/** POSTROUTING: source NAT, and the connection confirmed. */
export function natPost(
  ctx: Ctx,
  dev: StackDevice,
  pre: NatPre,
  ip: Ipv4,
  outIface: string,
): { ip: Ipv4; rules: string[]; changes: string[] } {
  const e = pre.ct.entry;
  const rules: string[] = [];
  const changes: string[] = [];
  // mangle POSTROUTING, every packet: the CONNMARK save on qg- marks a connection that has no mark yet
  const tables = dev.stack.netfilter;
  const saved = tables
    ? runCounted(
        ctx.state,
        dev.id,
        'mangle',
        tables.mangle,
        'POSTROUTING',
        facts(ip, tupleOf(ip), pre.ct, { outIface, mark: pre.mark, connmark: e?.mark ?? 0 }),
        ctx.plane.ipsets,
        ipLength(ip),
      )
    : null;
  if (e && saved && saved.connmark !== (e.mark ?? 0)) e.mark = saved.connmark;
  if (e && pre.ct.state === 'RELATED') {
    if (pre.ct.dir === 'reply' && e.dnat && ip.src === e.dnat) {
      changes.push(`conntrack RELATED: un-DNAT src ${ip.src} -> ${e.orig.dst}`);
      return { ip: { ...ip, src: e.orig.dst }, rules, changes };
    }
    return { ip, rules, changes };
  }
  if (e && pre.ct.dir === 'orig') {
    if (e.snat) {
      changes.push(`conntrack: SNAT src ${ip.src} -> ${e.snat}`);
      return { ip: { ...ip, src: e.snat }, rules: [...e.natRules], changes };
    }
    return { ip, rules, changes };
  }
  if (e && pre.ct.dir === 'reply') {
    if (e.dnat) {
      // the reply comes from where the original packet was going, port included (a REDIRECT changed it)
      const back = withPort({ ...ip, src: e.orig.dst }, 'src', e.orig.dport);
      const from = l4Ports(ip.l4).sport;
      changes.push(
        from === e.orig.dport
          ? `conntrack: reply of a DNAT connection, src ${ip.src} -> ${e.orig.dst}`
          : `conntrack: reply of a REDIRECT, src ${ip.src}:${from} -> ${e.orig.dst}:${e.orig.dport}`,
      );
      return { ip: back, rules: [...e.natRules], changes };
    }
    return { ip, rules, changes };
  }
  if (pre.ct.state === 'INVALID') return { ip, rules, changes };
  const res = runCounted(
    ctx.state,
    dev.id,
    'nat',
    dev.stack.nat!,
    'POSTROUTING',
    facts(ip, tupleOf(ip), pre.ct, { outIface, dnatted: pre.dnat !== null, mark: pre.mark }),
    ctx.plane.ipsets,
    ipLength(ip),
  );
  let out = ip;
  let snat: string | null = null;
  if (res.target?.t === 'snat') {
    snat = res.target.to;
    out = { ...ip, src: snat };
    rules.push(res.rule!.text);
    changes.push(`SNAT src ${ip.src} -> ${snat}`);
  } else if (res.target?.t === 'accept' && res.rule) {
    rules.push(res.rule.text);
  }
  const t = tupleOf(out);
  const reply: CtTuple = { proto: t.proto, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport };
  const entry = confirm(ctx.state, zoneOf(dev), pre.orig, reply, pre.dnat, snat, [...pre.rules, ...rules]);
  if (saved?.connmark) entry.mark = saved.connmark;
  // the CONNMARK save is a rule of this first packet's hop, never of the connection's later packets
  return { ip: out, rules: [...(saved ? setters(saved.trail) : []), ...rules], changes };
}

/** A packet delivered locally confirms its connection too, so that the answer is seen as a reply. */
export function natInput(ctx: Ctx, dev: StackDevice, pre: NatPre): void {
  if (pre.ct.entry || pre.ct.state !== 'NEW') return;
  const t = tupleOf(pre.ip);
  confirm(
    ctx.state,
    zoneOf(dev),
    pre.orig,
    { proto: t.proto, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport },
    pre.dnat,
    null,
    pre.rules,
  );
}
