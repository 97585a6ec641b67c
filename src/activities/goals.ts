// An activity's goals, judged as pure functions: a reach goal by a real send through the core (made on
// a fresh state, so what the student's own sends taught the devices changes nothing), a property of a
// resource by the live Topology. The store asks the worker for the sends (goalSend) and hands their
// results back here (judgeGoal); the tests do the same with a Session in-process.
import { dhcpMessages } from '../lessons/check';
import {
  cidrOf,
  inCidr,
  ipToInt,
  type SecurityGroupRule,
  type SendRequest,
  type SendResult,
  type Topology,
  type Trace,
} from '../sim';
import type { Goal } from './schema';

type Cidr = ReturnType<typeof cidrOf>;

export interface GoalResult {
  met: boolean;
  /** what was found, in words (shown once the activity is submitted, and to its author) */
  why: string;
}

/** A probe reached its target when the target answered: a reply, a connection, even a refusal (a RST
 * or a port unreachable means the packet got there), or a datagram delivered. */
const REACHED = new Set(['reply', 'established', 'refused', 'delivered']);

const service = (proto: string | undefined, port: number | undefined) =>
  !proto || proto === 'icmp' ? 'ping' : `${proto}/${port ?? (proto === 'tcp' ? 22 : 53)}`;

/** The goal in words, as the goals panel lists it. */
export function goalWords(g: Goal): string {
  switch (g.type) {
    case 'reach': {
      const what = `${service(g.proto, g.port)}${g.size ? ` with ${g.size}-byte packets` : ''}`;
      const on = g.proto && g.proto !== 'icmp' ? `on ${what}` : `by ${what}`;
      return g.reach === false ? `${g.from} cannot reach ${g.to} ${on}` : `${g.from} reaches ${g.to} ${on}`;
    }
    case 'router-interface':
      return `${g.router} has an interface on ${g.network}`;
    case 'dhcp':
      return `${g.server} gets its address by DHCP`;
    case 'security-group-only':
      return `the security groups of ${g.server} let in only ${service(g.proto, g.port)} from ${g.from}`;
  }
}

/** The send that judges a goal, or null for a goal about the cloud's resources alone. */
export function goalSend(g: Goal): SendRequest | null {
  switch (g.type) {
    case 'reach':
      return {
        from: g.from,
        to: g.to,
        proto: g.proto ?? 'icmp',
        ...(g.port !== undefined ? { port: g.port } : {}),
        ...(g.size !== undefined ? { size: g.size } : {}),
      };
    case 'dhcp':
      return { from: g.server, to: '', proto: 'dhcp' };
    default:
      return null;
  }
}

/** Judges one goal on the cloud `t`, with the result of its send when it has one. */
export function judgeGoal(g: Goal, t: Topology, sent: SendResult | null): GoalResult {
  switch (g.type) {
    case 'reach':
      return judgeReach(g.reach !== false, sent);
    case 'dhcp':
      return judgeDhcp(g.server, sent);
    case 'router-interface':
      return judgeInterface(g.router, g.network, t);
    case 'security-group-only':
      return judgeOnly(g, t);
  }
}

/** The sends that judge a list of goals, in order (goals about resources alone have none). */
export function goalSends(goals: readonly Goal[]): SendRequest[] {
  return goals.flatMap((g) => {
    const r = goalSend(g);
    return r ? [r] : [];
  });
}

/** Judges every goal; `results` are the results of goalSends(goals), in the same order. */
export function judgeGoals(
  goals: readonly Goal[],
  t: Topology,
  results: readonly SendResult[],
): GoalResult[] {
  let next = 0;
  return goals.map((g) => judgeGoal(g, t, goalSend(g) ? (results[next++] ?? null) : null));
}

function outcomeWords(trace: Trace): string {
  return trace.verdict === 'delivered'
    ? (trace.probes[0]?.summary ?? 'delivered')
    : (trace.reason ?? trace.verdict);
}

function judgeReach(must: boolean, sent: SendResult | null): GoalResult {
  if (!sent) return { met: false, why: 'the send was not made' };
  if (!sent.ok) return { met: false, why: `the send cannot be made: ${sent.error}` };
  const reached = REACHED.has(sent.trace.probes[0]?.outcome ?? '');
  return {
    met: reached === must,
    why: `${reached ? 'reached' : 'not reached'}: ${outcomeWords(sent.trace)}`,
  };
}

function judgeDhcp(server: string, sent: SendResult | null): GoalResult {
  if (!sent) return { met: false, why: 'the DHCP exchange was not tried' };
  if (!sent.ok) return { met: false, why: `${server} cannot ask for a lease: ${sent.error}` };
  const acked = dhcpMessages(sent.trace).includes('ACK') && sent.trace.verdict === 'delivered';
  return { met: acked, why: acked ? (sent.trace.probes[0]?.summary ?? 'DHCPACK') : outcomeWords(sent.trace) };
}

