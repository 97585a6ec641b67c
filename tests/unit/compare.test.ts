// The compare view's logic against the core (issue 14 point 7, issue 15 point 6): one send under router
// types and backends, each on a copy of the cloud with a fresh state. Expected paths come from the
// example's design (vm1 on compute1 and net1 VNI 101, vm2 on compute2 and net2 VNI 102, router1 on
// network1) and the facts: a legacy router is routed on the network node, OVN routes on the source
// chassis, the hybrid firewall decides in the VM's qbr and the openvswitch firewall in br-int.
import { describe, expect, it } from 'vitest';
import {
  applyVariant,
  compareVariants,
  ipToInt,
  type Leg,
  loadTopology,
  Session,
  type Topology,
  type Variant,
  type VariantOutcome,
} from '../../src/sim';
import { loadExample } from './helpers';

const demo = loadExample('two-networks-one-router');

function sent(o: VariantOutcome) {
  if (o.kind !== 'sent') throw new Error(`${o.label} was ${o.kind}: ${JSON.stringify(o)}`);
  return o.summary;
}
const names = (l: Leg) => l.path.map((p) => p.name);

describe('vm1 -> vm2 across router1 on the demo cloud', () => {
  const [legacy, ha, ovn] = compareVariants(demo, { from: 'vm1', to: 'vm2' }, [
    { backend: 'ovs-hybrid', routers: 'legacy' },
    { backend: null, routers: 'ha' },
    { backend: 'ovn', routers: null },
  ]);

  it('legacy: both ways through network1, routed in its qrouter namespace, two VXLAN crossings each', () => {
    const s = sent(legacy!);
    expect(s.verdict).toBe('delivered');
    const [req, rep] = s.legs;
    expect(names(req!)).toEqual(['compute1', 'network1', 'compute2']);
    expect(names(rep!)).toEqual(['compute2', 'network1', 'compute1']);
    expect(s.networkNodeVisits).toBe(2);
    expect(req!.tunnels.map((t) => [t.encap, t.key, t.from, t.to])).toEqual([
      ['vxlan', 101, 'compute1', 'network1'],
      ['vxlan', 102, 'network1', 'compute2'],
    ]);
    expect(req!.routing).toHaveLength(1);
    expect(req!.routing[0]).toMatchObject({ host: 'network1', device: expect.stringMatching(/^qrouter-/) });
    expect(req!.routing[0]!.rule).toBe(
      '192.168.2.0/24 dev qr-7ec7029b-3c proto kernel scope link src 192.168.2.1',
    );
    expect(req!.nat).toEqual([]);
  });

  it('HA: refused on a cloud with one network host, naming the router and the field', () => {
    expect(ha!.kind).toBe('refused');
    if (ha!.kind !== 'refused') return;
    expect(ha!.errors[0]!.path).toBe('routers[0].ha');
    expect(ha!.errors[0]!.message).toMatch(/router router1 is highly available.*only network1 does/);
  });

  it('OVN: straight from compute1 to compute2 over one Geneve tunnel, routed on the source chassis', () => {
    const s = sent(ovn!);
    expect(s.verdict).toBe('delivered');
    const [req, rep] = s.legs;
    expect(names(req!)).toEqual(['compute1', 'compute2']);
    expect(names(rep!)).toEqual(['compute2', 'compute1']);
    expect(s.hosts.map((h) => h.name)).not.toContain('network1');
    expect(s.networkNodeVisits).toBe(0);
    expect(req!.tunnels).toHaveLength(1);
    expect(req!.tunnels[0]).toMatchObject({ encap: 'geneve', from: 'compute1', to: 'compute2' });
    expect(req!.tunnels[0]!.option).toMatch(/^inport 0x\d+ outport 0x\d+$/);
    expect(req!.routing.map((r) => [r.host, r.device])).toEqual([['compute1', 'br-int']]);
    expect(rep!.routing.map((r) => [r.host, r.device])).toEqual([['compute2', 'br-int']]);
    expect(req!.routing[0]!.rule).toMatch(/^\d+\. lr_in_ip_routing: ip4\.dst == 192\.168\.2\.0\/24/);
  });

  it('the tunnel key of the crossing is the datapath of net2 (the network the packet leaves on), not VNI 102', () => {
    const req = sent(ovn!).legs[0]!;
    const back = sent(ovn!).legs[1]!;
    // two logical switches, two keys: each direction crosses on its destination network's datapath
    expect(req.tunnels[0]!.key).not.toBe(back.tunnels[0]!.key);
    expect(req.tunnels[0]!.key).not.toBe(102);
  });
});

