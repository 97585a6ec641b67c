// Never lose work: the autosave is read back through the real loader; a damaged save or share link never
// breaks startup, and is said; the work it would have replaced stays. The undo steps are kept in
// IndexedDB (fake-indexeddb under the real idb-keyval code), whatever the cloud's size; a save of the
// older localStorage format opens with its undo steps and moves over.
import { createStore, del, set } from 'idb-keyval';
import LZString from 'lz-string';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { useApp } from '../../src/store/app-store';
import { historySaved, THEIRS_LABEL } from '../../src/store/autosave';
import { addHost } from '../../src/store/edit-ops';
import { useEditUi } from '../../src/store/edit-ui-store';
import { encodeShare } from '../../src/store/file-io';
import { HISTORY_DB, HISTORY_STORE } from '../../src/store/history-store';
import { startApp } from '../../src/store/persist';
import {
  LEGACY_HISTORY_KEY,
  LEGACY_SAVE_KEY,
  readCloud,
  recordOf,
  SAVE_KEY,
  UNREADABLE_KEY,
} from '../../src/store/persist-cloud';
import { exampleText } from './helpers';
import { FakeBrowser, settle, type TabEnv } from './persist-harness';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const demoText = exampleText('two-networks-one-router');
const demo = () => Promise.resolve(JSON.parse(demoText));
let browser: FakeBrowser;
let tab: TabEnv;
const st = () => useApp.getState();
const errorsSaid = () =>
  st()
    .notices.filter((n) => n.tone === 'error')
    .map((n) => n.text);

/** Closes the tab and opens the app again in a new one (the page reloaded). */
async function reload(opts: { demo?: () => Promise<unknown>; historyChars?: number } = {}) {
  await historySaved();
  await settle();
  tab?.close();
  tab = { ...browser.tab(), ...(opts.historyChars ? { historyChars: opts.historyChars } : {}) };
  useApp.setState({ doc: null, view: null, past: [], future: [], notices: [] });
  await startApp(opts.demo ?? demo, tab);
}

const saved = () => readCloud(browser.storage);

beforeEach(() => {
  browser = new FakeBrowser();
  tab = browser.tab();
  vi.stubGlobal('location', { hash: '', pathname: '/', search: '' });
  vi.stubGlobal('history', { replaceState: vi.fn() });
  vi.stubGlobal('addEventListener', vi.fn());
  useApp.setState({ doc: null, view: null, past: [], future: [], notices: [] });
  useEditUi.getState().close();
});

