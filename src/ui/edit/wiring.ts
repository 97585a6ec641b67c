// Editing's hold on the canvas: what a drop and a connection mean, whether handles connect, and a test
// handle on window.__neutronEdit for the end-to-end tests.
import type { SendRequest, SendResult } from '../../sim';
import { useApp } from '../../store/app-store';
import { simClient } from '../../store/sim-client';
import { canvasInteraction } from '../canvas/interaction';

export interface EditHooks {
  /** sends through the worker as the send panel would (until the tests drive that panel) */
  send(req: SendRequest): Promise<SendResult>;
  /** the current topology and the number of undo and redo steps */
  state(): { doc: unknown; past: number; future: number };
}

let installed = false;

export function installEditing(): void {
  if (installed) return;
  installed = true;
  // the editing code loads with the first edit, keeping the first paint lean
  canvasInteraction.drop = (payload, _at, onto, view) =>
    void import('./actions').then((m) => m.dropOnCanvas(payload, onto, view));
  canvasInteraction.connect = (c) => void import('./actions').then((m) => m.connectNodes(c));
  canvasInteraction.connectable = () => useApp.getState().editMode;
  const hooks: EditHooks = {
    send: (req) => simClient().call('send', req),
    state: () => {
      const s = useApp.getState();
      return { doc: s.doc, past: s.past.length, future: s.future.length };
    },
  };
  (window as unknown as { __neutronEdit: EditHooks }).__neutronEdit = hooks;
}
