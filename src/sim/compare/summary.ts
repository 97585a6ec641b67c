// A send's trace in the few facts that differ between router types and backends: the hosts a packet
// visits, its tunnel crossings, and the devices where it is routed, NATed and filtered, each with the
// rule that decided. Read from the trace alone (and the host list, to name tunnel ends), so that the
// same words describe a qrouter namespace, an OVN logical router pipeline and the two firewalls.
import type { Trace, TraceHop } from '../engine/trace';
import type { Topology } from '../model/types';

/** Where a packet was, in the order visited: a host of the cloud, or "outside" (upstream, internet). */
export interface PathHost {
  name: string;
  role: 'compute' | 'network' | 'outside';
}

export interface TunnelCrossing {
  seq: number;
  encap: 'vxlan' | 'geneve';
  /** the VNI: the network's segmentation id under VXLAN, the datapath's tunnel key under Geneve */
  key: number;
  from: string;
  to: string;
  /** Geneve's option: the logical in and out ports (OVN) */
  option: string | null;
}

/** A device where something was decided, what it did, and the rule that decided it. */
export interface Decision {
  seq: number;
  host: string;
  device: string;
  what: string;
  rule: string | null;
}

/** One packet of the send (the request, or its answer) from its first hop to its last. */
export interface Leg {
  packet: string;
  /** how it ended: delivered to its destination, dropped, or passed on (to a next packet) */
  fate: 'delivered' | 'dropped' | 'onward';
  path: PathHost[];
  hops: number;
  tunnels: TunnelCrossing[];
  routing: Decision[];
  nat: Decision[];
  filtering: Decision[];
}

export interface SendSummary {
  verdict: Trace['verdict'];
  reason: string | null;
  /** every hop of the send, ARP included */
  hops: number;
  packets: number;
  /** hosts any packet of the send visited, in order of first visit */
  hosts: PathHost[];
  /** the request and its answer (when there is one) */
  legs: Leg[];
  /** how many times the request and answer went through a network host */
  networkNodeVisits: number;
}

const OUTSIDE_KINDS = new Set(['upstream-router', 'outside-host', 'physical-switch']);

function placeOf(t: Topology, h: TraceHop): PathHost | null {
  if (h.host) {
    const host = t.hosts.find((x) => x.name === h.host);
    return { name: h.host, role: host?.role ?? 'compute' };
  }
  return OUTSIDE_KINDS.has(h.kind) ? { name: 'outside', role: 'outside' } : null;
}

/** The places visited, each run of hops on one place once. */
function pathOf(t: Topology, hops: readonly TraceHop[]): PathHost[] {
  const out: PathHost[] = [];
  for (const h of hops) {
    const p = placeOf(t, h);
    if (p && out.at(-1)?.name !== p.name) out.push(p);
  }
  return out;
}

const ENCAP = /^encap (vxlan|geneve) vni (\d+)$/;
const OUTER = /^outer (\S+) > (\S+)$/;
const OPTION = /^geneve option \S+: (.*)$/;

function tunnelOf(t: Topology, h: TraceHop): TunnelCrossing | null {
  const m = h.changes.map((c) => ENCAP.exec(c)).find(Boolean);
  if (!m) return null;
  const outer = h.changes.map((c) => OUTER.exec(c)).find(Boolean);
  const option = h.changes.map((c) => OPTION.exec(c)).find(Boolean);
  const hostAt = (ip: string | undefined) => t.hosts.find((x) => x.tunnel_ip === ip)?.name ?? ip ?? '?';
  return {
    seq: h.seq,
    encap: m[1] as 'vxlan' | 'geneve',
    key: Number(m[2]),
    from: h.host ?? hostAt(outer?.[1]),
    to: hostAt(outer?.[2]),
    option: option?.[1] ?? null,
  };
}

const deviceOf = (h: TraceHop) => (h.namespace && h.kind === 'namespace' ? h.namespace : h.device);
const decision = (h: TraceHop, what: string, rule: string | null): Decision => ({
  seq: h.seq,
  host: h.host ?? 'outside',
  device: deviceOf(h),
  what,
  rule,
});

