// Patches of plain data, small enough to cross the worker boundary where the whole would not be: a
// list as runs of the list the receiver holds (by index) and the items that differ, and an object of
// such lists (a Topology) as its lists patched and its other fields given again when they changed.
// The receiver rebuilds the exact value, in order, reusing its own objects for what did not change.
import { samePlain } from './plain-data';

/** A list rebuilt from the previous one: kept runs of it, and items put in between. */
export type ListPatch<T> = (
  | { keep: number; count: number } // prev[keep .. keep + count)
  | { put: T[] }
)[];

/**
 * The patch that turns `prev` into `next`. Items are matched by `key`; an item whose match in `prev`
 * is equal as plain data is kept (and a run of them that is also a run in `prev` is one entry).
 */
export function diffList<T>(prev: readonly T[], next: readonly T[], key: (x: T) => string): ListPatch<T> {
  // An edit keeps nearly every item where it was: each item is looked for first where the last match
  // leads, then a few places further on (items removed before it), and only then by key in all of
  // `prev`, whose index is made the first time it is needed.
  let at: Map<string, number> | null = null;
  const indexOf = (k: string, from: number): number | undefined => {
    for (let i = from; i < Math.min(prev.length, from + NEAR); i++) if (key(prev[i]!) === k) return i;
    if (!at) {
      at = new Map();
      for (let i = 0; i < prev.length; i++) at.set(key(prev[i]!), i);
    }
    return at.get(k);
  };
  const out: ListPatch<T> = [];
  let run: { keep: number; count: number } | null = null;
  let put: T[] | null = null;
  let cursor = 0;
  for (const x of next) {
    const i = prev[cursor] === x ? cursor : indexOf(key(x), cursor);
    if (i !== undefined && samePlain(prev[i], x)) {
      put = null;
      cursor = i + 1;
      if (run && run.keep + run.count === i) run.count++;
      else {
        run = { keep: i, count: 1 };
        out.push(run);
      }
    } else {
      run = null;
      if (put) put.push(x);
      else {
        put = [x];
        out.push({ put });
      }
    }
  }
  return out;
}

/** How far past the last match an item is looked for before its key is looked up in the whole list. */
const NEAR = 32;

/** The list the patch describes, from `prev`: kept items are prev's own objects. Throws when the
 * patch does not fit `prev` (a patch made against another list). */
export function applyList<T>(prev: readonly T[], patch: ListPatch<T>): T[] {
  const out: T[] = [];
  for (const p of patch) {
    if ('put' in p) {
      for (const x of p.put) out.push(x);
      continue;
    }
    if (p.keep < 0 || p.keep + p.count > prev.length) throw new Error('the view patch does not fit the view');
    for (let i = p.keep; i < p.keep + p.count; i++) out.push(prev[i]!);
  }
  return out;
}

/** An object's change: its list fields patched, its other fields set again (or dropped) when changed. */
export interface RecordPatch {
  lists: Record<string, ListPatch<unknown>>;
  set: Record<string, unknown>;
  drop: string[];
}

/** The key a list item is matched by: its id, else its name (a host), else none (equality alone). */
const itemKey = (x: unknown): string => {
  if (x && typeof x === 'object') {
    const o = x as { id?: unknown; name?: unknown };
    if (typeof o.id === 'string') return o.id;
    if (typeof o.name === 'string') return `name:${o.name}`;
  }
  return '';
};

export function diffRecord(prev: Record<string, unknown>, next: Record<string, unknown>): RecordPatch {
  const out: RecordPatch = { lists: {}, set: {}, drop: [] };
  for (const k of Object.keys(prev)) if (!Object.hasOwn(next, k)) out.drop.push(k);
  for (const [k, v] of Object.entries(next)) {
    const was = prev[k];
    if (Array.isArray(v) && Array.isArray(was)) out.lists[k] = diffList(was, v, itemKey);
    else if (!Object.hasOwn(prev, k) || !samePlain(was, v)) out.set[k] = v;
  }
  return out;
}

/** `next`, with `prev`'s own objects for its items equal to them (matched as diffRecord does). */
export function sharingWith<T>(prev: readonly unknown[], next: readonly T[]): T[] {
  return applyList(prev, diffList(prev, next, itemKey)) as T[];
}

/** The object the patch describes, from `prev` (which stays as it was). */
export function applyRecord<T extends object>(prev: T, patch: RecordPatch): T {
  const out = { ...prev } as Record<string, unknown>;
  for (const k of patch.drop) delete out[k];
  for (const [k, p] of Object.entries(patch.lists)) {
    const was = out[k];
    if (!Array.isArray(was)) throw new Error(`the patch does not fit: ${k} is not a list`);
    out[k] = applyList(was, p);
  }
  Object.assign(out, patch.set);
  return out as T;
}
