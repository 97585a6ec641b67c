// The sentence a screen reader says for a step of playback (issue #19): which packet, at which device on
// which host, what the device did, and the rule that decided it, in one sentence. The device's own words
// (TraceHop.action) are kept, only the arrows of its shorthand read as words; the rule is said as written
// (an OpenFlow rule's "->" is its own syntax).
import type { TraceHop } from '../../sim';
import { shortKind } from './timeline';

/** "->" and "→" are read as "to"; runs of spaces as one. */
const spoken = (s: string) =>
  s
    .replace(/\s*(->|→)\s*/g, ' to ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * "Step 7 of 70: ARP who-has at br-int on compute1: NORMAL: broadcast in VLAN 1: flood to patch-tun;
 * rule table=60, priority=3 actions=NORMAL."
 */
export function stepSentence(h: TraceHop, step: number, total: number): string {
  const where = h.host ? `${h.device} on ${h.host}` : h.device;
  const what = spoken(h.action).replace(/[.;:]$/, '');
  const dropped = h.drop
    ? `; ${h.drop.severity === 'fatal' ? 'dropped' : 'discarded'}: ${spoken(h.drop.reason)}`
    : '';
  const rule = h.rule ? `; rule ${h.rule}` : '; no rule';
  return `Step ${step} of ${total}: ${shortKind(h)} at ${where}: ${what}${dropped}${rule}.`;
}
