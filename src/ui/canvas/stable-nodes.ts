// The nodes of a graph made again (after an edit, say) that read as they did: the previous objects
// themselves. React Flow keeps a node it is given again as it was: not measured again, not drawn again.
// A cloud of 100 hosts made its every node new at each edit, and React Flow measured them all again.

/** Equal in value, objects and arrays looked into `depth` levels deep and the same objects below. */
function same(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (depth === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (
      !Object.hasOwn(b, k) ||
      !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth - 1)
    )
      return false;
  return true;
}

/**
 * `next`, each node that reads as the node of the same id in `previous` replaced by that one. A node's
 * fields, its data and what its data holds are compared (a device's chips, a position); a device's view
 * is the same object while it is unchanged (the view patch keeps it, sim/view/view-patch.ts).
 */
export function stableNodes<N extends { id: string }>(
  previous: ReadonlyMap<string, N>,
  next: readonly N[],
): N[] {
  return next.map((n) => {
    const was = previous.get(n.id);
    return was && same(was, n, 4) ? was : n;
  });
}
