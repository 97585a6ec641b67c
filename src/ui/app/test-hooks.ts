// A small handle on the running app for end-to-end tests and the UI benchmarks, on window.__neutron.
// It goes through the same store actions a user's clicks do.
import { useApp } from '../../store/app-store';
import { editTiming } from '../../store/sim-load';

export interface NeutronHooks {
  /** loads a topology (raw JSON value); resolves to the errors, or null */
  load(json: unknown): Promise<unknown[] | null>;
  /** opens every host (shows VMs, bridges and namespaces instead of summaries) */
  expandAllHosts(): void;
  nodeCount(): number;
  /** resolves once the undo history is saved (a user never waits on it: it is saved as they go) */
  historySaved(): Promise<void>;
  /** makes one of the benchmark's edits of the cloud loaded (sample-edits.ts), to apply with applyEdit */
  prepareEdit(kind: string, k: number): Promise<boolean>;
  /** applies the edit prepared, as the editor's forms do: null when applied, else the errors */
  applyEdit(): Promise<unknown[] | null>;
  /** performance.now() when the last edit was sent to the worker, answered, and its view patched */
  editTiming(): { sent: number; answered: number; taken: number };
}

let prepared: { label: string; prev: object; changed: Record<string, unknown> } | null = null;

export function installTestHooks(): void {
  const hooks: NeutronHooks = {
    load: (json) => useApp.getState().applyTopology(json),
    expandAllHosts() {
      const view = useApp.getState().view;
      for (const h of view?.hosts ?? []) useApp.getState().setHostCollapsed(h.name, false);
    },
    nodeCount: () => document.querySelectorAll('.react-flow__node').length,
    historySaved: () => import('../../store/autosave').then((m) => m.historySaved()),
    async prepareEdit(kind, k) {
      const { sampleEdit } = await import('../../sim/model/sample-edits');
      const { applyRecord, diffRecord } = await import('../../sim/plain-patch');
      const prev = useApp.getState().doc;
      const next = prev && sampleEdit(prev, kind as Parameters<typeof sampleEdit>[1], k);
      if (!prev || !next) return false;
      // what the edit changes, as a user's edit changes the draft: the lists it touches, their other
      // items left as they are
      const asRecord = (t: unknown) => t as Record<string, unknown>;
      const changed = asRecord(applyRecord(prev, diffRecord(asRecord(prev), asRecord(next))));
      prepared = { label: `sample edit ${kind}`, prev, changed };
      return true;
    },
    editTiming: () => ({ ...editTiming }),
    applyEdit() {
      const p = prepared;
      prepared = null;
      if (!p || useApp.getState().doc !== p.prev) return Promise.resolve(null);
      return useApp.getState().edit(p.label, (draft) => {
        for (const [key, value] of Object.entries(p.changed))
          if ((p.prev as unknown as Record<string, unknown>)[key] !== value)
            (draft as unknown as Record<string, unknown>)[key] = value;
      });
    },
  };
  (window as unknown as { __neutron: NeutronHooks }).__neutron = hooks;
}
