// The physical view's hosts as the canvas lays them out, kept from one drawing to the next while a
// host reads the same. Cloud L has a hundred hosts drawn as summaries and 40,000 devices; after an edit,
// which rebuilds about ten of them, saying again which node draws each device and reading its 50,000
// links for edges took most of the 14 ms the page spent on the picture.
//
// A summary's drawing depends on the host, its devices and links, whether the user folded or opened it
// and whether the cloud is large, nothing else (physical-host.ts layoutHost). The view a page holds
// keeps the objects of what an edit left alone (view-patch.ts), and says which run of its lists is
// each host's (segments.ts, sent with the view): a host whose run is the same items, one by one, is
// drawn as it was. Its devices are drawn by its one node, noted in a map of its own; of its links,
// only those that leave it (toward the world outside) can give an edge.
import type { DeviceView, LinkView, PlaneView } from '../../sim';
import { segmentsOf } from '../../sim/view/segments';
import type { PlacedHost } from './physical-host';

/** Which node draws a device: its own, or the node it is folded into. */
export interface OwnerLookup {
  get(id: string): string | undefined;
}

/**
 * Where each device is drawn: `own` for the devices of open hosts and of the world outside, and a map
 * per summary for the devices folded into it. A host's devices have ids that start with its name and a
 * bar (realize/builder.ts devId), which says which summary's map to read.
 */
export class Owners implements OwnerLookup {
  constructor(
    readonly own: Map<string, string>,
    private readonly folded: ReadonlyMap<string, ReadonlyMap<string, string>>,
  ) {}

  get(id: string): string | undefined {
    const drawn = this.own.get(id);
    if (drawn !== undefined) return drawn;
    const bar = id.indexOf('|');
    if (bar > 0) return this.folded.get(id.slice(0, bar))?.get(id);
    for (const m of this.folded.values()) {
      const o = m.get(id);
      if (o !== undefined) return o;
    }
    return undefined;
  }
}

/** The view's devices and links, host by host, as its runs say (or, without them, devices by host). */
export interface HostLists {
  devices: Map<string, DeviceView[]>;
  /** the devices of no host (the world outside) */
  outside: DeviceView[];
  /** links host by host, in the view's order, with null for what joins the hosts; null: not known */
  links: [host: string | null, links: LinkView[]][] | null;
}

export function hostLists(view: PlaneView): HostLists {
  const devices = new Map<string, DeviceView[]>();
  const outside: DeviceView[] = [];
  const add = (host: string, items: DeviceView[]) => {
    const was = devices.get(host);
    if (was) was.push(...items);
    else devices.set(host, items);
  };
  const runs = segmentsOf(view.devices);
  if (runs)
    for (const r of runs) {
      const items = view.devices.slice(r.start, r.start + r.count);
      if (r.host === null) outside.push(...items);
      else add(r.host, items);
    }
  else
    for (const d of view.devices)
      if (!d.host) outside.push(d);
      else add(d.host, [d]);
  const linkRuns = segmentsOf(view.links);
  // a host's links in one run, as planeView makes them; else they are read whole, link by link
  const once = linkRuns && new Set(linkRuns.map((r) => r.host)).size === linkRuns.length;
  const links = once
    ? linkRuns.map((r): [string | null, LinkView[]] => [r.host, view.links.slice(r.start, r.start + r.count)])
    : null;
  return { devices, outside, links };
}

/** What a summary was drawn from and what it gave. */
export interface SummaryDrawing {
  host: PlaneView['hosts'][number];
  devices: readonly DeviceView[];
  /** its run of links, null when the view did not say */
  links: readonly LinkView[] | null;
  large: boolean;
  /** the user's choice for it (ViewOptions.hostCollapsed) */
  folded: boolean | undefined;
  placed: PlacedHost;
  vms: number;
  namespaces: number;
  /** its devices -> its node */
  owner: Map<string, string>;
  /** its links with an end off the host, null when its links are not known */
  outward: LinkView[] | null;
}

const sameItems = <T>(a: readonly T[] | null, b: readonly T[] | null): boolean => {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The links of a host's run that leave it: the others join two of its devices. */
export function outwardLinks(devices: readonly DeviceView[], links: readonly LinkView[]): LinkView[] {
  const ids = new Set(devices.map((d) => d.id));
  return links.filter((l) => !ids.has(l.a) || !ids.has(l.b));
}

/**
 * The summaries of the last picture drawn, by host name, kept by the view that draws them (one per
 * canvas): a picture of another cloud, or cut down to a send's path, only finds fewer of them again.
 */
export class HostDrawings {
  private last = new Map<string, SummaryDrawing>();
  private next = new Map<string, SummaryDrawing>();

  /** The summary drawn last time from the same inputs, if there is one. */
  find(
    host: SummaryDrawing['host'],
    devices: readonly DeviceView[],
    links: readonly LinkView[] | null,
    large: boolean,
    folded: boolean | undefined,
  ): SummaryDrawing | undefined {
    const d = this.last.get(host.name);
    return d &&
      d.host === host &&
      d.large === large &&
      d.folded === folded &&
      sameItems(d.devices, devices) &&
      sameItems(d.links, links)
      ? d
      : undefined;
  }

  /** Notes a summary of the picture being drawn. */
  keep(d: SummaryDrawing): void {
    this.next.set(d.host.name, d);
  }

  /** The picture is drawn: what it did not draw again as a summary is forgotten. */
  done(): void {
    this.last = this.next;
    this.next = new Map();
  }
}
