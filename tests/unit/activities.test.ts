// Activities (issue 16, points 1, 2 and 5): the format, goal checking against the core (a Session
// in-process, as the worker runs it), locks, the score and the result a student hands in.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goalSends, goalWords, judgeGoals } from '../../src/activities/goals';
import { lockBreach, resolveLocks } from '../../src/activities/locks';
import {
  type ActivityResult,
  readResult,
  resultCode,
  resultFileText,
  scoreOf,
  summaryRows,
} from '../../src/activities/result';
import { type Activity, activitySchema, type Goal, parseActivity } from '../../src/activities/schema';
import { Session, type Topology } from '../../src/sim';
import { FAULTS } from '../../src/store/faults';
import { exampleText } from './helpers';

const FILES = readdirSync('activities')
  .filter((f) => f.endsWith('.json'))
  .sort();
const activities: Activity[] = FILES.map((f) =>
  activitySchema.parse(JSON.parse(readFileSync(`activities/${f}`, 'utf8'))),
);

/** A cloud as an activity names it: an example's name or a topology inline. */
const raw = (c: Activity['topology']) => (typeof c === 'string' ? JSON.parse(exampleText(c)) : c);

function sessionOf(cloud: unknown): { session: Session; t: Topology } {
  const session = new Session();
  const r = session.load(cloud);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { session, t: r.topology };
}

/** Judges an activity's goals on a cloud, with real sends through the core. */
function judge(goals: Goal[], cloud: unknown) {
  const { session, t } = sessionOf(cloud);
  return judgeGoals(goals, t, session.trySends(goalSends(goals)));
}

describe('the five built-in troubleshooting activities', () => {
  it('are five, one per fault the issue names, each a valid activity with an answer cloud', () => {
    expect(activities.map((a) => a.id)).toEqual([
      'sg-rule-missing',
      'router-interface-detached',
      'port-down',
      'underlay-mtu',
      'dhcp-agent-stopped',
    ]);
    for (const a of activities) {
      expect(a.solution, a.id).toBeDefined();
      expect(a.hints?.length, `${a.id} has hints`).toBeGreaterThan(0);
      const { t } = sessionOf(raw(a.topology));
      expect(resolveLocks(a.locked, t).ok, `${a.id}: its locks name what its cloud has`).toBe(true);
    }
  });

  for (const a of activities) {
    it(`${a.id}: starts broken (a goal fails) and every goal holds on the answer cloud`, () => {
      const start = judge(a.goals, raw(a.topology));
      expect(
        start.some((r) => !r.met),
        `${a.id} at start: ${JSON.stringify(start)}`,
      ).toBe(true);
      const solved = judge(a.goals, raw(a.solution!));
      expect(
        solved.filter((r) => !r.met),
        `${a.id} solved`,
      ).toEqual([]);
    });
  }

  it('each starts from its answer broken by the fault of the Faults tab it is built on', () => {
    const kinds = ['sg-rule', 'router-interface', 'port-down', 'mtu', 'dhcp-agent'] as const;
    for (const [i, a] of activities.entries()) {
      const solved = sessionOf(raw(a.solution!)).t;
      const start = sessionOf(raw(a.topology)).t;
      const fault = FAULTS.find((f) => f.kind === kinds[i])!;
      const target = fault.targets(solved).find((x) => {
        if (fault.refusal?.(solved, x.id)) return false;
        const broken = structuredClone(solved);
        fault.apply(broken, x.id);
        return sameShape(broken, start);
      });
      expect(target, `${a.id}: a target of ${fault.kind} gives its start`).toBeDefined();
    }
  });

  it('says only what users report: no introduction names the fault it hides', () => {
    const giveaways = [
      /security group rule/i,
      /detached|interface/i,
      /port (is )?down|admin/i,
      /\bMTU\b/,
      /DHCP agent/i,
    ];
    for (const [i, a] of activities.entries()) expect(a.introduction, a.id).not.toMatch(giveaways[i]!);
  });
});

