// What a file already holds: the ids it gives and the MACs, which salt the stream new ids and MACs are
// drawn from (normalize.ts NormalizeContext). Read item by item, once per item, and the salt's sorted
// list kept from one normalization to the next: an edit's input shares with the cloud before it every
// item the edit left alone (model/load.ts loadEdit), and walking then sorting the 30,000 ids and MACs
// of a cloud of 2,000 VMs again took a fifth of its normalization.

import { isMac } from '../addr/mac';
import { hashText } from '../addr/random';

/** A UUID as Neutron gives one (lower case). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The strings found to be UUIDs: a cloud is normalized again after every edit, with the same 7,000
 * ids of a large cloud checked each time. Emptied past a bound, so it holds a few clouds' worth. */
const uuids = new Set<string>();

/** Whether `s` is a UUID as Neutron gives one (UUID_RE). */
export function isUuid(s: string): boolean {
  if (uuids.has(s)) return true;
  if (!UUID_RE.test(s)) return false;
  if (uuids.size >= 200_000) uuids.clear();
  uuids.add(s);
  return true;
}

/**
 * What a file already holds: the ids it gives its resources (which a drawn id must not repeat) and the
 * salt of the stream new ids and MACs are drawn from (those ids and the MACs it gives). References are
 * left out of both, so a file that merely refers to an id made from its seed
 * (`"network_id": "<the id net1 got>"`) still gives net1 that id.
 */
export function heldIds(input: unknown): { taken: TakenIds; salt: number } {
  const helds: Held[] = [];
  const top = input !== null && typeof input === 'object' && !Array.isArray(input);
  for (const [k, v] of top ? Object.entries(input) : [['', input] as const])
    if (Array.isArray(v))
      for (const x of v)
        helds.push(x !== null && typeof x === 'object' && !Array.isArray(x) ? heldBy(x) : walkHeld(x, k));
    else helds.push(walkHeld(v, k));
  const sorted = sortedOwn(helds);
  let salt = saltOf.get(sorted);
  if (salt === undefined) {
    salt = hashText(sorted.join(','));
    saltOf.set(sorted, salt);
  }
  return { taken: new TakenIds(sorted), salt };
}

/** The salt of each sorted list, which an edit that adds and removes no id or MAC keeps (a port
 * disabled, a rule's port changed): hashing the 30,000 ids and MACs of a large cloud is not free. */
const saltOf = new WeakMap<readonly string[], number>();

/**
 * The ids a file gives, which a drawn id must not repeat, and the ids drawn since: the UUIDs among the
 * sorted ids and MACs the items hold (a MAC never reads as a UUID), looked up by halving, instead of a
 * set of the 20,000 ids of a large cloud made again at every edit for the few ids it draws.
 */
export class TakenIds {
  private readonly drawn = new Set<string>();

  constructor(private readonly sorted: readonly string[]) {}

  has(id: string): boolean {
    return this.drawn.has(id) || this.given(id);
  }

  private given(id: string): boolean {
    if (!isUuid(id)) return false;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return this.sorted[lo] === id;
  }

  add(id: string): void {
    this.drawn.add(id);
  }

  /** each id once: those given, in order, then those drawn */
  *[Symbol.iterator](): IterableIterator<string> {
    let before: string | undefined;
    for (const s of this.sorted) {
      if (s !== before && UUID_RE.test(s)) yield s;
      before = s;
    }
    for (const s of this.drawn) if (!this.given(s)) yield s;
  }
}

/** The last normalization's items (with how many times each was there) and the sorted list of the ids
 * and MACs they hold. */
let last: { helds: ReadonlyMap<Held, number>; sorted: readonly string[] } | null = null;

/** Past this many items added or removed since the last normalization, the list is sorted anew. */
const FEW = 256;

/**
 * Every id and MAC the items hold, sorted: the last normalization's list with what the items removed
 * since held taken out and what the items added hold merged in, when they are few; sorted anew else.
 * The same list either way (a multiset, sorted).
 */
