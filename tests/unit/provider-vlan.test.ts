// Provider networks on VLANs, end to end (issue #13, neutron-facts-beyond §5): an external network of
// type vlan carries SNAT and floating-IP traffic both ways, the provider bridge swapping the local VLAN
// for the network's VLAN going out and br-int swapping it back coming in; the provider switch keeps
// the VLAN on its trunks and hands the upstream router its frames untagged.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTopology, newSimState, realize, type SendRequest, send, type Trace } from '../../src/sim';

const SEG = 101;

function externalOnVlan() {
  const t = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
  t.networks[0]['provider:network_type'] = 'vlan';
  t.networks[0]['provider:segmentation_id'] = SEG;
  const r = loadTopology(t);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { topology: r.topology, plane: realize(r.topology) };
}

function trace(req: SendRequest): Trace {
  const c = externalOnVlan();
  const s = send(c.topology, c.plane, newSimState(), req);
  if (!s.ok) throw new Error(s.error);
  return s.trace;
}

/** the local VLAN of the external network on network1 */
const extLvid = () => {
  const c = externalOnVlan();
  const ext = c.topology.networks.find((n) => n['router:external'])!;
  return c.plane.hosts.get('network1' as never)!.localVlans.get(ext.id)!;
};

describe('an external network on VLAN 101', () => {
  it('carries SNAT traffic out and its answer back', () => {
    const t = trace({ from: 'vm1', to: 'internet' });
    expect(t.verdict).toBe('delivered');
    const lvid = extLvid();
    const out = t.hops.find(
      (h) => h.device === 'br-ex' && h.in === 'phy-br-ex' && h.frame.ip?.src !== undefined,
    )!;
    expect(out.changes).toContain(`mod vlan ${lvid} -> ${SEG}`);
    expect(out.frame.eth.vlan).toBe(SEG);
    // the provider switch hands the upstream router its frame untagged
    const sw = t.hops.filter((h) => h.kind === 'physical-switch' && h.out?.startsWith('upstream:'));
    expect(sw.length).toBeGreaterThan(0);
    for (const h of sw) {
      expect(h.frame.eth.vlan).toBeNull();
      expect(h.changes).toContain(`strip vlan ${SEG}`);
    }
    // and coming back: tagged 101 on the trunk, swapped for the local VLAN by br-int
    const back = t.hops.filter((h) => h.device === 'br-int' && h.in === 'int-br-ex' && h.frame.ip);
    expect(back.length).toBeGreaterThan(0);
    for (const h of back) expect(h.changes[0]).toBe(`mod vlan ${SEG} -> ${lvid}`);
    const intoTrunk = t.hops.filter((h) => h.kind === 'physical-switch' && h.in?.startsWith('upstream:'));
    for (const h of intoTrunk) expect(h.changes).toContain(`push vlan ${SEG}`);
  });

  it('carries a floating IP both ways', () => {
    expect(trace({ from: 'internet', to: 'vm1' }).verdict).toBe('delivered');
    const tcp = trace({ from: 'internet', to: 'vm1', proto: 'tcp', port: 22 });
    expect(tcp.verdict).toBe('delivered');
    expect(tcp.hops.some((h) => h.changes.some((c) => c.startsWith('DNAT')))).toBe(true);
  });

  it('keeps frames in their VLAN: the upstream never sees a tenant frame', () => {
    const t = trace({ from: 'vm1', to: 'vm2' });
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.kind === 'upstream-router')).toBe(false);
  });
});
