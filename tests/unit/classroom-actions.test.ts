// A lesson step's button in the store, against the real core in-process: it lets the step's simulated
// time pass (the send bar's clock moves with it), sends, runs the step's command where the step says, and
// reports whether the output shows what the text claims, with the output to read.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/all';
import type { Lesson } from '../../src/lessons/schema';
import { durationText } from '../../src/logic/sim-time';
import { useClassroom } from '../../src/store/classroom-store';
import { useSimClock } from '../../src/store/sim-clock-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const c = () => useClassroom.getState();
const aging = BUILTIN_LESSONS.find((l) => l.id === 'state-ages')!;
const clock = async () => {
  await new Promise((r) => setTimeout(r, 0));
  return useSimClock.getState().seconds!;
};

beforeEach(() => c().close());

describe("a lesson step's wait and command", () => {
  it('wait, send and run in order; each outcome as the text says, with the output', async () => {
    expect(await c().open(aging)).toBeNull();
    await c().runStep();
    expect(c().outcomes[0]).toMatchObject({ ok: true, problems: [] });
    const afterPing = await clock();
    c().next();
    await c().runStep();
    expect(c().outcomes[1]!.output).toMatch(/^ cookie=/);
    expect(c().outcomes[1]!.output).toContain('hard_timeout=300');
    expect(c().outcomes[1]).toMatchObject({
      ok: true,
      summary: '',
    });
    c().next();
    await c().runStep();
    expect(c().outcomes[2]).toMatchObject({ ok: true });
    c().next();
    await c().runStep();
    // step 4 waits 40 s first: the clock moved by that much, and vm1's entry is STALE
    expect(await clock()).toBeCloseTo(afterPing + 40);
    expect(c().outcomes[3]).toMatchObject({
      ok: true,
      summary: `the clock reads ${durationText(afterPing + 40)}`,
    });
    expect(c().outcomes[3]!.output).toMatch(/ STALE$/);
    c().next();
    await c().runStep();
    expect(c().outcomes[4]).toMatchObject({ ok: true });
    expect(c().outcomes[4]!.output).not.toContain('hard_timeout');
    c().next();
    await c().runStep();
    expect(c().outcomes[5]).toMatchObject({ ok: true });
  });

  it('says so when the output does not show what the text claims', async () => {
    // the flow-expired step without its wait: the learned flow is still there
    const [ping, , , , expired] = aging.steps as [Lesson['steps'][number], ...Lesson['steps']];
    const { wait: _, ...noWait } = expired!;
    const lesson: Lesson = { ...aging, id: 'no-wait', steps: [ping, noWait] };
    expect(await c().open(lesson)).toBeNull();
    await c().runStep();
    c().next();
    await c().runStep();
    expect(c().outcomes[1]).toMatchObject({
      ok: false,
      problems: [
        'ovs-ofctl dump-flows br-tun table=20 on compute1 shows /hard_timeout/, which it should not',
      ],
    });
  });

  it('names a place the cloud does not have', async () => {
    const lesson: Lesson = {
      ...aging,
      id: 'nowhere',
      steps: [
        {
          title: 'Nowhere',
          text: 'A command on a host that is not there.',
          run: { on: 'compute9', command: 'ip a' },
        },
      ],
    };
    expect(await c().open(lesson)).toBeNull();
    await c().runStep();
    expect(c().outcomes[0]).toMatchObject({
      ok: false,
      problems: ['the cloud has no host, server or outside host named compute9'],
    });
  });
});
