// The verdict of a send: delivered when every probe got its answer; otherwise dropped, with the reason
// and the hop where the probe's traffic died; or loop, when a probe's packet went round between the same
// routers (routed twice by one router toward one destination) or the hop budget ran out.
//
// The cause of a drop is the drop that ended the last copy of the packet that could still reach its
// target: a fatal drop, never a flooded copy that was merely discarded.
import type { Trace, TraceHop, TracePacket } from './trace';
import type { Probe } from './types';

const GOOD = new Set(['reply', 'established', 'delivered', 'refused']);

function probeDrop(
  probe: Probe,
  hops: readonly TraceHop[],
  packets: readonly TracePacket[],
): TraceHop | null {
  const mine = new Set(packets.filter((p) => p.probe === probe.n).map((p) => p.id));
  let fatal: TraceHop | null = null;
  let discardAtNetwork: TraceHop | null = null;
  for (const h of hops) {
    if (h.fate !== 'drop' || !mine.has(h.packet) || !h.drop) continue;
    if (h.drop.severity === 'fatal') fatal = h;
    else if (
      !discardAtNetwork &&
      (h.kind === 'ovs-bridge' || h.kind === 'underlay') &&
      /drop|no flow|miss/i.test(h.action)
    )
      discardAtNetwork = h;
  }
  return fatal ?? discardAtNetwork;
}

/**
 * When ARP failed, where its requests got lost is what the user needs to know: a port in the dead
 * VLAN, a host cut off the underlay, a VNI nobody maps, no host to flood to. Copies that br-ex drops
 * (a local VLAN of a tenant network never reaches the wire) say nothing.
 */
function arpHint(
  probe: Probe,
  fatal: TraceHop,
  hops: readonly TraceHop[],
  packets: readonly TracePacket[],
): string {
  const m = /no ARP reply for (\S+)/.exec(fatal.drop?.reason ?? '');
  if (!m) return '';
  const asks = new Set(
    packets
      .filter((p) => p.probe === probe.n && p.kind === 'arp-request' && p.label.includes(`who-has ${m[1]} `))
      .map((p) => p.id),
  );
  // the copy that got furthest: a fatal drop (a device refusing the frame) first; flooded copies that
  // were merely discarded, and hosts ignoring an ARP for someone else, only when nothing refused it
  const bySeq = new Map(hops.map((h) => [h.seq, h]));
  const drops = hops.filter(
    (h) =>
      h.fate === 'drop' &&
      asks.has(h.packet) &&
      h.kind !== 'vm' &&
      h.kind !== 'namespace' &&
      h.kind !== 'outside-host' &&
      !h.rule?.includes('in_port="phy-'),
  );
  const refused = drops.filter((h) => h.drop?.severity === 'fatal');
  const furthest = (list: TraceHop[]) =>
    list.reduce<TraceHop | null>((a, h) => (!a || depthOf(h, bySeq) >= depthOf(a, bySeq) ? h : a), null);
  const lost = furthest(refused.length ? refused : drops);
  return lost
    ? `; its ARP requests got no further than ${lost.host ?? ''}${lost.host ? '/' : ''}${lost.device}: ${lost.drop?.reason ?? lost.action}`
    : '';
}

/** How far a hop is from its packet's first hop: a copy that got further has more hops behind it. */
function depthOf(h: TraceHop, bySeq: ReadonlyMap<number, TraceHop>): number {
  let d = 0;
  for (let p = h.parent; p !== null; p = bySeq.get(p)?.parent ?? null) d++;
  return d;
}

