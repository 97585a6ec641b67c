// A view sent as a patch (sim/view/view-patch.ts) rebuilds exactly the view a full send would give, in
// order, reusing the receiver's objects for what did not change: on random lists, on random clouds
// under random sequences of edits through the worker's own handlers, and never against a view of
// another series or version.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTopology, type PlaneView, Session } from '../../src/sim';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { sampleEdit } from '../../src/sim/model/sample-edits';
import type { HostName } from '../../src/sim/model/types';
import { samePlain } from '../../src/sim/plain-data';
import { applyList, diffList, type ListPatch } from '../../src/sim/plain-patch';
import { scopeOfEdit } from '../../src/sim/realize/incremental';
import { applyViewPatch, diffView, receiveView, ViewSender } from '../../src/sim/view/view-patch';
import { sessionHandlers } from '../../src/worker/serve';
import { smallCloud, someEdits } from './arb-edits';

const item = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), v: fc.nat(3) });
const short = fc.uniqueArray(item, { selector: (x) => x.id, maxLength: 8 });
/** long enough that an item moves further than diffList looks near its last match */
const long = fc
  .uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 150 }).map(String), v: fc.nat(3) }), {
    selector: (x) => x.id,
    maxLength: 120,
  })
  .chain((prev) =>
    fc.tuple(
      fc.constant(prev),
      // next: prev with runs cut out, items changed and new ones put in, or any list at all
      fc.oneof(
        fc.array(fc.tuple(fc.nat(prev.length), fc.nat(60), fc.nat(3)), { maxLength: 4 }).map((cuts) => {
          let next = [...prev];
          for (const [at, n, v] of cuts) {
            next.splice(at, n % 50);
            next.splice(at, 0, { id: `new${at}-${n}`, v });
          }
          next = next.filter((x, i) => next.findIndex((y) => y.id === x.id) === i);
          return next;
        }),
        fc.shuffledSubarray(prev),
      ),
    ),
  );

