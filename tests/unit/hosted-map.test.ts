// A plane's devices held host by host (realize/hosted-map.ts) read as one map: the same entries, in the
// same order, found by id, as a map filled host by host and then with what is no host's; ids that do
// not start with their host's name, a host named like the start of another's ("compute1", "compute10"),
// and lookups that jump between hosts included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostName } from '../../src/sim/model/types';
import type { DeviceId } from '../../src/sim/realize/dataplane';
import { HostedMap, hostPart } from '../../src/sim/realize/hosted-map';

const HOSTS = ['compute1', 'compute10', 'network1', 'c'] as HostName[];
const entry = fc.record({
  host: fc.nat(HOSTS.length), // HOSTS.length: no host's (the underlay, the outside)
  name: fc.stringMatching(/^[a-z0-9-]{1,6}$/),
  // an id of its own that is not <host>|<name>, as some devices may have
  stray: fc.boolean(),
});

describe('a map held host by host', () => {
  it('reads as the map filled in the same order', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (entries, probes) => {
          const byHost = new Map<HostName, Map<DeviceId, number>>(HOSTS.map((h) => [h, new Map()]));
          const rest = new Map<DeviceId, number>();
          const seen = new Set<string>();
          entries.forEach((e, i) => {
            const host = HOSTS[e.host];
            const id = (host && !e.stray ? `${host}|${e.name}` : `${e.name}:${e.host}`) as DeviceId;
            if (seen.has(id)) return;
            seen.add(id);
            (host ? byHost.get(host)! : rest).set(id, i);
          });
          const flat = new Map<DeviceId, number>();
          for (const m of byHost.values()) for (const [k, v] of m) flat.set(k, v);
          for (const [k, v] of rest) flat.set(k, v);
          const hm = new HostedMap(new Map([...byHost].map(([h, m]) => [h, hostPart(h, m)])), rest);
          expect([...hm]).toEqual([...flat]);
          expect([...hm.keys()]).toEqual([...flat.keys()]);
          expect([...hm.values()]).toEqual([...flat.values()]);
          expect(hm.size).toBe(flat.size);
          const ids = [
            ...flat.keys(),
            'compute1|absent',
            'compute10|absent',
            'nobody|x',
            'underlay',
          ] as DeviceId[];
          for (const p of probes) {
            const id = ids[p % ids.length]!;
            expect(hm.get(id)).toBe(flat.get(id));
            expect(hm.has(id)).toBe(flat.has(id));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
