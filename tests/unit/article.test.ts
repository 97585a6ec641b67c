// The article's scenario (two networks, one router): vm1 on net1 (compute1) pings vm2 on net2
// (compute2). Expectations are built from the topology and neutron-facts.md, not from a run.
import { describe, expect, it } from 'vitest';
import type { Topology, Trace } from '../../src/sim';
import { cloud, hex, hopsOf, loadExample, packetId, path } from './helpers';

function facts(t: Topology) {
  const server = (n: string) => t.servers.find((s) => s.name === n)!;
  const portOf = (n: string) => t.ports.find((p) => p.device_id === server(n).id)!;
  const net = (n: string) => t.networks.find((x) => x.name === n)!;
  const router = t.routers.find((r) => r.name === 'router1')!;
  const iface = (netName: string) =>
    t.ports.find(
      (p) =>
        p.device_id === router.id &&
        p.device_owner === 'network:router_interface' &&
        p.network_id === net(netName).id,
    )!;
  const host = (n: string) => t.hosts.find((h) => h.name === n)!;
  return { server, portOf, net, router, iface, host };
}

const chain = (portId: string) => ['tap', 'qbr', 'qvb', 'qvo'].map((p) => `${p}${portId.slice(0, 11)}`);

describe('vm1 pings vm2 across the router (the article)', () => {
  const t = loadExample('two-networks-one-router');
  const f = facts(t);
  const c = cloud(t);
  const first = c.send({ from: 'vm1', to: 'vm2' });
  const vm2ip = f.portOf('vm2').fixed_ips[0]!.ip_address;
  const echo = packetId(first, /echo request/);
  const echoHops = hopsOf(first, echo);

  it('is delivered', () => {
    expect(first.verdict).toBe('delivered');
    expect(first.probes[0]!.outcome).toBe('reply');
  });

  it('the echo request crosses the real plumbing in order', () => {
    const vm1 = chain(f.portOf('vm1').id);
    const vm2 = chain(f.portOf('vm2').id);
    const expected = [
      'vm1@compute1',
      ...vm1.map((d) => `${d}@compute1`),
      'br-int@compute1',
      'br-tun@compute1',
      `vxlan-${hex(f.host('network1').tunnel_ip)}@compute1`,
      'underlay@-',
      `vxlan-${hex(f.host('compute1').tunnel_ip)}@network1`,
      'br-tun@network1',
      'br-int@network1',
      `qr-${f.iface('net1').id.slice(0, 11)}@network1`,
      `qrouter-${f.router.id}@network1`,
      `qr-${f.iface('net2').id.slice(0, 11)}@network1`,
      'br-int@network1',
      'br-tun@network1',
      `vxlan-${hex(f.host('compute2').tunnel_ip)}@network1`,
      'underlay@-',
      `vxlan-${hex(f.host('network1').tunnel_ip)}@compute2`,
      'br-tun@compute2',
      'br-int@compute2',
      ...[...vm2].reverse().map((d) => `${d}@compute2`),
      'vm2@compute2',
    ];
    expect(path(first, echo)).toEqual(expected);
  });

  it('carries the local VLAN inside br-int and the network VNI on each tunnel leg', () => {
    const lv = (host: string, netName: string) =>
      c.plane.hosts.get(host as never)!.localVlans.get(f.net(netName).id)!;
    // local VLANs are allocated per host from 1 (neutron-facts §3)
    expect(lv('compute1', 'net1')).toBe(1);
    expect(lv('compute2', 'net2')).toBe(1);
    const tagged = echoHops.filter((h) => h.device === 'br-int' && h.out === 'patch-tun');
    expect(tagged.map((h) => [h.host, h.frame.eth.vlan])).toEqual([
      ['compute1', lv('compute1', 'net1')],
      ['network1', lv('network1', 'net2')],
    ]);
    const legs = echoHops
      .filter((h) => h.kind === 'vxlan-port' && h.frame.vxlan)
      .map((h) => [h.host, h.frame.vxlan!.vni]);
    expect(legs).toEqual([
      ['compute1', f.net('net1')['provider:segmentation_id']],
      ['network1', f.net('net2')['provider:segmentation_id']],
    ]);
    const brTunOut = echoHops.find((h) => h.device === 'br-tun' && h.host === 'compute1')!;
    expect(brTunOut.rule).toMatch(
      new RegExp(
        `^table=20, priority=2,dl_vlan=1,dl_dst=${f.iface('net1').mac_address} actions=strip_vlan,load:0x65->NXM_NX_TUN_ID\\[\\],output:"vxlan-`,
      ),
    );
    expect(brTunOut.changes).toEqual(['strip vlan 1', 'set tunnel 0x65 (VNI 101)']);
  });

  it('rewrites MACs and decrements the TTL once, in the qrouter namespace', () => {
    const before = echoHops.filter(
      (h) => h.seq < echoHops.find((x) => x.kind === 'namespace')!.seq && h.frame.ip,
    );
    const after = echoHops.filter((h) => h.seq > echoHops.filter((x) => x.kind === 'namespace').at(-1)!.seq);
    for (const h of before) {
      expect(h.frame.ip!.ttl).toBe(64);
      if (h.kind !== 'vm')
        expect(h.frame.eth).toMatchObject({
          src: f.portOf('vm1').mac_address,
          dst: f.iface('net1').mac_address,
        });
    }
    for (const h of after) {
      expect(h.frame.ip!.ttl).toBe(63);
      expect(h.frame.eth).toMatchObject({
        src: f.iface('net2').mac_address,
        dst: f.portOf('vm2').mac_address,
      });
    }
    const ttls = echoHops.map((h) => h.frame.ip?.ttl).filter((x) => x !== undefined);
    expect(new Set(ttls)).toEqual(new Set([64, 63]));
    expect(
      echoHops.find((h) => h.kind === 'namespace' && h.changes.includes('ttl 64 -> 63'))!.rule,
    ).toContain(
      `192.168.2.0/24 dev qr-${f.iface('net2').id.slice(0, 11)} proto kernel scope link src 192.168.2.1`,
    );
  });

  it('the first ping needs ARP twice (vm1 for its gateway, the router for vm2); the second none', () => {
    const arps = first.packets.filter((p) => p.kind === 'arp-request').map((p) => p.label);
    expect(arps).toEqual([
      `ARP request who-has 192.168.1.1 tell ${f.portOf('vm1').fixed_ips[0]!.ip_address}`,
      `ARP request who-has ${vm2ip} tell 192.168.2.1`,
    ]);
    const second = c.send({ from: 'vm1', to: 'vm2' });
    expect(second.verdict).toBe('delivered');
    expect(second.packets.map((p) => p.kind)).toEqual(['icmp', 'icmp']);
  });

  it('the echo reply returns the same way, reversed', () => {
    const reply = packetId(first, /echo reply/);
    const fwd = path(first, echo);
    const back = path(first, reply);
    expect(back).toEqual([...fwd].reverse());
    const r = hopsOf(first, reply);
    expect(r.at(-1)!.frame.ip).toMatchObject({ src: vm2ip, ttl: 63 });
  });

  it("security groups are checked twice: egress on vm1's qbr, ingress on vm2's", () => {
    const qbr = echoHops.filter((h) => h.kind === 'linux-bridge');
    expect(qbr.map((h) => h.host)).toEqual(['compute1', 'compute2']);
    expect(qbr[0]!.action).toMatch(/egress allowed/);
    expect(qbr[1]!.action).toMatch(/ingress allowed by security group rule .* from group members/);
    expect(qbr[1]!.rule).toMatch(/-m set --match-set NIPv4\S+ src -j RETURN/);
  });
});

