// A port's security group rules as flows of the openvswitch firewall's rules tables, 72 (egress) and
// 82 (ingress) (neutron-facts-beyond §4; neutron agent/linux/openvswitch_firewall/rules.py and
// firewall.py `add_flows_from_rules`, `_add_non_ip_conj_flows`, ConjIdMap, ConjIPFlowManager).
// - A rule becomes two flows, one for the packets of a connection already accepted (+est-rel-rpl) and
//   one for a new connection (+new-est), at priority 70 + an offset that puts narrower rules first.
// - A rule with a remote group is a conjunction: dimension 2 is the rule on this port, dimension 1 the
//   addresses of the group's members on the port's network (reg6), and conj_id=<id> accepts and keeps
//   the id in reg7. Ids come in blocks of 8 per (group, remote group, direction), from 8 up.
import type { Flow, FlowAction, FlowMatch } from '../devices/openflow/flow';
import type { SecurityGroupId, SecurityGroupRule, Topology } from '../model/types';
import { CT_STATES, type FirewallPort, FW, resubmit } from './ovs-firewall-flows';
import { portRuleMasking } from './port-masks';

type Direction = 'ingress' | 'egress';
type Match = { -readonly [K in keyof FlowMatch]: FlowMatch[K] };

/** rules.py `flow_priority_offset`: a rule with ports or an ICMP type and code goes before one without. */
export function priorityOffset(r: SecurityGroupRule, conjunction: boolean): number {
  const base = r.remote_group_id || conjunction ? 0 : 4;
  if (r.protocol === null) return base;
  if (r.protocol === 'icmp') {
    if (r.port_range_min === null) return base + 1;
    if (r.port_range_max === null) return base + 2;
  }
  return base + 3;
}

const tableOf = (d: Direction) => (d === 'ingress' ? FW.RULES_INGRESS : FW.RULES_EGRESS);

/** What a rule accepts with: out to the port (ingress) or on to table 73 (egress) (`populate_flow_common`). */
const acceptedBy = (p: FirewallPort, d: Direction): FlowAction[] =>
  d === 'ingress' ? [{ a: 'output', port: p.name }] : [resubmit(FW.ACCEPT_OR_INGRESS)];

/** The new-connection flavour of an accepting flow: ingress commits, delivers and tells table 92. */
const acceptedNew = (p: FirewallPort, d: Direction): FlowAction[] =>
  d === 'ingress'
    ? [{ a: 'ct', commit: true, table: null }, ...acceptedBy(p, d), resubmit(FW.ACCEPTED_INGRESS_TRAFFIC)]
    : acceptedBy(p, d);

/** The matches of one rule on one port (`create_flows_from_rule_and_port`), one per port block. */
function ruleMatches(p: FirewallPort, r: SecurityGroupRule): Match[] {
  const m: Match = { ip: true, reg5: p.ofport };
  const prefix = r.remote_ip_prefix && r.remote_ip_prefix !== '0.0.0.0/0' ? r.remote_ip_prefix : null;
  if (prefix) {
    if (r.direction === 'ingress') m.nw_src = prefix;
    else m.nw_dst = prefix;
  }
  if (r.protocol === null) return [m];
  m.nw_proto = r.protocol;
  if (r.protocol === 'icmp') {
    if (r.port_range_min !== null) m.icmp_type = r.port_range_min;
    if (r.port_range_min !== null && r.port_range_max !== null) m.icmp_code = r.port_range_max;
    return [m];
  }
  if (r.port_range_min === null) return [m];
  return portRuleMasking(r.port_range_min, r.port_range_max ?? r.port_range_min).map((b) =>
    b.mask === null ? { ...m, tp_dst: b.value } : { ...m, tp_dst: b.value, tp_dst_mask: b.mask },
  );
}

