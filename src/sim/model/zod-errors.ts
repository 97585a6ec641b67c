// Turns zod's issues into TopologyErrors that name the path and the value found there.
import type { z } from 'zod';
import { type PathPart, pathText, type TopologyError } from './errors';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, key as PropertyKey)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key as string];
  }
  return cur;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function zodErrors(error: z.ZodError, raw: unknown): TopologyError[] {
  const out: TopologyError[] = [];
  for (const issue of error.issues.slice(0, 100)) {
    const path = issue.path.filter((p): p is PathPart => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys.slice(0, 10)) {
        out.push({
          path: pathText([...path, key]),
          value: valueAt(raw, [...path, key]),
          message: 'is not a known field here (check its spelling in docs/topology-format.md)',
        });
      }
      continue;
    }
    const value = valueAt(raw, path);
    const message =
      value === undefined ? 'is missing (required)' : `is not accepted: ${lowerFirst(issue.message)}`;
    out.push({ path: pathText(path), value, message });
  }
  return out;
}
