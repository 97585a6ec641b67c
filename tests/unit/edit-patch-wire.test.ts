// An edit crosses to the worker as a patch of the topology both sides hold, and its topology comes back
// as a patch of what was sent (sim/plain-patch.ts, worker/serve.ts `edit`, store/sim-load.ts): on
// random clouds and random edits the result is the topology and the view a whole load gives; a patch
// against a topology the worker no longer holds is refused as stale, and the store then sends the
// topology whole, so an edit is never lost to the shortcut.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { loadTopology, Session, type Topology } from '../../src/sim';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { sampleEdit } from '../../src/sim/model/sample-edits';
import { applyRecord, diffRecord } from '../../src/sim/plain-patch';
import { receiveView } from '../../src/sim/view/view-patch';
import { useApp } from '../../src/store/app-store';
import { simClient } from '../../src/store/sim-client';
import { sessionHandlers } from '../../src/worker/serve';
import { smallCloud, someEdits } from './arb-edits';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const asRecord = (t: unknown) => t as Record<string, unknown>;

describe('diffRecord and applyRecord', () => {
  const item = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), v: fc.nat(2) });
  const rec = fc.record(
    {
      name: fc.constantFrom('x', 'y'),
      list: fc.uniqueArray(item, { selector: (x) => x.id, maxLength: 4 }),
      other: fc.uniqueArray(item, { selector: (x) => x.id, maxLength: 3 }),
      opts: fc.record({ on: fc.boolean() }),
    },
    { requiredKeys: ['list'] },
  );

  it('rebuild the next object from the previous one, which stays as it was', () => {
    fc.assert(
      fc.property(rec, rec, (a, b) => {
        const before = structuredClone(a);
        const out = applyRecord(a, diffRecord(asRecord(a), asRecord(b)));
        expect(out).toEqual(b);
        expect(Object.keys(out).sort()).toEqual(Object.keys(b).sort());
        expect(a).toEqual(before);
      }),
    );
  });
});

describe('an edit sent to the worker as a patch', () => {
  it('gives the topology and the view a whole load gives, on random clouds and edits', async () => {
    await fc.assert(
      fc.asyncProperty(smallCloud, someEdits, async (c, list) => {
        const h = sessionHandlers(new Session(), 'test');
        const twin = new Session();
        const first = await h.load(generateCloud(c), false, null);
        twin.load(generateCloud(c));
        if (!first.ok) return;
        let doc = first.doc;
        let topology: Topology = first.topology;
        let held = { version: first.view.version, view: receiveView(first.view, null)! };
        for (const { kind, k } of list) {
          const edited = sampleEdit(topology, kind, k);
          if (!edited) continue;
          const r = await h.edit(doc, diffRecord(asRecord(topology), asRecord(edited)), held.version);
          const whole = twin.load(edited, { keepState: true });
          expect(r.ok).toBe(whole.ok);
          if (!r.ok || !whole.ok) continue;
          const back = applyRecord(edited, r.topology);
          expect(JSON.stringify(back)).toBe(JSON.stringify(whole.topology));
          const view = receiveView(r.view, held)!;
          expect(JSON.stringify(view)).toBe(JSON.stringify(whole.view));
          doc = r.doc;
          topology = back;
          held = { version: r.view.version, view };
        }
      }),
      { numRuns: 20 },
    );
  });

  it('is refused as stale against a topology the worker no longer holds', async () => {
    const h = sessionHandlers(new Session(), 'test');
    const a = await h.load(generateCloud(PRESETS.S), false, null);
    if (!a.ok) throw new Error('S does not load');
    const edited = sampleEdit(a.topology, 'toggle-port', 1)!;
    const change = diffRecord(asRecord(a.topology), asRecord(edited));
    expect(await h.edit('another:d1', change, null)).toMatchObject({ ok: false, stale: true });
    // another load came between: the version the page holds is gone
    await h.load(generateCloud({ ...PRESETS.S, seed: 7 }), false, null);
    expect(await h.edit(a.doc, change, null)).toMatchObject({ ok: false, stale: true });
  });

  it('carries a few kilobytes each way on the L cloud', async () => {
    const loaded = loadTopology(generateCloud(PRESETS.L));
    if (!loaded.ok) throw new Error('L does not load');
    const h = sessionHandlers(new Session(), 'test');
    const a = await h.load(loaded.topology, false, null);
    if (!a.ok) throw new Error('L does not load');
    const edited = sampleEdit(a.topology, 'add-vm', 1)!;
    const change = diffRecord(asRecord(a.topology), asRecord(edited));
    const r = await h.edit(a.doc, change, a.view.version);
    if (!r.ok) throw new Error('the edit was refused');
    const whole = JSON.stringify(a.topology).length;
    expect(JSON.stringify(change).length).toBeLessThan(whole / 100);
    expect(JSON.stringify(r.topology).length).toBeLessThan(whole / 100);
  });
});

describe('the store', () => {
  it('sends an edit as a patch, and whole when the worker answers that it is stale', async () => {
    const client = simClient() as unknown as { call: (m: string, ...a: unknown[]) => Promise<unknown> };
    const calls = vi.spyOn(client, 'call');
    expect(await useApp.getState().applyTopology(generateCloud(PRESETS.S), { history: false })).toBeNull();
    const rename = (name: string) => (t: Topology) => {
      t.servers[0]!.name = name;
    };
    calls.mockClear();
    expect(await useApp.getState().edit('rename', rename('web1'))).toBeNull();
    expect(calls.mock.calls.map((c) => c[0]).filter((m) => m !== 'view')).toEqual(['edit']);
    expect(useApp.getState().doc?.servers[0]?.name).toBe('web1');
    // the worker is replaced: it holds no topology of this page, the edit goes whole
    (client as unknown as { kill(): void }).kill();
    calls.mockClear();
    expect(await useApp.getState().edit('rename', rename('web2'))).toBeNull();
    expect(calls.mock.calls.map((c) => c[0])).toEqual(['edit', 'load']);
    expect(useApp.getState().doc?.servers[0]?.name).toBe('web2');
    // and the next edit is a patch again
    calls.mockClear();
    expect(await useApp.getState().edit('rename', rename('web3'))).toBeNull();
    expect(calls.mock.calls.map((c) => c[0])).toEqual(['edit']);
    expect(useApp.getState().doc?.servers[0]?.name).toBe('web3');
  });
});
