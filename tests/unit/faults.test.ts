// Each fault, applied as an edit, makes its trial send fail where and why it should; without the fault
// (as after undo) the same send goes through.
import { describe, expect, it } from 'vitest';
import { loadTopology, newSimState, realize, Session, send, type Topology, type Trace } from '../../src/sim';
import { acceptedTargets } from '../../src/store/fault-drill';
import { FAULTS, type Fault } from '../../src/store/faults';
import { loadExample } from './helpers';

function run(t: Topology, req: NonNullable<ReturnType<Fault['trial']>>): Trace {
  const r = send(t, realize(t), newSimState(), req);
  if (!r.ok) throw new Error(r.error);
  return r.trace;
}

function broken(t: Topology, f: Fault, target: string): Topology {
  const draft = structuredClone(t);
  f.apply(draft, target);
  const r = loadTopology(draft);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}

const fault = (kind: string) => FAULTS.find((f) => f.kind === kind)!;
const base = loadExample('two-networks-one-router');

/** [fault, which target, what the broken trace must say] */
const CASES: [string, (t: Topology) => string, RegExp, string | null][] = [
  [
    'sg-rule',
    (t) =>
      t.security_groups
        .find((g) => g.rules.some((r) => r.protocol === 'icmp'))!
        .rules.find((r) => r.protocol === 'icmp')!.id,
    /security group: no ingress rule .* allows ICMP/,
    'qbr',
  ],
  [
    'sg-rule',
    (t) =>
      t.security_groups
        .find((g) => g.name === 'default' && g.rules.some((r) => r.remote_group_id))!
        .rules.find((r) => r.remote_group_id)!.id,
    /security group: no ingress rule/,
    'qbr',
  ],
  [
    'router-interface',
    (t) => t.ports.find((p) => p.name === 'router1-net2')!.id,
    /no ARP reply for 192\.168\.2\.1 .*default gateway/,
    'vm2',
  ],
  [
    'port-down',
    (t) => t.ports.find((p) => p.name === 'vm2-port')!.id,
    /no ARP reply for 192\.168\.2\.\d+.*no further than network1\/br-tun: .*no other host has a port up/,
    'br-tun',
  ],
  ['segmentation', (t) => `compute2|${t.networks.find((n) => n.name === 'net2')!.id}`, /./, 'br-tun'],
  ['mtu', () => 'compute1', /exceeds the underlay MTU 1400/, 'vxlan-'],
  ['dhcp-agent', () => 'network1', /DHCP agent is stopped/, 'qdhcp-'],
  ['underlay', () => 'compute2', /no further than underlay: compute2 is cut off the underlay/, 'underlay'],
];

