// No edit is ever lost between tabs. Several tabs run in one process, each with its own instance of the
// real stores (app-store, autosave, persist: the module registry is reset before a tab opens), over one
// browser's storage: a shared localStorage whose writes the other tabs hear as `storage` events, and one
// IndexedDB (fake-indexeddb under the real idb-keyval code). A model-based property test (fast-check
// commands) runs random edits, undos, redos, reloads, closes and "Open that version" clicks in three tabs
// and checks, after each, that the latest edit of every tab is in the saved cloud or among its saved undo
// steps (what a new tab opens), that reloading writes nothing, and that revisions only go up.
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '../../src/store/app-store';
import { idbHistoryStore } from '../../src/store/history-store';
import { headOf, readCloud, SAVE_KEY } from '../../src/store/persist-cloud';
import { exampleText } from './helpers';
import { FakeBrowser, settle } from './persist-harness';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const demoText = exampleText('two-networks-one-router');

beforeEach(() => {
  vi.stubGlobal('location', { hash: '', pathname: '/', search: '' });
  vi.stubGlobal('history', { replaceState: vi.fn() });
  vi.stubGlobal('addEventListener', vi.fn());
});

/** A tab of the app: its own stores, started on the browser's storage as main.tsx starts them. */
async function openTab(browser: FakeBrowser) {
  vi.resetModules();
  const { useApp } = await import('../../src/store/app-store');
  const { startApp } = await import('../../src/store/persist');
  const env = browser.tab();
  await startApp(() => Promise.resolve(JSON.parse(demoText)), env);
  return { useApp, env };
}
type Tab = Awaited<ReturnType<typeof openTab>>;

/** The JSON of the saved cloud and of the clouds of its saved undo (and redo) steps: what a new tab reaches. */
async function reachable(browser: FakeBrowser, redo: boolean): Promise<string[]> {
  const r = readCloud(browser.storage);
  if (!r?.ok) return [];
  const docs = await idbHistoryStore().read(
    [...r.record.past, ...(redo ? r.record.future : [])].map((s) => s.id),
  );
  return [JSON.stringify(r.doc), ...docs.values()];
}

/** The JSON of the clouds of a tab's steps, read from IndexedDB for those kept there. */
const texts = (steps: HistoryEntry[]) =>
  Promise.all(steps.map(async (h) => JSON.stringify(h.doc ?? (await h.read!()))));

type Field = 'name' | 'description' | 'net0' | 'net1';

interface Model {
  browser: FakeBrowser;
  /** whether tabs undo and redo too; then the redo steps count as reachable */
  redo: boolean;
  tabs: (Tab | null)[];
  /** the latest edit made in each tab (a token written into the cloud), across its reloads */
  latest: (string | null)[];
  edits: number;
  /** every revision saved, in order */
  revs: number[];
}

type Cmd = fc.AsyncCommand<Model, Model>;
const open = (m: Model, i: number) => m.tabs[i] !== null;

class Open implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Model) => !open(m, this.i);
  async run(m: Model) {
    m.tabs[this.i] = await openTab(m.browser);
  }
  toString = () => `open(${this.i})`;
}

class Edit implements Cmd {
  constructor(
    readonly i: number,
    readonly field: Field,
  ) {}
  check = (m: Model) => open(m, this.i);
  async run(m: Model) {
    const token = `edit-${++m.edits}-tab${this.i}`;
    await this.dropsRedo(m);
    const errors = await m.tabs[this.i]!.useApp.getState().edit(`set ${this.field} to ${token}`, (t) => {
      if (this.field === 'name') t.name = token;
      else if (this.field === 'description') t.description = token;
      else t.networks[this.field === 'net0' ? 0 : 1]!.name = token;
    });
    expect(errors).toBeNull();
    m.latest[this.i] = token;
  }
  /**
   * An edit after an undo drops the redo steps, as in any editor: a latest edit (of any tab) that only
   * they held is gone by the user's choice, and no longer counted.
   */
  private async dropsRedo(m: Model) {
    const st = m.tabs[this.i]!.useApp.getState();
    if (st.future.length === 0) return;
    const kept = [JSON.stringify(st.doc), ...(await texts(st.past))];
    const dropped = await texts(st.future);
    const only = (token: string) =>
      dropped.some((t) => t.includes(`"${token}"`)) && !kept.some((t) => t.includes(`"${token}"`));
    m.latest = m.latest.map((token) => (token && only(token) ? null : token));
  }
  toString = () => `edit(${this.i}, ${this.field})`;
}

class Step implements Cmd {
  constructor(
    readonly i: number,
    readonly way: 'undo' | 'redo',
  ) {}
  check = (m: Model) => open(m, this.i);
  async run(m: Model) {
    await m.tabs[this.i]!.useApp.getState()[this.way]();
  }
  toString = () => `${this.way}(${this.i})`;
}

/** Reloading (nothing new in the tab) writes nothing: the saved cloud is the same text after it. */
class Reload implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Model) => open(m, this.i);
  async run(m: Model) {
    await settle();
    const before = m.browser.storage.getItem(SAVE_KEY);
    m.tabs[this.i]!.env.leave();
    m.tabs[this.i]!.env.close();
    m.tabs[this.i] = await openTab(m.browser);
    await settle();
    expect(m.browser.storage.getItem(SAVE_KEY)).toBe(before);
  }
  toString = () => `reload(${this.i})`;
}