/** The same resources with the same settings, ids aside (ids are drawn per load). */
function sameShape(a: Topology, b: Topology): boolean {
  const shape = (t: Topology) =>
    JSON.stringify({
      ports: t.ports.map((p) => [p.name, p.admin_state_up]).sort(),
      hosts: t.hosts.map((h) => [h.name, h.underlay_mtu, h.agents_down]),
      rules: t.security_groups.map((g) => [
        g.name,
        g.rules.map((r) => [r.direction, r.protocol, r.port_range_min]),
      ]),
    });
  return shape(a) === shape(b);
}

describe('goals judged against the core', () => {
  const base = JSON.parse(exampleText('two-networks-one-router'));

  it('reach and must-not-reach, by the verdict of a real send on a fresh state', () => {
    const goals: Goal[] = [
      { type: 'reach', from: 'vm1', to: 'vm2' },
      { type: 'reach', from: 'vm1', to: 'vm2', proto: 'tcp', port: 22 },
      { type: 'reach', from: 'internet', to: 'vm2', proto: 'tcp', port: 22, reach: false },
      { type: 'reach', from: 'internet', to: 'vm1', proto: 'tcp', port: 22, reach: false },
    ];
    const r = judge(goals, base);
    expect(r.map((x) => x.met)).toEqual([true, true, true, false]);
    expect(r[2]!.why).toMatch(/^not reached: /);
    expect(r[3]!.why, 'vm1 has a floating IP and the default group opens port 22').toMatch(/^reached: /);
    expect(goalWords(goals[2]!)).toBe('internet cannot reach vm2 on tcp/22');
    expect(goalWords(goals[0]!)).toBe('vm1 reaches vm2 by ping');
  });

  it('a goal whose send cannot be made is not met, and says why', () => {
    const [r] = judge([{ type: 'reach', from: 'vm9', to: 'vm2' }], base);
    expect(r).toEqual({
      met: false,
      why: 'the send cannot be made: --from vm9: no server or outside host has that name',
    });
  });

  it('the live state of the session is left alone: a goal check needs ARP again, the student does not', () => {
    const { session } = sessionOf(base);
    const first = session.send({ from: 'vm1', to: 'vm2' });
    expect(first.ok && first.trace.packets.some((p) => p.kind === 'arp-request')).toBe(true);
    const [checked] = session.trySends([{ from: 'vm1', to: 'vm2' }]);
    expect(checked!.ok && checked!.trace.packets.some((p) => p.kind === 'arp-request')).toBe(true);
    const again = session.send({ from: 'vm1', to: 'vm2' });
    expect(again.ok && again.trace.packets.some((p) => p.kind === 'arp-request')).toBe(false);
  });

  it('router interfaces, by the cloud', () => {
    const detached = structuredClone(base);
    detached.ports = detached.ports.filter((p: { name: string }) => p.name !== 'router1-net2');
    const goals: Goal[] = [
      { type: 'router-interface', router: 'router1', network: 'net2' },
      { type: 'router-interface', router: 'router1', network: 'net1' },
      { type: 'router-interface', router: 'router9', network: 'net1' },
    ];
    expect(judge(goals, base).map((x) => x.met)).toEqual([true, true, false]);
    const r = judge(goals, detached);
    expect(r[0]).toEqual({ met: false, why: 'router1 has no interface on net2' });
    expect(r[2]!.why).toBe('there is no router called router9');
  });

  it('DHCP, by a real DISCOVER answered with an ACK', () => {
    const stopped = structuredClone(base);
    stopped.hosts.find((h: { name: string }) => h.name === 'network1').agents_down = ['dhcp'];
    const goal: Goal = { type: 'dhcp', server: 'vm2' };
    const [ok] = judge([goal], base);
    expect(ok!.met).toBe(true);
    expect(ok!.why).toMatch(/^DHCPACK: 192\.168\.2\.\d+\/24/);
    expect(judge([goal], stopped)[0]!.met).toBe(false);
  });

  describe('"the security groups of vm2 let in only tcp/80 from net1"', () => {
    const goal: Goal = { type: 'security-group-only', server: 'vm2', proto: 'tcp', port: 80, from: 'net1' };
    const withWeb = (rules: object[], extra: (t: typeof base) => void = () => {}) => {
      const t = structuredClone(base);
      t.security_groups.push({ name: 'web', project_id: 'demo', rules: [{ direction: 'egress' }, ...rules] });
      t.ports.find((p: { name: string }) => p.name === 'vm2-port').security_groups = ['web'];
      extra(t);
      return judge([goal], t)[0]!;
    };
    const tcp80 = (prefix: string) => ({
      direction: 'ingress',
      protocol: 'tcp',
      port_range_min: 80,
      port_range_max: 80,
      remote_ip_prefix: prefix,
    });

    it('holds with exactly that rule', () => {
      expect(withWeb([tcp80('192.168.1.0/24')])).toEqual({
        met: true,
        why: 'only tcp/80 from 192.168.1.0/24 gets in',
      });
    });
    it('fails with no rule, with a rule open to everyone, with another port, or with ICMP besides', () => {
      expect(withWeb([]).why).toBe('no rule lets in tcp/80 from 192.168.1.0/24');
      expect(withWeb([tcp80('0.0.0.0/0')]).why).toBe('a rule lets in more: ingress tcp 80 from 0.0.0.0/0');
      expect(withWeb([{ ...tcp80('192.168.1.0/24'), port_range_max: 81 }]).met).toBe(false);
      expect(
        withWeb([
          tcp80('192.168.1.0/24'),
          { direction: 'ingress', protocol: 'icmp', remote_ip_prefix: '0.0.0.0/0' },
        ]).why,
      ).toBe('a rule lets in more: ingress icmp from 0.0.0.0/0');
    });
    it('fails in the default group (members anywhere, ICMP, SSH), and without port security', () => {
      expect(judge([goal], base)[0]!.met).toBe(false);
      const r = withWeb([tcp80('192.168.1.0/24')], (t) => {
        const p = t.ports.find((x: { name: string }) => x.name === 'vm2-port');
        p.port_security_enabled = false;
        delete p.security_groups;
      });
      expect(r).toEqual({ met: false, why: "vm2's port has port security disabled: everything gets in" });
    });
    it('takes a CIDR as well as a network', () => {
      const t = structuredClone(base);
      t.security_groups.push({ name: 'web', project_id: 'demo', rules: [tcp80('192.168.1.0/25')] });
      t.ports.find((p: { name: string }) => p.name === 'vm2-port').security_groups = ['web'];
      expect(judge([{ ...goal, from: '192.168.1.0/25' }], t)[0]!.met).toBe(true);
      expect(judge([goal], t)[0]!.why, 'half of net1 is not net1').toBe(
        'no rule lets in tcp/80 from 192.168.1.0/24',
      );
    });
  });
});

