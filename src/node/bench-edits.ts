// The edit part of npm run bench: how long realize takes after an edit of one resource, full
// (realize(topology, previous)) and incremental (realizeEdit: the hosts the edit reaches), as medians
// over a fixed set of edits, each applied to the cloud as loaded; and the incremental edit's whole way
// in the worker: validation of the change the page sends (loadEdit), realize, and the view the canvas
// draws, made and diffed against the view the page holds (what crosses back).
import { realize, type Topology } from '../sim';
import { loadEdit } from '../sim/model/load';
import { type EditKind, sampleEdit } from '../sim/model/sample-edits';
import { diffRecord } from '../sim/plain-patch';
import { realizeEdit } from '../sim/realize/incremental';
import { planeView } from '../sim/view/plane-view';
import { diffView } from '../sim/view/view-patch';

/** The edits measured: a VM added, a port disabled, a security group rule removed, and more. */
export const BENCH_EDITS: readonly (readonly [EditKind, number])[] = [
  ['add-vm', 1],
  ['toggle-port', 2],
  ['remove-rule', 3],
  ['move-vm', 4],
  ['remove-vm', 5],
  ['add-rule', 6],
  ['unassociate-fip', 7],
  ['host-route', 8],
];

export interface EditStats {
  /** median ms of realize after an edit: every host, and only the hosts the edit reaches */
  full: number;
  incremental: number;
  /** median count of hosts rebuilt (the cloud's host count when it fell back to a full realize) */
  rebuiltHosts: number;
  /** the incremental edit's way through the worker, median ms of each step and of all three */
  session: { validate: number; realize: number; view: number; total: number };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.ceil(s.length / 2) - 1]! : Number.NaN;
};

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
}

export function benchEdits(topology: Topology, runs = 3): EditStats {
  const base = { topology, plane: realize(topology) };
  const baseView = planeView(topology, base.plane);
  const asRecord = (t: unknown) => t as Record<string, unknown>;
  // each edit as the page sends it: what it changed in the topology both sides hold
  const changes = BENCH_EDITS.map(([kind, k]) => sampleEdit(topology, kind, k))
    .filter((t) => t !== null)
    .map((t) => diffRecord(asRecord(topology), asRecord(t)));
  const full: number[] = [];
  const inc: number[] = [];
  const rebuilt: number[] = [];
  const steps = {
    validate: [] as number[],
    realize: [] as number[],
    view: [] as number[],
    total: [] as number[],
  };
  for (let run = -1; run < runs; run++) {
    for (const change of changes) {
      // what the worker does with an edit: validate, realize from the previous plane, draw
      const [loaded, validate] = time(() => loadEdit(topology, change));
      if (!loaded.ok) throw new Error(`an edit was refused: ${JSON.stringify(loaded.errors[0])}`);
      const t = loaded.topology;
      const [r, incMs] = time(() => realizeEdit(t, base));
      const [, view] = time(() => diffView(baseView, planeView(t, r.plane)));
      const [, fullMs] = time(() => realize(t, base.plane));
      if (run < 0) continue; // the first pass warms the code up
      full.push(fullMs);
      inc.push(incMs);
      rebuilt.push(r.rebuilt === 'all' ? t.hosts.length : r.rebuilt.length);
      steps.validate.push(validate);
      steps.realize.push(incMs);
      steps.view.push(view);
      steps.total.push(validate + incMs + view);
    }
  }
  return {
    full: median(full),
    incremental: median(inc),
    rebuiltHosts: median(rebuilt),
    session: {
      validate: median(steps.validate),
      realize: median(steps.realize),
      view: median(steps.view),
      total: median(steps.total),
    },
  };
}
