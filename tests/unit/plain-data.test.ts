// Equality of plain data (sim/plain-data.ts samePlain), against a plain reading of its definition:
// the same primitives, arrays of equal items in order, objects with the same own keys holding equal
// values. On random JSON values, on a value and its copy, and on a copy changed in one place.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samePlain } from '../../src/sim/plain-data';

function reference(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => reference(x, b[i]));
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return (
    ka.length === kb.length && ka.every((k, i) => k === kb[i] && reference((a as never)[k], (b as never)[k]))
  );
}

/** A copy of `v` with one thing changed at the place `at` picks: a value, a key added or dropped. */
function changed(v: unknown, at: number, to: unknown): unknown {
  if (v === null || typeof v !== 'object') return to;
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
  if (entries.length === 0) return Array.isArray(v) ? [to] : { k: to };
  const [key, inner] = entries[at % entries.length]!;
  if (Array.isArray(v)) return v.map((x, i) => (String(i) === key ? changed(inner, at >> 1, to) : x));
  if (at % 3 === 0) {
    const { [key]: _gone, ...rest } = v as Record<string, unknown>;
    return rest;
  }
  return { ...(v as Record<string, unknown>), [key]: changed(inner, at >> 1, to) };
}

describe('samePlain', () => {
  it('says what the reference says, on two random values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(samePlain(a, b)).toBe(reference(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a value equal to its copy, with its keys in another order, and tells a change apart', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), fc.jsonValue({ maxDepth: 1 }), (a, at, to) => {
        const copy = JSON.parse(JSON.stringify(a), (_k, v) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        );
        expect(samePlain(a, copy)).toBe(true);
        const b = changed(copy, at, to);
        expect(samePlain(a, b)).toBe(reference(a, b));
        expect(samePlain(b, a)).toBe(reference(b, a));
      }),
      { numRuns: 500 },
    );
  });
});
