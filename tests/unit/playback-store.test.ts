// The playback store against the real core (in-process): one story at a time (a new send finishes the
// one playing and plays alone; an option keeps them together), one numbering for the event list's
// rows, the step counter and the hop inspector, and stepping that walks every shown row in order.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentRow, flowData, rowStep } from '../../src/logic/send/timeline';
import { loadTopologyText, newSimState, realize, send } from '../../src/sim';
import { useApp } from '../../src/store/app-store';
import { endOf, type Flow, hopNumber, timelineOf } from '../../src/store/playback-model';
import { advance, playhead, usePlayback } from '../../src/store/playback-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const text = readFileSync('examples/two-networks-one-router.json', 'utf8');
const pb = () => usePlayback.getState();
const live = () => pb().flows.filter((f) => !f.retired);

beforeAll(async () => {
  expect(await useApp.getState().applyTopology(JSON.parse(text), { history: false })).toBeNull();
});

beforeEach(async () => {
  pb().clear();
  pb().setKeepEarlier(false);
  pb().setShowDiscarded(false);
  await pb().resetState();
});

/** Plays for a while, as the animation frames would. */
function play(steps: number): void {
  for (let i = 0; i < steps * 10; i++) advance(55);
}

describe('one story at a time', () => {
  it('a second send finishes the first at once and plays alone from its own start', async () => {
    await pb().send({ from: 'vm1', to: 'vm2' });
    play(5);
    expect(playhead.clock).toBeGreaterThan(1);
    await pb().send({ from: 'vm2', to: 'vm1' });
    const [first, second] = pb().flows as [Flow, Flow];
    expect(first.retired).toBe(true);
    expect(second.retired).toBe(false);
    expect(live().map((f) => f.id)).toEqual([second.id]);
    // the playhead starts the new flow from its beginning, and its end is the new flow's alone
    expect(playhead.clock).toBe(0);
    expect(second.start).toBe(0);
    expect(endOf(pb().flows, false)).toBe(timelineOf(second, false).slots.length);
    expect(pb().focus?.flow).toBe(second.id);
  });

  it('seeking a row of a finished send brings it back on stage, alone, at that row', async () => {
    await pb().send({ from: 'vm1', to: 'vm2' });
    await pb().send({ from: 'vm1', to: 'internet' });
    const first = pb().flows[0]!;
    const seq = timelineOf(first, false).order[7]!;
    pb().seek({ flow: first.id, seq });
    expect(live().map((f) => f.id)).toEqual([first.id]);
    expect(pb().flows[1]!.retired).toBe(true);
    expect(pb().focus).toEqual({ flow: first.id, seq });
    const back = pb().flows[0]!;
    expect(playhead.clock - back.start).toBe(timelineOf(back, false).slotOf.get(seq)! + 1);
  });

  it('with "keep earlier flows playing" a send joins the one playing, as before', async () => {
    pb().setKeepEarlier(true);
    await pb().send({ from: 'vm1', to: 'vm2' });
    play(3);
    const at = playhead.clock;
    await pb().send({ from: 'vm2', to: 'vm1' });
    expect(live()).toHaveLength(2);
    expect(pb().flows[1]!.start).toBe(at);
    expect(playhead.clock).toBe(at);
  });

  it('lesson, terminal and send bar all go through send: every one of them finishes the one before', async () => {
    await pb().send({ from: 'vm1', to: 'vm2' }, { quiet: true });
    await pb().send({ from: 'vm1', to: 'vm2' });
    await pb().send({ from: 'vm2', to: 'internet' }, { quiet: true });
    expect(live()).toHaveLength(1);
    expect(pb().flows.filter((f) => f.retired)).toHaveLength(2);
  });
});