describe('where security groups decide', () => {
  const [hybrid, fw, ovn] = compareVariants(demo, { from: 'vm1', to: 'vm2' }, [
    { backend: 'ovs-hybrid', routers: null },
    { backend: 'ovs-firewall', routers: null },
    { backend: 'ovn', routers: null },
  ]);

  it('iptables_hybrid in the qbr bridges, by an iptables rule', () => {
    const f = sent(hybrid!).legs[0]!.filtering;
    expect(f.map((d) => [d.host, d.device.slice(0, 3)])).toEqual([
      ['compute1', 'qbr'],
      ['compute2', 'qbr'],
    ]);
    expect(f[0]!.what).toMatch(/^egress allowed by security group rule [0-9a-f]{8} \(egress any\)$/);
    expect(f[0]!.rule).toMatch(/^-A neutron-openvswi-o/);
  });

  it('the openvswitch firewall in br-int, by the flow of its rules tables (72 egress, 82 ingress)', () => {
    const f = sent(fw!).legs[0]!.filtering;
    expect(f.map((d) => [d.host, d.device])).toEqual([
      ['compute1', 'br-int'],
      ['compute2', 'br-int'],
    ]);
    expect(f[0]!.rule).toMatch(/^table=72, /);
    expect(f[1]!.rule).toMatch(/^table=82, /);
    // the answer is let through by conntrack, not by a rule
    expect(sent(fw!).legs[1]!.filtering.map((d) => d.what)).toEqual([
      expect.stringMatching(/^egress allowed: conntrack ESTABLISHED/),
      expect.stringMatching(/^ingress allowed: conntrack ESTABLISHED/),
    ]);
  });

  it('OVN in the ACL stages of the logical switches, naming the security group', () => {
    const f = sent(ovn!).legs[0]!.filtering;
    expect(f.map((d) => [d.host, d.device])).toEqual([
      ['compute1', 'br-int'],
      ['compute2', 'br-int'],
    ]);
    expect(f[0]!.what).toMatch(/^egress allowed by an ACL of security group default \([0-9a-f]{8}\)$/);
    expect(f[0]!.rule).toMatch(/^\d+\. ls_in_acl_eval: .*@pg_/);
    expect(f[1]!.rule).toMatch(/^\d+\. ls_out_acl_eval: /);
  });

  it('a drop names the rule that decided, under each backend', () => {
    const closed = structuredClone(demo);
    for (const g of closed.security_groups) g.rules = g.rules.filter((r) => r.direction === 'egress');
    const out = compareVariants(closed, { from: 'vm1', to: 'vm2' }, [
      { backend: 'ovs-hybrid', routers: null },
      { backend: 'ovs-firewall', routers: null },
      { backend: 'ovn', routers: null },
    ]);
    const last = out.map((o) => sent(o).legs[0]!.filtering.at(-1)!);
    for (const o of out) expect(sent(o).verdict).toBe('dropped');
    expect(last.map((d) => [d.host, d.device.slice(0, 3)])).toEqual([
      ['compute2', 'qbr'],
      ['compute2', 'br-'],
      ['compute2', 'br-'],
    ]);
    for (const d of last) expect(d.what).toMatch(/no ingress rule/);
    expect(last[1]!.rule).toMatch(/^table=82, /);
  });
});

describe('vm1 -> internet: where NAT happens', () => {
  const [legacy, ovn] = compareVariants(demo, { from: 'vm1', to: 'internet' }, [
    { backend: null, routers: null },
    { backend: 'ovn', routers: null },
  ]);

  it('legacy: vm1 floating IP SNAT in the qrouter namespace on network1, undone for the reply', () => {
    const [req, rep] = sent(legacy!).legs;
    expect(names(req!)).toEqual(['compute1', 'network1', 'outside']);
    expect(req!.nat).toHaveLength(1);
    expect(req!.nat[0]!.host).toBe('network1');
    expect(req!.nat[0]!.what).toMatch(/^SNAT src 192\.168\.1\.\d+ -> 172\.24\.4\.\d+$/);
    expect(req!.nat[0]!.rule).toMatch(
      /^-A neutron-l3-agent-float-snat .* -j SNAT --to-source 172\.24\.4\.\d+ --random-fully$/,
    );
    expect(rep!.nat[0]!.what).toMatch(/reply of a SNAT connection/);
  });

  it('OVN: the floating IP NATed on the gateway chassis by lr_out_snat (centralized by default)', () => {
    const [req, rep] = sent(ovn!).legs;
    expect(req!.nat.map((n) => n.host)).toEqual(['network1']);
    expect(req!.nat[0]!.rule).toMatch(/^\d+\. lr_out_snat: .*\nct_snat\(172\.24\.4\.\d+\);$/);
    expect(rep!.nat[0]!.rule).toMatch(/^\d+\. lr_in_unsnat: /);
  });
});

