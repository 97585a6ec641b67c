// Security groups as OVN port groups and ACLs, as the Neutron OVN driver writes them
// (neutron-facts-beyond §3.3; neutron/common/ovn/acl.py): one ACL per rule on the group's port group,
// priority 1002, allow-related; every port with port security also in neutron_pg_drop, whose drop ACLs
// (priority 1001 up to Neutron 2026.1) deny what no rule allows.
import type { SecurityGroup, SecurityGroupRule, Topology } from '../../model/types';
import type { AclSource, Match } from './lflow';
import {
  and,
  icmp4,
  icmpCode,
  icmpType,
  inportIn,
  ip,
  ip4,
  ip4Addr,
  ip4InSet,
  l4Dst,
  outportIn,
  tcp,
  udp,
} from './match';
import { PG_DROP, pgAddrSet, pgName, rowUuid } from './names';

/** neutron/common/ovn/constants.py ACL_PRIORITY_ALLOW, and the drop priority of Neutron 2026.1. */
export const ACL_PRIORITY_ALLOW = 1002;
export const ACL_PRIORITY_DROP = 1001;
/** northd adds OVN_ACL_PRI_OFFSET to an ACL's priority for its logical flow. */
export const ACL_PRI_OFFSET = 1000;

export interface Acl {
  readonly uuid: string;
  readonly direction: 'from-lport' | 'to-lport';
  readonly priority: number;
  readonly action: 'allow-related' | 'drop';
  readonly m: Match;
  readonly source: AclSource;
}

export interface PortGroup {
  readonly uuid: string;
  readonly name: string;
  readonly sgId: string | null;
  readonly sgName: string | null;
  /** logical port names (Neutron port ids) */
  readonly ports: ReadonlySet<string>;
  readonly acls: readonly Acl[];
}

/** The match of a rule's ACL, clause by clause as acl.py builds it. */
function ruleMatch(
  sg: SecurityGroup,
  r: SecurityGroupRule,
  members: ReadonlySet<string>,
  addrSets: ReadonlyMap<string, ReadonlySet<string>>,
): Match {
  const ingress = r.direction === 'ingress';
  const parts: Match[] = [
    ingress ? outportIn(pgName(sg.id), members) : inportIn(pgName(sg.id), members),
    ip4,
  ];
  const remoteEnd = ingress ? 'src' : 'dst';
  if (r.remote_ip_prefix) parts.push(ip4Addr(remoteEnd, r.remote_ip_prefix));
  else if (r.remote_group_id)
    parts.push(
      ip4InSet(remoteEnd, pgAddrSet(r.remote_group_id), addrSets.get(r.remote_group_id) ?? new Set()),
    );
  if (r.protocol === 'icmp') {
    parts.push(icmp4);
    if (r.port_range_min !== null) parts.push(icmpType(r.port_range_min));
    if (r.port_range_max !== null) parts.push(icmpCode(r.port_range_max));
  } else if (r.protocol === 'tcp' || r.protocol === 'udp') {
    parts.push(r.protocol === 'tcp' ? tcp : udp);
    if (r.port_range_min !== null)
      parts.push(l4Dst(r.protocol, r.port_range_min, r.port_range_max ?? r.port_range_min));
  }
  return and(...parts);
}

/** The port groups of a cloud: one per security group, and neutron_pg_drop. */
export function portGroups(t: Topology): PortGroup[] {
  const membersOf = new Map<string, Set<string>>();
  const addrSets = new Map<string, Set<string>>();
  const dropMembers = new Set<string>();
  for (const g of t.security_groups) {
    membersOf.set(g.id, new Set());
    addrSets.set(g.id, new Set());
  }
  for (const p of t.ports) {
    if (!p.port_security_enabled || p.device_owner.startsWith('network:')) continue;
    dropMembers.add(p.id);
    for (const g of p.security_groups) {
      membersOf.get(g)?.add(p.id);
      for (const f of p.fixed_ips) addrSets.get(g)?.add(f.ip_address);
    }
  }
  const out: PortGroup[] = t.security_groups.map((sg) => {
    const members = membersOf.get(sg.id)!;
    return {
      uuid: rowUuid(`pg|${sg.id}`),
      name: pgName(sg.id),
      sgId: sg.id,
      sgName: sg.name,
      ports: members,
      acls: sg.rules.map((r) => ({
        uuid: rowUuid(`acl|${r.id}`),
        direction: r.direction === 'ingress' ? 'to-lport' : 'from-lport',
        priority: ACL_PRIORITY_ALLOW,
        action: 'allow-related',
        m: ruleMatch(sg, r, members, addrSets),
        source: { sgId: sg.id, sgName: sg.name, rule: r },
      })),
    };
  });
  const drop = (direction: 'from-lport' | 'to-lport'): Acl => ({
    uuid: rowUuid(`acl|drop|${direction}`),
    direction,
    priority: ACL_PRIORITY_DROP,
    action: 'drop',
    m: and(direction === 'from-lport' ? inportIn(PG_DROP, dropMembers) : outportIn(PG_DROP, dropMembers), ip),
    source: { sgId: '', sgName: PG_DROP, rule: null },
  });
  out.push({
    uuid: rowUuid('pg|drop'),
    name: PG_DROP,
    sgId: null,
    sgName: null,
    ports: dropMembers,
    acls: [drop('from-lport'), drop('to-lport')],
  });
  return out;
}
