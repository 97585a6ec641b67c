// The verdict names the real end (issue #13): a routing loop is told as one, with the routers, the route
// and where the TTL ran out, whether or not the ICMP error can come back; and a failed ARP is blamed on
// the device that refused it, never on a flooded copy that was merely discarded. Checked in the trace
// (what the app's headline reads), in the command line's text and on the event list's hop.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTrace } from '../../src/node/format-trace';
import { loadTopology, newSimState, realize, send, type Trace } from '../../src/sim';

type Raw = Record<string, unknown[]> & { routers: Record<string, unknown>[]; ports: unknown[] };
const demo = (): Raw => JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));

function trace(raw: unknown, from: string, to: string): Trace {
  const r = loadTopology(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const s = send(r.topology, realize(r.topology), newSimState(), { from, to });
  if (!s.ok) throw new Error(s.error);
  return s.trace;
}

/** Two routers that each send 10.99.0.0/16 to the other, over net1 or net2. */
function loopCloud(over: 'net1' | 'net2'): Raw {
  const t = demo();
  const n = over === 'net1' ? 1 : 2;
  t.routers[0]!.routes = [{ destination: '10.99.0.0/16', nexthop: `192.168.${n}.254` }];
  t.routers.push({
    name: 'router2',
    project_id: 'demo',
    routes: [{ destination: '10.99.0.0/16', nexthop: `192.168.${n}.1` }],
  });
  t.ports.push({
    name: 'router2-port',
    network_id: over,
    device_owner: 'network:router_interface',
    device_id: 'router2',
    fixed_ips: [{ subnet_id: `subnet${n}`, ip_address: `192.168.${n}.254` }],
  });
  return t;
}

describe('a routing loop', () => {
  for (const [over, back] of [
    ['net1', 'the time-exceeded error comes back to vm1'],
    ['net2', 'no error can come back: router2 has no route to vm1'],
  ] as const)
    it(`is told as one when ${back}`, () => {
      const t = trace(loopCloud(over), 'vm1', '10.99.1.1');
      const sentence = 'routing loop between router1 and router2 for 10.99.0.0/16, TTL exceeded at router2';
      expect(t.verdict).toBe('loop');
      expect(t.reason).toBe(sentence);
      // the hop where the TTL ran out says so too (the event list's row and the hop inspector)
      const expired = t.hops.find((h) => h.seq === t.dropped?.seq)!;
      expect(expired.fate).toBe('drop');
      expect(expired.device).toMatch(/^qrouter-/);
      expect(expired.drop?.reason).toBe(sentence);
      // and the command line prints it as the verdict
      expect(formatTrace(t)).toContain(`verdict: loop - ${sentence}`);
    });

  it('is not seen where a packet meets a router once (routing, NAT, floating IPs)', () => {
    for (const [from, to] of [
      ['vm1', 'vm2'],
      ['vm1', 'internet'],
      ['internet', 'vm1'],
    ] as const)
      expect(trace(demo(), from, to).verdict).toBe('delivered');
    const raw = JSON.parse(readFileSync('examples/two-projects-floating-ips.json', 'utf8'));
    expect(trace(raw, 'vm1', 'vm2').verdict).toBe('delivered');
  });
});

describe('a failed ARP', () => {
  it('is blamed on the device that refused it, not on the flooded copies discarded elsewhere', () => {
    // compute2 cut off the underlay: vm1's ARP for vm2 is refused there, while its flooded copies on
    // network1 are discarded (br-ex takes no tenant VLAN, the namespaces were not asked)
    const t = JSON.parse(readFileSync('examples/same-network-two-hosts.json', 'utf8'));
    for (const h of t.hosts) if (h.name === 'compute2') h.underlay_connected = false;
    const tr = trace(t, 'vm1', 'vm2');
    expect(tr.verdict).toBe('dropped');
    const refused = tr.hops.filter((h) => h.drop?.severity === 'fatal' && h.kind === 'underlay');
    expect(refused.length).toBeGreaterThan(0);
    expect(tr.reason).toContain(`got no further than underlay: ${refused[0]!.drop!.reason}`);
    const discarded = tr.hops.filter((h) => h.drop?.severity === 'discard');
    expect(discarded.length).toBeGreaterThan(0);
    for (const h of discarded) expect(tr.reason).not.toContain(h.drop!.reason);
  });
});
