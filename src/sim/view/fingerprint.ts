// What a device is, as one short value: its realized configuration (flows, rules, routes, addresses,
// ports) and what its ports are wired to. Two values differ when an edit changed how the device would
// handle a packet; what traffic taught it (MAC tables, conntrack, learned flows, counters) lives in
// SimState and does not count. The event list uses it to mark a send "recorded before the edit" when
// an edit changed a device it passed.
import { stableHex } from '../addr/stable';
import type { Dataplane, DeviceId } from '../realize/dataplane';

/** Keys the engine adds to link ends after building (follow() in realize/dataplane.ts): caches. */
const CACHES = new Set(['dev', 'peers', 'followed']);

const isMapLike = (v: object): boolean =>
  typeof (v as ReadonlyMap<unknown, unknown>).get === 'function' &&
  typeof (v as ReadonlyMap<unknown, unknown>).entries === 'function';

/** A canonical text of a value: object keys sorted, Maps and Sets as sorted entries, cycles cut. */
function canon(v: unknown, path: Set<object>): string {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? '' : (JSON.stringify(v) ?? '');
  if (path.has(v)) return '~';
  path.add(v);
  let out: string;
  if (Array.isArray(v)) out = `[${v.map((x) => canon(x, path)).join(',')}]`;
  else if (v instanceof Map || isMapLike(v))
    // a map read through parts (the underlay's ends and tunnel ports, realize/hosted-map.ts) is the
    // map of its entries, whatever its parts and lookup caches
    out = `M{${[...(v as ReadonlyMap<unknown, unknown>).entries()]
      .map(([k, x]) => `${canon(k, path)}:${canon(x, path)}`)
      .sort()
      .join(',')}}`;
  else if (v instanceof Set)
    out = `S[${[...v]
      .map((x) => canon(x, path))
      .sort()
      .join(',')}]`;
  else
    out = `{${Object.keys(v)
      .filter((k) => !CACHES.has(k))
      .sort()
      .map((k) => `${k}:${canon((v as Record<string, unknown>)[k], path)}`)
      .join(',')}}`;
  path.delete(v);
  return out;
}

/** The device's value, or null when the plane has no such device. A Linux bridge's security-group
 * rules match ipsets of the plane, so their members count for it too. */
export function deviceFingerprint(plane: Dataplane, id: DeviceId): string | null {
  const d = plane.devices.get(id);
  if (!d) return null;
  // a bridge's deferred flows are made now, so that they count whether or not traffic read them yet
  if (d.kind === 'ovs-bridge') void d.flows.size;
  const text = [canon(d, new Set()), canon(plane.links.get(id) ?? null, new Set())];
  if (d.kind === 'linux-bridge') text.push(canon(plane.ipsets, new Set()));
  return stableHex(text.join('|'), 16);
}
