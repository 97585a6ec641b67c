// A canonical text of a Dataplane, for comparing two planes device for device and flow for flow:
// every device with all its fields (interfaces, addresses, routes, iptables rules, OVS ports, flows as
// ovs-ofctl prints them), every link, the hosts' local VLANs, the index and the ipsets, in the order
// the plane holds them (an incremental realize must give the same order as a full one).
import { flowText } from '../../src/sim/devices/openflow/flow';
import { FlowTables } from '../../src/sim/devices/openflow/table';
import type { Dataplane } from '../../src/sim/realize/dataplane';

const isMapLike = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  typeof (v as ReadonlyMap<unknown, unknown>).get === 'function' &&
  typeof (v as ReadonlyMap<unknown, unknown>).entries === 'function';

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof FlowTables) return value.all().map(flowText);
  // a Map, or a map read through parts (HostedMap, the underlay's tunnel ports): its entries in order
  if (value instanceof Map || isMapLike(value)) return { map: [...(value as ReadonlyMap<unknown, unknown>)] };
  if (value instanceof Set) return { set: [...value] };
  return value;
}

/** One line per device, link end, host, index entry and ipset. */
export function canonicalPlane(plane: Dataplane): string[] {
  const out: string[] = [];
  for (const [id, d] of plane.devices) out.push(`device ${id} ${JSON.stringify(d, replacer)}`);
  for (const [id, ends] of plane.links)
    for (const [port, peer] of ends) out.push(`link ${id}:${port} -> ${peer.device}:${peer.port}`);
  for (const [h, hp] of plane.hosts) out.push(`host ${h} ${JSON.stringify(hp, replacer)}`);
  for (const [k, m] of Object.entries(plane.index))
    for (const [key, id] of [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      out.push(`index ${k} ${key} ${id}`);
  for (const [name, members] of plane.ipsets) out.push(`ipset ${name} ${[...members].join(',')}`);
  return out;
}
