// Saving as the user works. After every change of the cloud, in the same task: its JSON and the list of
// its undo steps go to localStorage as one value tagged with a revision (persist-cloud.ts), and every
// cloud those steps name that is not saved yet goes to IndexedDB (history-store.ts). Nothing waits for
// a timer, so a reload or a closed tab loses nothing; only sweeping clouds no step names is left for later.
// One write follows the frame: the new cloud's own copy in IndexedDB (which it needs only once it is an
// undo step), put after the frame that shows the edit, or sooner, before any later save or as the page
// goes away. Until then its JSON is in the localStorage value, and whoever saves over that value first
// puts it: this tab (the pending put goes first), or another tab (keepTheirs, from the value's text).
// Two rules keep every tab's work (docs/architecture.md, "Storage"):
// - A tab writes only what changed: reloading, hiding or closing a tab writes nothing.
// - A tab never writes over a version it has not seen. When another tab saved since this one loaded or
//   wrote (the saved revision is not this tab's), that version goes into this tab's undo history first,
//   one step behind this tab's own change, and only then is this tab's version saved over it.
import type { Topology } from '../sim';
import { type AppState, type HistoryEntry, useApp } from './app-store';
import {
  forgetAll,
  HISTORY_CHARS,
  idOf,
  type Known,
  knownOf,
  knownStep,
  notMine,
  storedEntry,
  trimHistory,
} from './history-steps';
import { type HistoryStore, idbHistoryStore } from './history-store';
import {
  cloudRecord,
  docTextOf,
  dropLegacy,
  type Head,
  LEGACY_HISTORY_KEY,
  LEGACY_SAVE_KEY,
  readHead,
  recordOf,
  SAVE_KEY,
  type SavedStep,
  type SavedVersion,
  sameHead,
  UNREADABLE_KEY,
} from './persist-cloud';
import { sharedJson } from './shared-json';

/** Clouds no step names any more are swept this long after a save. */
const SWEEP_DELAY_MS = 2000;
/** The label of another tab's version kept in the undo history: "Undo keep this tab’s version…". */
export const THEIRS_LABEL = 'keep this tab’s version over another tab’s';

/** Where and how the app saves: the browser's, or one a test makes for several tabs at once. */
export interface PersistEnv {
  storage: Storage;
  history: HistoryStore;
  /** this tab's name in the versions it saves */
  tab: string;
  /** another tab changed the storage (the `storage` event) */
  onStorage(fn: (key: string | null, value: string | null) => void): void;
  later(fn: () => void, ms: number): () => void;
  /** runs `fn` once the frame being made is painted (after the edit is on screen) */
  afterPaint(fn: () => void): void;
  /** the page is going away (closed, reloaded, navigated from): a last chance to write */
  onLeave(fn: () => void): void;
  /** the budget of the undo history, HISTORY_CHARS unless a test sets a smaller one */
  historyChars?: number;
}

