// The physical view's summaries kept from one drawing to the next (ui/canvas/host-drawings.ts): on
// random clouds after random runs of edits and folds, and on the L cloud after edits, the picture drawn
// with the summaries of the drawing before is the picture drawn from nothing, node for node and edge for
// edge, and each device is drawn by a node of it (a summary's devices by the summary). The views reach
// the canvas as on the page: sent as patches, cloned across the worker boundary, with their host runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PlaneView, realize, type Topology } from '../../src/sim';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { EDIT_KINDS, sampleEdit } from '../../src/sim/model/sample-edits';
import { realizeEdit } from '../../src/sim/realize/incremental';
import { planeView } from '../../src/sim/view/plane-view';
import { segmentsOf, setSegments } from '../../src/sim/view/segments';
import { receiveView, ViewSender } from '../../src/sim/view/view-patch';
import { HostDrawings, hostLists } from '../../src/ui/canvas/host-drawings';
import { physicalGraph, type ViewOptions } from '../../src/ui/canvas/physical-graph';
import { anyCloud, buildCloud, loadOrNull } from './arb-edits';

/** Counts the summaries given again. */
class Counted extends HostDrawings {
  again = 0;
  override find(...args: Parameters<HostDrawings['find']>) {
    const d = super.find(...args);
    if (d) this.again++;
    return d;
  }
}

/** The page's side of the worker boundary: each view sent as the worker sends it, then cloned. */
function page() {
  const sender = new ViewSender('t');
  let held: { version: string; view: PlaneView } | null = null;
  return (view: PlaneView): PlaneView => {
    const update = structuredClone(sender.update(view, held?.version ?? null));
    const got = receiveView(update, held)!;
    held = { version: update.version, view: got };
    return got;
  };
}

/**
 * The picture drawn with the summaries kept is the one drawn from nothing and without the host runs
 * (copies of the lists: every device grouped by its host, every link read for an edge).
 */
function sameAsFromNothing(view: PlaneView, o: ViewOptions, drawings: HostDrawings): void {
  const kept = physicalGraph(view, o, drawings);
  const fresh = physicalGraph({ ...view, devices: [...view.devices], links: [...view.links] }, o);
  expect(kept.nodes).toEqual(fresh.nodes);
  expect(kept.edges).toEqual(fresh.edges);
  const nodes = new Set(kept.nodes.map((n) => n.id));
  const summaries = new Set(
    kept.nodes.flatMap((n) => (n.type === 'host' && n.data.collapsed ? [n.data.name] : [])),
  );
  for (const d of view.devices) {
    const by = kept.owner.get(d.id);
    expect(by === undefined || nodes.has(by), `${d.id} is drawn by ${by}`).toBe(true);
    if (d.host && summaries.has(d.host)) expect(by).toBe(`host:${d.host}`);
    expect(by).toBe(fresh.owner.get(d.id));
  }
  expect(kept.owner.get('no-such-host|no-such-device')).toBeUndefined();
}

/** Draws each plane after the one before, folding and opening hosts; how many summaries were given again. */
function drawEdits(
  t0: Topology,
  steps: readonly { kind: (typeof EDIT_KINDS)[number]; k: number; folds: [number, boolean][] }[],
): number {
  const drawings = new Counted();
  const toPage = page();
  let prev = { topology: t0, plane: realize(t0) };
  let view = toPage(planeView(prev.topology, prev.plane));
  expect(segmentsOf(view.devices)).toBeDefined();
  sameAsFromNothing(view, { expandedVms: {}, hostCollapsed: {}, positions: {} }, drawings);
  // folds are kept from step to step, as the user's are
  const hostCollapsed: Record<string, boolean> = {};
  for (const { kind, k, folds } of steps) {
    const edited = sampleEdit(prev.topology, kind, k);
    const t = edited && loadOrNull(edited);
    if (t) {
      prev = { topology: t, plane: realizeEdit(t, prev, 1).plane };
      view = toPage(planeView(prev.topology, prev.plane));
    }
    const hosts = view.hosts.map((h) => h.name);
    for (const [i, f] of folds) hostCollapsed[hosts[i % hosts.length]!] = f;
    sameAsFromNothing(
      view,
      { expandedVms: {}, hostCollapsed: { ...hostCollapsed }, positions: {} },
      drawings,
    );
  }
  return drawings.again;
}

