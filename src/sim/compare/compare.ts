// One send under several variants of a cloud (router types, backends), each on its own copy of the
// cloud and a fresh state: what the compare view sets side by side. The cloud given is never changed.
import type { SendRequest } from '../engine/resolve';
import { send } from '../engine/send';
import { newSimState } from '../engine/state';
import type { TopologyError } from '../model/errors';
import { loadTopology } from '../model/load';
import type { Topology } from '../model/types';
import { realize } from '../realize';
import { type SendSummary, summarizeSend } from './summary';
import { applyVariant, type Variant, variantLabel } from './variants';

export type VariantOutcome = {
  variant: Variant;
  label: string;
  /** what the variant had to add for the core to build it (the L3 agent on DVR computes) */
  notes: string[];
} & (
  | { kind: 'refused'; errors: TopologyError[] }
  | { kind: 'unsent'; error: string }
  | { kind: 'sent'; summary: SendSummary }
);

/** How many variants one comparison runs at most: each realizes the whole cloud once. */
export const MAX_VARIANTS = 8;

export function compareVariants(
  t: Topology,
  req: SendRequest,
  variants: readonly Variant[],
): VariantOutcome[] {
  return variants.slice(0, MAX_VARIANTS).map((variant) => {
    const { topology, notes } = applyVariant(t, variant);
    const head = { variant, label: variantLabel(variant), notes };
    const loaded = loadTopology(topology);
    if (!loaded.ok) return { ...head, kind: 'refused', errors: loaded.errors };
    const plane = realize(loaded.topology);
    // one probe: the comparison is about the path, not the repetition
    const r = send(loaded.topology, plane, newSimState(), { ...req, count: 1 });
    if (!r.ok) return { ...head, kind: 'unsent', error: r.error };
    return { ...head, kind: 'sent', summary: summarizeSend(loaded.topology, r.trace) };
  });
}