describe('same network on two hosts', () => {
  const t = loadExample('same-network-two-hosts');
  const trace: Trace = cloud(t).send({ from: 'vm1', to: 'vm2' });
  const echo = hopsOf(trace, packetId(trace, /echo request/));
  it('goes straight from compute1 to compute2 with the TTL untouched', () => {
    expect(trace.verdict).toBe('delivered');
    expect(new Set(echo.map((h) => h.host))).toEqual(new Set(['compute1', null, 'compute2']));
    expect(echo.every((h) => !h.frame.ip || h.frame.ip.ttl === 64)).toBe(true);
    expect(new Set(echo.flatMap((h) => (h.frame.vxlan ? [h.frame.vxlan.vni] : [])))).toEqual(new Set([101]));
  });
});

describe('same network on one host', () => {
  const trace = cloud(loadExample('same-network-same-host')).send({ from: 'vm1', to: 'vm2' });
  it('never leaves br-int', () => {
    expect(trace.verdict).toBe('delivered');
    const echo = hopsOf(trace, packetId(trace, /echo request/));
    expect(echo.some((h) => h.device === 'br-tun' || h.kind === 'vxlan-port')).toBe(false);
    expect(echo.filter((h) => h.device === 'br-int')).toHaveLength(1);
  });
});

describe('two subnets of one network', () => {
  const t = loadExample('two-subnets-one-network');
  const trace = cloud(t).send({ from: 'vm1', to: 'vm2' });
  it('is routed, yet keeps one VNI on both tunnel legs', () => {
    expect(trace.verdict).toBe('delivered');
    const echo = hopsOf(trace, packetId(trace, /echo request/));
    expect(echo.some((h) => h.kind === 'namespace')).toBe(true);
    const vnis = echo.flatMap((h) => (h.kind === 'vxlan-port' && h.frame.vxlan ? [h.frame.vxlan.vni] : []));
    expect(vnis).toEqual([101, 101]);
  });
});

describe('the trace links every hop to the one before it', () => {
  it('gives each hop a parent, except the first hop of each packet', () => {
    const trace = cloud(loadExample('two-networks-one-router')).send({ from: 'vm1', to: 'vm2' });
    const seen = new Set<string>();
    for (const h of trace.hops) {
      if (seen.has(h.packet)) expect(h.parent, `hop ${h.seq}`).not.toBeNull();
      else expect(h.parent, `hop ${h.seq}`).toBeNull();
      seen.add(h.packet);
      if (h.parent !== null) expect(h.parent).toBeLessThan(h.seq);
    }
  });
});
