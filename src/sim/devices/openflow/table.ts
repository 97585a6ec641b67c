// A flow table with a classifier in the manner of OVS's tuple space search: flows are grouped by the
// set of fields they match on exactly, each group is a hash map (nested by field), and a lookup probes
// each group once. The cost of a lookup depends on how many kinds of flow a table has, not on how many.
// What one flow matches is match.ts.
// Fields matched with a mask (ct_state flags, an address prefix, a port block) are checked on the flows
// a probe finds; conjunctive flows (conjunction(id,k/n)) are tried apart, as OVS does.
import type { Flow } from './flow';
import {
  exact,
  FIELDS,
  type Field,
  flowValue,
  matchesAll,
  type PacketView,
  packetValue,
  passes,
  residualKey,
} from './match';

export type { PacketView } from './match';

const isConjunctive = (f: Flow) => f.actions.some((a) => a.a === 'conjunction');

/** The flow of one match, or the flows of one match, highest priority first (rare: an array costs). */
type Slot = Flow | Flow[];
/** One level per field of the tuple, keyed by the field's value; at the last, the index of a slot. */
type Level = Map<string | number, Level | number>;

interface Tuple {
  readonly fields: readonly Field[];
  /** slot indexes by value, nested field by field: no key string to build on add or on lookup */
  readonly root: Level;
  /** the slot of a tuple that matches on no field at all, or -1 */
  any: number;
  /** slots in the order their first flow was added, which is the order dump-flows lists ties in */
  readonly slots: Slot[];
}

/** The best flow of a slot the packet passes (most flows have no masked field: the first). */
function best(s: Slot, p: PacketView): Flow | null {
  if (!Array.isArray(s)) return passes(s, p) ? s : null;
  for (const f of s) if (passes(f, p)) return f;
  return null;
}

/** Every flow of a slot the packet passes. */
function everyPassing(s: Slot, p: PacketView, into: Flow[]): void {
  if (!Array.isArray(s)) {
    if (passes(s, p)) into.push(s);
  } else for (const f of s) if (passes(f, p)) into.push(f);
}

export class FlowTable {
  /** by the set of fields matched on, as a bit mask over FIELDS (a number: no key string per flow) */
  private readonly tuples = new Map<number, Tuple>();
  private count = 0;
  /** flows with conjunction() actions, classified apart (every match counts, not the best), and the
   *  conj_id flows they lead to */
  private conjunctive: FlowTable | null = null;
  private readonly conjunctions = new Map<number, Flow[]>();

