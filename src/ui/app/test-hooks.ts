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
  };
  (window as unknown as { __neutron: NeutronHooks }).__neutron = hooks;
}
