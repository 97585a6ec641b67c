// The saved view (positions, shown chains, opened hosts, theme) is read back at start; anything
// malformed in it is ignored as a whole, and the view stays as it was.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useApp } from '../../src/store/app-store';
import { LAYOUT_KEY, restoreLayout } from '../../src/store/persist-layout';
import { EMPTY } from './edit-harness';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

/** A Storage holding one item, the saved layout. */
function storageWith(text: string | null): Storage {
  const items = new Map<string, string>();
  if (text !== null) items.set(LAYOUT_KEY, text);
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
    key: () => null,
    length: items.size,
  };
}

const view = () => {
  const { positions, expandedVms, hostCollapsed, theme } = useApp.getState();
  return { positions, expandedVms, hostCollapsed, theme };
};

beforeEach(() => {
  useApp.setState({ positions: {}, expandedVms: {}, hostCollapsed: {}, theme: 'light' });
});

describe('restoring the saved view', () => {
  it('brings back moved nodes, chains, hosts and the theme', () => {
    const saved = {
      positions: { 'compute1|br-int': { x: 12.5, y: -40 } },
      expandedVms: { vm1: true },
      hostCollapsed: { compute2: false },
      theme: 'dark',
    };
    restoreLayout(storageWith(JSON.stringify(saved)));
    expect(view()).toEqual(saved);
  });

  it('keeps what is not saved as it was', () => {
    useApp.setState({ expandedVms: { vm2: true } });
    restoreLayout(storageWith(JSON.stringify({ theme: 'dark' })));
    expect(view()).toMatchObject({ theme: 'dark', expandedVms: { vm2: true } });
  });

  it.each([
    ['text that is not JSON', '{"positions":'],
    ['a position out of range (1e999 reads as Infinity)', '{"positions":{"a":{"x":1e999,"y":0}}}'],
    ['a position that is not a number', '{"positions":{"a":{"x":"1","y":0}}}'],
    ['an unknown theme', '{"theme":"sepia"}'],
    ['a key longer than 300 characters', JSON.stringify({ expandedVms: { ['v'.repeat(301)]: true } })],
    ['a flag that is not a boolean', '{"hostCollapsed":{"compute1":"yes"}}'],
    ['a list instead of an object', '[1,2]'],
  ])('ignores %s, whole, and changes nothing', (_what, text) => {
    const before = view();
    restoreLayout(storageWith(text));
    expect(view()).toEqual(before);
  });

  it('changes nothing when nothing was saved', () => {
    const before = view();
    restoreLayout(storageWith(null));
    expect(view()).toEqual(before);
  });
});

describe('another cloud opened', () => {
  const cloud = (name: string) => ({ ...EMPTY, name });
  const opened = {
    positions: { 'host:compute1': { x: 400, y: 0 } },
    expandedVms: { vm1: true },
    hostCollapsed: { compute1: false, compute2: false },
  };

  it('is laid out anew: hosts opened or nodes moved in the cloud before carry no name over', async () => {
    expect(await useApp.getState().applyTopology(cloud('first'), { history: false })).toBeNull();
    useApp.setState(opened);
    expect(
      await useApp.getState().applyTopology(cloud('second'), { label: 'open b.json', anew: true }),
    ).toBeNull();
    expect(view()).toMatchObject({ positions: {}, expandedVms: {}, hostCollapsed: {} });
    expect(useApp.getState().doc?.name).toBe('second');
  });

  it('keeps the layout when the same work comes back (a reload, another tab’s version) or is refused', async () => {
    expect(await useApp.getState().applyTopology(cloud('first'), { history: false })).toBeNull();
    useApp.setState(opened);
    expect(await useApp.getState().applyTopology(cloud('first again'), { history: false })).toBeNull();
    expect(view()).toMatchObject(opened);
    // a file the core refuses opens nothing, and the layout stays
    const refused = await useApp.getState().applyTopology({ ...EMPTY, hosts: 'none' }, { anew: true });
    expect(refused?.[0]?.path).toBe('hosts');
    expect(view()).toMatchObject(opened);
  });
});
