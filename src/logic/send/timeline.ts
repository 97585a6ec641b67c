// How a trace is played: its hops grouped into steps. The UI computes no network behaviour here, only
// the order of showing what the core decided.
//
// A step (a "slot") holds the hops that happen at the same simulated instant: the copies of a flood
// move together, one step per device. Within a flow, slot k moves during local time [k, k+1]; at k+1
// its hops have arrived. Flood copies that were merely discarded (an ARP broadcast reaching a VM that
// is not the target, a frame br-ex throws away) can be left out of the timeline.
import type { Trace, TraceHop } from '../../sim';

export interface Timeline {
  /** the seqs of each step, in seq order */
  slots: number[][];
  /** seq -> step, for the hops on this timeline */
  slotOf: Map<number, number>;
  /** the hops as the event list shows them, one row each: the steps in order, flattened */
  order: number[];
  /** seq -> its row in `order`. Row + 1 is the hop's number everywhere the UI shows one (the event
   * list's #, the step counter, the hop inspector), so the three always agree */
  rowOf: Map<number, number>;
}

export interface FlowData {
  bySeq: Map<number, TraceHop>;
  /** seq -> seqs of the hops it sent frames to */
  children: Map<number, number[]>;
  /** discarded flood copies and everything after them */
  discarded: Set<number>;
  /** hops whose packet went through NAT at this hop or before */
  natted: Set<number>;
  /** the hop before, for "what changed": the parent, or the packet's previous hop when it resumed */
  prevOf: Map<number, number>;
  /** a held hop (waiting for ARP) -> the hop where the packet goes on */
  resumeOf: Map<number, number>;
  /** hops that stay in view after their step: packets waiting for ARP, fatal drops */
  lingering: number[];
  full: Timeline;
  lean: Timeline;
}

function timelineOf(hops: TraceHop[], skip: Set<number>): Timeline {
  const times = [...new Set(hops.filter((h) => !skip.has(h.seq)).map((h) => h.t))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const slots: number[][] = times.map(() => []);
  const slotOf = new Map<number, number>();
  for (const h of hops) {
    if (skip.has(h.seq)) continue;
    const k = index.get(h.t)!;
    slots[k]!.push(h.seq);
    slotOf.set(h.seq, k);
  }
  const order = slots.flat();
  return { slots, slotOf, order, rowOf: new Map(order.map((s, i) => [s, i])) };
}

export function flowData(trace: Trace): FlowData {
  const hops = [...trace.hops].sort((a, b) => a.seq - b.seq);
  const bySeq = new Map(hops.map((h) => [h.seq, h]));
  const children = new Map<number, number[]>();
  for (const h of hops) {
    if (h.parent === null) continue;
    const list = children.get(h.parent);
    if (list) list.push(h.seq);
    else children.set(h.parent, [h.seq]);
  }
  // a hop whose every branch ends in a discarded copy (children come after parents: walk backwards)
  const deadEnd = new Set<number>();
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = hops[i]!;
    const kids = children.get(h.seq);
    if (kids ? kids.every((k) => deadEnd.has(k)) : h.drop?.severity === 'discard') deadEnd.add(h.seq);
  }
  // hide a dead-end copy only when a sibling copy went on: a flood nobody answered stays in view
  const discarded = new Set<number>();
  for (const h of hops) {
    if (h.parent === null) continue;
    if (discarded.has(h.parent)) discarded.add(h.seq);
    else if (deadEnd.has(h.seq) && children.get(h.parent)!.some((s) => !deadEnd.has(s))) discarded.add(h.seq);
  }
  const prevOf = new Map<number, number>();
  const resumeOf = new Map<number, number>();
  const lastOfPacket = new Map<string, number>();
  const natted = new Set<number>();
  for (const h of hops) {
    const before = h.parent ?? lastOfPacket.get(h.packet);
    if (before !== undefined) prevOf.set(h.seq, before);
    // a packet that waited for ARP resumes from its hold hop (its parent, or its previous hop)
    if (before !== undefined && bySeq.get(before)?.fate === 'hold') resumeOf.set(before, h.seq);
    if ((before !== undefined && natted.has(before)) || h.changes.some((c) => /^(SNAT|DNAT)\b/.test(c)))
      natted.add(h.seq);
    lastOfPacket.set(h.packet, h.seq);
  }
  return {
    bySeq,
    children,
    discarded,
    natted,
    prevOf,
    resumeOf,
    lingering: hops.filter((h) => h.fate === 'hold' || h.drop?.severity === 'fatal').map((h) => h.seq),
    full: timelineOf(hops, new Set()),
    lean: timelineOf(hops, discarded),
  };
}