describe('one numbering', () => {
  it('stepping forward walks every shown row in order; the counter, the focus and the number agree', async () => {
    await pb().send({ from: 'vm1', to: 'vm2' });
    pb().pause();
    pb().restart();
    pb().pause();
    const f = live()[0]!;
    const tl = timelineOf(f, false);
    const seen: number[] = [];
    for (let i = 0; i < tl.order.length + 3; i++) {
      pb().stepForward();
      const focus = pb().focus!;
      if (seen.at(-1) !== focus.seq) seen.push(focus.seq);
      // the step counter's number is the row the playback is at; the inspector's is the focus's
      const row = currentRow(tl, focus.seq, playhead.clock - f.start);
      expect(row + 1).toBe(hopNumber(f, focus.seq, false));
    }
    expect(seen).toEqual(tl.order);
    // and back again, one row at a time
    const back: number[] = [];
    for (let i = 0; i < tl.order.length - 1; i++) {
      pb().stepBack();
      back.push(pb().focus!.seq);
    }
    expect(back).toEqual([...tl.order].reverse().slice(1));
  });

  it('with discarded copies shown, every hop has a row and the numbers are the trace order', async () => {
    await pb().send({ from: 'vm1', to: 'vm2' });
    const f = live()[0]!;
    const numbers = f.trace.hops.map((h) => hopNumber(f, h.seq, true));
    expect(numbers).toEqual(f.trace.hops.map((_, i) => i + 1));
    // hidden, the numbers still run 1, 2, 3… without gaps, and only hidden copies have none
    const lean = f.trace.hops.map((h) => hopNumber(f, h.seq, false)).filter((n) => n !== null);
    expect(lean).toEqual(lean.map((_, i) => i + 1));
    expect(lean.length).toBeLessThan(f.trace.hops.length);
  });
});

describe('rows of a timeline', () => {
  const r = loadTopologyText(text);
  if (!r.ok) throw new Error('example');
  const plane = realize(r.topology);
  const ends = ['vm1', 'vm2', 'internet'];
  it('rowStep from before the first row visits every row once, in order, at non-decreasing times', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ends),
        fc.constantFrom(...ends),
        fc.boolean(),
        fc.integer({ min: 1, max: 3 }),
        (from, to, full, count) => {
          if (from === to) return;
          const s = send(r.topology, plane, newSimState(), { from, to, count });
          if (!s.ok) throw new Error(s.error);
          const data = flowData(s.trace);
          const tl = full ? data.full : data.lean;
          let row = -1;
          let u = 0;
          const order: number[] = [];
          for (let next = rowStep(tl, row, 1); next; next = rowStep(tl, row, 1)) {
            expect(next.u).toBeGreaterThanOrEqual(u);
            u = next.u;
            order.push(next.seq);
            row = currentRow(tl, next.seq, next.u);
            expect(row).toBe(order.length - 1);
          }
          expect(order).toEqual(tl.order);
          expect(new Set(order).size).toBe(order.length);
          expect(rowStep(tl, 0, -1)).toBeNull();
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('edits keep the story', () => {
  const raw = () => JSON.parse(text);
  const reload = async (t: unknown) => {
    expect(await useApp.getState().applyTopology(t, { history: false })).toBeNull();
  };

  it('an edit finishes the send playing but keeps its rows; one that changed a device it passed marks it', async () => {
    await reload(raw());
    await pb().send({ from: 'vm1', to: 'internet' });
    const [first] = pb().flows as [Flow];
    expect(first.prints).toBeDefined();
    // edits are made on the cloud as the app holds it, every id filled in
    const doc = () => structuredClone(useApp.getState().doc) as unknown as ReturnType<typeof raw>;
    // an edit that changes no device: the cloud's name
    const renamed = doc();
    renamed.name = 'the article, renamed';
    await reload(renamed);
    await vi.waitFor(() => expect(pb().flows[0]!.retired).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(pb().flows).toHaveLength(1);
    expect(pb().flows[0]!.stale).toBeFalsy();
    // an edit on its path: vm1's security group no longer lets its port send anything
    const locked = doc();
    locked.security_groups[0].rules = locked.security_groups[0].rules.filter(
      (r: { direction: string }) => r.direction !== 'egress',
    );
    await reload(locked);
    await vi.waitFor(() => expect(pb().flows[0]!.stale).toBe(true));
    expect(pb().flows[0]!.trace).toBe(first.trace);
  });

  it('a device keeps its fingerprint while it stays as it was, and loses it when it goes', async () => {
    await reload(raw());
    await pb().send({ from: 'vm1', to: 'vm2' });
    const f = pb().flows.at(-1)!;
    const ids = Object.keys(f.prints!);
    expect(ids.length).toBe(new Set(f.trace.hops.map((h) => h.deviceId)).size);
    // the same cloud again: the same devices
    await reload(raw());
    await new Promise((r) => setTimeout(r, 20));
    expect(pb().flows.at(-1)!.stale).toBeFalsy();
    // vm2 gone: its devices have no fingerprint any more
    const t = raw();
    t.servers = t.servers.filter((s: { name: string }) => s.name !== 'vm2');
    t.ports = (t.ports ?? []).filter((p: { device_id?: string }) => p.device_id !== 'vm2');
    await reload(t);
    await vi.waitFor(() => expect(pb().flows.at(-1)!.stale).toBe(true));
  });
});
