// What changed between two PlaneViews, small enough to cross the worker boundary after an edit. An
// edit of one resource in a cloud of 2,000 VMs changes a few dozen of its 20,000 device views; the
// whole view is some 12 MB of plain data, and cloning it into the page took longer than the edit
// itself. A patch names the runs of items the page already has (by index into its own list) and
// carries only the items that are new or differ, so the page rebuilds the view exactly, in order,
// reusing the objects it holds for everything unchanged (which also spares the canvas's memoized
// nodes a redraw).
import { applyList, diffList, type ListPatch } from '../plain-patch';
import type { PlaneView } from './plane-view';
import { segmentsOf } from './segments';

export type ViewPatch = { [K in keyof PlaneView]: ListPatch<PlaneView[K][number]> };

const byId = (x: { id: string }) => x.id;

export function diffView(prev: PlaneView, next: PlaneView): ViewPatch {
  return {
    hosts: diffList(prev.hosts, next.hosts, (h) => h.name),
    devices: diffHosted(prev.devices, next.devices),
    links: diffHosted(prev.links, next.links),
    tunnels: diffList(prev.tunnels, next.tunnels, byId),
    networks: diffList(prev.networks, next.networks, byId),
  };
}

/**
 * diffList, host by host where both lists say which runs they were made of (segments.ts): a host whose
 * run was taken from the same object is kept whole, the others compared within their own runs. An
 * edit rebuilds a few of a large cloud's hundred hosts; comparing the whole list read every item of
 * the others, and an item added made an index of all 40,000.
 */
function diffHosted<T extends { id: string }>(prev: readonly T[], next: readonly T[]): ListPatch<T> {
  const before = segmentsOf(prev);
  const after = segmentsOf(next);
  if (!before || !after) return diffList(prev, next, byId);
  const was = new Map(before.map((s) => [s.host, s]));
  const out: ListPatch<T> = [];
  const keep = (at: number, count: number) => {
    const last = out.at(-1);
    if (last && 'keep' in last && last.keep + last.count === at) last.count += count;
    else if (count > 0) out.push({ keep: at, count });
  };
  for (const s of after) {
    const p = was.get(s.host);
    if (p && p.source === s.source && p.count === s.count) {
      keep(p.start, p.count);
      continue;
    }
    const from = p ? prev.slice(p.start, p.start + p.count) : [];
    for (const e of diffList(from, next.slice(s.start, s.start + s.count), byId))
      if ('put' in e) out.push({ put: e.put });
      else keep(e.keep + p!.start, e.count);
  }
  return out;
}

export function applyViewPatch(prev: PlaneView, patch: ViewPatch): PlaneView {
  return {
    hosts: applyList(prev.hosts, patch.hosts),
    devices: applyList(prev.devices, patch.devices),
    links: applyList(prev.links, patch.links),
    tunnels: applyList(prev.tunnels, patch.tunnels),
    networks: applyList(prev.networks, patch.networks),
  };
}

/**
 * A view as sent to the page: whole, or as a patch against the view of version `base`. Versions are
 * strings unique to the sender (a worker that replaces a crashed one starts a new series), so a patch
 * is never applied to a view it was not made against.
 */
export type ViewUpdate =
  | { version: string; view: PlaneView }
  | { version: string; base: string; patch: ViewPatch };

/** Keeps the last view sent, to send the next one as a patch when the receiver holds that one. */
export class ViewSender {
  private last: { version: string; view: PlaneView } | null = null;
  private n = 0;

  /** @param series a prefix no other sender the receiver may meet uses */
  constructor(private readonly series: string) {}

  /** The update for `view`, given the version the receiver holds (if any). */
  update(view: PlaneView, held: string | null | undefined): ViewUpdate {
    const version = `${this.series}:${++this.n}`;
    const last = this.last;
    this.last = { version, view };
    return last && held === last.version
      ? { version, base: last.version, patch: diffView(last.view, view) }
      : { version, view };
  }
}

/** The view an update describes, given the view the receiver holds and its version; null when the
 * update is a patch against a view the receiver does not hold. */
export function receiveView(
  update: ViewUpdate,
  held: { version: string; view: PlaneView } | null,
): PlaneView | null {
  if ('view' in update) return update.view;
  if (!held || held.version !== update.base) return null;
  return applyViewPatch(held.view, update.patch);
}
