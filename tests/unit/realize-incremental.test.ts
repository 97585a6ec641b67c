// realize after an edit, host by host (realize/incremental.ts): on random clouds of every backend and
// random sequences of one-resource edits, the plane rebuilt for the hosts an edit reaches equals the
// plane a full realize builds, device for device, link for link, flow for flow and rule for rule; and
// a single-VM edit on the L cloud rebuilds a few of its hundred hosts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newSimState, realize, type SendRequest, Session, send, type Topology } from '../../src/sim';
import { generateCloud, layoutOf, PRESETS } from '../../src/sim/model/generate';
import { EDIT_KINDS, sampleEdit } from '../../src/sim/model/sample-edits';
import { type Realized, realizeEdit, scopeOfEdit } from '../../src/sim/realize/incremental';
import { planeView } from '../../src/sim/view/plane-view';
import { anyCloud, buildCloud, loadOrNull } from './arb-edits';
import { canonicalPlane } from './plane-canon';

const edits = fc.array(fc.record({ kind: fc.constantFrom(...EDIT_KINDS), k: fc.nat({ max: 50 }) }), {
  minLength: 1,
  maxLength: 5,
});

/** A ping from the first VM to the last, when the cloud has two. */
const pingOf = (t: Topology): SendRequest | null =>
  t.servers.length > 1 ? { from: t.servers[0]!.name, to: t.servers.at(-1)!.name, proto: 'icmp' } : null;

const hopsOf = (r: ReturnType<typeof send>) =>
  r.ok ? [r.trace.verdict, ...r.trace.hops.map((h) => `${h.deviceId} ${h.action}`)] : [r.error];

describe('realizeEdit', () => {
  it('equals a full realize after every edit of a random sequence, on random clouds', () => {
    let compared = 0;
    let partial = 0;
    fc.assert(
      fc.property(anyCloud, edits, (c, list) => {
        const t0 = buildCloud(c);
        fc.pre(t0 !== null);
        let prev: Realized = { topology: t0!, plane: realize(t0!) };
        for (const { kind, k } of list) {
          const edited = sampleEdit(prev.topology, kind, k);
          const t = edited && loadOrNull(edited);
          if (!t) continue;
          // on clouds this small most edits reach most hosts: rebuild them host by host all the same
          // a send before the edit leaves the link ends it crossed followed (dataplane.ts follow)
          const ping = pingOf(t);
          if (ping) send(prev.topology, prev.plane, newSimState(), ping);
          const inc = realizeEdit(t, prev, 1);
          const full = realize(t, prev.plane);
          const what = `${kind} ${k} on ${JSON.stringify(c)}`;
          expect(canonicalPlane(inc.plane), what).toEqual(canonicalPlane(full));
          // the canvas draws the same (planeView reads the plane in its order)
          expect(JSON.stringify(planeView(t, inc.plane)), what).toBe(JSON.stringify(planeView(t, full)));
          // and a send after it crosses the new plane's devices alone
          if (ping)
            expect(hopsOf(send(t, inc.plane, newSimState(), ping)), what).toEqual(
              hopsOf(send(t, full, newSimState(), ping)),
            );
          compared++;
          if (inc.rebuilt !== 'all') partial++;
          prev = { topology: t, plane: inc.plane };
        }
      }),
      { numRuns: 60, seed: 17 },
    );
    // the property is about the incremental path: most comparisons must have taken it
    expect(compared).toBeGreaterThan(60);
    expect(partial).toBeGreaterThan(compared / 2);
  }, 300_000);

  it('keeps the previous local VLANs: a network that keeps ports on a host keeps its tag', () => {
    const t0 = loadOrNull(generateCloud(PRESETS.M))!;
    const p0 = realize(t0);
    const prev: Realized = { topology: t0, plane: p0 };
    // a VM added on a network new to its host takes the lowest free tag; every other tag stays
    const t1 = loadOrNull(sampleEdit(t0, 'add-vm', 5)!)!;
    const { plane, rebuilt } = realizeEdit(t1, prev);
    expect(rebuilt).not.toBe('all');
    for (const [h, hp] of p0.hosts)
      for (const [net, tag] of hp.localVlans) expect(plane.hosts.get(h)!.localVlans.get(net)).toBe(tag);
  });
});

