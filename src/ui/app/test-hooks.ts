// A small handle on the running app for end-to-end tests and the UI benchmarks, on window.__neutron.
// It goes through the same store actions a user's clicks do.
import { useApp } from '../../store/app-store';

export interface NeutronHooks {
  /** loads a topology (raw JSON value); resolves to the errors, or null */
  load(json: unknown): Promise<unknown[] | null>;
  /** opens every host (shows VMs, bridges and namespaces instead of summaries) */
  expandAllHosts(): void;
  nodeCount(): number;
  /** resolves once the undo history is saved (a user never waits on it: it is saved as they go) */
  historySaved(): Promise<void>;
  /**
   * one of the benchmark's edits (src/sim/model/sample-edits.ts) made through the store as a form's
   * would be; resolves to the errors, or null, once the edit is shown
   */
  sampleEdit(kind: string, k: number): Promise<unknown[] | null>;
}

export function installTestHooks(): void {
  const hooks: NeutronHooks = {
    load: (json) => useApp.getState().applyTopology(json),
    expandAllHosts() {
      const view = useApp.getState().view;
      for (const h of view?.hosts ?? []) useApp.getState().setHostCollapsed(h.name, false);
    },
    nodeCount: () => document.querySelectorAll('.react-flow__node').length,
    historySaved: () => import('../../store/autosave').then((m) => m.historySaved()),
    async sampleEdit(kind, k) {
      const { sampleEdit } = await import('../../sim/model/sample-edits');
      return useApp.getState().edit(`sample edit ${kind}`, (draft) => {
        const next = sampleEdit(draft, kind as Parameters<typeof sampleEdit>[1], k);
        if (next) Object.assign(draft, next);
      });
    },
  };
  (window as unknown as { __neutron: NeutronHooks }).__neutron = hooks;
}
