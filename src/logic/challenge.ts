// Challenge mode: at chosen hops of a send, playback pauses and asks what the device will do, with
// choices drawn from what is really there (the flows of the table that decides, the routes, the
// iptables chain, the NAT rules, the devices linked to this one). Pure: the trace says the answer, the
// plane view and the device's inspect() say the candidates. No network behaviour is computed here.
import type { DeviceInspect, PlaneView, Trace, TraceHop } from '../sim';
import type { StopKind } from './challenge-kinds';
import type { FlowData } from './send/timeline';

export { DEFAULT_STOPS, STOP_KINDS, type StopKind } from './challenge-kinds';

export type QuestionKind = 'next-device' | 'vni' | 'vlan' | 'ttl' | 'rule';

export interface Question {
  kind: QuestionKind;
  prompt: string;
  choices: string[];
  /** one of the choices */
  answer: string;
  /** what the answer means, shown once answered */
  explain: string;
}

export interface Stop {
  seq: number;
  /** the kinds this hop is a stop for (a router that also translates is both) */
  kinds: StopKind[];
}

const isNat = (h: TraceHop) => h.changes.some((c) => /^(SNAT|DNAT)\b/.test(c));
const isRouter = (h: TraceHop) => h.kind === 'namespace' && h.changes.some((c) => /^ttl \d+ -> \d+$/.test(c));
const isSecurityGroup = (h: TraceHop) =>
  h.kind === 'linux-bridge' && !!h.trail?.some((r) => r.includes('neutron-openvswi'));
const isBrTun = (h: TraceHop) => h.kind === 'ovs-bridge' && h.device === 'br-tun';

function kindsOf(h: TraceHop): StopKind[] {
  const out: StopKind[] = [];
  if (isBrTun(h)) out.push('br-tun');
  if (isRouter(h)) out.push('router');
  if (isSecurityGroup(h)) out.push('security-group');
  if (isNat(h)) out.push('nat');
  return out;
}

/**
 * The hops of a send where challenge mode stops: on the first probe's request (the packet a student
 * follows), the first hop of each chosen kind in each direction (br-tun going out to a tunnel and
 * coming in from one count apart, as do a qbr's egress and ingress), so that a ping asks a handful of
 * questions, not one per device.
 */
