// The hybrid firewall at work on a qbr (neutron-facts §11): bridged IP traffic goes through the host's
// iptables FORWARD chain (bridge-nf-call-iptables), matched with -m physdev. Traffic from the VM's tap
// is egress (the o-chain), traffic toward it is ingress (the i-chain). Conntrack, in the port's zone,
// makes it stateful: replies pass on the RELATED,ESTABLISHED rule.

import { type CtTuple, rootPlace } from '../engine/state';
import type { Ctx } from '../engine/types';
import type { PortFirewall } from '../realize/dataplane';
import { type Frame, type Ipv4, ipLength } from '../wire/frame';
import { confirm, lookup, reverse, sawReply, tupleOf } from './conntrack';
import { decidingReturn, type PacketFacts, runCounted } from './iptables';

export interface FirewallVerdict {
  allowed: boolean;
  /** the packet was headed for (or came from) this very VM, not a flooded copy meant for another */
  mine: boolean;
  rule: string | null;
  trail: string[];
  words: string;
}

function icmpTypeNumber(t: string): number {
  return t === 'echo-reply' ? 0 : t === 'dest-unreachable' ? 3 : t === 'echo-request' ? 8 : 11;
}

export function filterBridged(
  ctx: Ctx,
  fw: PortFirewall,
  inPort: string,
  outPort: string,
  frame: Frame,
  host: string | null,
): FirewallVerdict | null {
  if (frame.l3.kind !== 'ipv4') return null; // ARP is not filtered by iptables (br-int table 24 guards it)
  const ip = frame.l3;
  const l4 = ip.l4;
  const t = tupleOf(ip);
  // raw PREROUTING first: the CT --zone rule of the port the packet is bridged in from picks the
  // conntrack zone (hybrid-raw.ts); a packet no rule zones stays in the host's zone 0
  const root = rootPlace(host);
  const raw = runCounted(
    ctx.state,
    root,
    'raw',
    fw.raw,
    'PREROUTING',
    { ...bare(ip, t), physdevIn: inPort },
    ctx.plane.ipsets,
    ipLength(ip),
  );
  const zoneNo = raw.zone ?? 0;
  const zoneRule = raw.trail.find((r) => r.target.t === 'ct') ?? null;
  const zone = `zone${zoneNo}`;
  const ct = lookup(ctx.state, zone, ip);
  const facts: PacketFacts = {
    src: ip.src,
    dst: ip.dst,
    proto: l4.kind,
    sport: t.sport,
    dport: t.dport,
    icmpType: l4.kind === 'icmp' ? icmpTypeNumber(l4.type) : null,
    icmpCode: null,
    srcMac: frame.eth.src,
    physdevIn: inPort,
    physdevOut: outPort,
    ctstate: ct.state,
    dnatted: false,
    mark: 0,
  };
  const res = runCounted(
    ctx.state,
    root,
    'filter',
    fw.filter,
    'FORWARD',
    facts,
    ctx.plane.ipsets,
    ipLength(ip),
  );
  const trail = [...(zoneRule ? [zoneRule.text] : []), ...res.trail.map((r) => r.text)];
  const direction = inPort === fw.tap ? 'egress' : 'ingress';
  if (res.target?.t === 'drop') {
    const r = res.rule!;
    const why = r.chain.endsWith('sg-fallback')
      ? `no ${direction} rule of the port's security groups allows ${describe(facts)}`
      : /openvswi-s[0-9a-f]/.test(r.chain)
        ? `anti-spoofing: ${ip.src} / ${frame.eth.src} is not the port's own address`
        : `${r.text.includes('INVALID') ? 'conntrack state INVALID' : 'dropped by rule'}`;
    return {
      allowed: false,
      mine: direction === 'egress' || frame.eth.dst === fw.mac,
      rule: r.text,
      trail,
      words: why,
    };
  }
  // accepted: confirm or advance the connection
  if (ct.entry) {
    if (ct.dir === 'reply') sawReply(ct.entry);
  } else if (ct.state === 'NEW') {
    confirm(ctx.state, zone, t, reverse(t), null, null, []);
  }
  const ret = decidingReturn(res.trail);
  const sg = ret?.sgRule;
  let words: string;
  if (ct.state === 'ESTABLISHED' || ct.state === 'RELATED')
    words = `${direction} allowed: conntrack ${ct.state} (zone ${zoneNo})`;
  else if (sg)
    words = `${direction} allowed by security group rule ${sg.id.slice(0, 8)} (${sg.direction} ${sg.protocol ?? 'any'}${sg.port_range_min !== null ? ` ${sg.port_range_min}${sg.port_range_max !== sg.port_range_min && sg.port_range_max !== null ? `-${sg.port_range_max}` : ''}` : ''}${sg.remote_group_id ? ' from group members' : sg.remote_ip_prefix ? ` from ${sg.remote_ip_prefix}` : ''})`;
  else words = `${direction} allowed`;
  return { allowed: true, mine: true, rule: ret?.text ?? res.rule?.text ?? null, trail, words };
}

/** What the raw table matches on: addresses and ports, no state yet (raw runs before conntrack). */
function bare(ip: Ipv4, t: CtTuple): PacketFacts {
  return {
    src: ip.src,
    dst: ip.dst,
    proto: t.proto,
    sport: t.sport,
    dport: t.dport,
    icmpType: null,
    icmpCode: null,
    ctstate: 'NEW',
    dnatted: false,
    mark: 0,
  };
}

function describe(f: PacketFacts): string {
  const what = f.proto === 'icmp' ? 'ICMP' : `${f.proto.toUpperCase()} to port ${f.dport}`;
  return `${what} from ${f.src}`;
}
