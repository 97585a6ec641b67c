// Never lose work: the topology and its undo history are saved in the browser after every change
// (autosave.ts), and read back (through the same loader as any file) when the app starts. A save that no
// longer loads is set aside, never thrown away, and the demo opens instead. Other tabs of the app save to
// the same place: a change there is announced here, and nothing either tab made is lost.
import { type AppState, useApp } from './app-store';
import {
  adoptSteps,
  browserEnv,
  openingVersion,
  type PersistEnv,
  pauseAutosave,
  savedBase,
  startAutosave,
} from './autosave';
import { useEditUi } from './edit-ui-store';
import { decodeShare } from './file-io';
import { storedEntry } from './history-steps';
import {
  docTextOf,
  headOf,
  readCloud,
  readLegacyHistory,
  recordOf,
  SAVE_KEY,
  type SavedStep,
  type SavedVersion,
  sameHead,
  setAside,
} from './persist-cloud';

let listening = false;
let otherTabNotice: number | null = null;

/**
 * Another tab of the app saved its cloud. Say so, and offer that version as an undoable step (this one
 * stays one Undo away). Left alone, it is kept all the same: a change here puts it in the undo history
 * before this tab's version is saved (autosave.ts).
 */
function onOtherTab(key: string | null, text: string | null): void {
  if (key !== SAVE_KEY || text === null) return;
  const head = headOf(text);
  const mine = savedBase();
  if (sameHead(head, mine.head)) return;
  const json = docTextOf(text);
  if (json === null || json === mine.json) return;
  const app = useApp.getState();
  if (otherTabNotice !== null) app.dismiss(otherTabNotice);
  otherTabNotice = app.notify(
    'info',
    'This cloud was changed in another tab of Neutron Explorer. Your next change here saves this tab’s version, and keeps that one in Undo.',
    {
      label: 'Open that version',
      run: () => {
        otherTabNotice = null;
        void openOtherTab(text, json);
      },
    },
  );
}

/** This tab's version was saved over another tab's, which is now in Undo: the notice is answered. */
function keptTheirs(): void {
  const app = useApp.getState();
  if (otherTabNotice !== null) app.dismiss(otherTabNotice);
  otherTabNotice = null;
  app.notify(
    'info',
    'Another tab had saved this cloud since. This tab’s version is saved now, and the other one is kept in Undo.',
  );
}

async function openOtherTab(text: string, json: string): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    useApp.getState().notify('error', `The other tab's cloud could not be read: ${(err as Error).message}`);
    return;
  }
  const version = recordOf(text);
  openingVersion({ head: headOf(text), json });
  const errors = await useApp.getState().applyTopology(raw, { label: 'open the version of another tab' });
  openingVersion(null);
  if (!errors && version) adoptSteps(version);
  if (errors)
    useEditUi.getState().showReport({
      title: "The other tab's cloud could not be opened",
      outcome: 'Your cloud is unchanged.',
      errors,
    });
  else useApp.getState().notify('info', 'Opened the other tab’s version. Yours is one Undo away (Ctrl+Z).');
}

/**
 * The saved undo steps: their clouds stay in IndexedDB until undone (a step whose cloud is missing there
 * is left out); for a save of the v1 format, they are read from localStorage.
 */
async function readSteps(
  env: PersistEnv,
  saved: SavedVersion,
  legacy: boolean,
): Promise<Pick<AppState, 'past' | 'future'>> {
  if (legacy) return readLegacyHistory(env.storage);
  let there: Set<string>;
  try {
    there = await env.history.ids();
  } catch {
    // no IndexedDB (or a damaged one): that costs the undo steps, not the cloud
    return { past: [], future: [] };
  }
  const steps = (list: SavedStep[]) =>
    list.filter((s) => there.has(s.id)).map((s) => storedEntry(env.history, s));
  return { past: steps(saved.past), future: steps(saved.future) };
}

/**
 * Opens the app on the user's work: the saved cloud, else the demo; then a shared link on top of it
 * (one undo step away from the work it replaced). Whatever is refused is said, and changes nothing.
 */
export async function startApp(demo: () => Promise<unknown>, env: PersistEnv = browserEnv()): Promise<void> {
  pauseAutosave();
  const app = useApp.getState();
  const saved = readCloud(env.storage);
  let base: SavedVersion | null = null;
  if (saved?.ok) {
    // the history is read while the worker loads the cloud
    const steps = readSteps(env, saved.record, saved.legacy);
    const errors = await app.applyTopology(saved.doc, { history: false });
    if (errors) {
      setAside(env.storage, saved.legacy);
      app.notify(
        'error',
        `Your saved cloud could not be opened (${errors[0]?.path}: ${errors[0]?.message}). It was set aside in the browser storage, and the demo opened instead.`,
      );
    } else {
      // steps of the v1 format are saved in IndexedDB with the next change
      useApp.setState(await steps);
      base = saved.record;
    }
  } else if (saved && !saved.ok) {
    setAside(env.storage, saved.legacy);
    app.notify(
      'error',
      `Your saved cloud could not be read: ${saved.reason}. It was set aside, and the demo opened instead.`,
    );
  }
  if (!base) {
    const errors = await app.applyTopology(await demo(), { history: false });
    if (errors) app.notify('error', `The demo cloud did not load: ${errors[0]?.message ?? ''}`);
  }
  startAutosave(env, base && { rev: base.rev, by: base.by }, base?.id ?? '', keptTheirs);
  env.onStorage(onOtherTab);
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
    ? await app.applyTopology(share.raw, { label: 'open a shared link', anew: true })
    : share.errors;
  if (errors)
    useEditUi.getState().showReport({ title: 'The shared link could not be opened', outcome: kept, errors });
  else if (hadWork)
    app.notify('info', 'Opened the shared cloud. Your previous work is one Undo away (Ctrl+Z).');
}
