// Edits don't wipe the story. A send's rows stay in the event list across edits; what was playing is
// finished, since it shows the cloud as it was. A send whose trace passed a device the edit changed
// (its flows, rules, routes, addresses or wiring: the worker's device fingerprints, see
// src/sim/view/fingerprint.ts) is marked "recorded before the edit". The worker gives each send the
// fingerprints of the devices it passed, taken in the same call (Flow.prints).
import type { Flow } from './playback-model';
import { simClient } from './sim-client';

/** The flows (of those given) that passed a device which is no longer what it was at their send. */
export async function flowsChangedByEdit(flows: readonly Flow[]): Promise<Set<number>> {
  const checked = flows.filter((f) => !f.stale && f.prints);
  if (!checked.length) return new Set();
  const ids = [...new Set(checked.flatMap((f) => Object.keys(f.prints!)))];
  let now: Record<string, string | null>;
  try {
    now = (await simClient().call('fingerprints', ids)) as Record<string, string | null>;
  } catch {
    return new Set();
  }
  return new Set(
    checked.filter((f) => Object.entries(f.prints!).some(([id, fp]) => now[id] !== fp)).map((f) => f.id),
  );
}
