// How the stores hand a topology to the worker and take back what it made of it. The page and the
// worker each keep the last topology and view they agreed on, by version: an edit goes to the worker
// as a patch of that topology (sim/plain-patch.ts), and the answer comes back as patches of what the
// page sent and of the view it holds (sim/view/view-patch.ts). On a cloud of 2,000 VMs the whole
// topology is about 2 MB of plain data and the view 12 MB; a patch after one edit, a few kilobytes.
// Whatever the worker no longer holds (another load came between, a new worker) is sent whole.
import type { PlaneView, SessionLoad, Topology } from '../sim';
import { applyRecord, diffRecord } from '../sim/plain-patch';
import { receiveView, type ViewUpdate } from '../sim/view/view-patch';
import type { EditAnswer, LoadAnswer } from '../worker/protocol';
import { simClient } from './sim-client';

export type Loaded =
  | (Extract<SessionLoad, { ok: true }> & { viewVersion: string; docVersion: string })
  | Extract<SessionLoad, { ok: false }>;

/** The view and the topology the page holds, with the worker's versions of them. */
let heldView: { version: string; view: PlaneView } | null = null;
let heldDoc: { version: string; doc: Topology } | null = null;

/** Notes what the page now shows, once it committed a load's result. */
export function hold(r: Extract<Loaded, { ok: true }>): void {
  heldView = { version: r.viewVersion, view: r.view };
  heldDoc = { version: r.docVersion, doc: r.topology };
}

/** The version the worker knows `doc` by, if the page holds it (a new worker's restore keeps it). */
export function versionOf(doc: Topology | null): string | null {
  return heldDoc && heldDoc.doc === doc ? heldDoc.version : null;
}

const refused = (e: unknown): Loaded => ({
  ok: false,
  errors: [{ path: '(cloud)', value: undefined, message: `was not applied: ${(e as Error).message}` }],
});

/** The view an answer carries; a patch against a view this page no longer holds asks for it whole. */
async function viewOf(update: ViewUpdate): Promise<{ view: PlaneView; version: string }> {
  const view = receiveView(update, heldView);
  if (view) return { view, version: update.version };
  const whole = await simClient().call('view');
  const again = whole ? receiveView(whole, null) : null;
  if (!whole || !again) throw new Error('the simulator sent no view of the cloud');
  return { view: again, version: whole.version };
}

async function taken(
  r: Extract<LoadAnswer, { ok: true }> | Extract<EditAnswer, { ok: true }>,
  topology: Topology,
): Promise<Loaded> {
  const { view, version } = await viewOf(r.view);
  return { ok: true, topology, warnings: r.warnings, view, viewVersion: version, docVersion: r.doc };
}

/** Validates, realizes and draws a topology in the worker. */
export async function load(raw: unknown, keepState: boolean): Promise<Loaded> {
  try {
    const r = await simClient().call('load', raw, keepState, heldView?.version ?? null);
    return r.ok ? await taken(r, r.topology) : r;
  } catch (e) {
    return refused(e);
  }
}

/**
 * performance.now() at each step of the last edit sent as a patch, for the UI benchmark's breakdown
 * (scripts/bench-ui-canvas.ts): the patch sent to the worker, its answer back, the view patched.
 */
export const editTiming = { sent: 0, answered: 0, taken: 0 };

/** An edit of `prev` (the topology shown) into `draft`, sent as a patch when the worker holds `prev`. */
export async function loadEdit(prev: Topology, draft: Topology): Promise<Loaded> {
  const base = heldDoc;
  if (!base || base.doc !== prev) return load(draft, true);
  try {
    const change = diffRecord(
      prev as unknown as Record<string, unknown>,
      draft as unknown as Record<string, unknown>,
    );
    editTiming.sent = performance.now();
    const r = await simClient().call('edit', base.version, change, heldView?.version ?? null);
    editTiming.answered = performance.now();
    if (r.ok) {
      const out = await taken(r, applyRecord(draft, r.topology));
      editTiming.taken = performance.now();
      return out;
    }
    if (!('stale' in r)) return r;
  } catch (e) {
    return refused(e);
  }
  return load(draft, true);
}