describe('diffList and applyList', () => {
  it('rebuild the next list exactly from the previous one, keeping the objects that are equal', () => {
    const lists = fc.oneof(fc.tuple(short, short), long);
    fc.assert(
      fc.property(lists, ([prev, nextRaw]) => {
        // the next list takes prev's own object where an item is equal, as planeView does for kept devices
        const next = nextRaw.map((x) => prev.find((p) => samePlain(p, x)) ?? x);
        const patch = diffList(prev, next, (x) => x.id);
        const out = applyList(prev, patch);
        expect(out).toEqual(next);
        out.forEach((x, i) => {
          const old = prev.find((p) => p.id === x.id);
          if (old && samePlain(old, next[i])) expect(x).toBe(old);
        });
        // a patch carries no item the receiver has already
        const put = patch.flatMap((p) => ('put' in p ? p.put : []));
        for (const x of put) expect(prev.some((p) => samePlain(p, x))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a patch that reaches past the list it is applied to', () => {
    const prev = [{ id: 'a' }, { id: 'b' }];
    const patch = diffList(prev, [{ id: 'b' }, { id: 'a' }], (x) => x.id);
    expect(() => applyList([{ id: 'a' }], patch)).toThrow('does not fit');
  });

  it('samePlain tells plain data apart', () => {
    expect(samePlain({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(samePlain({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(samePlain({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(samePlain({ a: null }, { a: {} })).toBe(false);
    expect(samePlain([1], { 0: 1 })).toBe(false);
  });
});

describe('a view sent as a patch after an edit', () => {
  it('is the view a full load gives, through the worker handlers, on random clouds and edits', () => {
    fc.assert(
      fc.property(smallCloud, someEdits, (c, list) => {
        const h = sessionHandlers(new Session(), 'test');
        // a twin session given the same loads, whose views are taken whole
        const twin = new Session();
        twin.load(generateCloud(c));
        const first = h.load(generateCloud(c), false, null);
        fc.pre(!(first instanceof Promise) && first.ok);
        if (first instanceof Promise || !first.ok) return;
        let held = { version: first.view.version, view: receiveView(first.view, null)! };
        let topology = first.topology;
        for (const { kind, k } of list) {
          const edited = sampleEdit(topology, kind, k);
          if (!edited) continue;
          const r = h.load(edited, true, held.version);
          if (r instanceof Promise || !r.ok) continue;
          expect('patch' in r.view).toBe(true);
          const view = receiveView(r.view, held)!;
          const full = twin.load(edited, { keepState: true });
          if (!full.ok) throw new Error('the twin refused what the worker took');
          expect(JSON.stringify(view)).toBe(JSON.stringify(full.view));
          held = { version: r.view.version, view };
          topology = r.topology;
        }
      }),
      { numRuns: 25 },
    );
  });

  it('on the L cloud, carries a few items of its 20,000, and the rest are the page’s own objects', {
    timeout: 60_000,
  }, () => {
    const loaded = loadTopology(generateCloud(PRESETS.L));
    if (!loaded.ok) throw new Error('L does not load');
    const session = new Session();
    const a = session.load(loaded.topology);
    if (!a.ok) throw new Error('L does not load');
    const edited = sampleEdit(a.topology, 'toggle-port', 2)!;
    const b = session.load(edited, { keepState: true });
    if (!b.ok) throw new Error('the edit was refused');
    const patch = diffView(a.view, b.view);
    const lists: ListPatch<unknown>[] = Object.values(patch);
    const carried = lists.flatMap((list) => list.flatMap((p) => ('put' in p ? p.put : [])));
    expect(carried.length).toBeGreaterThan(0);
    expect(carried.length).toBeLessThan(200);
    expect(JSON.stringify(patch).length).toBeLessThan(JSON.stringify(b.view).length / 100);
    const rebuilt: PlaneView = applyViewPatch(a.view, patch);
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(b.view));
    const before = new Set(a.view.devices);
    const kept = rebuilt.devices.filter((d) => before.has(d)).length;
    expect(kept).toBeGreaterThan(rebuilt.devices.length * 0.95);
    // the hosts that l2population reaches have their br-tun built again, not their links and tunnels:
    // those that read as before are the objects the worker made before
    const worker = b.view;
    const linksBefore = new Set(a.view.links);
    const tunnelsBefore = new Set(a.view.tunnels);
    const freshLinks = worker.links.filter((l) => !linksBefore.has(l));
    const freshTunnels = worker.tunnels.filter((x) => !tunnelsBefore.has(x));
    const scope = scopeOfEdit(a.topology, b.topology);
    if (scope === 'all') throw new Error('a port disabled reaches a few hosts');
    expect(scope.l2.size).toBeGreaterThan(3);
    const hostOf = new Map(worker.devices.map((d) => [d.id, d]));
    const rebuiltEnd = (id: string) => {
      const d = hostOf.get(id);
      // what joins the hosts (the underlay, a provider network) is built again after every edit
      return (
        !!d &&
        (d.host === null || scope.hosts.has(d.host as HostName) || d.role === 'br-tun' || d.role === 'vxlan')
      );
    };
    expect(freshLinks.length).toBeGreaterThan(0);
    for (const l of freshLinks) expect(rebuiltEnd(l.a) || rebuiltEnd(l.b), l.id).toBe(true);
    expect(freshTunnels.length).toBeGreaterThan(0);
    for (const x of freshTunnels)
      expect(scope.hosts.has(x.hostA as HostName) || scope.hosts.has(x.hostB as HostName), x.id).toBe(true);
  });
});

describe('ViewSender and receiveView', () => {
  const v = (n: number): PlaneView => ({
    hosts: [],
    devices: [],
    links: [],
    tunnels: [],
    networks: [
      { id: `n${n}`, name: 'x', type: 'vxlan', segmentationId: n, external: false, cidrs: [], color: 0 },
    ],
  });

  it('sends a patch only against the version the receiver says it holds, of its own series', () => {
    const s = new ViewSender('w1');
    const u1 = s.update(v(1), null);
    expect('view' in u1).toBe(true);
    const u2 = s.update(v(2), u1.version);
    expect('patch' in u2).toBe(true);
    expect(receiveView(u2, { version: u1.version, view: v(1) })).toEqual(v(2));
    // a receiver holding another version (or none) gets the whole view
    expect('view' in s.update(v(3), u1.version)).toBe(true);
    // a new sender (a replaced worker) never patches against the old one's versions
    const other = new ViewSender('w2');
    other.update(v(1), null);
    expect('view' in other.update(v(2), u1.version)).toBe(true);
  });

  it('receiveView gives null for a patch against a view the receiver does not hold', () => {
    const s = new ViewSender('w1');
    const u1 = s.update(v(1), null);
    const u2 = s.update(v(2), u1.version);
    expect(receiveView(u2, null)).toBeNull();
    expect(receiveView(u2, { version: 'w1:99', view: v(1) })).toBeNull();
  });
});