export function challengeStops(trace: Trace, chosen: ReadonlySet<StopKind>): Stop[] {
  const packets = [trace.probes[0]?.request].filter((p): p is string => !!p);
  const stops: Stop[] = [];
  for (const packet of packets) {
    const seen = new Set<string>();
    for (const h of trace.hops) {
      if (h.packet !== packet) continue;
      const kinds = kindsOf(h).filter((k) => {
        if (!chosen.has(k)) return false;
        // br-tun and a qbr are met going out and coming in: each direction is a stop of its own
        const key =
          k === 'br-tun'
            ? `${k}:${h.in?.startsWith('vxlan-') ? 'in' : 'out'}`
            : k === 'security-group'
              ? `${k}:${h.in?.startsWith('tap') ? 'egress' : 'ingress'}`
              : k;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (kinds.length) stops.push({ seq: h.seq, kinds });
    }
  }
  return stops;
}

/** The hop a hop's packet goes on to (its child of the same packet) on another device, if any. */
function nextHop(data: FlowData, h: TraceHop, depth = 0): TraceHop | null {
  for (const s of data.children.get(h.seq) ?? []) {
    const c = data.bySeq.get(s);
    // the same device again (a packet that waited for ARP, sent on): where it goes from there
    if (c && c.packet === h.packet)
      return c.deviceId === h.deviceId && depth < 4 ? nextHop(data, c, depth + 1) : c;
  }
  // a packet held for ARP resumes later from this device: where it goes from there
  const resumed = data.resumeOf.get(h.seq);
  const r = resumed ? data.bySeq.get(resumed) : undefined;
  if (r && r.deviceId === h.deviceId && depth < 4) return nextHop(data, r, depth + 1);
  return r ?? null;
}

/** The VNI a packet came in with: the VXLAN header of the hop before it left the tunnel. */
function tunnelVni(data: FlowData, h: TraceHop): number | undefined {
  let at: TraceHop | undefined = h;
  for (let i = 0; i < 4 && at; i++) {
    if (at.frame.vxlan) return at.frame.vxlan.vni;
    at = at.parent === null ? undefined : data.bySeq.get(at.parent);
  }
  return undefined;
}

/** Counters and ages that inspect() adds to a flow or rule line, which do not change what it is. */
export const ruleKey = (line: string): string =>
  line
    .replace(/\b(n_packets|n_bytes|duration|idle_age|hard_age)=[^,\s]*,?\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** A small deterministic shuffle, so that the answer is not always in the same place. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The answer and up to `n - 1` other candidates, unique, in a shuffled order. */
function pick(answer: string, candidates: string[], seed: number, n = 4): string[] {
  const others = [...new Set(candidates.filter((c) => c !== answer))].slice(0, n - 1);
  return shuffled([answer, ...others], seed);
}

const sectionLines = (ins: DeviceInspect | null, title: RegExp): string[] =>
  ins?.sections.filter((s) => title.test(s.title)).flatMap((s) => s.lines) ?? [];

/** The questions for one stop. `ins` is the device's live state (for the candidates), `view` the cloud. */
export function questionsFor(
  trace: Trace,
  data: FlowData,
  stop: Stop,
  view: PlaneView | null,
  ins: DeviceInspect | null,
): Question[] {
  const h = data.bySeq.get(stop.seq);
  if (!h) return [];
  const next = nextHop(data, h);
  const out: Question[] = [];
  const seed = stop.seq + trace.hops.length;
  const at = `${h.device}${h.host ? ` on ${h.host}` : ''}`;
  for (const kind of stop.kinds) {
    if (kind === 'br-tun') {
      const outward = !h.in?.startsWith('vxlan-');
      const vni = next?.frame.vxlan?.vni;
      if (outward && vni !== undefined) {
        const vnis = (view?.networks ?? []).flatMap((n) =>
          n.segmentationId !== null ? [String(n.segmentationId)] : [],
        );
        const localVlan = String(trace.hops.find((x) => x.seq === h.parent)?.frame.eth.vlan ?? 1);
        out.push({
          kind: 'vni',
          prompt: `The packet enters ${at} from br-int, tagged with local VLAN ${localVlan}. What VNI will it carry on the tunnel?`,
          choices: pick(String(vni), [...vnis, localVlan, String(vni + 1)], seed),
          answer: String(vni),
          explain: `br-tun strips the local VLAN and sets the tunnel id of the network: VNI ${vni}. Local VLANs are per host; the VNI is the same everywhere.`,
        });
      } else if (!outward && h.frame.eth.vlan !== null) {
        const vlan = String(h.frame.eth.vlan);
        const host = view?.hosts.find((x) => x.name === h.host);
        const vlans = (host?.localVlans ?? []).map((v) => String(v.vlan));
        const vniIn = tunnelVni(data, h);
        out.push({
          kind: 'vlan',
          prompt: `The packet comes out of a VXLAN tunnel into ${at}${vniIn ? ` with VNI ${vniIn}` : ''}. What VLAN will it carry up to br-int?`,
          choices: pick(vlan, [...vlans, ...(vniIn ? [String(vniIn)] : []), '0', '4095'], seed),
          answer: vlan,
          explain: `Table 4 of br-tun maps the VNI to this host's local VLAN for the network: ${vlan}.`,
        });
      }
      if (next) out.push(nextDeviceQuestion(h, next, view, seed + 1));
      const flow = flowQuestion(h, ins, at, seed + 6);
      if (flow) out.push(flow);
    }
    if (kind === 'router' && h.frame.ip) {
      const after = h.frame.ip.ttl;
      const before = after + 1;
      out.push({
        kind: 'ttl',
        prompt: `The packet reaches ${routerWords(h)} with TTL ${before}. What will its TTL be when it leaves?`,
        choices: pick(String(after), [String(before), String(before - 2), '64', '0'], seed + 2),
        answer: String(after),
        explain: `A router decrements the TTL of every packet it forwards: ${before} - 1 = ${after}. A switch or a bridge leaves it alone.`,
      });
      const route = (h.rule ?? '').split('\n').find((l) => /^(default|\d+\.\d+\.\d+\.\d+)/.test(l));
      if (route) {
        const routes = sectionLines(ins, /^Routes$/);
        out.push({
          kind: 'rule',
          prompt: `Which route of ${routerWords(h)} will decide where the packet to ${h.frame.ip.dst} goes?`,
          choices: pick(route, routes, seed + 3),
          answer: route,
          explain: `The longest prefix that holds ${h.frame.ip.dst} wins: ${route}.`,
        });
      }
      // which of its ports the route sends it out of
      if (next) out.push(nextDeviceQuestion(h, next, view, seed + 7));
    }
    if (kind === 'security-group' && h.rule) {
      const answer = h.rule.split('\n')[0]!;
      const chain = answer.split(' ')[1] ?? '';
      // the chains the packet went through (its trail), the deciding one first; jumps decide nothing
      const chains = new Set([chain, ...(h.trail ?? []).map((r) => r.split(' ')[1] ?? '')]);
      const rules = sectionLines(ins, /iptables filter/)
        .filter((l) => chains.has(l.split(' ')[1] ?? '') && l.startsWith('-A ') && !/-j neutron-/.test(l))
        .sort((a, b) => Number(!a.startsWith(`-A ${chain} `)) - Number(!b.startsWith(`-A ${chain} `)));
      const verb = h.fate === 'drop' ? 'drop the packet' : 'let the packet through';
      out.push({
        kind: 'rule',
        prompt: `The packet crosses ${at}, where iptables checks it in the chain ${chain}. Which rule will decide?`,
        choices: pick(answer, rules, seed + 4),
        answer,
        explain: `Rules are tried in order and the first that matches decides: this one will ${verb}.`,
      });
    }
    if (kind === 'nat' && h.rule) {
      const answer = h.rule.split('\n').find((l) => /-j (SNAT|DNAT)\b/.test(l));
      if (answer) {
        const rules = sectionLines(ins, /^NAT rules$/).filter((l) => /-j (SNAT|DNAT)\b/.test(l));
        out.push({
          kind: 'rule',
          prompt: `${routerWords(h, true)} translates the packet from ${h.frame.ip?.src ?? '?'} to ${h.frame.ip?.dst ?? '?'}. Which NAT rule will do it?`,
          choices: pick(answer, rules, seed + 5),
          answer,
          explain: `${h.changes.filter((c) => /^(SNAT|DNAT)/.test(c)).join('; ')}: by ${answer}.`,
        });
      }
    }
  }
  return out;
}

/** A flow as text to compare: without the counters and the age inspect() adds to a learned one. */
const flowKey = (line: string) => ruleKey(line.replace(/\s+\(duration [^)]*\)$/, ''));

/**
 * "Which flow of table 20 will match?": the flows of a table the packet went through, the last one on
 * its way (the one that decided) unless it is alone in its table, then the one before it, and so on.
 */
function flowQuestion(h: TraceHop, ins: DeviceInspect | null, at: string, seed: number): Question | null {
  const flows = sectionLines(ins, /^Flows$/);
  const way = h.trail?.length ? h.trail : (h.rule ?? '').split('\n').slice(0, 1);
  for (const answer of [...way].reverse()) {
    const table = /^table=(\d+),/.exec(answer)?.[1];
    if (!table) continue;
    const key = flowKey(answer);
    const others = flows
      .filter((l) => l.startsWith(`table=${table},`) && flowKey(l) !== key)
      .map((l) => l.replace(/\s+\(duration [^)]*\)$/, ''));
    if (!others.length) continue;
    return {
      kind: 'rule',
      prompt: `The packet reaches table ${table} of ${at}. Which flow of that table will match it?`,
      choices: pick(answer, others, seed),
      answer,
      explain: `OpenFlow tries a table's flows from the highest priority down; the first that matches is the one: ${answer}.`,
    };
  }
  return null;
}

function routerWords(h: TraceHop, capital = false): string {
  const words = h.device.startsWith('qrouter-') ? `the router namespace ${h.device.slice(0, 16)}…` : h.device;
  return capital ? words[0]!.toUpperCase() + words.slice(1) : words;
}

/** "Where does it go next?": the devices linked to this one (the plane's links), the next hop's among them. */
function nextDeviceQuestion(h: TraceHop, next: TraceHop, view: PlaneView | null, seed: number): Question {
  const name = (id: string) => view?.devices.find((d) => d.id === id)?.name ?? id;
  const linked = (view?.links ?? []).flatMap((l) =>
    l.a === h.deviceId ? [name(l.b)] : l.b === h.deviceId ? [name(l.a)] : [],
  );
  const answer = next.device;
  return {
    kind: 'next-device',
    prompt: `Which device will ${h.device}${h.host ? ` on ${h.host}` : ''} send the packet to?`,
    choices: pick(
      answer,
      linked.filter((d) => d !== h.device),
      seed,
      5,
    ),
    answer,
    explain: `${next.device}${next.host ? ` on ${next.host}` : ''}: ${h.action}.`,
  };
}
