// The app's state. The Topology is the one source of truth; the PlaneView is what the worker derived
// from it; the canvas derives its nodes and edges from both and never keeps a copy of its own.
// Every change of the Topology goes through the worker, which validates and realizes it; a refused one
// leaves everything as it was. Changes are kept in an undo history and run one after the other.
import { create } from 'zustand';
import type { Selection } from '../logic/selection';
import type { DeviceInspect, PlaneView, Topology, TopologyError } from '../sim';
import { Refused } from './refused';
import { simClient } from './sim-client';
import { hold, type Loaded, load, loadEdit, versionOf } from './sim-load';

export type { Selection };

export type ViewMode = 'physical' | 'logical';
export type Theme = 'light' | 'dark';

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: string;
  /** a button in the notice, for what the user may want to do about it */
  action?: { label: string; run: () => void };
}

/**
 * A Topology as it was before an edit, and what the edit was ("add vm1"). A step read back from the
 * browser's storage may keep its Topology there (`read`) until it is undone or redone: a history of
 * large clouds then costs no memory and no time at startup.
 */
export interface HistoryEntry {
  label: string;
  doc?: Topology;
  read?: () => Promise<unknown>;
}

/** An edit of the Topology: changes the draft (a copy) and may say what to select afterwards. */
// biome-ignore lint/suspicious/noConfusingVoidType: most edits return nothing; some say what to select
export type EditOp = (draft: Topology) => Selection | undefined | void;

export interface AppState {
  doc: Topology | null;
  view: PlaneView | null;
  warnings: string[];
  status: 'starting' | 'ready' | 'recovering';
  notices: Notice[];
  selection: Selection;
  viewMode: ViewMode;
  theme: Theme;
  /** VM device id -> its tap-qbr-qvb-qvo chain shown or folded, when the user chose */
  expandedVms: Record<string, boolean>;
  /** hosts shown as a summary; absent hosts use the default (collapsed when they run many VMs) */
  hostCollapsed: Record<string, boolean>;
  /** bumped whenever traffic changed what devices know (MAC tables, ARP caches...), to refresh views */
  simVersion: number;
  /** node positions the user dragged, by node id */
  positions: Record<string, { x: number; y: number }>;

  /** the physical view shows only what the send on stage visited (src/logic/path-focus.ts) */
  pathFocus: boolean;
  /** the canvas node the camera goes to once it is drawn (search); `n` tells two requests apart */
  reveal: { node: string; n: number } | null;

  /** edit mode: the palette is shown, handles connect, VMs move between hosts */
  editMode: boolean;
  /** the project new resources go to (null: the first one) */
  editProject: string | null;
  /** earlier Topologies, the latest last; future: undone ones, the next redo last */
  past: HistoryEntry[];
  future: HistoryEntry[];

  /**
   * Replaces the topology after the worker validated and realized it. Returns the errors, if any.
   * A new topology (not the current one again) is an undoable step unless `history` is false.
   * `anew`: another cloud is opened (a file, an import, a lesson, a link), laid out anew: its hosts
   * fold as its size says and no node keeps a place it had in the cloud before (those are remembered
   * by name, and a host compute1 of one cloud is not the compute1 of another: opening all twenty hosts
   * of one cloud would otherwise open twenty of the next, of 2,000 VMs, and stall the page).
   */
  applyTopology(
    next: unknown,
    opts?: { keepState?: boolean; history?: boolean; label?: string; anew?: boolean },
  ): Promise<TopologyError[] | null>;
  /** Edits the topology: one undoable step. A refusal (core or edit) leaves everything as it was. */
  edit(label: string, op: EditOp): Promise<TopologyError[] | null>;
  undo(): Promise<boolean>;
  redo(): Promise<boolean>;
  setEditMode(on: boolean): void;
  setEditProject(id: string | null): void;
  select(s: Selection): void;
  setViewMode(m: ViewMode): void;
  setTheme(t: Theme): void;
  /** shows or folds a VM's chain; `shown` is what the canvas shows now */
  toggleVm(vmDeviceId: string, shown: boolean): void;
  setHostCollapsed(host: string, collapsed: boolean): void;
  setPathFocus(on: boolean): void;
  movedNode(id: string, pos: { x: number; y: number }): void;
  /** live state of one device, from the worker */
  inspect(deviceId: string): Promise<DeviceInspect | null>;
  /** Shows a short message; returns its id. */
  notify(tone: Notice['tone'], text: string, action?: Notice['action']): number;
  dismiss(id: number): void;
}