export function browserEnv(): PersistEnv {
  return {
    storage: localStorage,
    history: idbHistoryStore(),
    tab: `t${Math.random().toString(36).slice(2, 10)}`,
    onStorage: (fn) => window.addEventListener('storage', (e) => fn(e.key, e.newValue)),
    later(fn, ms) {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    // a task posted from the frame's callback runs once that frame is painted
    afterPaint: (fn) => requestAnimationFrame(() => setTimeout(fn, 0)),
    onLeave: (fn) => window.addEventListener('pagehide', fn),
  };
}

let env: PersistEnv | null = null;
/** The saved version this tab's cloud is: the one it loaded, last wrote, or opened from another tab. */
let base: Head | null = null;
/** That version's JSON: a cloud with the same JSON (the same cloud loaded again) is not saved again. */
let baseJson: string | null = null;
/** A version of another tab being opened here: once it is the cloud, it is this tab's base. */
let opening: { head: Head; json: string } | null = null;
let cancelSweep: (() => void) | null = null;
let saving: Promise<unknown> = Promise.resolve();
/** The saved cloud's own copy for IndexedDB, put after the frame (or sooner: putPending). */
let pending: [string, string] | null = null;
/** The saved cloud this tab opened at startup, put before this tab first saves over it: the tab that
 * wrote it may have gone before its own copy was put. */
let inherited: [string, string] | null = null;
let warnedCloud = false;
let warnedHistory = false;
let subscribed = false;
/** Called when this tab's version was saved over another tab's newer one (persist.ts says so). */
let onKeptTheirs: () => void = () => {};

/** Stops saving while the app opens a saved cloud (that would save it again) until startAutosave. */
export function pauseAutosave(): void {
  if (env) putPending(env);
  env = null;
  forgetAll();
  cancelSweep?.();
}

/**
 * Starts saving into `e`. `loaded` is the saved version the tab opened (null: none, the demo) and `id`
 * the id of its cloud in IndexedDB ('' if it has none there yet).
 */
export function startAutosave(e: PersistEnv, loaded: Head | null, id: string, keptTheirs: () => void): void {
  env = e;
  base = loaded;
  const doc = useApp.getState().doc;
  baseJson = null;
  if (loaded && doc) {
    const k = knownOf(doc);
    baseJson = k.json!;
    if (id) k.id = id;
  }
  onKeptTheirs = keptTheirs;
  pending = null;
  inherited = id && baseJson !== null ? [id, baseJson] : null;
  e.onLeave(() => {
    if (env === e) putPending(e);
  });
  if (subscribed) return;
  subscribed = true;
  useApp.subscribe((s, p) => {
    if (s.doc !== p.doc) saveCloud(s, p);
  });
}

/** The saved version and its JSON, for the notice about another tab's change. */
export const savedBase = () => ({ head: base, json: baseJson });

/** Opening `json` (saved by another tab as `head`) makes it this tab's base, with no save of its own. */
export function openingVersion(v: { head: Head; json: string } | null): void {
  opening = v;
}

/** Saves the cloud and its undo steps, at once. */
function saveCloud(s: AppState, p: AppState): void {
  const e = env;
  if (!e || !s.doc) return;
  const current = knownOf(s.doc);
  const json = current.json ?? sharedJson(s.doc);
  if (json === baseJson) return;
  let head: Head | null;
  try {
    head = readHead(e.storage);
  } catch {
    head = base;
  }
  if (opening && json === opening.json && sameHead(head, opening.head)) {
    base = opening.head;
    baseJson = json;
    return;
  }
  const stale = head !== null && !sameHead(head, base);
  if (stale) keepTheirs(s, p, json);
  trimHistory(e.historyChars ?? HISTORY_CHARS);
  const next = { rev: Math.max(head?.rev ?? 0, base?.rev ?? 0) + 1, by: e.tab };
  const { past, future } = useApp.getState();
  // every cloud a step names is written before the list that names it
  const docs: [string, string][] = [];
  let given = 0;
  const saved = (k: Known, doc: object | undefined): SavedStep['id'] | null => {
    if (!k.id) {
      if (!doc) return null;
      k.id = `${next.rev}.${e.tab}.${given++}`;
      docs.push([k.id, k.json ?? sharedJson(doc)]);
    }
    k.json = undefined;
    return k.id;
  };
  const steps = (l: HistoryEntry[]) =>
    l.flatMap((h): SavedStep[] => {
      const k = knownStep(h);
      const id = k && saved(k, h.doc);
      return k && id ? [{ id, label: h.label, chars: k.chars }] : [];
    });
  const id = saved(current, s.doc)!;
  // the cloud's own copy, the first of `docs` when it has none yet, waits for the frame: its JSON is
  // in the value written below. The one before it (an undo step from now on) is put first.
  const own = docs.shift() ?? null;
  const version = { ...next, id, past: steps(past), future: steps(future) };
  putPending(e);
  if (inherited) putDocs(e, [inherited]);
  inherited = null;
  putDocs(e, docs);
  if (!write(e.storage, cloudRecord(version, json))) {
    // not in localStorage: IndexedDB is the only place it is kept
    if (own) putDocs(e, [own]);
    return;
  }
  if (own) {
    pending = own;
    e.afterPaint(() => {
      if (env === e) putPending(e);
    });
  }
  base = next;
  baseJson = json;
  cancelSweep?.();
  // after saving over another tab's version, at once: clouds only this tab named may have been swept
  cancelSweep = e.later(() => void sweep(), stale ? 0 : SWEEP_DELAY_MS);
}

const storedRev = (storage: Storage) => {
  try {
    return readHead(storage)?.rev ?? 0;
  } catch {
    return 0;
  }
};

const hasLegacy = (storage: Storage) => {
  try {
    return storage.getItem(LEGACY_HISTORY_KEY) !== null || storage.getItem(LEGACY_SAVE_KEY) !== null;
  } catch {
    return false;
  }
};

/** Puts the saved cloud's own copy into IndexedDB now, if it waits. */
function putPending(e: PersistEnv): void {
  const own = pending;
  pending = null;
  if (own) putDocs(e, [own]);
}

function putDocs(e: PersistEnv, docs: [string, string][]): void {
  if (docs.length === 0) return;
  const legacy = hasLegacy(e.storage);
  // the requests are made in this task, so that they are sent even if the page goes away next
  const put = e.history.put(docs);
  saving = Promise.all([saving, put])
    .then(() => {
      // a v1 save is removed once its cloud and steps are saved in the v2 format
      if (legacy && storedRev(e.storage) > 0) dropLegacy(e.storage);
    })
    .catch((err: unknown) => {
      if (!warnedHistory)
        useApp
          .getState()
          .notify(
            'error',
            `The undo steps could not be saved in this browser (${(err as Error)?.message ?? err}). They last until this page is closed.`,
          );
      warnedHistory = true;
    });
}

function write(storage: Storage, text: string): boolean {
  try {
    storage.setItem(SAVE_KEY, text);
    return true;
  } catch (err) {
    // a v1 save left from before is the first thing to give way: its cloud is among the undo steps
    if (hasLegacy(storage)) {
      dropLegacy(storage);
      return write(storage, text);
    }
    if (!warnedCloud)
      useApp
        .getState()
        .notify('error', `Autosave failed (${(err as Error).message}). Save the cloud as a file to keep it.`);
    warnedCloud = true;
    return false;
  }
}

/**
 * Another tab saved a version this tab has not seen: it goes into the undo history, with the steps
 * saved with it, before this tab's version is saved over it. That tab's story is laid out oldest first:
 * its undo steps, its cloud, then what it had undone (its redo steps, the latest last), each step
 * labelled with the change that led from it to the next. It sits below this tab's newest step when the
 * change made one (undo goes back through this tab's own change first), on top otherwise (an undo or
 * redo here). Steps this tab has already (the same saved cloud) are not repeated.
 */
function keepTheirs(s: AppState, p: AppState, ours: string): void {
  const e = env!;
  let text: string | null;
  try {
    text = e.storage.getItem(SAVE_KEY) ?? e.storage.getItem(LEGACY_SAVE_KEY);
  } catch {
    return;
  }
  if (text === null) return;
  const v2 = text.startsWith('{"rev":');
  const json = v2 ? docTextOf(text) : text;
  const record = v2 ? recordOf(text) : null;
  if (json === null || (v2 && record === null)) {
    setAsideTheirs(e.storage, text);
    return;
  }
  const later = [...(record?.future ?? [])].reverse();
  const labelAfter = (i: number) => later[i]?.label ?? THEIRS_LABEL;
  let cloud: HistoryEntry | null = null;
  if (json !== ours) {
    if (record?.id) {
      cloud = storedEntry(e.history, { id: record.id, label: labelAfter(0), chars: json.length });
      // that tab puts its cloud's own copy after its frame, and may have gone before it did
      putDocs(e, [[record.id, json]]);
    } else {
      // a v1 save: its cloud is not in IndexedDB yet, and is written with this tab's next save
      let doc: unknown;
      try {
        doc = JSON.parse(json);
      } catch {
        setAsideTheirs(e.storage, text);
        return;
      }
      cloud = { doc: doc as Topology, label: THEIRS_LABEL };
    }
  }
  const story = [
    ...(record?.past ?? []).map((x) => storedEntry(e.history, x)),
    ...(cloud ? [cloud] : []),
    ...later.map((x, i) => storedEntry(e.history, { ...x, label: labelAfter(i + 1) })),
  ];
  const theirs = notMine(s, story);
  if (theirs.length === 0) return;
  const top = s.past.at(-1);
  const newStep = top !== undefined && top !== p.past.at(-1) && top.doc === p.doc;
  useApp.setState({ past: newStep ? [...s.past.slice(0, -1), ...theirs, top] : [...s.past, ...theirs] });
  onKeptTheirs();
}

/** Another tab's save that cannot be read is kept where a damaged save is kept, as this tab's replaces it. */
function setAsideTheirs(storage: Storage, text: string): void {
  try {
    storage.setItem(UNREADABLE_KEY, text);
  } catch {
    // no room: the damaged save is lost, as it would be on any write
  }
}

/**
 * After another tab's version was opened here (its save is now this tab's base): the steps saved with it
 * come along, below the step back to this tab's version (still one undo away), and its redo steps.
 */
export function adoptSteps(v: SavedVersion): void {
  const e = env;
  if (!e || !sameHead(base, v)) return;
  const s = useApp.getState();
  const past = notMine(
    s,
    v.past.map((x) => storedEntry(e.history, x)),
  );
  const future = notMine(
    s,
    v.future.map((x) => storedEntry(e.history, x)),
  );
  const top = s.past.at(-1);
  if (!top || (past.length === 0 && future.length === 0)) return;
  useApp.setState({ past: [...s.past.slice(0, -1), ...past, top], future: [...s.future, ...future] });
}

/**
 * Deletes the clouds no saved step names. A cloud this tab still names but that another tab swept (this
 * tab's version is saved, but its history was not the saved one for a while) is written again.
 */
async function sweep(): Promise<void> {
  const e = env;
  if (!e) return;
  const keep = () => {
    const r = recordOf(e.storage.getItem(SAVE_KEY) ?? '');
    return {
      ids: new Set(r ? [r.id, ...r.past.map((x) => x.id), ...r.future.map((x) => x.id)] : []),
      rev: r?.rev ?? 0,
    };
  };
  try {
    const missing = new Set(await e.history.sweep(keep));
    if (missing.size === 0) return;
    const st = useApp.getState();
    const docs: [string, string][] = [];
    for (const doc of [st.doc, ...st.past.map((h) => h.doc), ...st.future.map((h) => h.doc)]) {
      // steps whose cloud is only in IndexedDB cannot be written again: undoing them says so
      const id = idOf(doc);
      if (doc && id && missing.has(id) && !docs.some(([d]) => d === id)) docs.push([id, sharedJson(doc)]);
    }
    putDocs(e, docs);
  } catch {
    // sweeping is housekeeping: it is tried again after the next save
  }
}

/** Resolves once what was saved is written (for the end-to-end tests: a user never waits on it). */
export async function historySaved(): Promise<void> {
  if (env) putPending(env);
  await saving;
}
