// The seeded random source of the core, never the platform's: the same seed gives the same cloud.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rng {
  /** integer in [from, to], both included */
  int(from: number, to: number): number;
}

export function seededRng(seed: number): Rng {
  const g = xoroshiro128plus(seed | 0);
  return { int: (from, to) => uniformInt(g, from, to) };
}

/** A version-4 shaped UUID drawn from the seeded source (Neutron ids are uuid4). */
export function uuidFrom(rng: Rng): string {
  const b: number[] = [];
  for (let i = 0; i < 16; i++) b.push(rng.int(0, 255));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