function judgeInterface(router: string, network: string, t: Topology): GoalResult {
  const routers = t.routers.filter((r) => r.name === router);
  if (!routers.length) return { met: false, why: `there is no router called ${router}` };
  const nets = new Set(t.networks.filter((n) => n.name === network).map((n) => n.id as string));
  if (!nets.size) return { met: false, why: `there is no network called ${network}` };
  const iface = t.ports.find(
    (p) =>
      p.device_owner === 'network:router_interface' &&
      routers.some((r) => r.id === p.device_id) &&
      nets.has(p.network_id) &&
      p.fixed_ips.length > 0,
  );
  return iface
    ? { met: true, why: `${router} has ${iface.fixed_ips[0]!.ip_address} on ${network}` }
    : { met: false, why: `${router} has no interface on ${network}` };
}

/** The address ranges `from` stands for: a network's subnets, or a CIDR written out. */
function sources(from: string, t: Topology): Cidr[] {
  if (/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(from)) {
    try {
      return [cidrOf(from)];
    } catch {
      return [];
    }
  }
  const nets = new Set(t.networks.filter((n) => n.name === from).map((n) => n.id as string));
  return t.subnets.filter((s) => nets.has(s.network_id)).map((s) => cidrOf(s.cidr));
}

const within = (inner: Cidr, outer: Cidr) => inner.prefix >= outer.prefix && inCidr(inner.net, outer);

export function ruleWords(r: SecurityGroupRule, t: Topology): string {
  const ports =
    r.port_range_min === null
      ? ''
      : ` ${r.port_range_min}${r.port_range_max !== null && r.port_range_max !== r.port_range_min ? `-${r.port_range_max}` : ''}`;
  const group = t.security_groups.find((g) => g.id === r.remote_group_id)?.name;
  const from = r.remote_group_id ? `members of ${group ?? 'a group'}` : (r.remote_ip_prefix ?? '0.0.0.0/0');
  return `${r.direction} ${r.protocol ?? 'any protocol'}${ports} from ${from}`;
}

function judgeOnly(g: Extract<Goal, { type: 'security-group-only' }>, t: Topology): GoalResult {
  const server = t.servers.find((s) => s.name === g.server);
  if (!server) return { met: false, why: `there is no server called ${g.server}` };
  const ports = t.ports.filter((p) => p.device_id === server.id);
  if (!ports.length) return { met: false, why: `${g.server} has no port` };
  const open = ports.find((p) => !p.port_security_enabled);
  if (open) return { met: false, why: `${g.server}'s port has port security disabled: everything gets in` };
  const from = sources(g.from, t);
  if (!from.length) return { met: false, why: `${g.from} is neither a network with subnets nor a CIDR` };
  const groupIds = new Set(ports.flatMap((p) => p.security_groups as string[]));
  const rules = t.security_groups
    .filter((x) => groupIds.has(x.id))
    .flatMap((x) => x.rules)
    .filter((r) => r.direction === 'ingress');
  const memberAddresses = (groupId: string) =>
    t.ports
      .filter((p) => (p.security_groups as string[]).includes(groupId))
      .flatMap((p) => p.fixed_ips.map((f) => f.ip_address));
  const inside = (r: SecurityGroupRule): boolean => {
    if (r.remote_group_id) {
      const members = memberAddresses(r.remote_group_id);
      return members.every((ip) => from.some((c) => inCidr(ipToInt(ip), c)));
    }
    const c = cidrOf(r.remote_ip_prefix ?? '0.0.0.0/0');
    return from.some((f) => within(c, f));
  };
  const fits = (r: SecurityGroupRule) =>
    r.protocol === g.proto &&
    (g.proto === 'icmp' ||
      g.port === undefined ||
      (r.port_range_min === g.port && (r.port_range_max ?? r.port_range_min) === g.port)) &&
    inside(r);
  const extra = rules.find((r) => !fits(r));
  if (extra) return { met: false, why: `a rule lets in more: ${ruleWords(extra, t)}` };
  const missing = from.find(
    (c) => !rules.some((r) => !r.remote_group_id && within(c, cidrOf(r.remote_ip_prefix ?? '0.0.0.0/0'))),
  );
  if (missing) return { met: false, why: `no rule lets in ${service(g.proto, g.port)} from ${missing.text}` };
  return {
    met: true,
    why: `only ${service(g.proto, g.port)} from ${from.map((c) => c.text).join(', ')} gets in`,
  };
}
