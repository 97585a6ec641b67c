// Every built-in lesson: valid, its cloud loads, each send and each command does what the lesson's text
// claims (after the simulated time a step lets pass), and each step shows the devices its text names
// (and only those).
import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/all';
import { loadExampleTopology } from '../../src/lessons/builtin';
import { checkExpect, matches } from '../../src/lessons/check';
import { namesOf } from '../../src/lessons/mentions';
import { checkOutput, whereOn } from '../../src/lessons/run';
import { type Lesson, lessonSchema } from '../../src/lessons/schema';
import { checkShown, stepViews } from '../../src/lessons/shown';
import {
  loadTopology,
  newSimState,
  planeView,
  realize,
  Session,
  send,
  type ToolResult,
  type Topology,
  type Trace,
} from '../../src/sim';
import { FAULTS, targetByRef } from '../../src/store/faults';

/** A lesson followed from its first step to its last, as the app does: each step's fault (applied on
 * its Send, as an edit that keeps what devices learned), its wait, its send and its trace, its command
 * and its output, and the cloud the step saw. */
async function follow(lesson: Lesson) {
  const raw =
    typeof lesson.topology === 'string' ? await loadExampleTopology(lesson.topology) : lesson.topology;
  const session = new Session();
  if (!session.load(raw).ok) throw new Error(`${lesson.id}: topology does not load`);
  const scenes: { topology: Topology; devices: ReturnType<typeof planeView>['devices'] }[] = [];
  const done = lesson.steps.map((step, i) => {
    if (step.fault && step.send) {
      const topology = session.current()!.topology;
      const fault = FAULTS.find((f) => f.kind === step.fault!.kind);
      const target = fault && targetByRef(fault, topology, step.fault.target);
      if (!fault || !target)
        throw new Error(`${lesson.id} step ${i + 1}: no fault ${step.fault.kind} on ${step.fault.target}`);
      const draft = structuredClone(topology);
      fault.apply(draft, target.id);
      if (!session.load(draft, { keepState: true }).ok)
        throw new Error(`${lesson.id} step ${i + 1}: the fault breaks the cloud's load`);
    }
    const { topology, plane } = session.current()!;
    scenes.push({ topology, devices: planeView(topology, plane).devices });
    if (step.wait) session.wait(step.wait);
    let trace: Trace | null = null;
    if (step.send) {
      if (step.send.fresh) session.reset();
      const { fresh: _, ...req } = step.send;
      const r = session.send(req);
      if (!r.ok) throw new Error(`${lesson.id} step ${i + 1}: ${r.error}`);
      trace = r.trace;
    }
    let output: ToolResult | null = null;
    if (step.run) {
      const where = whereOn(topology, step.run.on);
      if (!where) throw new Error(`${lesson.id} step ${i + 1}: nothing is named ${step.run.on}`);
      output = session.tool(where, step.run.command);
    }
    return { trace, output };
  });
  return { scenes, traces: done.map((d) => d.trace), outputs: done.map((d) => d.output) };
}

