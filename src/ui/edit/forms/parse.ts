// Reading what a user typed into a form into the values of the model. Only the shape of the text is
// checked here (a number, a list); whether the values make a valid cloud is the core's to say.
import type { Parsed } from './fields';

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

export const text = (t: string): Parsed<string> => ok(t.trim());

export const required =
  (what: string) =>
  (t: string): Parsed<string> =>
    t.trim() ? ok(t.trim()) : bad(`a ${what} is required`);

/** A whole number in a range; empty text gives `empty` (undefined: automatic; null: none). */
export const int =
  (min: number, max: number, empty: 'required' | null | undefined = 'required') =>
  (t: string): Parsed<number | null | undefined> => {
    const s = t.trim();
    if (!s) return empty === 'required' ? bad('a number is required') : ok(empty);
    if (!/^-?\d+$/.test(s)) return bad(`“${s}” is not a whole number`);
    const n = Number(s);
    if (n < min || n > max) return bad(`${n} is out of range (${min} to ${max})`);
    return ok(n);
  };

/** "22, 80 443" as a list of numbers. */
export const intList =
  (min: number, max: number) =>
  (t: string): Parsed<number[]> => {
    const parts = t.split(/[\s,]+/).filter(Boolean);
    const out: number[] = [];
    for (const p of parts) {
      if (!/^\d+$/.test(p)) return bad(`“${p}” is not a whole number`);
      const n = Number(p);
      if (n < min || n > max) return bad(`${n} is out of range (${min} to ${max})`);
      out.push(n);
    }
    return ok(out);
  };

/** Lines of "a - b" (pools) or "a via b" (routes): pairs of words. */
export const pairs =
  (sep: RegExp, example: string) =>
  (t: string): Parsed<[string, string][]> => {
    const out: [string, string][] = [];
    for (const line of t
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      const m = line.split(sep).map((x) => x.trim());
      if (m.length !== 2 || !m[0] || !m[1]) return bad(`“${line}” should look like “${example}”`);
      out.push([m[0], m[1]]);
    }
    return ok(out);
  };

export const poolsText = (pools: { start: string; end: string }[]) =>
  pools.map((p) => `${p.start} - ${p.end}`).join('\n');
export const routesText = (routes: { destination: string; nexthop: string }[]) =>
  routes.map((r) => `${r.destination} via ${r.nexthop}`).join('\n');
export const parsePools = pairs(/\s*-\s*|\s+/, '192.168.1.100 - 192.168.1.200');
export const parseRoutes = pairs(/\s+via\s+|\s+/, '10.9.0.0/16 via 192.168.1.254');

/** Paths of the core's errors for a resource: `subnets[3]` and a field. */
export const at = (list: string, index: number, field?: string) =>
  `${list}[${index}]${field ? `.${field}` : ''}`;
