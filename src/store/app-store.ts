// The app's state. The Topology is the one source of truth; the PlaneView is what the worker derived
// from it; the canvas derives its nodes and edges from both and never keeps a copy of its own.
import { create } from 'zustand';
import type { DeviceInspect, PlaneView, Topology, TopologyError } from '../sim';
import { simClient } from './sim-client';

export type ViewMode = 'physical' | 'logical';
export type Theme = 'light' | 'dark';

/** What is selected, in terms both views understand. */
export type Selection =
  | { kind: 'device'; id: string }
  | { kind: 'host'; id: string }
  | { kind: 'network'; id: string }
  | { kind: 'subnet'; id: string }
  | { kind: 'router'; id: string }
  | { kind: 'server'; id: string }
  | { kind: 'floatingip'; id: string }
  | { kind: 'tunnel'; id: string }
  | null;

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: string;
}

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

  /** Replaces the topology after the worker validated and realized it. Returns the errors, if any. */
  applyTopology(next: unknown, opts?: { keepState?: boolean }): Promise<TopologyError[] | null>;
  select(s: Selection): void;
  setViewMode(m: ViewMode): void;
  setTheme(t: Theme): void;
  /** shows or folds a VM's chain; `shown` is what the canvas shows now */
  toggleVm(vmDeviceId: string, shown: boolean): void;
  setHostCollapsed(host: string, collapsed: boolean): void;
  movedNode(id: string, pos: { x: number; y: number }): void;
  /** live state of one device, from the worker */
  inspect(deviceId: string): Promise<DeviceInspect | null>;
  notify(tone: Notice['tone'], text: string): void;
  dismiss(id: number): void;
}

let noticeId = 0;

export const useApp = create<AppState>()((set) => ({
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
  simVersion: 0,

  async applyTopology(next, opts = {}) {
    const r = await simClient().call('load', next, opts.keepState ?? false);
    if (!r.ok) return r.errors;
    set((st) => ({
      doc: r.topology,
      view: r.view,
      warnings: r.warnings,
      status: 'ready',
      simVersion: st.simVersion + 1,
    }));
    return null;
  },
  select: (selection) => set({ selection }),
  setViewMode: (viewMode) => set({ viewMode }),
  setTheme: (theme) => set({ theme }),
  toggleVm: (id, shown) => set((s) => ({ expandedVms: { ...s.expandedVms, [id]: !shown } })),
  setHostCollapsed: (host, collapsed) =>
    set((s) => ({ hostCollapsed: { ...s.hostCollapsed, [host]: collapsed } })),
  movedNode: (id, pos) => set((s) => ({ positions: { ...s.positions, [id]: pos } })),
  inspect: (id) => simClient().call('inspect', id),
  notify(tone, text) {
    const id = ++noticeId;
    set((s) => ({ notices: [...s.notices.slice(-3), { id, tone, text }] }));
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

/** When the worker dies, tell the user, and give the new worker the topology again. */
export function watchWorker(): void {
  simClient().onEvent(async (e) => {
    const { doc, notify } = useApp.getState();
    if (e.kind === 'crashed') {
      useApp.setState({ status: 'recovering' });
      notify('error', `The simulator stopped (${e.message}). Restarting it; your cloud is safe.`);
      return;
    }
    if (doc) {
      const errors = await useApp.getState().applyTopology(doc);
      if (errors) notify('error', 'The simulator restarted but could not reload the cloud.');
      else notify('info', 'The simulator restarted and your cloud is back.');
    }
  });
}
