// Outside hosts on the external network itself (issue #13, point 2): a host whose address is on the
// external subnet plugs into the network's VLAN of the provider switch and is reached by ARP from the
// router's qg- port, no upstream router between; the segment behind the upstream router must keep
// apart from the cloud's subnets; an on-link host may not take the upstream's address or one of the
// subnet's pool.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTopology, newSimState, planeView, realize, send } from '../../src/sim';
import { logicalGraph } from '../../src/ui/canvas/logical-graph';
import { physicalGraph } from '../../src/ui/canvas/physical-graph';

type Json = Record<string, any>;

/** the admin guide's self-service design with the external network on VLAN 101 */
const base = (): Json => JSON.parse(readFileSync('examples/external-vlan.json', 'utf8'));

function withHosts(hosts: Json[], edit?: (t: Json) => void): Json {
  const t = base();
  t.outside[0].hosts = hosts;
  edit?.(t);
  return t;
}

function cloud(t: Json) {
  const r = loadTopology(t);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { topology: r.topology, plane: realize(r.topology) };
}

function errorsOf(t: Json) {
  const r = loadTopology(t);
  if (r.ok) throw new Error('expected the cloud to be refused');
  return r.errors;
}

const NAS = { name: 'nas', ip: '203.0.113.50', listening: { tcp: [2049] } };
const FAR = { name: 'internet', ip: '198.51.100.10', listening: { tcp: [80] } };

describe('a host on the external network', () => {
  it('is reached from a VM by SNAT through the qg- port, without the upstream router', () => {
    const c = cloud(withHosts([FAR, NAS]));
    const s = send(c.topology, c.plane, newSimState(), { from: 'vm2', to: 'nas', proto: 'tcp', port: 2049 });
    if (!s.ok) throw new Error(s.error);
    expect(s.trace.verdict).toBe('delivered');
    // the upstream router hears the ARP broadcast on the VLAN but forwards nothing
    expect(s.trace.hops.some((h) => h.kind === 'upstream-router' && h.frame.ip)).toBe(false);
    // the router asked for the host's MAC itself, out of its gateway port
    const arp = s.trace.hops.find((h) => h.frame.arp?.op === 'request' && h.frame.arp.tpa === NAS.ip);
    expect(arp).toBeDefined();
    expect(arp!.frame.arp!.spa).toMatch(/^203\.0\.113\./);
    // the host saw the router's SNAT address, not the VM's
    const last = s.trace.hops.filter((h) => h.kind === 'outside-host' && h.frame.ip?.dst === NAS.ip).at(-1)!;
    expect(last.frame.ip!.src).not.toMatch(/^192\.168\./);
    // tagged 101 on the trunk on the way there
    expect(s.trace.hops.some((h) => h.kind === 'physical-switch' && h.frame.eth.vlan === 101)).toBe(true);
  });

  it('reaches a floating IP directly and the host behind the upstream router through it', () => {
    const c = cloud(withHosts([FAR, NAS]));
    const fip = c.topology.floatingips[0]!.floating_ip_address!;
    const st = newSimState();
    const toFip = send(c.topology, c.plane, st, { from: 'nas', to: fip, proto: 'tcp', port: 22 });
    if (!toFip.ok) throw new Error(toFip.error);
    expect(toFip.trace.verdict).toBe('delivered');
    expect(toFip.trace.hops.some((h) => h.kind === 'upstream-router' && h.frame.ip)).toBe(false);
    const far = send(c.topology, c.plane, st, { from: 'nas', to: 'internet', proto: 'tcp', port: 80 });
    if (!far.ok) throw new Error(far.error);
    expect(far.trace.verdict).toBe('delivered');
    expect(far.trace.hops.some((h) => h.kind === 'upstream-router')).toBe(true);
  });

  it('is refused on the upstream router address or in the allocation pool, naming the field and value', () => {
    const gw = errorsOf(withHosts([{ name: 'nas', ip: '203.0.113.1' }]));
    expect(gw).toContainEqual(
      expect.objectContaining({ path: 'outside[0].hosts[0].ip', value: '203.0.113.1' }),
    );
    const pool = errorsOf(withHosts([{ name: 'nas', ip: '203.0.113.120' }]));
    const e = pool.find((x) => x.path === 'outside[0].hosts[0].ip')!;
    expect(e.value).toBe('203.0.113.120');
    expect(e.message).toContain('203.0.113.101-203.0.113.250');
  });

  it('is refused anywhere else, the message naming both places it may stand', () => {
    const e = errorsOf(withHosts([{ name: 'lost', ip: '10.9.9.9' }])).find(
      (x) => x.path === 'outside[0].hosts[0].ip',
    )!;
    expect(e.message).toContain('198.51.100.0/24');
    expect(e.message).toContain('203.0.113.0/24');
  });
});