/** The destination route a routing hop used: the first line of its rule in `ip route` form. */
function routeOf(h: TraceHop): string | null {
  for (const line of (h.rule ?? '').split('\n')) {
    const m = /^(default|\d+\.\d+\.\d+\.\d+(?:\/\d+)?)\s/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}

export interface RoutingLoop {
  /** the routers the packet went round, in the order it met them first */
  devices: string[];
  /** the route that sent it round */
  route: string | null;
  /** the hop where its TTL ran out, if it did */
  expired: TraceHop | null;
}

/**
 * Whether a packet went round between the same routers: one device routed it twice (its TTL went down
 * there twice) toward the same destination. A packet a router translates and routes once more (a
 * floating IP reached from behind the same router) has a new destination the second time.
 */
export function routingLoop(hops: readonly TraceHop[], packet: string): RoutingLoop | null {
  const routed = hops.filter(
    (h) => h.packet === packet && h.frame.ip && h.changes.some((c) => /^ttl \d+ -> \d+$/.test(c)),
  );
  const first = new Map<string, number>();
  for (const [i, h] of routed.entries()) {
    const key = `${h.deviceId}>${h.frame.ip!.dst}`;
    const prev = first.get(key);
    if (prev === undefined) {
      first.set(key, i);
      continue;
    }
    const round = routed.slice(prev, i);
    const expired =
      hops.find((x) => x.packet === packet && x.fate === 'drop' && /\bTTL\b/.test(x.action)) ?? null;
    return { devices: [...new Set(round.map((x) => x.device))], route: routeOf(round[0]!), expired };
  }
  return null;
}

function at(h: TraceHop | null): Trace['dropped'] {
  return h ? { seq: h.seq, host: h.host, device: h.device, rule: h.rule } : null;
}

/** "routing loop between router1 and router2 for 10.99.0.0/16, TTL exceeded at router2". */
function loopSentence(loop: RoutingLoop, nameOf: (device: string) => string): string {
  const names = loop.devices.map(nameOf);
  const between =
    names.length === 1 ? `at ${names[0]}` : `between ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const end = loop.expired ? `, TTL exceeded at ${nameOf(loop.expired.device)}` : '';
  return `routing loop ${between}${loop.route ? ` for ${loop.route}` : ''}${end}`;
}

/**
 * The verdict of a send. `nameOf` gives a device's name as a user knows it (a router's name for its
 * qrouter namespace). A routing loop is told as one: its sentence is the verdict's reason and the
 * reason on the hop where the TTL ran out, so the headline, the command line and the event list say it.
 */
export function verdictOf(
  probes: Probe[],
  hops: readonly TraceHop[],
  packets: readonly TracePacket[],
  budgetHit: boolean,
  budget: number,
  nameOf: (device: string) => string = (d) => d,
): Pick<Trace, 'verdict' | 'reason' | 'dropped'> {
  const loopOf = (p: Probe) => {
    const loop = p.request ? routingLoop(hops, p.request) : null;
    if (!loop) return null;
    const sentence = loopSentence(loop, nameOf);
    if (loop.expired?.drop) loop.expired.drop = { ...loop.expired.drop, reason: sentence };
    return { verdict: 'loop' as const, reason: sentence, dropped: at(loop.expired) };
  };
  if (budgetHit) {
    const last = hops[hops.length - 1];
    const loop = probes.map(loopOf).find((l) => l !== null);
    return (
      loop ?? {
        verdict: 'loop',
        reason: `hop budget of ${budget} exhausted: the packets are looping or flooding without end`,
        dropped: at(last ?? null),
      }
    );
  }
  // Every probe gets its outcome; the verdict speaks of the first that failed.
  let first: Pick<Trace, 'verdict' | 'reason' | 'dropped'> | null = null;
  for (const p of probes) {
    if (GOOD.has(p.outcome)) continue;
    const hop = probeDrop(p, hops, packets);
    if (p.outcome === 'pending') {
      p.outcome = 'failed';
      p.summary = hop?.drop ? hop.drop.reason : 'no answer came back';
    }
    if (first) continue;
    first = loopOf(p);
    if (first) continue;
    const fatal = hop?.drop?.severity === 'fatal' ? hop : null;
    const hint = fatal ? arpHint(p, fatal, hops, packets) : '';
    const reason =
      p.outcome === 'failed' || !fatal
        ? `${p.summary}${hint}`
        : `${p.summary} (${fatal.drop!.reason}${hint})`;
    first = { verdict: 'dropped', reason, dropped: at(p.outcome === 'failed' ? hop : fatal) };
  }
  if (first) return first;
  return { verdict: 'delivered', reason: null, dropped: null };
}
