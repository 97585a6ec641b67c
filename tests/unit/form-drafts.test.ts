// Text typed in a form field survives a reload (issue 12, point 8): it is kept as it is typed, offered
// back to the field that still shows the value it was typed over, dropped once that value changed, and
// at start the form it was typed in opens again.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useApp } from '../../src/store/app-store';
import { DRAFTS_KEY, dropDraft, keepDraft, offerDrafts, takeDraft } from '../../src/store/form-drafts';
import { loadExample } from './helpers';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

/** A browser storage in memory; a new one is a new browser, the same one a reload. */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

const demo = loadExample('two-networks-one-router');
const vm1 = demo.servers.find((s) => s.name === 'vm1')!;
let storage: Storage;

beforeEach(() => {
  storage = memoryStorage();
  useApp.setState({ doc: demo, selection: { kind: 'server', id: vm1.id }, editMode: true });
});

describe('a draft typed in a field', () => {
  it('is kept as typed and offered back to the field showing the same value', () => {
    keepDraft('servers[0].name#Name', 'vm1', 'web', storage);
    keepDraft('servers[0].name#Name', 'vm1', 'web-1', storage);
    expect(takeDraft('servers[0].name#Name', 'vm1', storage)).toBe('web-1');
    expect(takeDraft('servers[0].name#Name', 'vm1', storage)).toBe('web-1'); // until applied or dropped
    expect(takeDraft('servers[1].name#Name', 'vm2', storage)).toBeNull();
  });

  it('is gone once typed back to the value, applied, or the value changed under it', () => {
    keepDraft('f#A', 'x', 'y', storage);
    keepDraft('f#A', 'x', 'x', storage);
    expect(takeDraft('f#A', 'x', storage)).toBeNull();
    keepDraft('f#A', 'x', 'y', storage);
    dropDraft('f#A', storage);
    expect(takeDraft('f#A', 'x', storage)).toBeNull();
    keepDraft('f#A', 'x', 'y', storage);
    expect(takeDraft('f#A', 'z', storage)).toBeNull();
    expect(takeDraft('f#A', 'x', storage)).toBeNull();
  });

  it('opens its form again at start: edit mode, and what was selected when it was typed', () => {
    keepDraft('servers[0].name#Name', 'vm1', 'web-1', storage);
    useApp.setState({ selection: null, editMode: false });
    expect(offerDrafts(storage)).toBe(true);
    expect(useApp.getState()).toMatchObject({ editMode: true, selection: { kind: 'server', id: vm1.id } });
  });

  it('opens nothing when nothing was left typed', () => {
    useApp.setState({ selection: null, editMode: false });
    expect(offerDrafts(storage)).toBe(false);
    expect(useApp.getState()).toMatchObject({ editMode: false, selection: null });
  });

  it('ignores damaged or foreign storage', () => {
    storage.setItem(DRAFTS_KEY, '{"not": "a list"');
    expect(takeDraft('f#A', 'x', storage)).toBeNull();
    storage.setItem(DRAFTS_KEY, JSON.stringify([{ field: 'f#A', model: 'x', text: 1 }]));
    expect(takeDraft('f#A', 'x', storage)).toBeNull();
    keepDraft('f#A', 'x', 'y', storage);
    expect(takeDraft('f#A', 'x', storage)).toBe('y');
  });
});