/** A router decrements the TTL: a namespace's kernel, an OVN logical router (ip.ttl--), upstream. */
const TTL = /^ttl \d+ -> \d+$/;
/** NAT as the trace says it: netfilter's SNAT/DNAT and their replies, OVN's ct_snat/ct_dnat. */
const NAT = /\b(S|D)NAT\b/;
/** The logical flows of OVN's NAT stages, in a hop's trail. */
const OVN_NAT_FLOW = /^\s*\d+\. lr_(in|out)_(un)?(snat|dnat)\b/;
/** The logical flow of an OVN ACL stage that decided, in a hop's trail. */
const OVN_ACL_FLOW = /^\s*\d+\. ls_(in|out)_acl_eval: /;
/** The phrases the two firewalls of the OVS agent write into a hop's action. */
const FIREWALL_PHRASE = /^(egress|ingress) allowed\b/;

/** The trail line after a flow line is its actions, in OVN's trails (ovn-trace prints them so). */
function flowWithActions(trail: readonly string[], i: number): string {
  const next = trail[i + 1];
  return next && /^\s{4}\S/.test(next) ? `${trail[i]!.trim()}\n${next.trim()}` : trail[i]!.trim();
}

/** A line of an OVN trail at a stage, with its actions. */
function stageFlow(trail: readonly string[], stage: RegExp): string | null {
  const i = trail.findIndex((l) => stage.test(l));
  return i >= 0 ? flowWithActions(trail, i) : null;
}

/** The logical router whose pipeline a line of an OVN trail belongs to: the ingress(dp="neutron-<id>")
 * line before it names the datapath (ovn-trace's output). */