describe('HA routers beside legacy ones (examples/l3-ha.json)', () => {
  const t = loadExample('l3-ha');
  /** keepalived makes active the instance with the highest address on the HA network (equal priorities) */
  const active = t.ports
    .filter((p) => p.device_owner === 'network:router_ha_interface')
    .sort((a, b) => ipToInt(b.fixed_ips[0]!.ip_address) - ipToInt(a.fixed_ips[0]!.ip_address))[0]![
    'binding:host_id'
  ];

  it('routes through the active router; a legacy copy of it routes on the one host the scheduler picked', () => {
    const [ha, legacy] = compareVariants(t, { from: 'vm1', to: 'vm2' }, [
      { backend: null, routers: null },
      { backend: null, routers: 'legacy' },
    ]);
    expect(sent(ha!).legs[0]!.routing.map((r) => r.host)).toEqual([active]);
    expect(names(sent(ha!).legs[0]!)).toEqual(['compute1', active, 'compute2']);
    expect(sent(legacy!).legs[0]!.routing.map((r) => r.host)).toHaveLength(1);
    expect(sent(legacy!).networkNodeVisits).toBe(2);
  });
});

describe('a distributed router', () => {
  it('never crosses the network node east-west (routed on each compute host); OVN refuses it, naming the field', () => {
    const [ovs, ovn] = compareVariants(demo, { from: 'vm1', to: 'vm2' }, [
      { backend: null, routers: 'dvr' },
      { backend: 'ovn', routers: 'dvr' },
    ]);
    // the L3 agent in dvr mode is what a DVR deployment installs on the computes
    expect(ovs!.notes).toEqual(['the L3 agent (dvr mode) added on compute1, compute2']);
    const dvr = sent(ovs!);
    expect(dvr.verdict).toBe('delivered');
    expect(dvr.networkNodeVisits).toBe(0);
    // the request is routed on compute1, the reply on compute2 (neutron-facts-beyond §1.6)
    expect(dvr.legs[0]!.routing.map((r) => r.host)).toEqual(['compute1']);
    expect(dvr.legs[1]!.routing.map((r) => r.host)).toEqual(['compute2']);
    expect(ovn!.kind).toBe('refused');
    if (ovn!.kind === 'refused') expect(ovn!.errors[0]).toMatchObject({ path: 'routers[0].distributed' });
    expect(ovn!.notes).toEqual([]);
  });
});

describe('the live cloud is never touched', () => {
  it('leaves the topology as it was, and the session sends as before (same trace, same state)', () => {
    const before = JSON.stringify(demo);
    compareVariants(demo, { from: 'vm1', to: 'vm2' }, [{ backend: 'ovn', routers: 'ha' }]);
    expect(JSON.stringify(demo)).toBe(before);

    const a = new Session();
    const b = new Session();
    a.load(demo);
    b.load(demo);
    const first = a.send({ from: 'vm1', to: 'vm2' });
    const all: Variant[] = [
      { backend: 'ovn', routers: null },
      { backend: 'ovs-firewall', routers: 'legacy' },
    ];
    const r = a.compare({ from: 'vm1', to: 'vm2' }, all);
    expect(r.ok && r.outcomes.map((o) => o.kind)).toEqual(['sent', 'sent']);
    // the session that compared sends its second ping as the one that did not: warm, the same hops
    b.send({ from: 'vm1', to: 'vm2' });
    const second = a.send({ from: 'vm1', to: 'vm2' });
    const other = b.send({ from: 'vm1', to: 'vm2' });
    expect(first.ok && second.ok && other.ok).toBe(true);
    if (second.ok && other.ok) expect(second.trace).toEqual(other.trace);
    expect(a.current()!.topology).toEqual(b.current()!.topology);
  });

  it('a send the core cannot make is said per variant', () => {
    const [o] = compareVariants(demo, { from: 'vm9', to: 'vm2' }, [{ backend: null, routers: null }]);
    expect(o!.kind).toBe('unsent');
    if (o!.kind === 'unsent') expect(o!.error).toMatch(/vm9/);
  });
});

describe('switching backends keeps the topology', () => {
  it('to OVN and back: the same networks, segmentation ids, routers, servers and their ports', () => {
    const there = compareLoad(demo, { backend: 'ovn', routers: null });
    expect(
      there.networks.filter((n) => !n['router:external']).map((n) => n['provider:network_type']),
    ).toEqual(['geneve', 'geneve']);
    const back = compareLoad(there, { backend: 'ovs-hybrid', routers: null });
    const keep = (t: Topology) => ({
      networks: t.networks.map((n) => [
        n.id,
        n['provider:network_type'],
        n['provider:segmentation_id'],
        n.mtu,
      ]),
      routers: t.routers.map((r) => r.id),
      servers: t.servers.map((s) => [s.id, s.host]),
      ports: t.ports.filter((p) => p.device_owner.startsWith('compute:')).map((p) => [p.id, p.fixed_ips]),
    });
    expect(keep(back)).toEqual(keep(demo));
    // and the DHCP agent's ports, which OVN has none of, are made again
    expect(back.ports.filter((p) => p.device_owner === 'network:dhcp')).toHaveLength(2);
  });
});

function compareLoad(t: Topology, v: Variant): Topology {
  const r = loadTopology(applyVariant(t, v).topology);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}
