// The ids and MACs a file holds, which salt the stream of new ids (model/held-ids.ts): read item by item
// with each item's reading kept, and the sorted list kept from one call to the next, they are what a
// reading of the whole file anew gives, for any run of inputs: copy-on-write edits that share items,
// an item twice, unrelated files in between.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heldIds, heldIdsAnew, isUuid, UUID_RE } from '../../src/sim/model/held-ids';

const uuid = fc.uuid();
const mac = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 })
  .map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':'));
const item = fc.record({
  id: fc.oneof(uuid, fc.string()),
  mac_address: fc.option(
    fc.oneof(
      mac,
      mac.map((m) => m.toUpperCase()),
    ),
    { nil: undefined },
  ),
  fixed_ips: fc.array(fc.record({ subnet_id: uuid, ip_address: fc.constant('10.0.0.5') }), { maxLength: 2 }),
  rules: fc.array(fc.record({ id: uuid }), { maxLength: 2 }),
});
type Doc = Record<string, unknown>;
const step = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), list: fc.nat(1), value: item }), weight: 4 },
  {
    arbitrary: fc.record({ kind: fc.constant('remove' as const), list: fc.nat(1), at: fc.nat() }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      list: fc.nat(1),
      at: fc.nat(),
      value: item,
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('twice' as const), list: fc.nat(1), at: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant('other' as const), value: fc.array(item, { maxLength: 4 }) }),
    weight: 1,
  },
  // more items at once than the kept list is edited for: sorted anew
  {
    arbitrary: fc.record({
      kind: fc.constant('many' as const),
      value: fc.array(item, { minLength: 250, maxLength: 300 }),
    }),
    weight: 1,
  },
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function apply(doc: Doc, s: Step): Doc {
  if (s.kind === 'other') return doc;
  const key = `list${'list' in s ? s.list : 0}`;
  const list = [...((doc[key] as unknown[] | undefined) ?? [])];
  if (s.kind === 'many') list.push(...s.value);
  else if (s.kind === 'add') list.push(s.value);
  else if (list.length === 0) return doc;
  else if (s.kind === 'remove') list.splice(s.at % list.length, 1);
  else if (s.kind === 'replace') list[s.at % list.length] = s.value;
  else list.push(list[s.at % list.length]);
  return { ...doc, [key]: list };
}

describe('the ids and MACs a file holds', () => {
  it('are those of a whole reading anew, over any run of edits that share items', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let doc: Doc = { name: 'cloud', id: 'not-a-list-item', list0: [], list1: [] };
        for (const s of steps) {
          doc = apply(doc, s);
          // an unrelated file read in between: the next reading starts from that one's list
          const input = s.kind === 'other' ? { list0: s.value } : doc;
          const got = heldIds(input);
          const want = heldIdsAnew(input);
          expect(got.salt).toBe(want.salt);
          expect([...got.taken].sort()).toEqual([...want.taken].sort());
          // a drawn id is checked against the ids given (looked up in the sorted list), not the MACs
          const probes = [
            ...want.taken,
            ...[...want.taken].map((x) => `${x.slice(0, -1)}0`),
            '00:00:00:00:00:01',
          ];
          for (const x of probes) expect(got.taken.has(x), x).toBe(want.taken.has(x));
          const drawn = '00000000-0000-4000-8000-000000000000';
          got.taken.add(drawn);
          expect(got.taken.has(drawn)).toBe(true);
        }
      }),
      { numRuns: 120 },
    );
  }, 60_000);
});

describe('isUuid, which keeps the strings found to be UUIDs', () => {
  it('says what UUID_RE says, asked once or again, for UUIDs and strings near them', () => {
    const near = uuid.chain((u) =>
      fc.oneof(
        fc.constant(u),
        fc.constant(u.toUpperCase()),
        fc.constant(`${u} `),
        fc.constant(u.replace(/-/g, '')),
        fc.nat(35).map((i) => `${u.slice(0, i)}g${u.slice(i + 1)}`),
      ),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(near, fc.string()), { maxLength: 20 }), (xs) => {
        for (const x of [...xs, ...xs]) expect(isUuid(x), x).toBe(UUID_RE.test(x));
      }),
      { numRuns: 300 },
    );
  });
});