describe('the scope of an edit on the L cloud (100 hosts, 2,000 VMs)', () => {
  const t0 = loadOrNull(generateCloud(PRESETS.L))!;
  const scope = (kind: (typeof EDIT_KINDS)[number], k: number) => {
    const t1 = loadOrNull(sampleEdit(t0, kind, k)!)!;
    return scopeOfEdit(t0, t1);
  };

  it('a VM added, a port disabled, a VM moved: the hosts of its network, a few of the hundred', {
    timeout: 60_000,
  }, () => {
    for (const [kind, k] of [
      ['add-vm', 1],
      ['toggle-port', 2],
      ['move-vm', 3],
    ] as const) {
      const s = scope(kind, k);
      if (s === 'all') throw new Error(`${kind}: every host`);
      expect(s.hosts.size, kind).toBeGreaterThan(0);
      expect(s.hosts.size + s.l2.size, kind).toBeLessThanOrEqual(15);
      // built whole: the VM's own hosts and its network's DHCP host; the other hosts of its network
      // only see l2population's entries change, and their OVS agent alone builds again
      expect(s.hosts.size, kind).toBeLessThanOrEqual(3);
      expect(s.l2.size, kind).toBeGreaterThan(0);
    }
  });

  it('a VM added: on the hosts l2population alone reaches, br-tun is built again and the rest is kept', {
    timeout: 60_000,
  }, () => {
    const previous = { topology: t0, plane: realize(t0) };
    const t1 = loadOrNull(sampleEdit(t0, 'add-vm', 1)!)!;
    const s = scopeOfEdit(t0, t1);
    if (s === 'all') throw new Error('every host');
    const { plane } = realizeEdit(t1, previous);
    for (const h of s.l2) {
      for (const id of plane.hosts.get(h)!.devices) {
        const d = plane.devices.get(id)!;
        const was = previous.plane.devices.get(id);
        // br-tun holds the l2population flows of the new VM's port; a tunnel port toward a host that
        // now has the network is new, the others read as they did
        if (d.kind === 'ovs-bridge' && d.role === 'tun') expect(d === was, id).toBe(false);
        else if (!was) expect(d.kind, id).toBe('vxlan-port');
        else expect(d === was, id).toBe(true);
      }
    }
  });

  it('a floating IP unassociated: its router host alone', () => {
    const s = scope('unassociate-fip', 1);
    if (s === 'all') throw new Error('every host');
    expect([...s.hosts].every((h) => h.startsWith('network'))).toBe(true);
    expect(s.hosts.size).toBe(1);
  });

  it("a security group rule removed (iptables_hybrid): no host rebuilt, its members' firewalls written again", () => {
    const s = scope('remove-rule', 3);
    if (s === 'all') throw new Error('every host');
    expect(s.hosts.size).toBe(0);
    expect(s.firewalls.size).toBeGreaterThan(0);
  });
});

describe('Session.load after an edit', () => {
  it('keeps the devices of the hosts the edit does not reach, and shows the edit', () => {
    const t0 = loadOrNull(generateCloud(PRESETS.L))!;
    const session = new Session();
    expect(session.load(t0).ok).toBe(true);
    const before = session.current()!.plane;
    const edited = sampleEdit(t0, 'add-vm', 1)!;
    const r = session.load(edited, { keepState: true });
    expect(r.ok).toBe(true);
    const after = session.current()!.plane;
    const kept = [...after.hosts.keys()].filter(
      (h) => after.devices.get(`${h}|br-int`) === before.devices.get(`${h}|br-int`),
    );
    expect(kept.length).toBeGreaterThanOrEqual(85);
    expect(kept.length).toBeLessThan(100);
    // the new VM is in the plane and in the view the canvas draws
    expect(after.index.vmByServer.has(edited.servers.at(-1)!.id)).toBe(true);
    expect(r.ok && r.view.devices.some((d) => d.name === 'vm-edit-1')).toBe(true);
  }, 120_000);
});

describe('sending after an edit realized host by host', () => {
  it('follows the new firewall of a kept host: a send cached before the edit is dropped after it', () => {
    const input = generateCloud(PRESETS.M);
    const t0 = loadOrNull(input)!;
    const edited = loadOrNull(input)!;
    // two VMs of one network on two hosts
    const vms = [...layoutOf(input).vms];
    const [a, la] = vms[0]!;
    const [b] = vms.find(([, l]) => l.network === la.network && l.host !== la.host)!;
    // every ingress rule removed: no host is rebuilt, every port's qbr firewall is written again
    for (const g of edited.security_groups) g.rules = g.rules.filter((r) => r.direction === 'egress');
    const session = new Session();
    session.load(t0);
    const ping = { from: a, to: b, proto: 'icmp' as const };
    const before = session.send(ping);
    expect(before.ok && before.trace.verdict).toBe('delivered');
    session.load(edited);
    const after = session.send(ping);
    const fresh = new Session();
    fresh.load(edited);
    const expected = fresh.send(ping);
    expect([after.ok && after.trace.verdict, expected.ok && expected.trace.verdict]).toEqual([
      'dropped',
      'dropped',
    ]);
    expect(after.ok && after.trace.hops.map((h) => `${h.deviceId} ${h.action}`)).toEqual(
      expected.ok && expected.trace.hops.map((h) => `${h.deviceId} ${h.action}`),
    );
  }, 60_000);
});