function ovnRouterAt(t: Topology, trail: readonly string[], i: number): string | null {
  for (let k = i; k >= 0; k--) {
    const m = /^ingress\(dp="neutron-([0-9a-f-]+)"/.exec(trail[k]!);
    if (m) return t.routers.find((r) => r.id === m[1])?.name ?? null;
  }
  return null;
}

function routingOf(t: Topology, h: TraceHop): Decision | null {
  if (!h.changes.some((c) => TTL.test(c))) return null;
  const trail = h.trail ?? [];
  const i = trail.findIndex((l) => /^\s*\d+\. lr_in_ip_routing: /.test(l));
  if (i >= 0) {
    // OVN: the logical router's pipeline ran here, on the chassis where the packet entered
    const router = ovnRouterAt(t, trail, i);
    return decision(h, `logical router ${router ?? '?'}, on this chassis`, flowWithActions(trail, i));
  }
  const route = h.rule?.split('\n').find((l) => !l.startsWith('-A ')) ?? h.rule;
  return decision(h, h.action.split('; ')[0]!, route ?? null);
}

/** The OVN stage that makes a NAT change: ct_snat in lr_out_snat, its reply undone in lr_in_unsnat,
 * ct_dnat in lr_in_dnat, its reply in lr_out_undnat (northd.c). */
function ovnNatStage(change: string): RegExp {
  const reply = change.endsWith('(reply)');
  const stage = change.startsWith('SNAT')
    ? reply
      ? 'lr_in_unsnat'
      : 'lr_out_snat'
    : reply
      ? 'lr_out_undnat'
      : 'lr_in_dnat';
  return new RegExp(`^\\s*\\d+\\. ${stage}: `);
}

function natOf(h: TraceHop): Decision | null {
  const what = h.changes.filter((c) => NAT.test(c));
  if (!what.length) return null;
  const ovn = stageFlow(h.trail ?? [], ovnNatStage(what[0]!)) ?? stageFlow(h.trail ?? [], OVN_NAT_FLOW);
  const iptables = h.rule?.split('\n').find((l) => /-j (SNAT|DNAT)\b/.test(l));
  return decision(h, what.join('; '), ovn ?? iptables ?? h.rule);
}

/** What an OVN ACL's actions say: reg8[16] allow, reg8[17] drop, reg8[18] reject (northd's
 * REGBIT_ACL_VERDICT_ALLOW/DROP/REJECT, neutron-facts-beyond §3.8). */
function aclVerdict(actions: string): string {
  if (/reg8\[17\] = 1/.test(actions)) return 'dropped';
  if (/reg8\[18\] = 1/.test(actions)) return 'rejected';
  return 'allowed';
}

/** The security group decisions of a hop: the hybrid firewall's qbr, the openvswitch firewall's
 * br-int tables (the flow of the table its words name), OVN's ACL stages. */
function filteringOf(t: Topology, h: TraceHop): Decision[] {
  const trail = h.trail ?? [];
  if (h.drop?.reason.startsWith('security group')) return [decision(h, h.drop.reason, h.rule)];
  const out: Decision[] = [];
  for (const phrase of h.action.split('; ').filter((p) => FIREWALL_PHRASE.test(p))) {
    const table = /\btable (\d+) \(/.exec(phrase)?.[1];
    const flow = table ? [...trail].reverse().find((l) => l.startsWith(`table=${table},`)) : undefined;
    out.push(decision(h, phrase.replace(/ -> \S+$/, ''), flow ?? h.rule));
  }
  trail.forEach((l, i) => {
    if (!OVN_ACL_FLOW.test(l)) return;
    const flow = flowWithActions(trail, i);
    // a port's from-lport ACLs judge what its VM sends, its to-lport ACLs what it receives
    const direction = /ls_in_/.test(l) ? 'egress' : 'ingress';
    const verdict = aclVerdict(flow.split('\n')[1] ?? '');
    const id = /@pg_([0-9a-f_]+)/.exec(l)?.[1]?.replace(/_/g, '-');
    const group = t.security_groups.find((g) => g.id === id);
    const sg = group ? `${group.name} (${group.id.slice(0, 8)})` : id?.slice(0, 8);
    // a drop's own words name the rule missing (devices/ovn/words.ts); the trail, the flow
    const what =
      verdict !== 'allowed' && h.drop
        ? `${direction} ${verdict}: ${h.drop.reason}`
        : /ct\.est && !ct\.rel/.test(l)
          ? `${direction} ${verdict}: conntrack established`
          : `${direction} ${verdict} by ${sg ? `an ACL of security group ${sg}` : 'an ACL'}`;
    out.push(decision(h, what, flow));
  });
  if (h.drop && !out.length && /\bACL\b|security group/.test(h.drop.reason))
    out.push(decision(h, h.drop.reason, h.rule));
  return out;
}

function legOf(t: Topology, hops: readonly TraceHop[], packet: string): Leg {
  const mine = hops.filter((h) => h.packet === packet);
  const last = mine.at(-1);
  return {
    packet,
    fate: last?.fate === 'deliver' ? 'delivered' : last?.drop ? 'dropped' : 'onward',
    path: pathOf(t, mine),
    hops: mine.length,
    tunnels: mine.map((h) => tunnelOf(t, h)).filter((x): x is TunnelCrossing => x !== null),
    routing: mine.map((h) => routingOf(t, h)).filter((x): x is Decision => x !== null),
    nat: mine.map(natOf).filter((x): x is Decision => x !== null),
    filtering: mine.flatMap((h) => filteringOf(t, h)),
  };
}

/** The facts of a send that the compare view sets side by side. */
export function summarizeSend(t: Topology, trace: Trace): SendSummary {
  const probe = trace.probes[0];
  const first = trace.packets.find((p) => p.kind !== 'arp-request' && p.kind !== 'arp-reply');
  const request = probe?.request ?? first?.id ?? null;
  const legs = [request, probe?.answer ?? null]
    .filter((p): p is string => p !== null)
    .map((p) => legOf(t, trace.hops, p));
  const hosts: PathHost[] = [];
  for (const p of pathOf(t, trace.hops)) if (!hosts.some((x) => x.name === p.name)) hosts.push(p);
  return {
    verdict: trace.verdict,
    reason: trace.reason,
    hops: trace.stats.hops,
    packets: trace.stats.packets,
    hosts,
    legs,
    networkNodeVisits: legs.reduce((n, l) => n + l.path.filter((p) => p.role === 'network').length, 0),
  };
}
