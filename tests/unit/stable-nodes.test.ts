// After an edit the canvas is given again, as the same objects, the nodes that read as they did (React
// Flow then keeps them, measured, and does not draw them again): on the physical graph of a cloud made
// again after each of the benchmark's edits (through the worker's path: loadEdit, an incremental
// realize, the view patched as the page patches it), a node is the previous object exactly when its
// value is unchanged, and every node changed in value is the new one.
import { describe, expect, it } from 'vitest';
import { BENCH_EDITS } from '../../src/node/bench-edits';
import { realize } from '../../src/sim';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { loadEdit, loadTopology } from '../../src/sim/model/load';
import { sampleEdit } from '../../src/sim/model/sample-edits';
import { diffRecord } from '../../src/sim/plain-patch';
import { realizeEdit } from '../../src/sim/realize/incremental';
import { planeView } from '../../src/sim/view/plane-view';
import { applyViewPatch, diffView } from '../../src/sim/view/view-patch';
import { type GraphNode, physicalGraph, type ViewOptions } from '../../src/ui/canvas/physical-graph';
import { stableNodes } from '../../src/ui/canvas/stable-nodes';

const asRecord = (x: unknown) => x as Record<string, unknown>;

describe('nodes given again after an edit', () => {
  it('are the previous objects exactly when they read the same', () => {
    const loaded = loadTopology(generateCloud(PRESETS.M));
    if (!loaded.ok) throw new Error('M did not load');
    let t = loaded.topology;
    let plane = realize(t);
    let view = planeView(t, plane);
    // a few hosts open, so that devices are drawn as nodes of their own
    const o: ViewOptions = {
      expandedVms: {},
      hostCollapsed: Object.fromEntries(t.hosts.map((h, i) => [h.name, i % 4 !== 0])),
      positions: {},
    };
    let nodes = stableNodes(new Map(), physicalGraph(view, o).nodes);
    let reused = 0;
    let renewed = 0;
    for (const [kind, k] of BENCH_EDITS) {
      const edited = sampleEdit(t, kind, k)!;
      const next = loadEdit(t, diffRecord(asRecord(t), asRecord(edited)));
      if (!next.ok) throw new Error(`${kind} was refused`);
      plane = realizeEdit(next.topology, { topology: t, plane }).plane;
      t = next.topology;
      // the view as the page holds it: patched, unchanged items kept
      view = applyViewPatch(view, diffView(view, planeView(t, plane)));
      const before = new Map(nodes.map((n) => [n.id, n]));
      const made = physicalGraph(view, o).nodes;
      nodes = stableNodes(before, made);
      nodes.forEach((n, i) => {
        const was = before.get(n.id);
        const valueSame = was !== undefined && JSON.stringify(was) === JSON.stringify(made[i]);
        if (n === was) reused++;
        else renewed++;
        // reused only when the same in value; a node the same in value is reused
        expect(n === was, `${kind}: ${n.id}`).toBe(valueSame);
        if (n !== was) expect(n).toBe(made[i] as GraphNode);
      });
    }
    expect(reused).toBeGreaterThan(renewed);
    expect(renewed).toBeGreaterThan(0);
  }, 30_000);
});