describe('the segment behind the upstream router', () => {
  it('must share no address with a subnet of the cloud', () => {
    const errs = errorsOf(
      withHosts([{ name: 'internet', ip: '192.168.1.200' }], (t) => {
        t.outside[0].internet = { cidr: '192.168.0.0/16', gateway_ip: '192.168.0.1' };
      }),
    );
    const e = errs.find((x) => x.path === 'outside[0].internet.cidr')!;
    expect(e.value).toBe('192.168.0.0/16');
    expect(e.message).toContain('selfservice-v4');
    expect(e.message).toContain('192.168.1.0/24');
  });

  it('defaults apart from the install guide external subnet 203.0.113.0/24', () => {
    const t = base();
    delete t.outside;
    const c = cloud(t);
    const w = c.topology.outside[0]!;
    expect(w.internet.cidr).not.toBe('203.0.113.0/24');
    const s = send(c.topology, c.plane, newSimState(), {
      from: 'vm1',
      to: 'internet',
      proto: 'tcp',
      port: 80,
    });
    if (!s.ok) throw new Error(s.error);
    expect(s.trace.verdict).toBe('delivered');
  });
});

describe('where the views draw a host on the external network', () => {
  const t = () => cloud(withHosts([FAR, NAS]));

  it('logical: wired to the external network bar, not to the upstream router', () => {
    const c = t();
    const g = logicalGraph(c.topology, {});
    const ext = c.topology.outside[0]!.network_id;
    const of = (id: string) => g.edges.filter((e) => e.source === id || e.target === id);
    expect(of('outside:nas').map((e) => [e.source, e.target].sort())).toEqual([
      ['net:' + ext, 'outside:nas'].sort(),
    ]);
    expect(of('outside:internet').map((e) => [e.source, e.target].sort())).toEqual([
      [`upstream:${ext}`, 'outside:internet'].sort(),
    ]);
  });

  it('physical: beside the provider network, with no other box between them', () => {
    const c = t();
    const g = physicalGraph(planeView(c.topology, c.plane), {
      expandedVms: {},
      hostCollapsed: {},
      positions: {},
    });
    const box = (id: string) => {
      const n = g.nodes.find((x) => x.id === id)!;
      return { x: n.position.x, y: n.position.y, w: n.width ?? 0 };
    };
    const nas = box('outside:nas');
    const provider = box('physnet:provider');
    const [lo, hi] = nas.x < provider.x ? [nas.x + nas.w, provider.x] : [provider.x + provider.w, nas.x];
    const between = g.nodes.filter(
      (n) => !n.parentId && Math.abs(n.position.y - nas.y) < 40 && n.position.x >= lo && n.position.x < hi,
    );
    expect(between.map((n) => n.id)).toEqual([]);
    // and the upstream router is on the other side of the provider network
    const up = box(`upstream:${c.topology.outside[0]!.network_id}`);
    expect(Math.sign(up.x - provider.x)).toBe(-Math.sign(nas.x - provider.x));
  });
});
