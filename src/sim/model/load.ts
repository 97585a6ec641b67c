// The edge where topology data comes in: JSON text or a parsed value, checked by the zod schema, then
// normalized and validated. Nothing past this point needs to distrust a Topology.
import { z } from 'zod';
import { applyList, applyRecord, type RecordPatch, sharingWith } from '../plain-patch';
import { withSubjects } from './describe';
import type { TopologyError } from './errors';
import { normalizeTopology } from './normalize';
import { LIMITS, type TopologyInput, topologyInputSchema } from './schema';
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

/**
 * `base` (a topology loaded before) with `change` applied, loaded: as loadTopology would, but the
 * schema checks only what the change puts in. What it keeps of `base` passed when `base` was loaded
 * (a loaded topology loads again as it is), and parsing the whole of a cloud of 2,000 VMs again took a
 * sixth of an edit's time. Normalization leaves its input as it was, so `base` is not touched.
 */
export function loadEdit(base: Topology, change: RecordPatch): LoadResult {
  const raw = applyRecord(base, change);
  const parsed = parseEdit(base, change);
  if (!parsed) return loadTopology(raw); // refused somewhere: the whole check says where
  const r = normalizeTopology(parsed);
  if (!r.ok) return { ok: false, errors: withSubjects(raw, r.errors) };
  // An item the edit left as it was is base's own object: the steps after (the scope of the edit, the
  // patch sent to the page) tell it unchanged by identity instead of comparing it field by field.
  const t = r.topology as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(base))
    if (Array.isArray(v) && Array.isArray(t[k])) t[k] = sharingWith(v, t[k] as unknown[]);
  return r;
}

type ListKey = keyof typeof LIMITS & keyof TopologyInput;

/** The schema of the items of one of the file's lists. */
function itemSchema(key: string): z.ZodType | null {
  let s: unknown = (topologyInputSchema.shape as Record<string, unknown>)[key];
  if (s instanceof z.ZodOptional) s = s.unwrap();
  return s instanceof z.ZodArray ? (s.element as z.ZodType) : null;
}

function parseEdit(base: Topology, change: RecordPatch): TopologyInput | null {
  // the file but its patched lists, checked whole; then each patched list, item by item
  const shell = applyRecord(base, { ...change, lists: {} }) as unknown as Record<string, unknown>;
  for (const k of Object.keys(change.lists)) shell[k] = [];
  const top = topologyInputSchema.safeParse(shell);
  if (!top.success) return null;
  const out = top.data as Record<string, unknown>;
  for (const [k, patch] of Object.entries(change.lists)) {
    const schema = itemSchema(k);
    const was = (base as unknown as Record<string, unknown>)[k];
    if (!schema || !Array.isArray(was)) return null;
    const puts: unknown[][] = [];
    for (const p of patch) {
      if (!('put' in p)) continue;
      const items: unknown[] = [];
      for (const x of p.put) {
        const r = schema.safeParse(x);
        if (!r.success) return null;
        items.push(r.data);
      }
      puts.push(items);
    }
    let n = 0;
    let list: unknown[];
    try {
      list = applyList(
        was,
        patch.map((p) => ('put' in p ? { put: puts[n++]! } : p)),
      );
    } catch {
      return null;
    }
    if (list.length > (LIMITS[k as ListKey] ?? 0)) return null;
    out[k] = list;
  }
  return out as TopologyInput;
}
