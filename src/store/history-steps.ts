// What the autosave knows of the cloud of each undo step: its id in IndexedDB once written there, and
// its size, so that the history is kept within its budget without measuring clouds again. A step read
// back from storage keeps only that (its cloud stays in IndexedDB until it is undone).

import { type AppState, type HistoryEntry, MAX_HISTORY, useApp } from './app-store';
import type { HistoryStore } from './history-store';
import type { SavedStep } from './persist-cloud';
import { forgetItemTexts, sharedJson } from './shared-json';

/**
 * At most this many characters of clouds are kept for undo, in the page and saved (about 20 steps of a
 * 2,000-VM cloud, all 100 of a small one). Past it the oldest steps go first, never the newest.
 */
export const HISTORY_CHARS = 40_000_000;

export interface Known {
  id?: string;
  chars: number;
  /** its JSON, until it is written */
  json?: string;
}

/** by Topology, or by history entry for a step whose cloud stays in IndexedDB */
let known = new WeakMap<object, Known>();

/** Forgets every cloud (a new start of the app). */
export function forgetAll(): void {
  known = new WeakMap();
  forgetItemTexts();
}

export function knownOf(doc: object): Known {
  let k = known.get(doc);
  if (!k) {
    const json = sharedJson(doc);
    k = { chars: json.length, json };
    known.set(doc, k);
  }
  return k;
}

export const knownStep = (h: HistoryEntry): Known | undefined => (h.doc ? knownOf(h.doc) : known.get(h));

/** The id a cloud of this page is saved under, if it is. */
export const idOf = (doc: object | null | undefined) => (doc ? known.get(doc)?.id : undefined);

/** A step whose cloud stays in IndexedDB (under `step.id`) until it is undone or redone. */
export function storedEntry(history: HistoryStore, step: SavedStep): HistoryEntry {
  const entry: HistoryEntry = {
    label: step.label,
    async read() {
      const text = (await history.read([step.id])).get(step.id);
      if (text === undefined) throw new Error('it is no longer in the browser storage');
      return JSON.parse(text);
    },
  };
  known.set(entry, { id: step.id, chars: step.chars });
  return entry;
}

/** The steps whose clouds this tab has not already (saved under the same id) among its own. */
export function notMine(s: AppState, steps: HistoryEntry[]): HistoryEntry[] {
  const mine = new Set(
    [s.doc, ...s.past, ...s.future].flatMap((x) => {
      const id = x && ('label' in x ? knownStep(x) : known.get(x))?.id;
      return id ? [id] : [];
    }),
  );
  return steps.filter((h) => {
    const id = known.get(h)?.id;
    return !id || !mine.has(id);
  });
}

/** Keeps the undo history within MAX_HISTORY steps a side and `budget` characters: oldest steps first. */
export function trimHistory(budget: number): void {
  const { past, future } = useApp.getState();
  const size = (h: HistoryEntry) => knownStep(h)?.chars ?? 0;
  let chars = 0;
  for (const h of [...past, ...future]) chars += size(h);
  let drop = Math.max(0, past.length - MAX_HISTORY);
  for (let i = 0; i < drop; i++) chars -= size(past[i]!);
  while (chars > budget && drop < past.length - 1) chars -= size(past[drop++]!);
  // redo steps go only when the newest undo step alone is over the budget
  let dropFuture = Math.max(0, future.length - MAX_HISTORY);
  while (chars > budget && dropFuture < future.length) chars -= size(future[dropFuture++]!);
  if (drop || dropFuture) useApp.setState({ past: past.slice(drop), future: future.slice(dropFuture) });
}