  /** @param plain a table of conjunctive flows: it keeps them with the rest */
  constructor(
    readonly id: number,
    private readonly plain = false,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Adds a flow; returns the one of equal match and priority it replaced, if any. */
  add(flow: Flow): Flow | null {
    const m = flow.match;
    if (!this.plain && m.conj_id !== undefined) {
      this.count++;
      const list = this.conjunctions.get(m.conj_id);
      if (list) list.push(flow);
      else this.conjunctions.set(m.conj_id, [flow]);
      return null;
    }
    if (!this.plain && isConjunctive(flow)) {
      this.conjunctive ??= new FlowTable(this.id, true);
      const replaced = this.conjunctive.add(flow);
      if (!replaced) this.count++;
      return replaced;
    }
    let sig = 0;
    for (let i = 0; i < FIELDS.length; i++) if (exact(m, FIELDS[i]!)) sig |= 1 << i;
    let t = this.tuples.get(sig);
    if (!t) {
      t = { fields: FIELDS.filter((f) => exact(m, f)), root: new Map(), any: -1, slots: [] };
      this.tuples.set(sig, t);
    }
    const n = t.fields.length;
    let level = t.root;
    let last: string | number = '';
    let at: number | undefined;
    if (n === 0) at = t.any < 0 ? undefined : t.any;
    else {
      for (let i = 0; i < n - 1; i++) {
        const v = flowValue(m, t.fields[i]!);
        let next = level.get(v) as Level | undefined;
        if (!next) {
          next = new Map();
          level.set(v, next);
        }
        level = next;
      }
      last = flowValue(m, t.fields[n - 1]!);
      at = level.get(last) as number | undefined;
    }
    if (at === undefined) {
      const i = t.slots.push(flow) - 1;
      if (n === 0) t.any = i;
      else level.set(last, i);
      this.count++;
      return null;
    }
    // Same match: a new flow replaces one of equal priority (as ovs-ofctl add-flow does).
    const slot = t.slots[at]!;
    const list = Array.isArray(slot) ? slot : [slot];
    const key = residualKey(m);
    const same = list.findIndex((x) => x.priority === flow.priority && residualKey(x.match) === key);
    let replaced: Flow | null = null;
    if (same >= 0) {
      replaced = list[same]!;
      list[same] = flow;
    } else {
      list.push(flow);
      list.sort((a, b) => b.priority - a.priority);
      this.count++;
    }
    t.slots[at] = list.length === 1 ? list[0]! : list;
    return replaced;
  }

  /** The slot of a tuple the packet has every field of, or undefined. */
  private probe(t: Tuple, p: PacketView): Slot | undefined {
    let node: Level | number | undefined = t.fields.length === 0 ? t.any : t.root;
    for (let i = 0; i < t.fields.length && node !== undefined; i++) {
      const v = packetValue(p, t.fields[i]!);
      node = v === undefined ? undefined : (node as Level).get(v);
    }
    return node === undefined || (node as number) < 0 ? undefined : t.slots[node as number];
  }

  /** The highest-priority flow matching the packet, or null (table miss). */
  lookup(p: PacketView): Flow | null {
    let found: Flow | null = null;
    for (const t of this.tuples.values()) {
      const slot = this.probe(t, p);
      const hit = slot === undefined ? null : best(slot, p);
      if (hit && (found === null || hit.priority > found.priority)) found = hit;
    }
    const conj = this.conjunctive ? this.conjunctiveMatch(this.conjunctive, p) : null;
    return conj && (found === null || conj.priority > found.priority) ? conj : found;
  }

  /** Every flow matching the packet. */
  matching(p: PacketView): Flow[] {
    const all: Flow[] = [];
    for (const t of this.tuples.values()) {
      const slot = this.probe(t, p);
      if (slot !== undefined) everyPassing(slot, p, all);
    }
    return all;
  }

  /**
   * A conjunctive match (OVS's conjunction action): the flow `conj_id=<id>` applies when, for each
   * dimension k of n of conjunction <id>, some flow carrying conjunction(<id>,k/n) matches the packet.
   */
  private conjunctiveMatch(conjunctive: FlowTable, p: PacketView): Flow | null {
    const dims = new Map<number, { seen: Set<number>; n: number }>();
    for (const f of conjunctive.matching(p)) {
      for (const a of f.actions) {
        if (a.a !== 'conjunction') continue;
        const d = dims.get(a.id) ?? { seen: new Set<number>(), n: a.n };
        d.seen.add(a.k);
        dims.set(a.id, d);
      }
    }
    let found: Flow | null = null;
    for (const [id, d] of dims) {
      if (d.seen.size < d.n) continue;
      for (const f of this.conjunctions.get(id) ?? [])
        if (matchesAll(f, p) && (found === null || f.priority > found.priority)) found = f;
    }
    return found;
  }

  /** Every flow, ordered as ovs-ofctl dump-flows shows a table: by priority, highest first. */
  flows(): Flow[] {
    const all: Flow[] = [];
    for (const t of this.tuples.values())
      for (const s of t.slots) {
        if (Array.isArray(s)) all.push(...s);
        else all.push(s);
      }
    if (this.conjunctive) all.push(...this.conjunctive.flows());
    for (const list of this.conjunctions.values()) all.push(...list);
    return all.sort((a, b) => b.priority - a.priority);
  }
}

/** The tables of one bridge, by table id. */
export class FlowTables {
  private readonly tables = new Map<number, FlowTable>();
  /** flows to add when the tables are first read (a private field: no part of the tables' value) */
  #deferred: (() => Iterable<Flow>)[] = [];

  /**
   * Adds the flows `make` returns when the tables are first read: a large cloud's firewall flows (a
   * flow per member address of a remote group, per network, per host) are made only for the bridges
   * traffic or a command reaches, as the hybrid driver's iptables chains are.
   */
  defer(make: () => Iterable<Flow>): void {
    this.#deferred.push(make);
  }

  private settle(): void {
    if (this.#deferred.length === 0) return;
    const pending = this.#deferred;
    this.#deferred = [];
    for (const make of pending) for (const f of make()) this.add(f);
  }

  add(flow: Flow): void {
    this.settle();
    let t = this.tables.get(flow.table);
    if (!t) {
      t = new FlowTable(flow.table);
      this.tables.set(flow.table, t);
    }
    t.add(flow);
  }
  get(table: number): FlowTable | undefined {
    this.settle();
    return this.tables.get(table);
  }
  all(): Flow[] {
    this.settle();
    return [...this.tables.keys()].sort((a, b) => a - b).flatMap((id) => this.tables.get(id)!.flows());
  }
  get size(): number {
    this.settle();
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }
}
