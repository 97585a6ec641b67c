// The filter table of a router's namespace at work (neutron-facts §8, realize/l3-iptables.ts): INPUT
// lets only metadata requests the mangle table marked reach the proxy's port; FORWARD sends every packet
// through the address-scope chain, which drops a packet leaving by a port whose scope mark it lacks.
// The packet's mark is the one mangle PREROUTING gave it (nat.ts).
import type { Ctx } from '../../engine/types';
import type { IptRule, StackDevice } from '../../realize/dataplane';
import { type Ipv4, ipLength, l4Ports } from '../../wire/frame';
import { type PacketFacts, runCounted } from '../iptables';

export interface FilterVerdict {
  /** the rule that dropped the packet, or null when it passed */
  readonly drop: IptRule | null;
  /** the rule that accepted it, when one did (the policy ACCEPT names none) */
  readonly accept: IptRule | null;
}

export function filterChain(
  ctx: Ctx,
  dev: StackDevice,
  chain: 'INPUT' | 'FORWARD',
  ip: Ipv4,
  inIface: string,
  outIface: string | undefined,
  mark: number,
): FilterVerdict | null {
  const tables = dev.stack.netfilter;
  if (!tables) return null;
  const { sport, dport } = l4Ports(ip.l4);
  const facts: PacketFacts = {
    src: ip.src,
    dst: ip.dst,
    proto: ip.l4.kind,
    sport,
    dport,
    icmpType: null,
    icmpCode: null,
    inIface,
    ...(outIface === undefined ? {} : { outIface }),
    ctstate: 'NEW',
    dnatted: false,
    mark,
  };
  // mangle's chain of the same hook first: only jumps to the agent's empty wrapped chain, but it counts
  runCounted(ctx.state, dev.id, 'mangle', tables.mangle, chain, facts, ctx.plane.ipsets, ipLength(ip));
  const res = runCounted(
    ctx.state,
    dev.id,
    'filter',
    tables.filter,
    chain,
    facts,
    ctx.plane.ipsets,
    ipLength(ip),
  );
  if (res.target?.t === 'drop') return { drop: res.rule, accept: null };
  return { drop: null, accept: res.target?.t === 'accept' ? res.rule : null };
}
