// What changed between two PlaneViews, small enough to cross the worker boundary after an edit. An
// edit of one resource in a cloud of 2,000 VMs changes a few dozen of its 20,000 device views; the
// whole view is some 12 MB of plain data, and cloning it into the page took longer than the edit
// itself. A patch names the runs of items the page already has (by index into its own list) and
// carries only the items that are new or differ, so the page rebuilds the view exactly, in order,
// reusing the objects it holds for everything unchanged (which also spares the canvas's memoized
// nodes a redraw).
import { samePlain } from '../plain-data';
import type { PlaneView } from './plane-view';

/** A list rebuilt from the previous one: kept runs of it, and items put in between. */
export type ListPatch<T> = (
  | { keep: number; count: number } // prev[keep .. keep + count)
  | { put: T[] }
)[];

export type ViewPatch = { [K in keyof PlaneView]: ListPatch<PlaneView[K][number]> };

/**
 * The patch that turns `prev` into `next`. Items are matched by `key`; an item whose match in `prev`
 * is equal as plain data is kept (and a run of them that is also a run in `prev` is one entry).
 */
export function diffList<T>(prev: readonly T[], next: readonly T[], key: (x: T) => string): ListPatch<T> {
  const at = new Map<string, number>();
  for (let i = 0; i < prev.length; i++) at.set(key(prev[i]!), i);
  const out: ListPatch<T> = [];
  let run: { keep: number; count: number } | null = null;
  let put: T[] | null = null;
  for (const x of next) {
    const i = at.get(key(x));
    if (i !== undefined && samePlain(prev[i], x)) {
      put = null;
      if (run && run.keep + run.count === i) run.count++;
      else {
        run = { keep: i, count: 1 };
        out.push(run);
      }
    } else {
      run = null;
      if (put) put.push(x);
      else {
        put = [x];
        out.push({ put });
      }
    }
  }
  return out;
}

/** The list the patch describes, from `prev`: kept items are prev's own objects. Throws when the
 * patch does not fit `prev` (a patch made against another list). */
export function applyList<T>(prev: readonly T[], patch: ListPatch<T>): T[] {
  const out: T[] = [];
  for (const p of patch) {
    if ('put' in p) {
      for (const x of p.put) out.push(x);
      continue;
    }
    if (p.keep < 0 || p.keep + p.count > prev.length) throw new Error('the view patch does not fit the view');
    for (let i = p.keep; i < p.keep + p.count; i++) out.push(prev[i]!);
  }
  return out;
}

const byId = (x: { id: string }) => x.id;

export function diffView(prev: PlaneView, next: PlaneView): ViewPatch {
  return {
    hosts: diffList(prev.hosts, next.hosts, (h) => h.name),
    devices: diffList(prev.devices, next.devices, byId),
    links: diffList(prev.links, next.links, byId),
    tunnels: diffList(prev.tunnels, next.tunnels, byId),
    networks: diffList(prev.networks, next.networks, byId),
  };
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
