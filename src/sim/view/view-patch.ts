// What changed between two PlaneViews, small enough to cross the worker boundary after an edit. An
// edit of one resource in a cloud of 2,000 VMs changes a few dozen of its 20,000 device views; the
// whole view is some 12 MB of plain data, and cloning it into the page took longer than the edit
// itself. A patch names the runs of items the page already has (by index into its own list) and
// carries only the items that are new or differ, so the page rebuilds the view exactly, in order,
// reusing the objects it holds for everything unchanged (which also spares the canvas's memoized
// nodes a redraw).
import { applyList, diffList, type ListPatch } from '../plain-patch';
import type { PlaneView } from './plane-view';
import { type Segment, segmentsOf, setSegments } from './segments';

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
export type ViewUpdate = (
  | { version: string; view: PlaneView }
  | { version: string; base: string; patch: ViewPatch }
) & {
  /** each host's run of the devices and links, in order (segments.ts): the canvas lays out a host
   * again only where its run changed (ui/canvas/host-drawings.ts) */
  runs?: ViewRuns;
};

/** A list's host runs as sent: the host (null: what joins the hosts) and how many items it has. */
export type HostRuns = [host: string | null, count: number][];
export interface ViewRuns {
  devices: HostRuns;
  links: HostRuns;
}

const runsOf = (list: readonly unknown[]): HostRuns | null =>
  segmentsOf(list)?.map((s) => [s.host, s.count]) ?? null;

function sentRuns(view: PlaneView): { runs?: ViewRuns } {
  const devices = runsOf(view.devices);
  const links = runsOf(view.links);
  return devices && links ? { runs: { devices, links } } : {};
}

/** Notes on a received list the runs it was sent with, when they add up to it (a list that has its
 * own, the sender's in one realm, keeps them). */
function noteRuns(list: readonly unknown[], runs: HostRuns, source: object): void {
  if (segmentsOf(list)) return;
  const out: Segment[] = [];
  let start = 0;
  for (const [host, count] of runs) {
    out.push({ host, source, start, count });
    start += count;
  }
  if (start === list.length) setSegments(list, out);
}

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
      ? { version, base: last.version, patch: diffView(last.view, view), ...sentRuns(view) }
      : { version, view, ...sentRuns(view) };
  }
}

/** The view an update describes, given the view the receiver holds and its version; null when the
 * update is a patch against a view the receiver does not hold. */
export function receiveView(
  update: ViewUpdate,
  held: { version: string; view: PlaneView } | null,
): PlaneView | null {
  const view =
    'view' in update
      ? update.view
      : held && held.version === update.base
        ? applyViewPatch(held.view, update.patch)
        : null;
  if (view && update.runs) {
    // the page compares runs item by item (host-drawings.ts), not by the object they came from
    noteRuns(view.devices, update.runs.devices, update);
    noteRuns(view.links, update.runs.links, update);
  }
  return view;
}
