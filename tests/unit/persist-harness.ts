// One browser's storage for the persistence tests: a localStorage shared by every tab, whose writes the
// other tabs hear of as `storage` events (as a browser does: never the tab that wrote), and IndexedDB
// (fake-indexeddb, driven by the real idb-keyval code). Each tab gets a PersistEnv over them with its own
// timers and page-leave listeners, run when the test says time passes or the page goes away.
import { IDBFactory } from 'fake-indexeddb';
import { createStore } from 'idb-keyval';
import { vi } from 'vitest';
import type { PersistEnv } from '../../src/store/autosave';
import { HISTORY_DB, HISTORY_STORE, idbHistoryStore } from '../../src/store/history-store';

export class MemoryStorage implements Storage {
  data = new Map<string, string>();
  quota = Number.POSITIVE_INFINITY;
  broken = false;
  /** called after each change: key and new value (null: removed) */
  onChange: (key: string, value: string | null) => void = () => {};
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
    this.onChange(k, null);
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new Error('QuotaExceededError');
    this.data.set(k, v);
    this.onChange(k, v);
  }
}

export interface TabEnv extends PersistEnv {
  /** runs the timers that are due (clouds no step names are swept a while after a save) and what
   * waited for a frame to be painted */
  runTimers(): void;
  /** the page is going away as a browser tells it (pagehide): its leave listeners run */
  leave(): void;
  /** the tab is gone: it hears and runs nothing more (with no leave first, it crashed) */
  close(): void;
}

/** A browser profile: one localStorage and one IndexedDB for all its tabs. */
export class FakeBrowser {
  storage = new MemoryStorage();
  private tabs = new Set<{ writer: string; hear: (k: string, v: string | null) => void }>();
  private writer = '';
  private n = 0;

  constructor() {
    // a fresh IndexedDB for this browser; idb-keyval opens it through the global, as in the page
    vi.stubGlobal('indexedDB', new IDBFactory());
    this.storage.onChange = (k, v) => {
      const from = this.writer;
      for (const t of this.tabs) if (t.writer !== from) queueMicrotask(() => t.hear(k, v));
    };
  }

  tab(): TabEnv {
    const name = `tab${++this.n}`;
    const heard: ((k: string | null, v: string | null) => void)[] = [];
    const leaving: (() => void)[] = [];
    let timers: { ms: number; fn: () => void }[] = [];
    let open = true;
    const me = {
      writer: name,
      hear: (k: string, v: string | null) => {
        if (open) for (const f of heard) f(k, v);
      },
    };
    this.tabs.add(me);
    // the storage as this tab sees it: writes are marked as its own, so that it does not hear them
    const storage = new Proxy(this.storage, {
      get: (target, prop) => {
        const v = Reflect.get(target, prop, target);
        if (prop !== 'setItem' && prop !== 'removeItem') return typeof v === 'function' ? v.bind(target) : v;
        return (...args: [string, string]) => {
          const before = this.writer;
          this.writer = name;
          try {
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            this.writer = before;
          }
        };
      },
    });
    return {
      storage,
      history: idbHistoryStore(() => createStore(HISTORY_DB, HISTORY_STORE)),
      tab: name,
      onStorage: (fn) => heard.push(fn),
      later(fn, ms) {
        const t = { ms, fn };
        timers.push(t);
        return () => {
          timers = timers.filter((x) => x !== t);
        };
      },
      afterPaint(fn) {
        timers.push({ ms: 0, fn });
      },
      onLeave: (fn) => leaving.push(fn),
      leave() {
        if (open) for (const f of leaving) f();
      },
      runTimers() {
        const due = timers;
        timers = [];
        if (open) for (const t of due) t.fn();
      },
      close: () => {
        open = false;
        timers = [];
        this.tabs.delete(me);
      },
    };
  }
}

/** Lets the fake IndexedDB and queued events run. */
export const settle = async (rounds = 20) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
};
