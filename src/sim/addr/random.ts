// The seeded random source of the core, never the platform's: the same seed gives the same cloud.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

export interface Rng {
  /** integer in [from, to], both included */
  int(from: number, to: number): number;
}

/** Integers for what Neutron picks among choices (addresses of a pool, segmentation ids). */
export function seededRng(seed: number): Rng {
  const g = xoroshiro128plus(seed | 0);
  return { int: (from, to) => uniformInt(g, from, to) };
}

/** Random bytes, for ids and MACs. */
export interface ByteSource {
  byte(): number;
}

/** murmur3's fmix32: a bijection of 32 bits that spreads every input bit over the whole output. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over a text, 32 bits. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A stream of bytes for the seed and a salt. Every byte of the stream is used once: an id or a MAC
 * never shares its bytes with another drawn from the same stream. The salt gives each distinct salt
 * a stream of its own (normalization salts it with the ids and MACs a file already holds, so what it
 * draws on a later load shares no run of bytes with what an earlier load drew).
 *
 * The generator is xoroshiro128+, seeded through fmix32 rather than pure-rand's `xoroshiro128plus(seed)`
 * (whose state is the seed itself, so near seeds start with near outputs); each 32-bit output is
 * mixed again before it is cut into bytes, as the low bits of xoroshiro128+ are its weakest.
 */
export function seededBytes(seed: number, salt = 0): ByteSource {
  const s = seed >>> 0;
  const t = salt >>> 0;
  const state: number[] = [fmix32(s ^ 0x9e3779b9), fmix32(t ^ 0x7f4a7c15), fmix32(s + t), fmix32(~t)];
  // xoroshiro's only bad state is all zeros, which it would never leave
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
  const g = xoroshiro128plusFromState(state);
  let word = 0;
  let left = 0;
  return {
    byte() {
      if (left === 0) {
        word = fmix32(g.next());
        left = 4;
      }
      left--;
      const b = word & 0xff;
      word >>>= 8;
      return b;
    },
  };
}

/** A version-4 UUID (RFC 9562 §5.4: 122 random bits, version 4, variant 10), as Neutron's ids are. */
export function uuid4From(src: ByteSource): string {
  const b: number[] = [];
  for (let i = 0; i < 16; i++) b.push(src.byte());
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