/** Conjunction ids of one host's agent: a block of 8 per (group, remote group, direction). */
export class ConjIds {
  private readonly ids = new Map<string, number>();
  private next = 8;
  base(group: string, remote: string, d: Direction): number {
    const key = `${group}|${remote}|${d}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.next;
      this.next += 8;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** A remote group's use on one port: what its member flows must feed (per network and direction). */
export interface RemoteUse {
  readonly lvid: number;
  readonly direction: Direction;
  readonly remote: SecurityGroupId;
  /** the base conj id plus twice the priority offset */
  readonly conjId: number;
}

/** The flows of a port's security group rules; the remote groups they use are added to `uses`. */
export function ruleFlows(p: FirewallPort, conj: ConjIds, uses: RemoteUse[]): Flow[] {
  const flows: Flow[] = [];
  /** dimension 2 of the conjunctions: rules of one match share a flow, with one conjunction() each
   *  (`_add_non_ip_conj_flows` merges them: two flows of one match would replace each other) */
  const dimension2 = new Map<string, Flow>();
  const groups = p.groups.map((g) => g.name).join(', ');
  /** conj id -> the remote group rules it accepts for */
  const byConj = new Map<number, { d: Direction; rules: SecurityGroupRule[] }>();
  for (const g of p.groups)
    for (const r of g.rules) {
      const d = r.direction;
      const note = { direction: d, verdict: 'allow' as const, groups, rules: [r] };
      if (!r.remote_group_id) {
        const priority = 70 + priorityOffset(r, false);
        for (const match of ruleMatches(p, r))
          flows.push(
            {
              table: tableOf(d),
              priority,
              match: { ...match, ct_state: CT_STATES.ESTABLISHED_NOT_REPLY },
              actions: acceptedBy(p, d),
              why: `security group ${g.name}: ${d} rule ${r.id.slice(0, 8)}, a connection it accepted`,
              fw: note,
            },
            {
              table: tableOf(d),
              priority,
              match: { ...match, ct_state: CT_STATES.NEW_NOT_ESTABLISHED },
              actions: acceptedNew(p, d),
              why: `security group ${g.name}: ${d} rule ${r.id.slice(0, 8)} accepts a new connection`,
              fw: note,
            },
          );
        continue;
      }
      const offset = priorityOffset(r, true);
      const id = conj.base(g.id, r.remote_group_id, d) + offset * 2;
      const seen = byConj.get(id);
      if (seen) seen.rules.push(r);
      else byConj.set(id, { d, rules: [r] });
      if (!uses.some((u) => u.conjId === id && u.lvid === p.lvid))
        uses.push({ lvid: p.lvid, direction: d, remote: r.remote_group_id, conjId: id });
      const bare = { ...r, remote_group_id: null };
      for (const match of ruleMatches(p, bare))
        for (const [i, state] of [CT_STATES.ESTABLISHED_NOT_REPLY, CT_STATES.NEW_NOT_ESTABLISHED].entries()) {
          const m = { ...match, ct_state: state };
          const key = `${tableOf(d)}|${70 + offset}|${JSON.stringify(m)}`;
          const before = dimension2.get(key);
          const action: FlowAction = { a: 'conjunction', id: id + i, k: 2, n: 2 };
          dimension2.set(key, {
            table: tableOf(d),
            priority: 70 + offset,
            match: m,
            actions: before ? [...before.actions, action] : [action],
            why: `security group ${g.name}: ${d} rule ${r.id.slice(0, 8)} on ${p.name}, dimension 2 of its conjunction`,
          });
        }
    }
  flows.push(...dimension2.values());
  // the accepting flow of each conjunction (`create_conj_flows`); the id is kept in reg7
  for (const [id, { d, rules }] of byConj) {
    const note = { direction: d, verdict: 'allow' as const, groups, rules };
    const priority = 70 + ((id % 8) >> 1);
    const m: Match = { ip: true, reg5: p.ofport };
    flows.push(
      {
        table: tableOf(d),
        priority,
        match: { ...m, conj_id: id, ct_state: CT_STATES.ESTABLISHED_NOT_REPLY },
        actions: [{ a: 'load_reg', reg: 7, value: id }, ...acceptedBy(p, d)],
        why: `conjunction ${id}: a connection a rule for group members accepted`,
        fw: note,
      },
      {
        table: tableOf(d),
        priority,
        match: { ...m, conj_id: id + 1, ct_state: CT_STATES.NEW_NOT_ESTABLISHED },
        actions: [{ a: 'load_reg', reg: 7, value: id + 1 }, ...acceptedNew(p, d)],
        why: `conjunction ${id + 1}: a new connection from a member of the remote group`,
        fw: note,
      },
    );
  }
  return flows;
}

/**
 * Dimension 1 of the conjunctions: one flow per member address of each remote group, per network of
 * this host (reg6), carrying every conjunction of its priority (ConjIPFlowManager).
 */
export function memberFlows(t: Topology, uses: readonly RemoteUse[]): Flow[] {
  const members = new Map<SecurityGroupId, string[]>();
  const membersOf = (g: SecurityGroupId) => {
    let ips = members.get(g);
    if (!ips) {
      ips = t.ports
        .filter((p) => p.security_groups.includes(g))
        .flatMap((p) => p.fixed_ips.map((f) => f.ip_address));
      members.set(g, ips);
    }
    return ips;
  };
  /** "lvid|direction|priority|ip" -> conj ids */
  const byAddr = new Map<
    string,
    { lvid: number; d: Direction; priority: number; ip: string; ids: number[] }
  >();
  for (const u of uses)
    for (const ip of membersOf(u.remote)) {
      const priority = 70 + ((u.conjId % 8) >> 1);
      const key = `${u.lvid}|${u.direction}|${priority}|${ip}`;
      const entry = byAddr.get(key) ?? { lvid: u.lvid, d: u.direction, priority, ip, ids: [] };
      if (!entry.ids.includes(u.conjId)) entry.ids.push(u.conjId);
      byAddr.set(key, entry);
    }
  const flows: Flow[] = [];
  for (const e of byAddr.values()) {
    const ids = [...e.ids].sort((a, b) => a - b);
    const m: Match = { ip: true, reg6: e.lvid };
    if (e.d === 'ingress') m.nw_src = e.ip;
    else m.nw_dst = e.ip;
    for (const [i, state] of [CT_STATES.ESTABLISHED_NOT_REPLY, CT_STATES.NEW_NOT_ESTABLISHED].entries())
      flows.push({
        table: tableOf(e.d),
        priority: e.priority,
        match: { ...m, ct_state: state },
        actions: ids.map((id): FlowAction => ({ a: 'conjunction', id: id + i, k: 1, n: 2 })),
        why: `${e.ip} is a member of a remote group (conjunction 1 of 2)`,
      });
  }
  return flows;
}
