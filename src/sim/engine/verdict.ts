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
  for (const p of probes) {
    if (GOOD.has(p.outcome)) continue;
    const hop = probeDrop(p, hops, packets);
    if (p.outcome === 'pending') {
      p.outcome = 'failed';
      p.summary = hop?.drop ? hop.drop.reason : 'no answer came back';
    }
    const fatal = hop?.drop?.severity === 'fatal' ? hop : null;
    const reason = p.outcome === 'failed' || !fatal ? p.summary : `${p.summary} (${fatal.drop!.reason})`;
    return {
      verdict: 'dropped',
      reason,
      dropped: at(p.outcome === 'failed' ? hop : fatal),
    };
  }
  return { verdict: 'delivered', reason: null, dropped: null };
}
