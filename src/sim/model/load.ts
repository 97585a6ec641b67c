// The edge where topology data comes in: JSON text or a parsed value, checked by the zod schema, then
// normalized and validated. Nothing past this point needs to distrust a Topology.
import { withSubjects } from './describe';
import type { TopologyError } from './errors';
import { normalizeTopology } from './normalize';
import { topologyInputSchema } from './schema';
import type { Topology } from './types';
import { zodErrors } from './zod-errors';

export type LoadResult =
  | { ok: true; topology: Topology; warnings: string[] }
  | { ok: false; errors: TopologyError[] };

/** Largest topology file accepted, in characters. */
export const MAX_TOPOLOGY_CHARS = 5_000_000;

export function loadTopology(raw: unknown): LoadResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return {
      ok: false,
      errors: [{ path: '(file)', value: raw, message: 'is not a topology: expected a JSON object' }],
    };
  const parsed = topologyInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: withSubjects(raw, zodErrors(parsed.error, raw)) };
  const r = normalizeTopology(parsed.data);
  // the paths index into the file as given, whose names say what they point at
  return r.ok ? r : { ok: false, errors: withSubjects(raw, r.errors) };
}

export function loadTopologyText(text: string): LoadResult {
  if (text.length > MAX_TOPOLOGY_CHARS)
    return {
      ok: false,
      errors: [
        {
          path: '(file)',
          value: `${text.length} characters`,
          message: `is too large (at most ${MAX_TOPOLOGY_CHARS})`,
        },
      ],
    };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      errors: [
        { path: '(file)', value: text.slice(0, 40), message: `is not valid JSON: ${(e as Error).message}` },
      ],
    };
  }
  return loadTopology(raw);
}