/** The tab goes with nothing run first, as a crash takes it: what waited for a frame never runs. */
class Close implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Model) => open(m, this.i);
  async run(m: Model) {
    m.tabs[this.i]!.env.close();
    m.tabs[this.i] = null;
  }
  toString = () => `close(${this.i})`;
}

/** The user clicks "Open that version" in the notice about another tab's change, if there is one. */
class OpenTheirs implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Model) => open(m, this.i);
  async run(m: Model) {
    await settle();
    const app = m.tabs[this.i]!.useApp;
    const notice = app.getState().notices.find((n) => n.action?.label === 'Open that version');
    notice?.action?.run();
    await settle();
  }
  toString = () => `openTheirs(${this.i})`;
}

/** Time passes: each open tab runs its timers (sweeping clouds no saved step names). */
class Later implements Cmd {
  check = () => true;
  async run(m: Model) {
    for (const t of m.tabs) t?.env.runTimers();
    await settle();
  }
  toString = () => 'later';
}

/** What must hold after every command. */
async function holds(m: Model) {
  await settle();
  const saved = await reachable(m.browser, m.redo);
  m.latest.forEach((token, i) => {
    if (token && !saved.some((t) => t.includes(`"${token}"`)))
      throw new Error(
        `the latest edit of tab ${i} (${token}) is neither in the saved cloud nor in its undo steps`,
      );
  });
  for (let k = 1; k < m.revs.length; k++) expect(m.revs[k]).toBeGreaterThan(m.revs[k - 1]!);
}

const tab = fc.integer({ min: 0, max: 2 });
const edit = fc
  .tuple(tab, fc.constantFrom<Field>('name', 'description', 'net0', 'net1'))
  .map(([i, f]) => new Edit(i, f));
// edits weigh the most: they are what may be lost
const asked = [
  edit,
  edit,
  edit,
  tab.map((i) => new Open(i)),
  tab.map((i) => new Open(i)),
  tab.map((i) => new Reload(i)),
  tab.map((i) => new Close(i)),
  tab.map((i) => new OpenTheirs(i)),
  fc.constant(new Later()),
];
const undoing = fc
  .tuple(tab, fc.constantFrom<'undo' | 'redo'>('undo', 'redo'))
  .map(([i, w]) => new Step(i, w));

function newModel(redo = false): Model {
  const browser = new FakeBrowser();
  const m: Model = {
    browser,
    redo,
    tabs: [null, null, null],
    latest: [null, null, null],
    edits: 0,
    revs: [],
  };
  const change = browser.storage.onChange;
  browser.storage.onChange = (k, v) => {
    if (k === SAVE_KEY && v !== null) m.revs.push(headOf(v).rev);
    change(k, v);
  };
  return m;
}

/** Runs the commands on three tabs open to begin with, checking what must hold after each. */
async function runTabs(cmds: Iterable<Cmd>, redo: boolean) {
  const m = newModel(redo);
  for (let i = 0; i < 3; i++) m.tabs[i] = await openTab(m.browser);
  const checked = [...cmds].map(
    (c): Cmd => ({
      check: (mm) => c.check(mm) as boolean,
      run: async (mm, r) => {
        await c.run(mm, r);
        await holds(mm);
      },
      toString: () => c.toString(),
    }),
  );
  await fc.asyncModelRun(() => ({ model: m, real: m }), checked);
  for (const t of m.tabs) t?.env.close();
}

describe('edits in several tabs', () => {
  it('keeps the latest edit of every tab in the saved cloud or its undo steps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(asked, { maxCommands: 40 }), (cmds) => runTabs(cmds, false)),
      { numRuns: 100 },
    );
  }, 120_000);

  it('with undo and redo too, keeps it in the saved cloud, its undo steps or its redo steps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands([...asked, undoing, undoing], { maxCommands: 40 }), (cmds) =>
        runTabs(cmds, true),
      ),
      { numRuns: 100 },
    );
  }, 120_000);

  it('the issue: B’s change survives A’s reload, and A’s is one undo step back (or two)', async () => {
    const m = newModel();
    const a = await openTab(m.browser);
    const b = await openTab(m.browser);
    await a.useApp.getState().edit('rename vm1', (t) => {
      t.servers[0]!.name = 'vm1-renamed';
    });
    await settle();
    // B has heard of A's change, but saves its own on top of the version it opened
    expect(
      b.useApp
        .getState()
        .notices.map((n) => n.text)
        .join(),
    ).toMatch(/changed in another tab/);
    await b.useApp.getState().edit('rename vm2', (t) => {
      t.servers[1]!.name = 'vm2-renamed';
    });
    await settle();
    b.env.close();
    const saved = m.browser.storage.getItem(SAVE_KEY);
    a.env.close();
    const again = await openTab(m.browser);
    await settle();
    expect(m.browser.storage.getItem(SAVE_KEY)).toBe(saved);
    const names = () => again.useApp.getState().doc!.servers.map((s) => s.name);
    expect(names()).toContain('vm2-renamed');
    // A's rename is in the undo history: past B's own step, "keep this tab's version over another tab's",
    // with the step A had saved before it
    const titles = again.useApp.getState().past.map((e) => e.label);
    expect(titles).toEqual(['rename vm1', 'keep this tab’s version over another tab’s', 'rename vm2']);
    await again.useApp.getState().undo();
    await again.useApp.getState().undo();
    expect(names()).toContain('vm1-renamed');
  });
});
