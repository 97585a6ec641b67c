// Never lose work: the topology and its undo history are saved in the browser after every change and
// when the page goes away, and read back (through the same loader as any file) when the app starts.
// A save that no longer loads is set aside, never thrown away, and the demo opens instead.
import LZString from 'lz-string';
import { type HistoryEntry, useApp } from './app-store';
import { useEditUi } from './edit-ui-store';
import { decodeShare } from './file-io';

export const SAVE_KEY = 'neutron-explorer:cloud:v1';
export const HISTORY_KEY = 'neutron-explorer:history:v1';
export const UNREADABLE_KEY = 'neutron-explorer:unreadable-save';
/** Undo steps kept across a reload (more stay in memory). */
export const SAVED_STEPS = 30;
/** At most this many characters of undo steps are saved (packing them takes about 0.2 ms per 1000). */
const HISTORY_CHARS = 600_000;

type Read =
  | { ok: true; doc: unknown; past: HistoryEntry[]; future: HistoryEntry[] }
  | { ok: false; reason: string }
  | null;

const isEntry = (e: unknown): e is HistoryEntry =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as HistoryEntry).label === 'string' &&
  typeof (e as HistoryEntry).doc === 'object' &&
  (e as HistoryEntry).doc !== null;

/** Reads the saved cloud; the history is optional and dropped if damaged. */
export function readSave(storage: Storage = localStorage): Read {
  let text: string | null;
  try {
    text = storage.getItem(SAVE_KEY);
  } catch (e) {
    return { ok: false, reason: `the browser storage cannot be read (${(e as Error).message})` };
  }
  if (text === null) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `it is not valid JSON (${(e as Error).message})` };
  }
  let past: HistoryEntry[] = [];
  let future: HistoryEntry[] = [];
  try {
    const h = JSON.parse(LZString.decompressFromUTF16(storage.getItem(HISTORY_KEY) ?? '') || '{}') as {
      past?: unknown;
      future?: unknown;
    };
    if (Array.isArray(h.past) && h.past.every(isEntry)) past = h.past;
    if (Array.isArray(h.future) && h.future.every(isEntry)) future = h.future;
  } catch {
    // a damaged history costs the undo steps, not the cloud
  }
  return { ok: true, doc, past, future };
}

let warned = false;

/** Writes the current cloud and the latest undo steps; the cloud alone if space is short. */
export function writeSave(storage: Storage = localStorage): void {
  if (writeCloud(storage)) writeHistory(storage);
}

/** Writes the current cloud (cheap: done at once after every change). */
function writeCloud(storage: Storage): boolean {
  const doc = useApp.getState().doc;
  if (!doc) return false;
  try {
    storage.setItem(SAVE_KEY, JSON.stringify(doc));
    return true;
  } catch (e) {
    if (!warned)
      useApp
        .getState()
        .notify('error', `Autosave failed (${(e as Error).message}). Save the cloud as a file to keep it.`);
    warned = true;
    return false;
  }
}

/** Writes the latest undo steps, packed (debounced: packing costs more). */
function writeHistory(storage: Storage): void {
  const { past, future } = useApp.getState();
  try {
    // the newest undo steps that fit the budget, so that packing them never stalls the page
    let size = 0;
    const newest = (list: HistoryEntry[]) => {
      const out: string[] = [];
      for (const e of list.slice(-SAVED_STEPS).reverse()) {
        const text = JSON.stringify(e);
        if (size + text.length > HISTORY_CHARS) break;
        size += text.length;
        out.unshift(text);
      }
      return `[${out.join(',')}]`;
    };
    const history = `{"past":${newest(past)},"future":${newest(future)}}`;
    storage.setItem(HISTORY_KEY, LZString.compressToUTF16(history));
  } catch {
    try {
      storage.removeItem(HISTORY_KEY);
    } catch {
      // nothing more to do: the cloud itself is saved
    }
  }
}

let timer: ReturnType<typeof setTimeout> | null = null;
let autosaving = false;
let listening = false;
const flush = () => {
  if (timer) clearTimeout(timer);
  timer = null;
  writeSave();
};

