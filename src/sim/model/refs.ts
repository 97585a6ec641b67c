// Resolving references given by id or by name, as the openstack client does.
import type { ErrorList } from './errors';

export interface Named {
  id: string;
  name: string;
}

export class Registry<T extends Named> {
  private readonly byId = new Map<string, T>();
  private readonly byName = new Map<string, T[]>();
  constructor(
    readonly kind: string,
    items: readonly T[],
  ) {
    for (const it of items) {
      this.byId.set(it.id, it);
      const list = this.byName.get(it.name);
      if (list) list.push(it);
      else this.byName.set(it.name, [it]);
    }
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