/** `list` without the items `drop` picks, its host runs counted again. */
function without<T>(list: readonly T[], drop: (x: T) => boolean): T[] {
  const out: T[] = [];
  const runs = segmentsOf(list)!.map((r) => {
    const kept = list.slice(r.start, r.start + r.count).filter((x) => !drop(x));
    const run = { ...r, start: out.length, count: kept.length };
    out.push(...kept);
    return run;
  });
  setSegments(out, runs);
  return out;
}

describe('summaries given again on the physical view', () => {
  const t = loadOrNull(
    generateCloud({ seed: 5, computeHosts: 44, networkHosts: 2, vms: 90, networks: 5, routers: 2 }),
  )!;
  const none: ViewOptions = { expandedVms: {}, hostCollapsed: {}, positions: {} };

  it('are drawn again when a device of theirs goes, their host view the same', () => {
    const view = page()(planeView(t, realize(t)));
    const vm = view.devices.find((d) => d.role === 'vm')!;
    const drawings = new Counted();
    sameAsFromNothing(view, none, drawings);
    sameAsFromNothing({ ...view, devices: without(view.devices, (d) => d === vm) }, none, drawings);
    expect(drawings.again).toBe(view.hosts.length - 1);
  });

  it('read a view whose host has two runs of links as one without runs', () => {
    const view = page()(planeView(t, realize(t)));
    const runs = segmentsOf(view.links)!;
    const first = runs[0]!;
    // the first host's run cut in two: its links are then read whole, with the same picture
    const split = [
      { ...first, count: 1 },
      { ...first, start: first.start + 1, count: first.count - 1 },
      ...runs.slice(1),
    ];
    const links = [...view.links];
    setSegments(links, split);
    expect(hostLists({ ...view, links }).links).toBeNull();
    sameAsFromNothing({ ...view, links }, none, new HostDrawings());
  });

  it('are drawn again when a link of theirs to the world outside goes', () => {
    const view = page()(planeView(t, realize(t)));
    const hosted = new Set(view.devices.flatMap((d) => (d.host ? [d.id] : [])));
    const out = view.links.find((l) => hosted.has(l.a) !== hosted.has(l.b))!;
    expect(out).toBeDefined();
    const drawings = new Counted();
    sameAsFromNothing(view, none, drawings);
    const fewer = { ...view, links: without(view.links, (l) => l === out) };
    sameAsFromNothing(fewer, none, drawings);
    expect(physicalGraph(fewer, none).edges.length).toBeLessThan(physicalGraph(view, none).edges.length);
  });

  it('draw the picture drawn from nothing, on random clouds after random edits and folds', () => {
    let again = 0;
    fc.assert(
      fc.property(
        anyCloud,
        fc.array(
          fc.record({
            kind: fc.constantFrom(...EDIT_KINDS),
            k: fc.nat({ max: 50 }),
            folds: fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (c, steps) => {
          const t0 = buildCloud(c);
          fc.pre(t0 !== null);
          again += drawEdits(t0!, steps);
        },
      ),
      { numRuns: 40, seed: 31 },
    );
    // the property is about the summaries given again: they must have been met
    expect(again).toBeGreaterThan(20);
  }, 120_000);

  it('draw the picture drawn from nothing on the L cloud, most hosts given again after each edit', {
    timeout: 120_000,
  }, () => {
    const t0 = loadOrNull(generateCloud(PRESETS.L))!;
    const steps = [
      { kind: 'add-vm', k: 1, folds: [] },
      { kind: 'toggle-port', k: 2, folds: [[3, false]] },
      { kind: 'remove-rule', k: 3, folds: [[3, true]] },
    ] as const;
    const again = drawEdits(
      t0,
      steps.map((s) => ({ ...s, folds: s.folds.map(([i, f]) => [i, f] as [number, boolean]) })),
    );
    // a hundred summaries drawn four times: after the first drawing, all but the hosts an edit changed
    expect(again).toBeGreaterThan(200);
  });
});
