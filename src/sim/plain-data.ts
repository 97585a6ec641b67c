// Equality of plain data: JSON-like values, what a Topology and a PlaneView are made of.

/** Equal as plain data: the same primitives, arrays of equal items in order, objects with the same
 * own keys holding equal values. */
export function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // keys walked, not listed: Object.keys made two arrays per object compared, and an edit of a large
  // cloud compares its thousands of items with those before (sharingWith, diffList)
  let n = 0;
  for (const k in a) {
    if (!Object.hasOwn(a, k)) continue;
    n++;
    if (!Object.hasOwn(b, k)) return false;
    if (!samePlain((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  for (const k in b) if (Object.hasOwn(b, k) && --n < 0) return false;
  return n === 0;
}
