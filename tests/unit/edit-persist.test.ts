// Never lose work: the autosave is read back through the real loader; a damaged save or share link never
// breaks startup, and is said; the work it would have replaced stays.
import LZString from 'lz-string';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useApp } from '../../src/store/app-store';
import { addHost } from '../../src/store/edit-ops';
import { useEditUi } from '../../src/store/edit-ui-store';
import { encodeShare } from '../../src/store/file-io';
import {
  HISTORY_KEY,
  readSave,
  SAVE_KEY,
  startApp,
  UNREADABLE_KEY,
  writeSave,
} from '../../src/store/persist';
import { exampleText } from './helpers';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

class MemoryStorage implements Storage {
  data = new Map<string, string>();
  quota = Number.POSITIVE_INFINITY;
  broken = false;
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(k: string) {
    if (this.broken) throw new Error('SecurityError: storage is disabled');
    return this.data.get(k) ?? null;
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new Error('QuotaExceededError');
    this.data.set(k, v);
  }
}

const demoText = exampleText('two-networks-one-router');
const demo = () => Promise.resolve(JSON.parse(demoText));
let storage: MemoryStorage;
const st = () => useApp.getState();
const errorsSaid = () =>
  st()
    .notices.filter((n) => n.tone === 'error')
    .map((n) => n.text);

beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('location', { hash: '', pathname: '/', search: '' });
  vi.stubGlobal('history', { replaceState: vi.fn() });
  vi.stubGlobal('addEventListener', vi.fn());
  vi.stubGlobal('document', { addEventListener: vi.fn(), visibilityState: 'visible' });
  useApp.setState({ doc: null, view: null, past: [], future: [], notices: [] });
  useEditUi.getState().close();
});

describe('autosave', () => {
  it('opens the demo when nothing was saved, and saves every change with its undo steps', async () => {
    await startApp(demo);
    expect(st().doc?.name).toBe('Two networks, one router');
    expect(errorsSaid()).toEqual([]);
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    writeSave(storage);
    const r = readSave(storage);
    expect(r?.ok && r.doc).toEqual(st().doc);
    expect(r?.ok && r.past.map((e) => e.label)).toEqual(['add a host']);
  });

  it('brings the work and its undo steps back at startup', async () => {
    await startApp(demo);
    await st().edit('add a host', (t) => void addHost(t, 'network'));
    const work = st().doc;
    writeSave(storage);
    useApp.setState({ doc: null, past: [], future: [] });
    await startApp(() => Promise.reject(new Error('the demo is not needed')));
    expect(st().doc).toEqual(work);
    expect(await st().undo()).toBe(true);
    expect(st().doc?.hosts).toHaveLength(3);
  });

  it('sets a save that is not JSON aside, opens the demo and says so', async () => {
    storage.setItem(SAVE_KEY, '{"format": "neutron-explorer/top');
    await startApp(demo);
    expect(st().doc?.name).toBe('Two networks, one router');
    expect(errorsSaid()[0]).toMatch(/could not be read: it is not valid JSON/);
    expect(storage.getItem(UNREADABLE_KEY)).toBe('{"format": "neutron-explorer/top');
    // the demo is what is saved from now on
    expect(readSave(storage)).toMatchObject({ ok: true, doc: { name: 'Two networks, one router' } });
  });

  it('sets a save the loader refuses aside, opens the demo and says which field', async () => {
    const bad = JSON.parse(demoText);
    bad.subnets[1].cidr = 'nonsense';
    storage.setItem(SAVE_KEY, JSON.stringify(bad));
    await startApp(demo);
    expect(st().doc?.name).toBe('Two networks, one router');
    expect(errorsSaid()[0]).toMatch(/could not be opened \(subnets\[1\]\.cidr/);
    expect(storage.getItem(UNREADABLE_KEY)).toContain('nonsense');
  });

  it('keeps the cloud when only its undo history is damaged', async () => {
    storage.setItem(SAVE_KEY, demoText);
    storage.setItem(HISTORY_KEY, LZString.compressToUTF16('{"past": [{"label": 3}]'));
    await startApp(demo);
    expect(st().doc?.name).toBe('Two networks, one router');
    expect(st().past).toEqual([]);
    expect(errorsSaid()).toEqual([]);
  });

  it('starts with the demo when the storage cannot be read at all', async () => {
    storage.broken = true;
    await startApp(demo);
    expect(st().doc?.name).toBe('Two networks, one router');
    expect(errorsSaid()[0]).toMatch(/storage cannot be read/);
  });

  it('says once that the cloud does not fit the storage, keeping it in the page', async () => {
    await startApp(demo);
    storage.quota = 100;
    writeSave(storage);
    writeSave(storage);
    expect(errorsSaid().filter((t) => t.startsWith('Autosave failed'))).toHaveLength(1);
    expect(st().doc).not.toBeNull();
  });
});

describe('a share link at startup', () => {
  it('opens the shared cloud on top of the saved work, one undo away', async () => {
    await startApp(demo);
    await st().edit('add a host', (t) => void addHost(t, 'compute'));
    const work = st().doc!;
    writeSave(storage);
    const shared = { ...structuredClone(work), name: 'Shared' };
    const link = encodeShare(shared);
    if (!link.ok) throw new Error(link.message);
    vi.stubGlobal('location', { hash: link.hash, pathname: '/', search: '' });
    useApp.setState({ doc: null, past: [], future: [] });
    await startApp(demo);
    expect(st().doc?.name).toBe('Shared');
    expect(history.replaceState).toHaveBeenCalled();
    await st().undo();
    expect(st().doc).toEqual(work);
  });

  it('refuses a tampered link, says why, and leaves the saved work as it was', async () => {
    await startApp(demo);
    const work = st().doc!;
    writeSave(storage);
    const link = encodeShare(work);
    if (!link.ok) throw new Error(link.message);
    vi.stubGlobal('location', {
      hash: `${link.hash.slice(0, 60)}zz${link.hash.slice(90)}`,
      pathname: '/',
      search: '',
    });
    useApp.setState({ doc: null, past: [], future: [] });
    await startApp(demo);
    expect(st().doc).toEqual(work);
    expect(st().past).toEqual([]);
    const report = useEditUi.getState().report;
    expect(report?.title).toBe('The shared link could not be opened');
    expect(report?.outcome).toMatch(/saved cloud is open instead, unchanged/);
    expect(report?.errors[0]?.path).toBe('(link)');
  });
});
