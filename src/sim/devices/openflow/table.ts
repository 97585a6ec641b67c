// A flow table with a classifier in the manner of OVS's tuple space search: flows are grouped by the
// set of fields they match on, each group is a hash map (nested by field), and a lookup probes each
// group once. The cost of a lookup depends on how many kinds of flow a table has, not on how many.
import { isMulticastMac } from '../../addr/mac';
import type { Flow, FlowMatch } from './flow';

/** The fields of a packet a flow can match on, as seen at one point of a bridge's pipeline. */
export interface PacketView {
  in_port: string;
  vlan: number | null;
  dl_src: string;
  dl_dst: string;
  arp: { spa: string; tpa: string; op?: number; tha?: string } | null;
  tun_id: number | null;
}

type Field = keyof FlowMatch;
const FIELDS: readonly Field[] = [
  'in_port',
  'dl_vlan',
  'vlan_none',
  'dl_src',
  'dl_dst',
  'dl_dst_group',
  'arp',
  'arp_spa',
  'arp_tpa',
  'tun_id',
  'arp_op',
  'arp_tha',
];

/** The value a packet has for a field, or undefined when the field cannot match it. */
function packetValue(p: PacketView, f: Field): string | number | undefined {
  switch (f) {
    case 'in_port':
      return p.in_port;
    case 'dl_vlan':
      return p.vlan === null ? undefined : p.vlan;
    case 'vlan_none':
      return p.vlan === null ? 'y' : undefined;
    case 'dl_src':
      return p.dl_src;
    case 'dl_dst':
      return p.dl_dst;
    case 'dl_dst_group':
      return isMulticastMac(p.dl_dst) ? 'multicast' : 'unicast';
    case 'arp':
      return p.arp ? 'y' : undefined;
    case 'arp_spa':
      return p.arp?.spa;
    case 'arp_tpa':
      return p.arp?.tpa;
    case 'tun_id':
      return p.tun_id ?? undefined;
    case 'arp_op':
      return p.arp?.op;
    case 'arp_tha':
      return p.arp?.tha;
  }
}

function flowValue(m: FlowMatch, f: Field): string | number {
  const v = m[f];
  return v === true ? 'y' : (v as string | number);
}

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

const first = (s: Slot): Flow => (Array.isArray(s) ? s[0]! : s);

export class FlowTable {
  /** by the set of fields matched on, as a bit mask over FIELDS (a number: no key string per flow) */
  private readonly tuples = new Map<number, Tuple>();
  private count = 0;

  constructor(readonly id: number) {}

  get size(): number {
    return this.count;
  }

  /** Adds a flow; returns the one of equal match and priority it replaced, if any. */
  add(flow: Flow): Flow | null {
    const m = flow.match;
    let sig = 0;
    for (let i = 0; i < FIELDS.length; i++) if (m[FIELDS[i]!] !== undefined) sig |= 1 << i;
    let t = this.tuples.get(sig);
    if (!t) {
      t = { fields: FIELDS.filter((f) => m[f] !== undefined), root: new Map(), any: -1, slots: [] };
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
    const same = list.findIndex((x) => x.priority === flow.priority);
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

  /** The highest-priority flow matching the packet, or null (table miss). */
  lookup(p: PacketView): Flow | null {
    let best: Flow | null = null;
    for (const t of this.tuples.values()) {
      let node: Level | number | undefined = t.fields.length === 0 ? t.any : t.root;
      for (let i = 0; i < t.fields.length && node !== undefined; i++) {
        const v = packetValue(p, t.fields[i]!);
        node = v === undefined ? undefined : (node as Level).get(v);
      }
      if (node === undefined || (node as number) < 0) continue;
      const hit = first(t.slots[node as number]!);
      if (best === null || hit.priority > best.priority) best = hit;
    }
    return best;
  }

  /** Every flow, ordered as ovs-ofctl dump-flows shows a table: by priority, highest first. */
  flows(): Flow[] {
    const all: Flow[] = [];
    for (const t of this.tuples.values())
      for (const s of t.slots) {
        if (Array.isArray(s)) all.push(...s);
        else all.push(s);
      }
    return all.sort((a, b) => b.priority - a.priority);
  }
}

/** The tables of one bridge, by table id. */
export class FlowTables {
  private readonly tables = new Map<number, FlowTable>();
  add(flow: Flow): void {
    let t = this.tables.get(flow.table);
    if (!t) {
      t = new FlowTable(flow.table);
      this.tables.set(flow.table, t);
    }
    t.add(flow);
  }
  get(table: number): FlowTable | undefined {
    return this.tables.get(table);
  }
  all(): Flow[] {
    return [...this.tables.keys()].sort((a, b) => a - b).flatMap((id) => this.tables.get(id)!.flows());
  }
  get size(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }
}