describe('faults', () => {
  it('are the eight the classroom breaks the cloud with', () => {
    expect(FAULTS.map((f) => f.kind).sort()).toEqual([
      'dhcp-agent',
      'l3-ha',
      'mtu',
      'port-down',
      'router-interface',
      'segmentation',
      'sg-rule',
      'underlay',
    ]);
  });
  for (const [kind, pick, reason, where] of CASES) {
    it(`${fault(kind).title}: the trial fails at ${where}, and works without the fault`, () => {
      const f = fault(kind);
      const target = pick(base);
      expect(f.targets(base).map((x) => x.id)).toContain(target);
      const req = f.trial(base, target);
      expect(req).not.toBeNull();
      expect(run(base, req!).verdict, 'before the fault').toBe('delivered');
      const t = broken(base, f, target);
      const after = run(t, f.trial(t, target) ?? req!);
      expect(after.verdict).toBe('dropped');
      expect(after.reason).toMatch(reason);
      const dropHops = after.hops.filter((h) => h.fate === 'drop' && h.drop?.severity === 'fatal');
      const blamed = [after.dropped?.device ?? '', ...dropHops.map((h) => h.device)];
      expect(
        blamed.some((d) => d.startsWith(where!)) ||
          after.hops.some((h) => h.fate === 'drop' && h.device.startsWith(where!)),
        `dropped at ${blamed.join(', ')}`,
      ).toBe(true);
    });
  }
  it('refuses to detach an interface a floating IP needs, as Neutron does', () => {
    const draft = structuredClone(base);
    const iface = base.ports.find((p) => p.name === 'router1-net1')!.id;
    expect(() => fault('router-interface').apply(draft, iface)).toThrow(/required by floating IP/);
  });
  it('says which interface, which floating IP and which VM stand in the way, and which interface can go', () => {
    const f = fault('router-interface');
    const net1 = base.ports.find((p) => p.name === 'router1-net1')!;
    const net2 = base.ports.find((p) => p.name === 'router1-net2')!;
    const fip = base.floatingips[0]!;
    const reason = f.refusal!(base, net1.id)!;
    expect(reason).toContain(`router1's interface on net1 (${net1.fixed_ips[0]!.ip_address})`);
    expect(reason).toContain(`floating IP ${fip.floating_ip_address} of vm1`);
    expect(f.refusal!(base, net2.id)).toBeNull();
    // the one offered instead is the one the cloud takes
    expect(acceptedTargets(f, base, net1.id).map((t) => t.id)).toEqual([net2.id]);
    expect(() => f.apply(structuredClone(base), net2.id)).not.toThrow();
    // without the floating IP, both interfaces may go
    const noFip = { ...base, floatingips: [] };
    expect(f.refusal!(noFip, net1.id)).toBeNull();
    expect(acceptedTargets(f, noFip, net2.id).map((t) => t.id)).toEqual([net1.id]);
  });
  it('lowered MTU: the reason, the fault and its send count bytes as the trace does', () => {
    const f = fault('mtu');
    const req = f.trial(base, 'compute1')!;
    const after = run(broken(base, f, 'compute1'), req);
    const hop = after.hops.find((h) => h.fate === 'drop' && h.drop?.severity === 'fatal')!;
    expect(hop.kind).toBe('vxlan-port');
    const inner = hop.frame.ip!.len;
    // the MTU bounds the outer IP packet: the outer frame less its 14-byte Ethernet header
    const outer = hop.frame.vxlan!.outer.len - 14;
    const mtu = after.reason!.match(/underlay MTU (\d+)/)![1]!;
    const counts = new Set([inner, outer, outer - inner, Number(mtu)]);
    const numbers = (s: string) => [...s.matchAll(/(\d+)(?=[- ]bytes?\b|-byte)/g)].map((m) => Number(m[1]));
    for (const [what, text] of [
      ['the reason', after.reason!],
      ['the hop', `${hop.action} ${hop.drop!.reason}`],
      ["the fault's words", f.effect],
    ] as const) {
      expect(numbers(text).length, what).toBeGreaterThan(0);
      for (const n of numbers(text)) expect(counts, `${what}: ${n} in "${text}"`).toContain(n);
      expect(text, what).toContain(`${outer}-byte`);
    }
    expect(after.reason).toContain(`${inner}-byte IP packet`);
    expect(f.effect).toContain(`${inner}-byte IP packet`);
    expect(req.size).toBe(inner);
  });
  it('stop the L3 agent on the active network node: the trial, kept state, goes through the other node after its gratuitous ARPs', () => {
    const f = fault('l3-ha');
    const ha = loadExample('l3-ha');
    const router = ha.routers[0]!;
    const [target] = f.targets(ha);
    expect(target!.id).toBe(router.id);
    const activeBefore = ha.ports.find((p) => p.name === 'router1-net1')!['binding:host_id'];
    expect(target!.label).toBe(`router1 (active on ${activeBefore})`);
    expect(f.keepsState).toBe(true);
    const req = f.trial(ha, router.id)!;
    expect(req).toEqual({ from: 'vm1', to: 'internet' });
    const s = new Session();
    if (!s.load(ha).ok) throw new Error('load');
    const routedOn = (tr: Trace) =>
      new Set(
        tr.hops
          .filter((h) => h.packet === tr.probes[0]!.request && h.device.startsWith('qrouter-'))
          .map((h) => h.host),
      );
    const before = s.send(req);
    if (!before.ok) throw new Error(before.error);
    expect(routedOn(before.trace)).toEqual(new Set([activeBefore]));
    const t = broken(ha, f, router.id);
    expect(t.hosts.find((h) => h.name === activeBefore)!.agents_down).toEqual(['l3']);
    if (!s.load(t, { keepState: true }).ok) throw new Error('reload');
    const after = s.send(req);
    if (!after.ok) throw new Error(after.error);
    expect(after.trace.verdict).toBe('delivered');
    const other = ha.hosts.find((h) => h.role === 'network' && h.name !== activeBefore)!.name;
    expect(routedOn(after.trace)).toEqual(new Set([other]));
    expect(after.trace.packets.some((p) => p.label.startsWith('gratuitous ARP'))).toBe(true);
    // stopping the other one too leaves the router nowhere: refused, naming it
    const both = broken(t, f, router.id);
    expect(f.refusal!(both, router.id)).toMatch(/router1 has no active instance/);
  });
});
