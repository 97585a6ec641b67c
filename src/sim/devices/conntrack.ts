// Connection tracking: NEW, ESTABLISHED, RELATED and INVALID, and the NAT bindings a connection keeps,
// so that replies are translated back without consulting the nat rules again (as netfilter does).

import { type CtEntry, type CtTuple, conntrackOf, type SimState, tupleKey } from '../engine/state';
import type { Ipv4 } from '../wire/frame';
import { l4Ports } from '../wire/frame';

export function tupleOf(ip: Ipv4): CtTuple {
  const { sport, dport } = l4Ports(ip.l4);
  return { proto: ip.l4.kind, src: ip.src, sport, dst: ip.dst, dport };
}

export function reverse(t: CtTuple): CtTuple {
  return { proto: t.proto, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport };
}

export interface CtLookup {
  entry: CtEntry | null;
  dir: 'orig' | 'reply' | null;
  state: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID';
}

/**
 * Is this a packet that can only answer something (and so is INVALID without a connection)? A SYN
 * opens one; so does a lone ACK, which Linux picks up as a connection already under way
 * (nf_conntrack_tcp_loose=1, the default: tcp_new() in nf_conntrack_proto_tcp.c). A SYN-ACK, a FIN or
 * a RST for no connection is INVALID.
 */
function answerOnly(ip: Ipv4): boolean {
  const l4 = ip.l4;
  if (l4.kind === 'icmp') return l4.type === 'echo-reply';
  if (l4.kind === 'tcp') return l4.flags !== 'S' && l4.flags !== 'A';
  return false;
}

export function lookup(state: SimState, zone: string, ip: Ipv4): CtLookup {
  const ct = conntrackOf(state, zone);
  if (ip.l4.kind === 'icmp' && ip.l4.quoted) {
    // an ICMP error is RELATED to the connection of the packet it quotes
    // The quoted packet went out in one direction; its error comes back in the other.
    const q: CtTuple = { ...ip.l4.quoted };
    const hit = ct.byTuple.get(tupleKey(reverse(q))) ?? ct.byTuple.get(tupleKey(q));
    if (!hit) return { entry: null, dir: null, state: 'INVALID' };
    const dir =
      ct.byTuple.get(tupleKey(reverse(q))) === hit ? hit.dir : hit.dir === 'orig' ? 'reply' : 'orig';
    return { entry: hit.entry, dir, state: 'RELATED' };
  }
  const hit = ct.byTuple.get(tupleKey(tupleOf(ip)));
  if (hit) {
    hit.entry.at = state.clock;
    const ctstate = hit.dir === 'reply' || hit.entry.state === 'ESTABLISHED' ? 'ESTABLISHED' : 'NEW';
    return { entry: hit.entry, dir: hit.dir, state: ctstate };
  }
  return { entry: null, dir: null, state: answerOnly(ip) ? 'INVALID' : 'NEW' };
}

/** Confirms a new connection once its first packet has passed. */
export function confirm(
  state: SimState,
  zone: string,
  orig: CtTuple,
  reply: CtTuple,
  dnat: string | null,
  snat: string | null,
  natRules: string[],
): CtEntry {
  const ct = conntrackOf(state, zone);
  const entry: CtEntry = { orig, reply, state: 'NEW', dnat, snat, natRules, zone, at: state.clock };
  ct.byTuple.set(tupleKey(orig), { entry, dir: 'orig' });
  ct.byTuple.set(tupleKey(reply), { entry, dir: 'reply' });
  return entry;
}

/** A packet in the reply direction makes the connection ESTABLISHED. */
export function sawReply(entry: CtEntry): void {
  entry.state = 'ESTABLISHED';
}
