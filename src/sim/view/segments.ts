// Where each host's items sit in a view's lists of devices and links, so that the patch sent after an
// edit (view-patch.ts) is made host by host: a host whose part of the view is the one sent last time
// is kept whole without reading its items, and the others are compared within their own slice.
// Device ids start with their host's name (realize/builder.ts devId), so no device moves between hosts.

/** One host's run of a list (host null: what joins the hosts), and what it was made from. */
export interface Segment {
  readonly host: string | null;
  /** the object the run's items were taken from: the same object, the same items */
  readonly source: object;
  readonly start: number;
  readonly count: number;
}

const segments = new WeakMap<readonly unknown[], readonly Segment[]>();

/** Notes the runs a list was made of. */
export function setSegments(list: readonly unknown[], runs: readonly Segment[]): void {
  segments.set(list, runs);
}

/** The runs a list was made of, if noted. */
export function segmentsOf(list: readonly unknown[]): readonly Segment[] | undefined {
  return segments.get(list);
}
