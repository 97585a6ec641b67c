// The send form's endpoints are kept while an edit leaves them as they were (the 2,000 options of a
// large cloud are then not drawn again): the list made again from an edited cloud says the same, item
// by item, exactly when no VM, router, outside host or floating IP changed its words.
import { describe, expect, it } from 'vitest';
import { loadTopology, type Topology } from '../../src/sim';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { sampleEdit } from '../../src/sim/model/sample-edits';
import { endpointsOf, sameEndpoints } from '../../src/ui/send/picking';

function cloud(): Topology {
  const r = loadTopology(generateCloud(PRESETS.S));
  if (!r.ok) throw new Error('the S cloud did not load');
  return r.topology;
}

describe('the send form’s endpoints', () => {
  const t = cloud();
  it('say the same for an edit that renames, adds or removes nothing they name', () => {
    const edited = sampleEdit(t, 'toggle-port', 1)!;
    expect(sameEndpoints(endpointsOf(t), endpointsOf(edited))).toBe(true);
  });
  it('differ once a VM is renamed, added or removed', () => {
    const renamed = { ...t, servers: t.servers.map((s, i) => (i === 0 ? { ...s, name: `${s.name}-b` } : s)) };
    expect(sameEndpoints(endpointsOf(t), endpointsOf(renamed))).toBe(false);
    const removed = sampleEdit(t, 'remove-vm', 0)!;
    expect(sameEndpoints(endpointsOf(t), endpointsOf(removed))).toBe(false);
    const added = sampleEdit(t, 'add-vm', 0)!;
    expect(sameEndpoints(endpointsOf(t), endpointsOf(added))).toBe(false);
  });
});
