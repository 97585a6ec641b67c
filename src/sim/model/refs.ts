// Resolving references given by id or by name, as the openstack client does.
import type { ErrorList } from './errors';

export interface Named {
  id: string;
  name: string;
}

export class Registry<T extends Named> {
  private readonly byId = new Map<string, T>();
  /** made at the first lookup by name: a normalized cloud refers by id only, and an edit of a large
   * one made these lists for its 2,000 servers and 2,500 ports and read none of them */
  private names: Map<string, T[]> | null = null;
  /** the items there were when the registry was made (a list may grow after: the ports normalized) */
  private readonly count: number;
  constructor(
    readonly kind: string,
    private readonly items: readonly T[],
  ) {
    for (const it of items) this.byId.set(it.id, it);
    this.count = items.length;
  }
  private get byName(): Map<string, T[]> {
    if (!this.names) {
      this.names = new Map();
      for (let i = 0; i < this.count; i++) {
        const it = this.items[i]!;
        const list = this.names.get(it.name);
        if (list) list.push(it);
        else this.names.set(it.name, [it]);
      }
    }
    return this.names;
  }
  get(id: string): T | undefined {
    return this.byId.get(id);
  }
  all(): IterableIterator<T> {
    return this.byId.values();
  }
  /** Finds by id, else by unique name; reports an error at path when neither works. */
  resolve(ref: string, path: string, errors: ErrorList): T | undefined {
    const hit = this.byId.get(ref);
    if (hit) return hit;
    const named = this.byName.get(ref);
    if (named && named.length === 1) return named[0];
    // refused with its own message already: the reference adds nothing to it
    if (errors.isRefused(this.kind, ref)) return undefined;
    if (named && named.length > 1) {
      errors.add(path, ref, `is ambiguous: ${named.length} ${this.kind}s have that name; use the id`);
    } else {
      errors.add(path, ref, `refers to no ${this.kind} (no ${this.kind} has that id or name)`);
    }
    return undefined;
  }
}

/** The items grouped by a key, each group in the items' order (ports by device, by network...). */
export function groupBy<T, K>(items: Iterable<T>, key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}
