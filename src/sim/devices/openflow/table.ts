// A flow table with a classifier in the manner of OVS's tuple space search: flows are grouped by the
// set of fields they match on, each group is a hash map, and a lookup probes each group once. The cost
// of a lookup depends on how many kinds of flow a table has, not on how many flows.
import { isMulticastMac } from '../../addr/mac';
import type { Flow, FlowMatch } from './flow';

/** The fields of a packet a flow can match on, as seen at one point of a bridge's pipeline. */
export interface PacketView {
  in_port: string;
  vlan: number | null;
  dl_src: string;
  dl_dst: string;
  arp: { spa: string; tpa: string } | null;
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
  }
}

function flowValue(m: FlowMatch, f: Field): string | number {
  const v = m[f];
  return v === true ? 'y' : (v as string | number);
}

interface Tuple {
  readonly fields: readonly Field[];
  readonly buckets: Map<string, Flow[]>;
}

export class FlowTable {
  private readonly tuples = new Map<string, Tuple>();
  private count = 0;

  constructor(readonly id: number) {}

  get size(): number {
    return this.count;
  }

  add(flow: Flow): void {
    const fields = FIELDS.filter((f) => flow.match[f] !== undefined);
    const sig = fields.join(',');
    let t = this.tuples.get(sig);
    if (!t) {
      t = { fields, buckets: new Map() };
      this.tuples.set(sig, t);
    }
    const key = fields.map((f) => flowValue(flow.match, f)).join('|');
    const list = t.buckets.get(key);
    if (!list) t.buckets.set(key, [flow]);
    else {
      // Same match: a new flow replaces one of equal priority (as ovs-ofctl add-flow does).
      const same = list.findIndex((x) => x.priority === flow.priority);
      if (same >= 0) {
        list[same] = flow;
        return;
      }
      list.push(flow);
      list.sort((a, b) => b.priority - a.priority);
    }
    this.count++;
  }

  /** The highest-priority flow matching the packet, or null (table miss). */
  lookup(p: PacketView): Flow | null {
    let best: Flow | null = null;
    for (const t of this.tuples.values()) {
      let key = '';
      let ok = true;
      for (let i = 0; i < t.fields.length; i++) {
        const v = packetValue(p, t.fields[i]!);
        if (v === undefined) {
          ok = false;
          break;
        }
        key = i === 0 ? String(v) : `${key}|${v}`;
      }
      if (!ok) continue;
      const hit = t.buckets.get(key)?.[0];
      if (hit && (best === null || hit.priority > best.priority)) best = hit;
    }
    return best;
  }

  /** Every flow, ordered as ovs-ofctl dump-flows shows a table: by priority, highest first. */
  flows(): Flow[] {
    const all: Flow[] = [];
    for (const t of this.tuples.values()) for (const list of t.buckets.values()) all.push(...list);
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