/** The step in a flow whose hops are moving or have just arrived at `u` (local time); -1 before. */
export function reachedSlot(tl: Timeline, u: number): number {
  if (u <= 0) return -1;
  return Math.min(Math.ceil(u) - 1, tl.slots.length - 1);
}

/**
 * The row the playback is at: the focused hop's row once its step has been reached, else the last row
 * of the last step reached; -1 before the first step.
 */
export function currentRow(tl: Timeline, focusSeq: number | null, u: number): number {
  const reached = reachedSlot(tl, u);
  if (reached < 0) return -1;
  const row = focusSeq === null ? undefined : tl.rowOf.get(focusSeq);
  if (row !== undefined && tl.slotOf.get(focusSeq!)! <= reached) return row;
  const last = tl.slots[reached]!;
  return tl.rowOf.get(last[last.length - 1]!)!;
}

/** Where a step by one row from `row` lands: the hop of that row and the local time at which its step
 * has arrived. Stepping moves one row at a time, so it never skips a row the event list shows; the
 * rows of one step share that time. Null past either end. */
export function rowStep(tl: Timeline, row: number, dir: 1 | -1): { seq: number; u: number } | null {
  const next = row + dir;
  if (next < 0 || next >= tl.order.length) return null;
  const seq = tl.order[next]!;
  return { seq, u: tl.slotOf.get(seq)! + 1 };
}

/** The hop to show in the inspector for a step: a fatal drop, else the first hop that is no discard. */
export function primaryHop(data: FlowData, tl: Timeline, slot: number): number | null {
  const seqs = tl.slots[slot];
  if (!seqs?.length) return null;
  const hop = (s: number) => data.bySeq.get(s)!;
  return (
    seqs.find((s) => hop(s).drop?.severity === 'fatal') ??
    seqs.find((s) => hop(s).drop?.severity !== 'discard') ??
    seqs[0]!
  );
}

/** Words for a packet in the animation and the event list: "echo request", "ARP who-has", "SYN". */
export function shortKind(h: TraceHop): string {
  const f = h.frame;
  if (f.arp)
    // a request for the sender's own address announces it (a new keepalived master's)
    return f.arp.op === 'request'
      ? f.arp.spa === f.arp.tpa && f.arp.spa !== '0.0.0.0'
        ? 'gratuitous ARP'
        : 'ARP who-has'
      : 'ARP reply';
  if (f.dhcp) return `DHCP ${f.dhcp.op}`;
  if (f.icmp) {
    switch (f.icmp.type) {
      case 'echo-request':
        return 'echo request';
      case 'echo-reply':
        return 'echo reply';
      case 'dest-unreachable':
        return 'ICMP unreachable';
      case 'time-exceeded':
        return 'TTL exceeded';
      default:
        return `ICMP ${f.icmp.type}`;
    }
  }
  if (f.tcp)
    return `TCP ${({ S: 'SYN', SA: 'SYN-ACK', A: 'ACK', R: 'RST', RA: 'RST-ACK', F: 'FIN', FA: 'FIN-ACK' } as const)[f.tcp.flags as 'S'] ?? f.tcp.flags}`;
  if (f.udp) return `UDP :${f.udp.dport}`;
  return 'frame';
}