function sortedOwn(helds: readonly Held[]): readonly string[] {
  const now = new Map<Held, number>();
  for (const h of helds) now.set(h, (now.get(h) ?? 0) + 1);
  const was = last;
  let sorted: readonly string[] | null = null;
  if (was) {
    const added: Held[] = [];
    const removed: Held[] = [];
    for (const [h, n] of now)
      for (let i = was.helds.get(h) ?? 0; i < n && added.length <= FEW; i++) added.push(h);
    if (added.length <= FEW)
      for (const [h, n] of was.helds)
        for (let i = now.get(h) ?? 0; i < n && removed.length <= FEW; i++) removed.push(h);
    if (added.length + removed.length <= FEW) sorted = edited(was.sorted, removed, added);
  }
  if (!sorted) {
    const own: string[] = [];
    for (const h of helds) for (const s of h.own) own.push(s);
    sorted = own.sort();
  }
  last = { helds: now, sorted };
  return sorted;
}

/** `sorted` without the strings `removed` hold (once each) and with those `added` hold, still sorted. */
function edited(
  sorted: readonly string[],
  removed: readonly Held[],
  added: readonly Held[],
): readonly string[] {
  const drop = new Map<string, number>();
  const gone: string[] = [];
  for (const h of removed)
    for (const s of h.own) {
      drop.set(s, (drop.get(s) ?? 0) + 1);
      gone.push(s);
    }
  const put: string[] = [];
  for (const h of added) for (const s of h.own) put.push(s);
  put.sort();
  // an item changed in what holds no id or MAC (a port disabled): the same list, the same object
  gone.sort();
  if (gone.length === put.length && gone.every((s, i) => s === put[i])) return sorted;
  const out: string[] = [];
  let j = 0;
  for (const s of sorted) {
    const n = drop.get(s);
    if (n) {
      drop.set(s, n - 1);
      continue;
    }
    // the same order as Array.prototype.sort's default: by UTF-16 code units, as < compares strings
    while (j < put.length && put[j]! < s) out.push(put[j++]!);
    out.push(s);
  }
  while (j < put.length) out.push(put[j++]!);
  return out;
}

/** heldIds without anything kept from before: each item walked again and the list sorted anew (the
 * tests' oracle). */
export function heldIdsAnew(input: unknown): { taken: Set<string>; salt: number } {
  const ids: string[] = [];
  const own: string[] = [];
  const top = input !== null && typeof input === 'object' && !Array.isArray(input);
  for (const [k, v] of top ? Object.entries(input) : [['', input] as const])
    for (const x of Array.isArray(v) ? v : [v]) {
      const h = walkHeld(
        x,
        Array.isArray(v) && x !== null && typeof x === 'object' && !Array.isArray(x) ? '' : k,
      );
      ids.push(...h.ids);
      own.push(...h.own);
    }
  return { taken: new Set(ids), salt: hashText(own.sort().join(',')) };
}

interface Held {
  /** the ids it gives (under an `id` key, at any depth) */
  readonly ids: readonly string[];
  /** those ids and the MACs it gives */
  readonly own: readonly string[];
}

/**
 * What each item of the file's lists holds, read once: an edit's input shares with the cloud before it
 * every item the edit left alone (model/load.ts loadEdit), and walking the whole of a cloud of 2,000
 * VMs again took a quarter of its normalization.
 */
const heldByItem = new WeakMap<object, Held>();

function heldBy(item: object): Held {
  let held = heldByItem.get(item);
  if (!held) {
    held = walkHeld(item, '');
    heldByItem.set(item, held);
  }
  return held;
}

function walkHeld(value: unknown, key: string): Held {
  const ids: string[] = [];
  const own: string[] = [];
  // only the strings under an id or MAC key are looked at
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (key === 'id') {
        const s = v.toLowerCase();
        if (UUID_RE.test(s)) {
          ids.push(s);
          own.push(s);
        }
      } else if (key === 'mac' || key === 'mac_address') {
        const s = v.toLowerCase();
        if (isMac(s)) own.push(s);
      }
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v !== null && typeof v === 'object')
      for (const k in v) if (Object.hasOwn(v, k)) walk((v as Record<string, unknown>)[k], k);
  };
  walk(value, key);
  return { ids, own };
}