/** Saves the cloud after each change, its undo steps soon after, and both when the tab goes away. */
export function startAutosave(): void {
  if (autosaving) return;
  autosaving = true;
  useApp.subscribe((s, p) => {
    if (s.doc === p.doc && s.past === p.past && s.future === p.future) return;
    // a crash right after an edit loses at most undo steps, never the cloud
    if (s.doc !== p.doc) writeCloud(localStorage);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, 250);
  });
  addEventListener('storage', onOtherTab);
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
}

let otherTabNotice: number | null = null;

/**
 * Another tab of the app saved its cloud over this one's. Both tabs save to the same place, so the last
 * change wins; say so, and offer the other tab's version as an undoable step (this one stays one Undo
 * away). A later change here saves this tab's version again.
 */
function onOtherTab(e: StorageEvent): void {
  if (e.key !== SAVE_KEY || e.newValue === null) return;
  const app = useApp.getState();
  if (app.doc && JSON.stringify(app.doc) === e.newValue) return;
  const text = e.newValue;
  if (otherTabNotice !== null) app.dismiss(otherTabNotice);
  otherTabNotice = app.notify(
    'info',
    'This cloud was changed in another tab of Neutron Explorer. Your next change here saves this tab’s version over it.',
    {
      label: 'Open that version',
      run: () => {
        otherTabNotice = null;
        void openOtherTab(text);
      },
    },
  );
}

async function openOtherTab(text: string): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    useApp.getState().notify('error', `The other tab's cloud could not be read: ${(err as Error).message}`);
    return;
  }
  const errors = await useApp.getState().applyTopology(raw, { label: 'open the version of another tab' });
  if (errors)
    useEditUi.getState().showReport({
      title: "The other tab's cloud could not be opened",
      outcome: 'Your cloud is unchanged.',
      errors,
    });
  else useApp.getState().notify('info', 'Opened the other tab’s version. Yours is one Undo away (Ctrl+Z).');
}

/**
 * Opens the app on the user's work: the saved cloud, else the demo; then a shared link on top of it
 * (one undo step away from the work it replaced). Whatever is refused is said, and changes nothing.
 */
export async function startApp(demo: () => Promise<unknown>): Promise<void> {
  const app = useApp.getState();
  const saved = readSave();
  let base = false;
  if (saved?.ok) {
    const errors = await app.applyTopology(saved.doc, { history: false });
    if (errors) {
      setAside();
      app.notify(
        'error',
        `Your saved cloud could not be opened (${errors[0]?.path}: ${errors[0]?.message}). It was set aside in the browser storage, and the demo opened instead.`,
      );
    } else {
      useApp.setState({ past: saved.past, future: saved.future });
      base = true;
    }
  } else if (saved && !saved.ok) {
    setAside();
    app.notify(
      'error',
      `Your saved cloud could not be read: ${saved.reason}. It was set aside, and the demo opened instead.`,
    );
  }
  if (!base) {
    const errors = await app.applyTopology(await demo(), { history: false });
    if (errors) app.notify('error', `The demo cloud did not load: ${errors[0]?.message ?? ''}`);
  }
  startAutosave();
  await openSharedLink(
    base ? 'Your saved cloud is open instead, unchanged.' : 'The demo cloud is open instead.',
  );
  // a link pasted into the address bar of the open app changes only the hash
  if (!listening) addEventListener('hashchange', () => void openSharedLink('Your cloud is unchanged.'));
  listening = true;
}

/** Opens the cloud of a share link in the address bar, if there is one, as an undoable step. */
export async function openSharedLink(kept: string): Promise<void> {
  const share = decodeShare(location.hash);
  if (!share) return;
  history.replaceState(null, '', location.pathname + location.search);
  const app = useApp.getState();
  const hadWork = app.doc !== null;
  const errors = share.ok
    ? await app.applyTopology(share.raw, { label: 'open a shared link' })
    : share.errors;
  if (errors)
    useEditUi.getState().showReport({ title: 'The shared link could not be opened', outcome: kept, errors });
  else if (hadWork)
    app.notify('info', 'Opened the shared cloud. Your previous work is one Undo away (Ctrl+Z).');
}

function setAside(): void {
  try {
    const text = localStorage.getItem(SAVE_KEY);
    if (text !== null) localStorage.setItem(UNREADABLE_KEY, text);
    localStorage.removeItem(SAVE_KEY);
    localStorage.removeItem(HISTORY_KEY);
  } catch {
    // storage is unusable; startup goes on with the demo
  }
}