describe('locks', () => {
  const { t } = sessionOf(JSON.parse(exampleText('two-networks-one-router')));
  const locks = resolveLocks({ networks: ['net1'], servers: ['vm2'], hosts: ['compute2'] }, t);
  if (!locks.ok) throw new Error(locks.error);

  it('refuse a change of a locked resource, naming it; a network covers its subnets', () => {
    const next = structuredClone(t);
    next.subnets.find((s) => s.name === 'subnet1')!.enable_dhcp = false;
    expect(lockBreach(locks.targets, t, next)).toBe(
      'network net1 is locked by the activity: it may not be changed',
    );
    const gone = structuredClone(t);
    gone.servers = gone.servers.filter((s) => s.name !== 'vm2');
    expect(lockBreach(locks.targets, t, gone)).toBe(
      'server vm2 is locked by the activity: it may not be removed',
    );
    const renamed = structuredClone(t);
    renamed.hosts.find((h) => h.name === 'compute2')!.underlay_mtu = 1400;
    expect(lockBreach(locks.targets, t, renamed)).toBe(
      'host compute2 is locked by the activity: it may not be changed',
    );
  });

  it('a router covers its interfaces: removing one is a change of the router, not of a port', () => {
    const withRouter = resolveLocks({ routers: ['router1'] }, t);
    if (!withRouter.ok) throw new Error(withRouter.error);
    const detached = structuredClone(t);
    detached.ports = detached.ports.filter((p) => p.name !== 'router1-net2');
    expect(lockBreach(withRouter.targets, t, detached)).toBe(
      'router router1 is locked by the activity: it may not be changed',
    );
    // a port of a server is not the router's
    const down = structuredClone(t);
    down.ports.find((p) => p.name === 'vm2-port')!.admin_state_up = false;
    expect(lockBreach(withRouter.targets, t, down)).toBeNull();
  });

  it('let everything else change', () => {
    const next = structuredClone(t);
    next.ports.find((p) => p.name === 'vm2-port')!.admin_state_up = false;
    next.hosts.find((h) => h.name === 'compute1')!.underlay_mtu = 1400;
    expect(lockBreach(locks.targets, t, next)).toBeNull();
  });

  it('a lock naming what the cloud does not have is an error of the file, with its path', () => {
    expect(resolveLocks({ routers: ['router1', 'router9'] }, t)).toEqual({
      ok: false,
      error: 'locked.routers.1 ("router9"): the starting cloud has no router called router9',
    });
  });
});

