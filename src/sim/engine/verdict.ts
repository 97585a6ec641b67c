// The verdict of a send: delivered when every probe got its answer; otherwise dropped, with the reason
// and the hop where the probe's traffic died; or loop when the hop budget ran out.
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
  let lost: TraceHop | null = null;
  for (const h of hops) {
    if (h.fate !== 'drop' || !asks.has(h.packet)) continue;
    if (
      h.kind === 'vm' ||
      h.kind === 'namespace' ||
      h.kind === 'outside-host' ||
      h.kind === 'upstream-router'
    )
      continue;
    if (h.rule?.includes('in_port="phy-')) continue;
    lost = h;
  }
  return lost
    ? `; its ARP requests got no further than ${lost.host ?? ''}${lost.host ? '/' : ''}${lost.device}: ${lost.drop?.reason ?? lost.action}`
    : '';
}

function at(h: TraceHop | null): Trace['dropped'] {
  return h ? { seq: h.seq, host: h.host, device: h.device, rule: h.rule } : null;
}

export function verdictOf(
  probes: Probe[],
  hops: readonly TraceHop[],
  packets: readonly TracePacket[],
  budgetHit: boolean,
  budget: number,
): Pick<Trace, 'verdict' | 'reason' | 'dropped'> {
  if (budgetHit) {
    const last = hops[hops.length - 1];
    return {
      verdict: 'loop',
      reason: `hop budget of ${budget} exhausted: the packets are looping or flooding without end`,
      dropped: at(last ?? null),
    };
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