describe('built-in lessons', () => {
  it("are the classroom's, numbered in order: the eleven of the first course, then DVR, HA, the backends' and spoofing", () => {
    const numbers = BUILTIN_LESSONS.map((l) => Number(l.title.split('.')[0]));
    expect(numbers.slice(0, 11)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(BUILTIN_LESSONS.find((l) => l.title.startsWith('12.'))?.id).toBe('distributed-router');
    expect(BUILTIN_LESSONS.find((l) => l.title.startsWith('13.'))?.id).toBe('l3-ha-failover');
    expect(BUILTIN_LESSONS.find((l) => l.title.startsWith('14.'))?.id).toBe('security-groups-as-flows');
    expect(BUILTIN_LESSONS.find((l) => l.title.startsWith('15.'))?.id).toBe('same-ping-under-ovn');
    expect(BUILTIN_LESSONS.find((l) => l.title.startsWith('16.'))?.id).toBe('spoofing');
  });

  for (const lesson of BUILTIN_LESSONS) {
    it(`${lesson.title}: every send and every command does what the text says`, async () => {
      expect(lessonSchema.safeParse(lesson).success).toBe(true);
      const { scenes, traces, outputs } = await follow(lesson);
      for (const [i, step] of lesson.steps.entries()) {
        const { topology, devices } = scenes[i]!;
        for (const h of step.highlight ?? [])
          expect(
            devices.some((d) => matches(h, { device: d.name, host: d.host })),
            `${lesson.id} step ${i + 1}: highlight ${h} names no device`,
          ).toBe(true);
        for (const s of step.expand ?? [])
          expect(
            topology.servers.some((x) => x.name === s),
            `${lesson.id} step ${i + 1}: no server ${s}`,
          ).toBe(true);
        const output = outputs[i];
        if (step.run && output)
          expect(checkOutput(step.run, output), `${lesson.id} step ${i + 1} (${step.title})`).toEqual([]);
        const trace = traces[i];
        if (!trace) {
          expect(step.expect, `${lesson.id} step ${i + 1}: expect without send`).toBeUndefined();
          continue;
        }
        expect(checkExpect(trace, step.expect ?? {}), `${lesson.id} step ${i + 1} (${step.title})`).toEqual(
          [],
        );
      }
    });

    it(`${lesson.title}: every step shows the devices its text names, and only those`, async () => {
      const { scenes, traces } = await follow(lesson);
      const views = stepViews(lesson);
      const problems = lesson.steps.flatMap((step, i) =>
        checkShown(step, {
          devices: scenes[i]!.devices,
          names: namesOf(scenes[i]!.topology),
          view: views[i]!,
          trace: traces[i] ?? null,
        }).map((p) => `step ${i + 1} (${step.title}) ${p}`),
      );
      expect(problems).toEqual([]);
    });
  }

  it('a DHCP send is a renewal exactly when its text calls it one', () => {
    for (const lesson of BUILTIN_LESSONS)
      for (const [i, step] of lesson.steps.entries())
        if (step.send?.proto === 'dhcp')
          expect(
            step.send.dhcp === 'renew',
            `${lesson.id} step ${i + 1}: the text ${/renew/i.test(step.text) ? 'says' : 'does not say'} renew`,
          ).toBe(/renew/i.test(step.text));
  });

  it('the checker notices a claim that does not hold', async () => {
    const lesson = BUILTIN_LESSONS.find((l) => l.id === 'two-networks-router')!;
    const loaded = loadTopology(await loadExampleTopology(lesson.topology as string));
    if (!loaded.ok) throw new Error('load');
    const r = send(loaded.topology, realize(loaded.topology), newSimState(), { from: 'vm1', to: 'vm2' });
    if (!r.ok) throw new Error(r.error);
    expect(checkExpect(r.trace, { vnis: [101] })).toHaveLength(1);
    expect(checkExpect(r.trace, { ttlDrop: 0 })).toHaveLength(1);
    expect(checkExpect(r.trace, { avoid: ['network1/*'] })).toHaveLength(1);
    expect(checkExpect(r.trace, { via: ['vm2', 'vm1'] })).toHaveLength(1);
    expect(checkExpect(r.trace, { verdict: 'dropped' })).toHaveLength(1);
  });

  it('the checker notices a command whose output does not say what the text claims', async () => {
    const session = new Session();
    expect(session.load(await loadExampleTopology('two-networks-one-router')).ok).toBe(true);
    const { topology } = session.current()!;
    expect(whereOn(topology, 'compute1')).toEqual({ host: 'compute1', namespace: null });
    expect(whereOn(topology, 'vm1')).toEqual({
      host: null,
      namespace: null,
      vm: topology.servers.find((x) => x.name === 'vm1')!.id,
    });
    expect(whereOn(topology, 'internet')).toEqual({ host: null, namespace: null, outside: 'internet' });
    expect(whereOn(topology, 'nowhere')).toBeNull();
    const run = { on: 'compute1', command: 'ovs-ofctl dump-flows br-tun table=20' };
    // nothing sent yet: nothing learned, only what l2population installed
    const before = session.tool(whereOn(topology, 'compute1')!, run.command);
    expect(checkOutput({ ...run, shows: ['hard_timeout=300'] }, before)).toEqual([
      'ovs-ofctl dump-flows br-tun table=20 on compute1 does not show /hard_timeout=300/',
    ]);
    expect(checkOutput({ ...run, lacks: ['^ cookie=.*priority=2,'] }, before)).toHaveLength(1);
    expect(checkOutput({ ...run, shows: ['priority=2,'], lacks: ['hard_timeout'] }, before)).toEqual([]);
    const bad = session.tool(whereOn(topology, 'compute1')!, 'ovs-ofctl dump-flows br-nope');
    expect(checkOutput({ ...run, command: 'ovs-ofctl dump-flows br-nope' }, bad)[0]).toMatch(
      /^ovs-ofctl dump-flows br-nope on compute1 failed \(exit 1\): /,
    );
  });

  it('a step refuses a wait that makes no sense and a pattern that is no regular expression', () => {
    const lesson = BUILTIN_LESSONS.find((l) => l.id === 'state-ages')!;
    const withStep = (extra: object) => ({ ...lesson, steps: [{ ...lesson.steps[0]!, ...extra }] });
    const issue = (extra: object) => {
      const r = lessonSchema.safeParse(withStep(extra));
      return r.success ? null : `${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`;
    };
    expect(issue({ wait: 300 })).toBeNull();
    expect(issue({ wait: -5 })).toMatch(/^steps\.0\.wait: /);
    expect(issue({ wait: 8 * 86_400 })).toMatch(/^steps\.0\.wait: /);
    expect(issue({ run: { on: 'vm1', command: 'ip neigh', shows: ['STALE('] } })).toBe(
      'steps.0.run.shows.0: is not a regular expression',
    );
    expect(issue({ run: { on: 'vm1', command: 'ip neigh', shows: ['STALE$'] } })).toBeNull();
  });
});
