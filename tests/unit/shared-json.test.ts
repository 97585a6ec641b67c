// The autosave's JSON of a cloud, built from the texts of its items: always a text that parses to what
// JSON.stringify's does, with no character past Latin-1 (written as a \u escape: localStorage keeps such a
// value at a byte a character), and JSON.stringify's very text where that has none; for any record, for
// the versions a run of copy-on-write edits makes (read in any order, items shared between them), and for
// real clouds and the benchmark's edits of them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BENCH_EDITS } from '../../src/node/bench-edits';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { loadEdit, loadTopology } from '../../src/sim/model/load';
import { sampleEdit } from '../../src/sim/model/sample-edits';
import { diffRecord } from '../../src/sim/plain-patch';
import { forgetItemTexts, sharedJson } from '../../src/store/shared-json';

const asRecord = (x: unknown) => x as Record<string, unknown>;

/** `text` is a save of `x`: it parses to what JSON.stringify's text does, holds no character past
 * Latin-1, and is JSON.stringify's very text where that holds none. */
function isSaveOf(text: string, x: unknown): void {
  const plain = JSON.stringify(x);
  expect(JSON.parse(text)).toEqual(JSON.parse(plain));
  expect(wide(text)).toBe(false);
  if (!wide(plain)) expect(text).toBe(plain);
}

/** Whether a text has a UTF-16 unit past Latin-1. */
function wide(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) > 0xff) return true;
  return false;
}

// names in any script, and lone surrogates, which JSON.stringify writes as escapes
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('café', 'tab’s', 'сеть', '网络', '😀'),
);
const item = fc.oneof(
  fc.record({ id: text, n: fc.integer(), on: fc.boolean(), tags: fc.array(text) }),
  fc.jsonValue(),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);
const record = fc.dictionary(
  fc.string(),
  fc.oneof(fc.array(item, { maxLength: 6 }), fc.jsonValue(), fc.constant(undefined), fc.sparseArray(item)),
);

describe('a cloud saved from its items’ texts', () => {
  it('is a save of any record, the same text twice over (the second time from the texts kept)', () => {
    fc.assert(
      fc.property(record, (r) => {
        const first = sharedJson(r);
        isSaveOf(first, r);
        expect(sharedJson(r)).toBe(first);
      }),
      { numRuns: 400 },
    );
  });

  type Doc = Record<string, unknown[] | number>;
  const step = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), list: fc.nat(2), at: fc.nat(), value: item }),
    fc.record({ kind: fc.constant('add' as const), list: fc.nat(2), value: item }),
    fc.record({ kind: fc.constant('remove' as const), list: fc.nat(2), at: fc.nat() }),
    fc.record({ kind: fc.constant('scalar' as const), value: fc.integer() }),
  );
  type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;
  /** one edit, copy-on-write: the lists it leaves alone and their items stay the same objects */
  function apply(doc: Doc, s: Step): Doc {
    if (s.kind === 'scalar') return { ...doc, version: s.value };
    const key = `list${s.list}`;
    const list = [...((doc[key] as unknown[] | undefined) ?? [])];
    if (s.kind === 'add') list.push(s.value);
    else if (list.length === 0) return doc;
    else if (s.kind === 'remove') list.splice(s.at % list.length, 1);
    else list[s.at % list.length] = s.value;
    return { ...doc, [key]: list };
  }

  it('is a save of every version of a run of copy-on-write edits, read in any order', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 25 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (steps, reads) => {
          forgetItemTexts();
          const versions: Doc[] = [{ version: 0, list0: [{ id: 'a' }], list1: [], list2: [1, 'x'] }];
          for (const s of steps) {
            const next = apply(versions.at(-1)!, s);
            versions.push(next);
            isSaveOf(sharedJson(next), next);
          }
          // an older version read again (an undo step written later) after its items were shared on
          for (const r of reads) {
            const v = versions[r % versions.length]!;
            isSaveOf(sharedJson(v), v);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is JSON.stringify’s very text for a real cloud and for each of the benchmark’s edits of it, as loaded', () => {
    forgetItemTexts();
    const loaded = loadTopology(generateCloud(PRESETS.M));
    if (!loaded.ok) throw new Error('the M cloud did not load');
    let doc = loaded.topology;
    expect(sharedJson(doc)).toBe(JSON.stringify(doc));
    for (const [kind, k] of BENCH_EDITS) {
      const edited = sampleEdit(doc, kind, k);
      expect(edited, kind).not.toBeNull();
      // the change as the page sends it, and the cloud the worker gives back: unchanged items shared
      const change = diffRecord(asRecord(doc), asRecord(edited));
      const next = loadEdit(doc, change);
      if (!next.ok) throw new Error(`${kind} was refused`);
      expect(next.topology.servers.filter((x) => doc.servers.includes(x)).length).toBeGreaterThan(0);
      expect(sharedJson(next.topology)).toBe(JSON.stringify(next.topology));
      doc = next.topology;
    }
    expect(sharedJson(loaded.topology)).toBe(JSON.stringify(loaded.topology));
  }, 30_000);
});
