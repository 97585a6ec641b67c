// Every built-in lesson: valid, its cloud loads, each send does what the lesson's text claims, and each
// step shows the devices its text names (and only those).
import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS, loadExampleTopology } from '../../src/lessons/builtin';
import { checkExpect, matches } from '../../src/lessons/check';
import { namesOf } from '../../src/lessons/mentions';
import { type Lesson, lessonSchema } from '../../src/lessons/schema';
import { checkShown, stepViews } from '../../src/lessons/shown';
import { loadTopology, newSimState, planeView, realize, send, type Trace } from '../../src/sim';

/** A lesson followed from its first step to its last, as the app does: each step's send and its trace. */
async function follow(lesson: Lesson) {
  const raw =
    typeof lesson.topology === 'string' ? await loadExampleTopology(lesson.topology) : lesson.topology;
  const loaded = loadTopology(raw);
  if (!loaded.ok) throw new Error(`${lesson.id}: topology does not load`);
  const topology = loaded.topology;
  const plane = realize(topology);
  let state = newSimState();
  const traces: (Trace | null)[] = lesson.steps.map((step, i) => {
    if (!step.send) return null;
    if (step.send.fresh) state = newSimState();
    const { fresh: _, ...req } = step.send;
    const r = send(topology, plane, state, req);
    if (!r.ok) throw new Error(`${lesson.id} step ${i + 1}: ${r.error}`);
    return r.trace;
  });
  return { topology, plane, devices: planeView(topology, plane).devices, traces };
}

describe('built-in lessons', () => {
  it('are the lessons of the classroom, in order', () => {
    expect(BUILTIN_LESSONS.map((l) => l.title.split('.')[0])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '16',
    ]);
  });

  for (const lesson of BUILTIN_LESSONS) {
    it(`${lesson.title}: every send does what the text says`, async () => {
      expect(lessonSchema.safeParse(lesson).success).toBe(true);
      const { topology, devices, traces } = await follow(lesson);
      for (const [i, step] of lesson.steps.entries()) {
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
      const { topology, devices, traces } = await follow(lesson);
      const views = stepViews(lesson);
      const problems = lesson.steps.flatMap((step, i) =>
        checkShown(step, {
          devices,
          names: namesOf(topology),
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
});
