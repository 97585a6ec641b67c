// The import path, with the real loader: random and mutated files and share links never crash the app,
// and never change the current work when they are refused.
import fc from 'fast-check';
import LZString from 'lz-string';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_TOPOLOGY_CHARS } from '../../src/sim';
import { useApp } from '../../src/store/app-store';
import {
  decodeShare,
  encodeShare,
  MAX_FILE_CHARS,
  MAX_SHARE_CHARS,
  openTopologyText,
  parseTopologyText,
  readTopologyFile,
} from '../../src/store/file-io';
import { exampleText } from './helpers';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const demo = exampleText('two-networks-one-router');
const st = () => useApp.getState();

beforeAll(async () => {
  expect(await st().applyTopology(JSON.parse(demo), { history: false })).toBeNull();
});

/** Opens text as a file would be opened; checks that a refusal leaves the work exactly as it was. */
async function openChecked(text: string): Promise<boolean> {
  const before = { doc: st().doc, past: st().past, future: st().future, view: st().view };
  const errors = await openTopologyText(text, 'open a file');
  if (errors) {
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(typeof e.path).toBe('string');
      expect(typeof e.message).toBe('string');
    }
    expect(st().doc).toBe(before.doc);
    expect(st().view).toBe(before.view);
    expect(st().past).toBe(before.past);
    expect(st().future).toBe(before.future);
    return false;
  }
  // accepted: one undo step back to the work before
  expect(st().past.at(-1)?.doc).toBe(before.doc);
  await st().undo();
  expect(st().doc).toEqual(before.doc);
  return true;
}

/** A random change somewhere in a JSON value: a field removed, replaced, retyped or duplicated. */
function mutate(value: unknown, path: number[], replacement: unknown, op: number): unknown {
  if (value === null || typeof value !== 'object') return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  if (!entries.length) return op % 2 ? replacement : value;
  const [key, child] = entries[(path[0] ?? 0) % entries.length]!;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, unknown>;
  if (path.length <= 1) {
    if (op % 4 === 0) Array.isArray(copy) ? (copy as unknown[]).splice(key as number, 1) : delete copy[key];
    else if (op % 4 === 1) copy[key] = replacement;
    else if (op % 4 === 2 && Array.isArray(copy)) (copy as unknown[]).push(child, child);
    else copy[key] = typeof child === 'string' ? `${child}${JSON.stringify(replacement)}` : replacement;
    return copy;
  }
  copy[key] = mutate(child, path.slice(1), replacement, op);
  return copy;
}

describe('opening a topology file', () => {
  it('agrees with the core on the largest file', () => {
    expect(MAX_FILE_CHARS).toBe(MAX_TOPOLOGY_CHARS);
  });

  it('never crashes on random text, and a refusal changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), async (text) => {
        await openChecked(text);
      }),
      { numRuns: 300 },
    );
  }, 30_000); // a few seconds alone, more on a loaded machine

  it('never crashes on random JSON values, and a refusal changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (v) => {
        await openChecked(JSON.stringify(v) ?? '');
      }),
      { numRuns: 200 },
    );
  });

  it('never crashes on mutated topologies (fields removed, replaced, retyped, duplicated)', async () => {
    const doc = JSON.parse(JSON.stringify(st().doc));
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(40), { minLength: 1, maxLength: 5 }),
        fc.oneof(
          fc.jsonValue(),
          fc.constantFrom('', '10.0.0.0/8', 'default', '__proto__', -1, 1e300, null, {}, [], {
            toString: '',
          }),
        ),
        fc.nat(),
        fc.boolean(),
        async (path, replacement, op, normalized) => {
          const base = normalized ? doc : JSON.parse(demo);
          if (await openChecked(JSON.stringify(mutate(base, path, replacement, op)))) accepted++;
        },
      ),
      { numRuns: 250 },
    );
    // some mutations are harmless (a name changed): the property saw both outcomes
    expect(accepted).toBeGreaterThan(0);
  });

  it('never crashes on truncated files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(demo.trimEnd().length - 1), async (n) => {
        expect(await openChecked(demo.slice(0, n))).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses an oversized file before reading it, and one just too long after', async () => {
    const huge = {
      size: MAX_FILE_CHARS * 3 + 1,
      name: 'huge.json',
      text: () => Promise.reject(new Error('read')),
    };
    const r = await readTopologyFile(huge as unknown as Blob);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]!.message).toMatch(/too large/);
    const long = parseTopologyText(`${' '.repeat(MAX_FILE_CHARS)}{}`);
    expect(!long.ok && long.errors[0]!.message).toMatch(/too large/);
  });

  it('refuses a deeply nested file without overflowing', async () => {
    expect(await openChecked(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBe(false);
    expect(await openChecked(`{"a":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_001)}`)).toBe(false);
  });
});

describe('opening a share link', () => {
  const link = () => {
    const r = encodeShare(st().doc!);
    if (!r.ok) throw new Error(r.message);
    return r.hash;
  };

  it('round-trips the cloud', async () => {
    const p = decodeShare(link());
    expect(p?.ok && p.raw).toEqual(st().doc);
  });

  it('is no share link without the prefix', () => {
    expect(decodeShare('')).toBeNull();
    expect(decodeShare('#section')).toBeNull();
  });

  it('never crashes on a tampered link; a refusal changes nothing', async () => {
    const good = link();
    await fc.assert(
      fc.asyncProperty(
        fc.nat(good.length - 8),
        fc.string({ maxLength: 4 }),
        fc.nat(6),
        async (at, insert, cut) => {
          const bad = `${good.slice(0, 7 + at)}${insert}${good.slice(7 + at + cut)}`;
          const before = st().doc;
          const p = decodeShare(bad);
          expect(p).not.toBeNull();
          if (!p!.ok) {
            expect(p!.errors[0]!.path).toBe('(link)');
            expect(st().doc).toBe(before);
            return;
          }
          const errors = await st().applyTopology(p!.raw, { label: 'open a shared link' });
          if (errors) expect(st().doc).toBe(before);
          else await st().undo();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses random payloads, overlong links and links that unpack to too much', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const p = decodeShare(`#cloud=${s}`);
        expect(p === null || p.ok === false || typeof p.raw === 'object').toBe(true);
      }),
      { numRuns: 300 },
    );
    const long = decodeShare(`#cloud=${'A'.repeat(MAX_SHARE_CHARS + 1)}`);
    expect(long?.ok === false && long.errors[0]!.message).toMatch(/too long/);
    // a short link that unpacks to more than allowed (a smaller allowance keeps the test quick)
    const bomb = LZString.compressToEncodedURIComponent('a'.repeat(200_000));
    expect(bomb.length).toBeLessThan(1000);
    const big = decodeShare(`#cloud=${bomb}`, 100_000);
    expect(big?.ok === false && big.errors[0]!.message).toMatch(/too large/);
  });
});
