// Why a logical pipeline dropped a packet, in words that name what a person would change: for an ACL
// drop, the security groups of the port and the rule none of them has (neutron-facts-beyond §3.3).
import type { SbDatapath } from '../../realize/ovn/db';
import type { RunState } from './pipeline';

function flowWords(rs: RunState): string {
  const f = rs.pkt.frame;
  if (f.l3.kind === 'arp') return `ARP ${f.l3.spa} > ${f.l3.tpa}`;
  const l4 = f.l3.l4;
  const what =
    l4.kind === 'icmp'
      ? `icmp ${l4.type}`
      : `${l4.kind} ${l4.kind === 'tcp' || l4.kind === 'udp' ? `port ${l4.dport}` : ''}`;
  return `${what} from ${f.l3.src} to ${f.l3.dst}`;
}

/** The reason of a drop in a pipeline. */
export function dropWords(rs: RunState, dp: SbDatapath): string {
  const d = rs.decider;
  const acl = d?.acl;
  if (!acl) return rs.dropWhy ?? `dropped in ${dp.aka || dp.name}`;
  const ingress = acl.direction === 'to-lport';
  const port = ingress ? rs.pkt.outport : rs.pkt.inport;
  const groups = rs.br.db.nb.portGroups.filter((g) => g.sgId && port && g.ports.has(port));
  const names = groups.map((g) => g.sgName).join(', ') || 'none';
  const b = port ? rs.br.db.ports.get(port) : undefined;
  if (acl.rule === null)
    return `${flowWords(rs)}: no ${ingress ? 'ingress' : 'egress'} rule of security group ${names} of ${b?.label ?? port} allows it, so the ${acl.sgName} ACL (${acl.direction}, priority ${d.priority - 1000}) drops it`;
  return `${flowWords(rs)}: dropped by the ACL of security group ${acl.sgName} rule ${acl.rule.id}`;
}
