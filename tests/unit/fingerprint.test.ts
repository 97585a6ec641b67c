// A device's fingerprint (src/sim/view/fingerprint.ts): the same realized device gives the same value,
// and an edit changes the values of the devices it changed, and only those.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/sim';

/** The example as the app holds it once loaded: every id and address filled in, as edits see it. */
function raw() {
  const s = new Session();
  const r = s.load(JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8')));
  if (!r.ok) throw new Error('load');
  return structuredClone(r.topology) as unknown as {
    security_groups: { rules: { protocol?: string | null }[] }[];
  };
}

function prints(t: unknown): Record<string, string | null> {
  const s = new Session();
  const r = s.load(t);
  if (!r.ok) throw new Error('load');
  return s.fingerprints(r.view.devices.map((d) => d.id));
}

describe('device fingerprints', () => {
  it('are the same for the same cloud, realized twice, and differ between devices', () => {
    const a = prints(raw());
    expect(prints(raw())).toEqual(a);
    const values = Object.values(a);
    expect(values.every((v) => typeof v === 'string' && v.length === 16)).toBe(true);
    expect(new Set(values).size).toBe(values.length);
  });

  it('change for the qbr of every port whose security group lost a rule, and for nothing outside', () => {
    const before = prints(raw());
    const t = raw();
    t.security_groups[0]!.rules = t.security_groups[0]!.rules.filter((r) => r.protocol !== 'icmp');
    const after = prints(t);
    const changed = Object.keys(before).filter((id) => before[id] !== after[id]);
    expect(changed.length).toBeGreaterThan(0);
    // both VMs use the default group: their Linux bridges change, no OVS bridge, namespace or tunnel does
    expect(changed.every((id) => /\|qbr/.test(id))).toBe(true);
    expect(changed).toHaveLength(2);
  });

  it('is null for a device the cloud no longer has', () => {
    const s = new Session();
    s.load(raw());
    expect(s.fingerprints(['compute1|no-such-device'])).toEqual({ 'compute1|no-such-device': null });
  });
});
