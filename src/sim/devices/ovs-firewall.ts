// What the openvswitch firewall's flows decided about a packet on br-int, in words: which security
// group rule let it through, or which flow of which table dropped it and what rule it lacked
// (neutron-facts-beyond §4). The flows carry a note of what they decide (realize/ovs-firewall-flows.ts);
// this reads the notes along the trail of flows a packet matched.
import type { SecurityGroupRule } from '../model/types';
import { FW_TABLE_NAMES } from '../realize/ovs-firewall-flows';
import type { Frame } from '../wire/frame';
import type { CtView } from './openflow/ct';
import { type Flow, matchText } from './openflow/flow';

export interface FirewallDecision {
  readonly allowed: boolean;
  /** for each direction the packet was judged in (egress then ingress on one host), in words */
  readonly words: string;
  /** for a drop: the firewall flow that decided it (the one that sent it to the drop table) */
  readonly flow: Flow | null;
}

const tableWords = (t: number) => `table ${t}${FW_TABLE_NAMES[t] ? ` (${FW_TABLE_NAMES[t]})` : ''}`;

/** "ingress tcp 22 from 0.0.0.0/0", as the hybrid driver's words put a rule. */
export function ruleWords(r: SecurityGroupRule): string {
  const ports =
    r.port_range_min === null
      ? ''
      : ` ${r.port_range_min}${r.port_range_max !== null && r.port_range_max !== r.port_range_min ? `-${r.port_range_max}` : ''}`;
  const peer = r.direction === 'ingress' ? 'from' : 'to';
  const remote = r.remote_group_id
    ? ` ${peer} group members`
    : r.remote_ip_prefix
      ? ` ${peer} ${r.remote_ip_prefix}`
      : '';
  return `${r.direction} ${r.protocol ?? 'any'}${ports}${remote}`;
}

/** "TCP to port 80 from 203.0.113.10" (ingress), "ICMP to 192.168.2.5" (egress). */
function packetWords(frame: Frame, direction: 'ingress' | 'egress'): string {
  if (frame.l3.kind !== 'ipv4') return `ARP from ${frame.l3.spa} (${frame.eth.src})`;
  const ip = frame.l3;
  const l4 = ip.l4;
  const what = l4.kind === 'icmp' ? 'ICMP' : `${l4.kind.toUpperCase()} to port ${l4.dport}`;
  if (direction === 'ingress') return `${what} from ${ip.src}`;
  return l4.kind === 'icmp' ? `ICMP to ${ip.dst}` : `${what} of ${ip.dst}`;
}

/** The rule of an allowing flow that fits the packet best: of its protocol, else any. */
function ruleFor(rules: readonly SecurityGroupRule[], frame: Frame): SecurityGroupRule | undefined {
  const proto = frame.l3.kind === 'ipv4' ? frame.l3.l4.kind : null;
  return rules.find((r) => r.protocol === proto) ?? rules[0];
}

/** The drop table the deciding flow sent the packet to, if it did not drop it itself. */
const sentTo = (f: Flow) => f.actions.find((a) => a.a === 'resubmit')?.table ?? null;

/**
 * The firewall's decision along a trail of flows, or null when no firewall flow took part (a trusted
 * port's traffic, or a bridge without the firewall). `frame` is the packet as the firewall saw it.
 */
export function firewallDecision(
  trail: readonly Flow[],
  frame: Frame,
  ct: CtView | null,
): FirewallDecision | null {
  const judged = trail.filter((f) => f.fw);
  if (judged.length === 0) return null;
  const last = judged[judged.length - 1]!;
  const note = last.fw!;
  const dropped = note.verdict !== 'allow' && note.verdict !== 'established' && note.verdict !== 'related';
  if (dropped) {
    const to = sentTo(last);
    const match = matchText(last);
    const flow = `${tableWords(last.table)} flow priority=${last.priority}${match ? `,${match}` : ''}`;
    const where =
      note.verdict === 'removed-rule' && last.actions.some((a) => a.a === 'ct')
        ? `${flow} marks its connection ct_mark=0x1 and drops it`
        : to !== null
          ? `${flow} sends it to ${tableWords(to)}`
          : `${flow} drops it`;
    const what = packetWords(frame, note.direction);
    const why =
      note.verdict === 'no-rule'
        ? `no ${note.direction} rule of the port's security groups (${note.groups}) allows ${what}`
        : note.verdict === 'invalid'
          ? `conntrack state INVALID for ${what}`
          : note.verdict === 'removed-rule'
            ? `no ${note.direction} rule of the port's security groups (${note.groups}) allows ${what} any more`
            : note.verdict === 'dhcp-spoof'
              ? `a DHCP server reply from the VM (${what}) is not let out`
              : frame.l3.kind === 'ipv4'
                ? `anti-spoofing: ${frame.l3.src} / ${frame.eth.src} is not the port's own address`
                : `anti-spoofing: ARP for ${frame.l3.spa} from ${frame.eth.src} is not the port's own address`;
    return { allowed: false, words: `${why}: ${where}`, flow: last };
  }
  // one phrase per direction: egress then ingress when both ends are on this host
  const phrases: string[] = [];
  for (const direction of ['egress', 'ingress'] as const) {
    const f = judged.filter((x) => x.fw!.direction === direction).at(-1);
    if (!f) continue;
    const n = f.fw!;
    if (n.verdict === 'allow') {
      const r = n.rules ? ruleFor(n.rules, frame) : undefined;
      phrases.push(
        r
          ? `${direction} allowed by security group rule ${r.id.slice(0, 8)} (${ruleWords(r)}), ${tableWords(f.table)}`
          : `${direction} allowed, ${tableWords(f.table)}`,
      );
    } else
      phrases.push(
        `${direction} allowed: conntrack ${n.verdict === 'related' ? 'RELATED' : 'ESTABLISHED'}${ct ? ` (zone ${ct.zone})` : ''}, ${tableWords(f.table)}`,
      );
  }
  return { allowed: true, words: phrases.join('; '), flow: null };
}