describe('autosave', () => {
  it('opens the demo when nothing was saved, and saves every change with its undo steps', async () => {
    await startApp(demo, tab);
    expect(st().doc?.name).toBe('Two networks, one router');
    expect(errorsSaid()).toEqual([]);
    // opening writes nothing
    expect(browser.storage.data.size).toBe(0);
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    const r = saved();
    expect(r?.ok && r.doc).toEqual(st().doc);
    expect(r?.ok && r.record).toMatchObject({ rev: 1, by: tab.tab, past: [{ label: 'add a host' }] });
  });

  it('brings the work and its undo steps back at startup', async () => {
    await startApp(demo, tab);
    await st().edit('add a host', (t) => void addHost(t, 'network'));
    const work = st().doc;
    await reload({ demo: () => Promise.reject(new Error('the demo is not needed')) });
    expect(st().doc).toEqual(work);
    expect(await st().undo()).toBe(true);
    expect(st().doc?.hosts).toHaveLength(3);
  });

  it('saves names and labels in any script as Latin-1 text, and brings them back as they were', async () => {
    await startApp(demo, tab);
    await st().edit('rename vm1 → café’s сеть', (t) => {
      t.servers[0]!.name = 'café-сеть-网络';
      t.description = 'the teacher’s cloud 😀';
    });
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    await historySaved();
    const text = browser.storage.getItem(SAVE_KEY)!;
    // Chromium keeps such a value at a byte a character, and at two once any character is wider
    expect([...text].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    const work = st().doc;
    await reload({ demo: () => Promise.reject(new Error('the demo is not needed')) });
    expect(st().doc).toEqual(work);
    expect(st().doc?.servers[0]?.name).toBe('café-сеть-网络');
    expect(st().past.at(-1)?.label).toBe('add a host');
    expect(await st().undo()).toBe(true);
    expect(st().past.at(-1)?.label).toBe('rename vm1 → café’s сеть');
    expect(st().doc?.description).toBe('the teacher’s cloud 😀');
  });

  it('writes nothing when a tab is reloaded without a change', async () => {
    await startApp(demo, tab);
    await st().edit('add a host', (t) => void addHost(t, 'network'));
    await historySaved();
    const before = new Map(browser.storage.data);
    await reload();
    await reload();
    expect(browser.storage.data).toEqual(before);
  });

  it('sets a save that is not JSON aside, opens the demo and says so', async () => {
    browser.storage.setItem(SAVE_KEY, '{"rev":3,"by":"t1","id":"3.t1.0","past":[],"doc":{"format": "neutr');
    await startApp(demo, tab);
    expect(st().doc?.name).toBe('Two networks, one router');
    expect(errorsSaid()[0]).toMatch(/could not be read: it is not valid JSON/);
    expect(browser.storage.getItem(UNREADABLE_KEY)).toContain('"format": "neutr');
    // the demo is what is saved from the next change on
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    expect(saved()).toMatchObject({ ok: true, doc: { name: 'Two networks, one router' } });
  });

  it('sets a save the loader refuses aside, opens the demo and says which field', async () => {
    await startApp(demo, tab);
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    const bad = browser.storage.getItem(SAVE_KEY)!.replace('"cidr":"192.168.1.0/24"', '"cidr":"nonsense"');
    expect(bad).toContain('nonsense');
    browser.storage.setItem(SAVE_KEY, bad);
    await reload();
    expect(st().doc?.name).toBe('Two networks, one router');
    expect(errorsSaid()[0]).toMatch(/could not be opened \(subnets\[\d\]\.cidr/);
    expect(browser.storage.getItem(UNREADABLE_KEY)).toContain('nonsense');
  });

  it('keeps the cloud when only its undo steps are damaged or missing', async () => {
    await startApp(demo, tab);
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    await st().edit('add another host', (t) => void addHost(t, 'compute'));
    await st().edit('and one more', (t) => void addHost(t, 'compute'));
    await historySaved();
    const r = recordOf(browser.storage.getItem(SAVE_KEY)!)!;
    const idb = createStore(HISTORY_DB, HISTORY_STORE);
    // the cloud of the oldest step is gone from IndexedDB: that step is left out, the others stay
    await del(`doc:${r.past[0]!.id}`, idb);
    // the cloud of the next one is damaged: undoing it says so, and drops it
    await set(`doc:${r.past[1]!.id}`, '{"format": "neutr', idb);
    const work = st().doc;
    await reload();
    expect(st().doc).toEqual(work);
    expect(st().past.map((e) => e.label)).toEqual(['add another host', 'and one more']);
    expect(await st().undo()).toBe(true);
    expect(st().doc?.hosts).toHaveLength(5);
    expect(await st().undo()).toBe(false);
    expect(errorsSaid()).toEqual([
      expect.stringMatching(/^Could not undo "add another host": its saved cloud could not be read \(.*JSON/),
    ]);
    expect(st().past).toEqual([]);
    // and a list of steps that is not a list costs the steps, not the cloud
    await st().redo();
    browser.storage.setItem(
      SAVE_KEY,
      browser.storage.getItem(SAVE_KEY)!.replace(/"past":\[.*?\],"future"/, '"past":7,"future"'),
    );
    const now = st().doc;
    await reload();
    expect(st().doc).toEqual(now);
    expect(st().past).toEqual([]);
  });

  it('starts with the demo when the storage cannot be read at all', async () => {
    browser.storage.broken = true;
    await startApp(demo, tab);
    expect(st().doc?.name).toBe('Two networks, one router');
    expect(errorsSaid()[0]).toMatch(/storage cannot be read/);
  });

  it('says once that the cloud does not fit the storage, keeping it in the page', async () => {
    await startApp(demo, tab);
    browser.storage.quota = 100;
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    expect(errorsSaid().filter((t) => t.startsWith('Autosave failed'))).toHaveLength(1);
    expect(st().doc?.hosts).toHaveLength(5);
  });
});

describe('undo steps across reloads', () => {
  it('keeps a 2,000-VM cloud one undo away after another file and a reload', async () => {
    await startApp(demo, tab);
    expect(await st().applyTopology(generateCloud(PRESETS.L), { label: 'open big.json' })).toBeNull();
    expect(st().doc?.servers).toHaveLength(2000);
    expect(await st().applyTopology(JSON.parse(demoText), { label: 'open small.json' })).toBeNull();
    await reload();
    expect(st().past.map((e) => e.label)).toEqual(['open big.json', 'open small.json']);
    expect(await st().undo()).toBe(true);
    expect(st().doc?.servers).toHaveLength(2000);
  }, 30_000);

  it('drops the oldest steps first when the history is over its budget, in the page and saved', async () => {
    await startApp(demo, tab);
    const size = JSON.stringify(st().doc).length;
    await reload({ historyChars: Math.floor(size * 3.5) });
    for (let i = 1; i <= 6; i++)
      await st().edit(`step ${i}`, (t) => {
        t.description = `step ${i}`;
      });
    // three clouds fit: the three newest steps stay, whatever their age in the page
    expect(st().past.map((e) => e.label)).toEqual(['step 4', 'step 5', 'step 6']);
    await reload({ historyChars: Math.floor(size * 3.5) });
    expect(st().past.map((e) => e.label)).toEqual(['step 4', 'step 5', 'step 6']);
    expect(await st().undo()).toBe(true);
    expect(st().doc?.description).toBe('step 5');
  });

  it('opens a save of the older localStorage format with its undo steps, and moves it over', async () => {
    const older = JSON.parse(demoText);
    older.name = 'older';
    const current = JSON.parse(demoText);
    current.name = 'current';
    browser.storage.setItem(LEGACY_SAVE_KEY, JSON.stringify(current));
    browser.storage.setItem(
      LEGACY_HISTORY_KEY,
      LZString.compressToUTF16(
        JSON.stringify({ past: [{ label: 'rename the cloud', doc: older }], future: [] }),
      ),
    );
    await startApp(() => Promise.reject(new Error('the demo is not needed')), tab);
    expect(st().doc?.name).toBe('current');
    expect(st().past.map((e) => e.label)).toEqual(['rename the cloud']);
    // nothing is written, nor removed, until the user changes something
    expect(browser.storage.getItem(SAVE_KEY)).toBeNull();
    await reload();
    expect(st().past.map((e) => e.label)).toEqual(['rename the cloud']);
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    await historySaved();
    expect(browser.storage.getItem(LEGACY_SAVE_KEY)).toBeNull();
    expect(browser.storage.getItem(LEGACY_HISTORY_KEY)).toBeNull();
    await reload();
    expect(st().past.map((e) => e.label)).toEqual(['rename the cloud', 'add a host']);
    await st().undo();
    expect(st().doc?.name).toBe('current');
    await st().undo();
    expect(st().doc?.name).toBe('older');
  });

  it('keeps the version another tab saved in undo before saving this tab’s over it', async () => {
    await startApp(demo, tab);
    // another tab saves its own version (the same format, another writer, a newer revision)
    const theirs = JSON.parse(demoText);
    theirs.name = 'theirs';
    await set('doc:4.other.0', JSON.stringify(theirs), createStore(HISTORY_DB, HISTORY_STORE));
    browser.storage.setItem(
      SAVE_KEY,
      `{"rev":4,"by":"other","id":"4.other.0","past":[],"future":[],"doc":${JSON.stringify(theirs)}}`,
    );
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    expect(saved()).toMatchObject({ ok: true, record: { rev: 5, by: tab.tab } });
    expect(st().past.map((e) => e.label)).toEqual([THEIRS_LABEL, 'add a host']);
    await st().undo();
    await st().undo();
    expect(st().doc?.name).toBe('theirs');
  });
});

describe('a share link at startup', () => {
  it('opens the shared cloud on top of the saved work, one undo away', async () => {
    await startApp(demo, tab);
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    const work = st().doc!;
    const shared = { ...structuredClone(work), name: 'Shared' };
    const link = encodeShare(shared);
    if (!link.ok) throw new Error(link.message);
    vi.stubGlobal('location', { hash: link.hash, pathname: '/', search: '' });
    await reload();
    expect(st().doc?.name).toBe('Shared');
    expect(history.replaceState).toHaveBeenCalled();
    await st().undo();
    expect(st().doc).toEqual(work);
  });

  it('refuses a tampered link, says why, and leaves the saved work as it was', async () => {
    await startApp(demo, tab);
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    const work = st().doc!;
    const link = encodeShare(work);
    if (!link.ok) throw new Error(link.message);
    vi.stubGlobal('location', {
      hash: `${link.hash.slice(0, 60)}zz${link.hash.slice(90)}`,
      pathname: '/',
      search: '',
    });
    await reload();
    expect(st().doc).toEqual(work);
    expect(st().past.map((e) => e.label)).toEqual(['add a host']);
    const report = useEditUi.getState().report;
    expect(report?.title).toBe('The shared link could not be opened');
    expect(report?.outcome).toMatch(/saved cloud is open instead, unchanged/);
    expect(report?.errors[0]?.path).toBe('(link)');
  });
});