/**
 * A feature that restricts what may change (an open activity's locks): `check` says why changing the
 * cloud `prev` into `next` by an edit, an undo or a redo is refused (null: allowed), naming what is
 * in the way; `replaced` hears that another cloud was opened instead (a file, a lesson, a link).
 */
export interface CloudGuard {
  /** `step` is the undo or redo step being taken, if it is one */
  check(prev: Topology, next: Topology, step?: { label: string; undo: boolean }): string | null;
  replaced(): void;
}

export const cloudGuard: { current: CloudGuard | null } = { current: null };

let noticeId = 0;

/** How many steps undo remembers. */
export const MAX_HISTORY = 100;

/** Topology changes run one at a time, each on the result of the one before. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

type Produce = import('immer').Immer['produce'];
/** Immer's produce, fetched once the page is up (it is no part of the first canvas) and at the latest
 * by the first edit. Frozen results are not asked for: the store hands its topology to code that
 * copies what it changes. */
let produce: Produce | null = null;
let producing: Promise<Produce> | null = null;
function copyOnWrite(): Promise<Produce> {
  producing ??= import('immer').then(({ Immer }) => {
    const immer = new Immer({ autoFreeze: false });
    produce = immer.produce.bind(immer) as Produce;
    return produce;
  });
  return producing;
}
// fetched at once, so that an edit never waits for it: an edit that did would let a send made after
// it reach the worker first
void copyOnWrite();

const push = (list: HistoryEntry[], e: HistoryEntry) => [...list.slice(-(MAX_HISTORY - 1)), e];

/** Loads the Topology of a step, reading it from storage first if it is kept there. */
async function loadStep(entry: HistoryEntry): Promise<Loaded> {
  if (entry.doc) return load(entry.doc, true);
  try {
    return await load(await entry.read?.(), true);
  } catch (e) {
    const message = `its saved cloud could not be read (${(e as Error).message})`;
    return { ok: false, errors: [{ path: '(history)', value: undefined, message }] };
  }
}

/** Whether the selected thing still exists in the topology and its view. */
function stillThere(sel: Selection, doc: Topology, view: PlaneView): boolean {
  if (!sel) return true;
  switch (sel.kind) {
    case 'device':
      return view.devices.some((d) => d.id === sel.id);
    case 'host':
      return doc.hosts.some((h) => h.name === sel.id);
    case 'tunnel':
      return view.tunnels.some((t) => t.id === sel.id);
    case 'network':
      return doc.networks.some((x) => x.id === sel.id);
    case 'subnet':
      return doc.subnets.some((x) => x.id === sel.id);
    case 'router':
      return doc.routers.some((x) => x.id === sel.id);
    case 'server':
      return doc.servers.some((x) => x.id === sel.id);
    case 'floatingip':
      return doc.floatingips.some((x) => x.id === sel.id);
  }
}