describe('the activity file', () => {
  it('is refused with the path, the value and the reason', () => {
    const good = readFileSync(`activities/${FILES[0]}`, 'utf8');
    expect(parseActivity(good).ok).toBe(true);
    const bad = JSON.parse(good);
    bad.goals[0].proto = 'sctp';
    const r = parseActivity(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^the activity file is not an activity: goals\.0\.proto \("sctp"\): /);
    expect(parseActivity('{').ok).toBe(false);
  });
});

describe('score and result', () => {
  const a = activities[1]!;
  const met = (n: number) => a.goals.map((_g, i) => ({ met: i < n, why: '' }));

  it('scores the goals met, less each hint taken', () => {
    expect(scoreOf(a, met(3), 0)).toMatchObject({ points: 3, max: 3, score: 100, hintPenalty: 0 });
    expect(scoreOf(a, met(3), 2)).toMatchObject({ score: 80, hintPenalty: 20, hintsTaken: 2 });
    expect(scoreOf(a, met(1), 5)).toMatchObject({ goalsPercent: 33, score: 0 });
    expect(scoreOf({ ...a, hintCost: 5 }, met(3), 1).score).toBe(95);
  });

  const result: ActivityResult = {
    format: 'neutron-explorer/activity-result',
    version: 1,
    activity: a.id,
    title: a.title,
    student: 'Ada',
    goals: a.goals.map((g) => ({ text: goalWords(g), met: true })),
    hints: [1],
    hintCost: 10,
    score: 90,
    challenge: { asked: 4, right: 3 },
    seconds: 754,
    submittedAt: '2025-03-01T10:00:00.000Z',
  };

  it('reads back from its file and from its code, and refuses a damaged code', () => {
    expect(readResult(resultFileText(result))).toEqual({ ok: true, result });
    const code = resultCode(result);
    expect(code).toMatch(/^NXR1-[A-Za-z0-9+\-$]+$/);
    expect(code.length, 'a code short enough to paste in a chat').toBeLessThan(500);
    expect(readResult(code)).toEqual({ ok: true, result });
    expect(readResult(`${code.slice(0, 40)}`).ok).toBe(false);
    const r = readResult(JSON.stringify({ ...result, score: 140 }));
    expect(!r.ok && r.error).toMatch(/^not an activity result: score: /);
  });

  it('the summary table: one row per result, by activity then student', () => {
    const rows = summaryRows([
      { source: 'b.json', result: { ...result, student: 'Bob', score: 70, hints: [] } },
      { source: 'a.json', result },
      { source: 'code 1', result: { ...result, activity: 'port-down', student: undefined } },
    ]);
    expect(rows.map((r) => [r.activity, r.student, r.score])).toEqual([
      ['port-down', '(no name)', 90],
      ['router-interface-detached', 'Ada', 90],
      ['router-interface-detached', 'Bob', 70],
    ]);
    expect(rows[1]).toMatchObject({ goals: '3/3', hints: 1, challenge: '3/4', time: '12:34' });
  });
});
