// What changed between two PlaneViews, small enough to cross the worker boundary after an edit. An
// edit of one resource in a cloud of 2,000 VMs changes a few dozen of its 20,000 device views; the
// whole view is some 12 MB of plain data, and cloning it into the page took longer than the edit
// itself. A patch names the runs of items the page already has (by index into its own list) and
// carries only the items that are new or differ, so the page rebuilds the view exactly, in order,
// reusing the objects it holds for everything unchanged (which also spares the canvas's memoized
// nodes a redraw).
import { applyList, diffList, type ListPatch } from '../plain-patch';
import type { PlaneView } from './plane-view';

export type ViewPatch = { [K in keyof PlaneView]: ListPatch<PlaneView[K][number]> };

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