export const useApp = create<AppState>()((set, get) => {
  /** applies a loaded topology, with the undo history it makes and, for a cloud opened anew, its
   * emptied layout */
  const commit = (
    r: Extract<Loaded, { ok: true }>,
    also: Partial<Pick<AppState, 'past' | 'future' | 'hostCollapsed' | 'expandedVms' | 'positions'>>,
    sel?: Selection,
  ) => {
    hold(r);
    set((st) => {
      const selection = sel !== undefined ? sel : st.selection;
      return {
        doc: r.topology,
        view: r.view,
        warnings: r.warnings,
        status: 'ready',
        simVersion: st.simVersion + 1,
        selection: stillThere(selection, r.topology, r.view) ? selection : null,
        ...also,
      };
    });
  };
  const step = (from: 'past' | 'future') =>
    serial(async () => {
      const st = get();
      const entry = st[from].at(-1);
      if (!entry || !st.doc) return false;
      const guard = cloudGuard.current;
      if (guard) {
        // the step's cloud, read before the worker loads it: a refused step leaves the worker alone
        const target = (entry.doc ?? (await entry.read?.().catch(() => undefined))) as Topology | undefined;
        const why = guard.check(st.doc, target ?? st.doc, { label: entry.label, undo: from === 'past' });
        if (why) {
          get().notify('error', `Could not ${from === 'past' ? 'undo' : 'redo'} "${entry.label}": ${why}.`);
          return false;
        }
      }
      const r = await loadStep(entry);
      if (!r.ok) {
        // a step that no longer loads (a save from an older app) is dropped rather than kept in the way
        set((s) => ({ [from]: s[from].slice(0, -1) }));
        get().notify(
          'error',
          `Could not ${from === 'past' ? 'undo' : 'redo'} "${entry.label}": ${r.errors[0]?.message ?? ''}`,
        );
        return false;
      }
      const back = { doc: st.doc, label: entry.label };
      commit(
        r,
        from === 'past'
          ? { past: st.past.slice(0, -1), future: push(st.future, back) }
          : { future: st.future.slice(0, -1), past: push(st.past, back) },
      );
      return true;
    });
  return {
    doc: null,
    view: null,
    warnings: [],
    status: 'starting',
    notices: [],
    selection: null,
    viewMode: 'physical',
    theme: 'light',
    expandedVms: {},
    hostCollapsed: {},
    positions: {},
    pathFocus: false,
    reveal: null,
    simVersion: 0,
    editMode: false,
    editProject: null,
    past: [],
    future: [],

    applyTopology(next, opts = {}) {
      return serial(async () => {
        const r = await load(next, opts.keepState ?? false);
        if (!r.ok) return r.errors;
        const prev = get().doc;
        cloudGuard.current?.replaced();
        const record = opts.history !== false && prev !== null && next !== prev;
        commit(r, {
          ...(record
            ? { past: push(get().past, { doc: prev, label: opts.label ?? 'open a cloud' }), future: [] }
            : {}),
          ...(opts.anew ? { hostCollapsed: {}, expandedVms: {}, positions: {} } : {}),
        });
        return null;
      });
    },
    edit(label, op) {
      return serial(async () => {
        const prev = get().doc;
        if (!prev) return [{ path: '(cloud)', value: undefined, message: 'is not loaded yet' }];
        let sel: Selection | undefined;
        let draft: Topology;
        try {
          // the edit on a copy that shares with `prev` all it leaves as it was: copying the whole of a
          // cloud of 2,000 VMs took longer than the worker's part of an edit
          draft = (produce ?? (await copyOnWrite()))(prev, (d) => {
            sel = op(d as Topology) ?? undefined;
          });
        } catch (e) {
          if (!(e instanceof Refused)) console.error(e);
          return [{ path: '(edit)', value: undefined, message: (e as Error).message }];
        }
        const locked = cloudGuard.current?.check(prev, draft);
        if (locked) return [{ path: '(edit)', value: undefined, message: locked }];
        const r = await loadEdit(prev, draft);
        if (!r.ok) return r.errors;
        commit(r, { past: push(get().past, { doc: prev, label }), future: [] }, sel);
        return null;
      });
    },
    undo: () => step('past'),
    redo: () => step('future'),
    setEditMode: (editMode) => set({ editMode }),
    setEditProject: (editProject) => set({ editProject }),
    select: (selection) => set({ selection }),
    setViewMode: (viewMode) => set({ viewMode }),
    setTheme: (theme) => set({ theme }),
    toggleVm: (id, shown) => set((s) => ({ expandedVms: { ...s.expandedVms, [id]: !shown } })),
    setHostCollapsed: (host, collapsed) =>
      set((s) => ({ hostCollapsed: { ...s.hostCollapsed, [host]: collapsed } })),
    setPathFocus: (pathFocus) => set({ pathFocus }),
    movedNode: (id, pos) => set((s) => ({ positions: { ...s.positions, [id]: pos } })),
    inspect: (id) => simClient().call('inspect', id),
    notify(tone, text, action) {
      const id = ++noticeId;
      set((s) => ({
        notices: [...s.notices.slice(-3), action ? { id, tone, text, action } : { id, tone, text }],
      }));
      return id;
    },
    dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  };
});

/**
 * When the worker is replaced (see src/worker/client.ts): the new one loads the cloud shown, the calls
 * waiting meanwhile follow, and the user is told in one sentence, with what was lost: what traffic had
 * taught the devices.
 */
export function watchWorker(): void {
  const client = simClient();
  client.setRestore(
    () => useApp.getState().doc,
    () => versionOf(useApp.getState().doc),
  );
  client.onEvent((e) => {
    const { notify } = useApp.getState();
    if (e.kind === 'lost') {
      console.warn(`The simulation worker was replaced (${e.cause}): ${e.detail}.`);
      useApp.setState({ status: 'recovering' });
      return;
    }
    if (e.kind === 'failed') {
      notify('error', 'The simulator keeps stopping as it starts; reload the page to try again.');
      return;
    }
    useApp.setState((s) => ({ status: 'ready', simVersion: s.simVersion + 1 }));
    const what = e.cause === 'crashed' ? 'The simulator crashed' : 'The simulator stopped answering';
    if (e.restored)
      notify(
        'info',
        `${what} and was restarted; your cloud is back, with empty MAC tables, ARP caches and connection tracking.`,
      );
    else
      notify(
        'error',
        `${what} and was restarted without your cloud, which it could not load (${e.error}); undo the last change or open another file.`,
      );
  });
}
