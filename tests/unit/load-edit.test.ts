// An edit loaded as a change of the topology loaded before (model/load.ts loadEdit) is what loading
// the edited topology whole gives: the same topology, warnings and errors, on random clouds of every
// backend and random edits; the topology it was made from is left as it was (frozen here, so that a
// write into it throws); and what the change puts in is checked by the schema as a file's items are.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTopology, type Topology } from '../../src/sim';
import { loadEdit } from '../../src/sim/model/load';
import { sampleEdit } from '../../src/sim/model/sample-edits';
import { diffRecord } from '../../src/sim/plain-patch';
import { anyCloud, buildCloud, someEdits } from './arb-edits';

const asRecord = (t: unknown) => t as Record<string, unknown>;

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

describe('loadEdit', () => {
  it('gives what a whole load of the edited topology gives, and leaves the one before as it was', () => {
    let compared = 0;
    fc.assert(
      fc.property(anyCloud, someEdits, (c, list) => {
        let base = buildCloud(c);
        fc.pre(base !== null);
        for (const { kind, k } of list) {
          const edited = sampleEdit(base!, kind, k);
          if (!edited) continue;
          const frozen = deepFreeze(base!);
          const before = JSON.stringify(frozen);
          const r = loadEdit(frozen, diffRecord(asRecord(frozen), asRecord(edited)));
          const whole = loadTopology(edited);
          expect(JSON.stringify(r)).toBe(JSON.stringify(whole));
          expect(JSON.stringify(frozen)).toBe(before);
          compared++;
          if (r.ok) base = r.topology;
        }
      }),
      { numRuns: 40, seed: 29 },
    );
    expect(compared).toBeGreaterThan(40);
  }, 120_000);

  const base = buildCloud({
    seed: 4,
    computeHosts: 2,
    networkHosts: 1,
    networks: 2,
    vms: 4,
    routers: 1,
    external: true,
    floatingIps: 1,
    l2population: true,
    arpResponder: false,
    firewall: 'iptables_hybrid',
    mechanism: 'openvswitch',
    routerKind: 'legacy',
  })!;

  /** base with one field of its first port set to `value` */
  const withPort = (field: string, value: unknown): Topology => ({
    ...base,
    ports: [{ ...base.ports[0]!, [field]: value } as Topology['ports'][number], ...base.ports.slice(1)],
  });

  it('refuses a bad item the change puts in with the message a whole load gives, naming field and value', () => {
    for (const [field, value] of [
      ['mac_address', 'zz:16:3e:00:00:01'],
      ['admin_state_up', 'yes'],
      ['device_owner', 42],
      ['no_such_field', 1],
    ] as const) {
      const edited = withPort(field, value);
      const r = loadEdit(base, diffRecord(asRecord(base), asRecord(edited)));
      expect(r.ok, field).toBe(false);
      expect(r, field).toEqual(loadTopology(edited));
      if (!r.ok) expect(r.errors.some((e) => e.path.startsWith('ports[0]'))).toBe(true);
    }
  });

  it('refuses a list the schema does not know and a field of the wrong kind, as a whole load does', () => {
    for (const edited of [
      { ...base, routers_v2: [] },
      { ...base, name: 7 },
      { ...base, servers: 'none' },
    ]) {
      const r = loadEdit(base, diffRecord(asRecord(base), asRecord(edited)));
      expect(r.ok).toBe(false);
      expect(r).toEqual(loadTopology(edited));
    }
  });
});
