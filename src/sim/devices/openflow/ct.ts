// The ct() action of an OVS bridge: the packet goes through the kernel's connection tracker in a zone
// and comes back with ct_state, ct_mark and ct_zone set; ct(commit) makes its connection known. The
// openvswitch firewall uses reg6, the network's local VLAN, as the zone: one zone per network per host
// (neutron-facts-beyond §4; firewall.py `ct(…,zone=NXM_NX_REG6[0..15])`).
import type { SimState } from '../../engine/state';
import type { Frame } from '../../wire/frame';
import { confirm, lookup, reverse, sawReply, tupleOf } from '../conntrack';
import { CT, type FlowAction } from './flow';

/** What ct() told the packet: its state bits, its connection's mark and the zone. */
export interface CtView {
  readonly state: number;
  readonly mark: number;
  readonly zone: number;
  /** the state in conntrack's words, for the trace */
  readonly words: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID';
  readonly reply: boolean;
}

/** The conntrack table of a bridge's zone: each host's kernel has its own zones. */
export const ctZoneKey = (bridge: string, zone: number) => `ovs:${bridge}:zone${zone}`;

/** ct(zone=…): looks the packet up; a packet of a known connection moves it on (a reply establishes it). */
export function ctLookup(state: SimState, bridge: string, zone: number, frame: Frame): CtView {
  if (frame.l3.kind !== 'ipv4')
    return { state: CT.trk | CT.inv, mark: 0, zone, words: 'INVALID', reply: false };
  const ct = lookup(state, ctZoneKey(bridge, zone), frame.l3);
  if (ct.entry && ct.dir === 'reply') sawReply(ct.entry);
  const reply = ct.dir === 'reply';
  const bits =
    ct.state === 'NEW'
      ? CT.new
      : ct.state === 'ESTABLISHED'
        ? CT.est
        : ct.state === 'RELATED'
          ? CT.rel
          : CT.inv;
  return {
    state: CT.trk | bits | (reply ? CT.rpl : 0),
    mark: ct.entry?.mark ?? 0,
    zone,
    words: ct.state,
    reply,
  };
}

/** ct(commit,…): the packet's connection is confirmed in the zone (and given `mark` when set). */
export function ctCommit(
  state: SimState,
  bridge: string,
  zone: number,
  frame: Frame,
  mark: number | undefined,
): void {
  if (frame.l3.kind !== 'ipv4') return;
  const key = ctZoneKey(bridge, zone);
  const ct = lookup(state, key, frame.l3);
  let entry = ct.entry;
  if (!entry) {
    if (ct.state !== 'NEW') return;
    const t = tupleOf(frame.l3);
    entry = confirm(state, key, t, reverse(t), null, null, []);
  }
  if (mark !== undefined) entry.mark = mark;
}

/** The part of a bridge's run a ct() action reads and sets. */
export interface CtRun {
  readonly frame: Frame;
  readonly regs: readonly [number, number, number];
  ct: CtView | null;
  /** the frame as the first ct() saw it: what the firewall judged */
  judged: Frame | null;
}

/** Runs ct(…) with zone=NXM_NX_REG6[0..15]; true when the packet goes on in the action's table. */
export function ctAction(
  state: SimState,
  bridge: string,
  r: CtRun,
  a: Extract<FlowAction, { a: 'ct' }>,
): boolean {
  const zone = r.regs[1] & 0xffff;
  r.judged ??= r.frame;
  if (a.commit) ctCommit(state, bridge, zone, r.frame, a.mark);
  if (a.table === null) return false;
  r.ct = ctLookup(state, bridge, zone, r.frame);
  return true;
}
