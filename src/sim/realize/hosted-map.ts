// A plane's devices, or its links, held host by host: one map per host, in the topology's host order,
// then one for what is no host's (the underlay, provider networks, the world outside). A plane realized
// after an edit takes the maps of the hosts the edit did not reach from the plane before, as they are,
// instead of copying every entry of a cloud of 2,000 VMs (some 40,000 devices) into new maps.
// Read as one map: the same entries in the same order as a map filled host by host.

import type { HostName } from '../model/types';
import type { Device, DeviceId, PortRef } from './dataplane';

/** One host's entries, and those of them whose id does not start with the host's name. */
export interface HostPart<V> {
  readonly map: ReadonlyMap<DeviceId, V>;
  /** entries whose id is not `<host>|...` (devId), found by id without knowing their host */
  readonly strays: ReadonlyMap<DeviceId, V> | null;
}

/** A host's part: its map, and which of its ids are not `<host>|...`. */
export function hostPart<V>(host: HostName, map: ReadonlyMap<DeviceId, V>): HostPart<V> {
  let strays: Map<DeviceId, V> | null = null;
  const prefix = `${host}|`;
  for (const [id, v] of map)
    if (!id.startsWith(prefix)) {
      strays ??= new Map();
      strays.set(id, v);
    }
  return { map, strays };
}

/** A host's devices and links, each as its part of a plane's maps. */
export interface HostParts {
  readonly devices: HostPart<Device>;
  readonly links: HostPart<ReadonlyMap<string, PortRef>>;
}

/** The parts of a host whose devices are `ids`, read from maps of the whole plane. */
export function hostParts(
  host: HostName,
  ids: readonly DeviceId[],
  devices: ReadonlyMap<DeviceId, Device>,
  links: ReadonlyMap<DeviceId, ReadonlyMap<string, PortRef>>,
): HostParts {
  const devs = new Map<DeviceId, Device>();
  const ends = new Map<DeviceId, ReadonlyMap<string, PortRef>>();
  for (const id of ids) {
    devs.set(id, devices.get(id)!);
    const e = links.get(id);
    if (e) ends.set(id, e);
  }
  return { devices: hostPart(host, devs), links: hostPart(host, ends) };
}

export class HostedMap<V> implements ReadonlyMap<DeviceId, V> {
  readonly size: number;
  private readonly strays: ReadonlyMap<DeviceId, V> | null;
  /** each host's map by its ids' prefix, `<host>|` */
  private readonly byPrefix = new Map<string, ReadonlyMap<DeviceId, V>>();

  constructor(
    /** each host's part, in the topology's host order */
    readonly parts: ReadonlyMap<HostName, HostPart<V>>,
    /** what is no host's, in the order it was added */
    readonly rest: ReadonlyMap<DeviceId, V>,
  ) {
    let size = rest.size;
    let strays: Map<DeviceId, V> | null = null;
    for (const p of parts.values()) {
      size += p.map.size;
      if (p.strays) {
        strays ??= new Map();
        for (const [id, v] of p.strays) strays.set(id, v);
      }
    }
    this.size = size;
    this.strays = strays;
    for (const [host, p] of parts) this.byPrefix.set(`${host}|`, p.map);
  }

  /** the part of the last host looked up, and its prefix: lookups come host after host */
  private lastPrefix = '';
  private lastMap: ReadonlyMap<DeviceId, V> | null = null;

  get(id: DeviceId): V | undefined {
    if (this.lastMap !== null && id.startsWith(this.lastPrefix)) {
      const v = this.lastMap.get(id);
      if (v !== undefined) return v;
    }
    // a host's device id is `<host>|<name>` (builder.ts devId): its part is found by that prefix
    const bar = id.indexOf('|');
    if (bar > 0) {
      const prefix = id.slice(0, bar + 1);
      const map = this.byPrefix.get(prefix);
      if (map) {
        this.lastPrefix = prefix;
        this.lastMap = map;
        const v = map.get(id);
        if (v !== undefined) return v;
      }
    }
    return this.strays?.get(id) ?? this.rest.get(id);
  }

  has(id: DeviceId): boolean {
    return this.get(id) !== undefined;
  }

  *entries(): MapIterator<[DeviceId, V]> {
    for (const p of this.parts.values()) yield* p.map;
    yield* this.rest;
  }

  *keys(): MapIterator<DeviceId> {
    for (const [id] of this.entries()) yield id;
  }

  /** The values of no host's part, and of the parts of hosts `hosted` does not name: read without
   * going through the 40,000 of a large cloud's hosts. */
  *outside(hosted: ReadonlyMap<HostName, unknown>): Generator<V> {
    for (const [host, p] of this.parts) if (!hosted.has(host)) yield* p.map.values();
    yield* this.rest.values();
  }

  *values(): MapIterator<V> {
    for (const p of this.parts.values()) yield* p.map.values();
    yield* this.rest.values();
  }

  forEach(fn: (value: V, key: DeviceId, map: ReadonlyMap<DeviceId, V>) => void, self?: unknown): void {
    for (const [id, v] of this.entries()) fn.call(self, v, id, this);
  }

  [Symbol.iterator](): MapIterator<[DeviceId, V]> {
    return this.entries();
  }
}
