// Every built-in lesson: valid, its cloud loads, and each send does what the lesson's text claims.
import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS, loadExampleTopology } from '../../src/lessons/builtin';
import { checkExpect, matches } from '../../src/lessons/check';
import { lessonSchema } from '../../src/lessons/schema';
import { loadTopology, newSimState, realize, send } from '../../src/sim';

describe('built-in lessons', () => {
  it('are the nine of the classroom, in order', () => {
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
    ]);
  });

  for (const lesson of BUILTIN_LESSONS) {
    it(`${lesson.title}: every send does what the text says`, async () => {
      expect(lessonSchema.safeParse(lesson).success).toBe(true);
      const raw =
        typeof lesson.topology === 'string' ? await loadExampleTopology(lesson.topology) : lesson.topology;
      const loaded = loadTopology(raw);
      if (!loaded.ok) throw new Error(`${lesson.id}: topology does not load`);
      const plane = realize(loaded.topology);
      let state = newSimState();
      const deviceNames = [...plane.devices.values()].map((d) => ({ device: d.name, host: d.host }));
      for (const [i, step] of lesson.steps.entries()) {
        for (const h of step.highlight ?? [])
          expect(
            deviceNames.some((d) => matches(h, d)),
            `${lesson.id} step ${i + 1}: highlight ${h} names no device`,
          ).toBe(true);
        for (const s of step.expand ?? [])
          expect(
            loaded.topology.servers.some((x) => x.name === s),
            `${lesson.id} step ${i + 1}: no server ${s}`,
          ).toBe(true);
        if (!step.send) {
          expect(step.expect, `${lesson.id} step ${i + 1}: expect without send`).toBeUndefined();
          continue;
        }
        if (step.send.fresh) state = newSimState();
        const r = send(loaded.topology, plane, state, step.send);
        if (!r.ok) throw new Error(`${lesson.id} step ${i + 1}: ${r.error}`);
        expect(checkExpect(r.trace, step.expect ?? {}), `${lesson.id} step ${i + 1} (${step.title})`).toEqual(
          [],
        );
      }
    });
  }

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
