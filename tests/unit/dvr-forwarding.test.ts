// Forwarding through a distributed router (issue #14, point 2), following the walkthroughs of neutron's
// deploy-ovs-ha-dvr guide as neutron-facts-beyond §1.6 derives them hop by hop: east-west is routed on
// the source compute and the reply on the other one, never on the network node; a VM without a floating
// IP goes out through snat- on the dvr_snat host; a floating IP goes out and comes in through its own
// compute's fip- namespace. Each checks the hop order, the DVR MAC on the wire, the VNIs, TTLs and NAT.
import { describe, expect, it } from 'vitest';
import type { TraceHop } from '../../src/sim';
import { dvrMacs } from '../../src/sim/model/dvr';
import { cloud, hopsOf, loadExample, packetId, path } from './helpers';

const t = loadExample('dvr');
const macs = dvrMacs(t);
const dvrMac = (host: string) => macs.get(host as never)!;
const port = (name: string) => t.ports.find((p) => p.name === name)!;
const ipOf = (name: string) => port(name).fixed_ips[0]!.ip_address;
const router = t.routers[0]!;
const qrouter = `qrouter-${router.id}`;
const snat = `snat-${router.id}`;
const fip = `fip-${t.networks.find((n) => n.name === 'public')!.id}`;
const gw = t.ports.find((p) => p.device_owner === 'network:router_gateway')!;
const sg = (net: string) =>
  t.ports.find(
    (p) =>
      p.device_owner === 'network:router_centralized_snat' &&
      t.networks.find((n) => n.id === p.network_id)?.name === net,
  )!;
const fg = (host: string) =>
  t.ports.find(
    (p) => p.device_owner === 'network:floatingip_agent_gateway' && p['binding:host_id'] === host,
  )!;
const vm1Fip = t.floatingips[0]!.floating_ip_address;
/** the hop that wraps the packet into VXLAN on a host: what goes on the wire */
const encap = (hops: TraceHop[], host: string) =>
  hops.find(
    (h) => h.kind === 'vxlan-port' && h.host === host && h.changes.some((c) => c.startsWith('encap')),
  )!;
const at = (hops: TraceHop[], device: string, host: string | null) =>
  hops.find((h) => h.device === device && h.host === host)!;

describe('east-west: vm1 (net1, compute1) to vm2 (net2, compute2)', () => {
  const c = cloud(t);
  const tr = c.send({ from: 'vm1', to: 'vm2' });
  const req = hopsOf(tr, packetId(tr, /echo request/));
  const rep = hopsOf(tr, packetId(tr, /echo reply/));

  it('is delivered without the network node', () => {
    expect(tr.verdict).toBe('delivered');
    expect(tr.hops.filter((h) => h.host === 'network1')).toEqual([]);
  });

  it('is routed on compute1, then crosses one tunnel to compute2 with net2 VNI', () => {
    const p = path(tr, packetId(tr, /echo request/));
    const order = [
      'vm1@compute1',
      'br-int@compute1',
      `${qrouter}@compute1`,
      'br-int@compute1',
      'br-tun@compute1',
      'underlay@-',
      'br-tun@compute2',
      'br-int@compute2',
      'vm2@compute2',
    ];
    let i = 0;
    for (const step of p) if (step === order[i]) i++;
    expect(i, `path: ${p.join(' > ')}`).toBe(order.length);
    expect(p.filter((x) => x.startsWith(qrouter))).toEqual([`${qrouter}@compute1`]);
    const wire = encap(req, 'compute1');
    expect(wire.frame.vxlan?.vni).toBe(102);
    expect(wire.frame.vxlan?.outer).toMatchObject({ src: '10.0.1.31', dst: '10.0.1.32' });
  });

  it("carries compute1's DVR MAC on the wire, and the gateway MAC again on arrival", () => {
    const wire = encap(req, 'compute1');
    expect(wire.frame.eth).toMatchObject({ src: dvrMac('compute1'), dst: port('vm2-port').mac_address });
    const tun = at(req, 'br-tun', 'compute1');
    expect(tun.changes).toContain(`src mac ${port('router1-net2').mac_address} -> ${dvrMac('compute1')}`);
    expect(tun.trail?.some((f) => f.includes(`mod_dl_src:${dvrMac('compute1')}`))).toBe(true);
    const arrived = at(req, 'vm2', 'compute2');
    expect(arrived.frame.eth.src).toBe(port('router1-net2').mac_address);
    expect(at(req, 'br-int', 'compute2').rule).toContain('table=60, priority=20');
  });

  it('decrements the TTL once and translates nothing', () => {
    const arrived = at(req, 'vm2', 'compute2');
    expect(arrived.frame.ip).toMatchObject({ src: ipOf('vm1-port'), dst: ipOf('vm2-port'), ttl: 63 });
    expect(req.some((h) => h.changes.some((x) => /NAT/.test(x)))).toBe(false);
  });

  it("routes the reply on compute2, with compute2's DVR MAC and net1 VNI", () => {
    const p = path(tr, packetId(tr, /echo reply/));
    expect(p.filter((x) => x.startsWith(qrouter))).toEqual([`${qrouter}@compute2`]);
    const wire = encap(rep, 'compute2');
    expect(wire.frame.vxlan?.vni).toBe(101);
    expect(wire.frame.eth.src).toBe(dvrMac('compute2'));
    expect(at(rep, 'vm1', 'compute1').frame.ip?.ttl).toBe(63);
  });
});

describe('SNAT: vm2 (no floating IP) to the internet', () => {
  const c = cloud(t);
  const tr = c.send({ from: 'vm2', to: 'internet' });
  const req = hopsOf(tr, packetId(tr, /echo request/));
  const rep = hopsOf(tr, packetId(tr, /echo reply/));
  const n = '3232236033'; // 192.168.2.1 as an integer: the table and priority of net2's SNAT rule

  it("leaves compute2's router namespace by the ip rule to net2's sg- port, back out of qr-", () => {
    expect(tr.verdict).toBe('delivered');
    const q = at(req, qrouter, 'compute2');
    expect(q.rule).toContain(`${n}:\tfrom 192.168.2.1/24 lookup ${n}`);
    expect(q.rule).toContain(
      `default via ${sg('net2').fixed_ips[0]!.ip_address} dev qr-${port('router1-net2').id.slice(0, 11)}`,
    );
    expect(q.out).toBe(`qr-${port('router1-net2').id.slice(0, 11)}`);
    expect(q.frame.eth.dst).toBe(sg('net2').mac_address);
    expect(q.frame.ip?.ttl).toBe(63);
  });

  it("crosses to network1 with compute2's DVR MAC, reaches snat- through sg-, SNATs out of qg-", () => {
    const p = path(tr, packetId(tr, /echo request/));
    const order = [
      `${qrouter}@compute2`,
      'br-tun@compute2',
      'br-tun@network1',
      'br-int@network1',
      `sg-${sg('net2').id.slice(0, 11)}@network1`,
      `${snat}@network1`,
      `qg-${gw.id.slice(0, 11)}@network1`,
      'br-ex@network1',
      'upstream@-',
      'internet@-',
    ];
    let i = 0;
    for (const step of p) if (step === order[i]) i++;
    expect(i, `path: ${p.join(' > ')}`).toBe(order.length);
    const wire = encap(req, 'compute2');
    expect(wire.frame.eth.src).toBe(dvrMac('compute2'));
    expect(wire.frame.vxlan?.vni).toBe(102);
    expect(wire.frame.vxlan?.outer.dst).toBe('10.0.1.11');
    const s = at(req, snat, 'network1');
    expect(s.changes).toContain(`SNAT src ${ipOf('vm2-port')} -> ${gw.fixed_ips[0]!.ip_address}`);
    expect(s.frame.ip?.ttl).toBe(62);
    expect(at(req, 'internet', null).frame.ip).toMatchObject({ src: gw.fixed_ips[0]!.ip_address, ttl: 61 });
  });

  it('comes back from sg- as plain L2 over VXLAN: no DVR MAC, no router namespace on compute2', () => {
    const wire = encap(rep, 'network1');
    expect(wire.frame.eth.src).toBe(sg('net2').mac_address);
    expect(wire.frame.vxlan?.vni).toBe(102);
    expect(rep.some((h) => h.device === qrouter && h.host === 'compute2')).toBe(false);
    expect(at(rep, 'vm2', 'compute2').frame.ip).toMatchObject({
      src: '203.0.113.10',
      dst: ipOf('vm2-port'),
      ttl: 62,
    });
  });
});

describe("a floating IP: vm1's, through compute1's fip namespace", () => {
  const fg1 = `fg-${fg('compute1').id.slice(0, 11)}`;
  const rfp = `rfp-${router.id.slice(0, 10)}`;

  it('goes out by table 16, rfp-/fpr- and fg-, SNATed to the floating IP, without a tunnel', () => {
    const c = cloud(t);
    const tr = c.send({ from: 'vm1', to: 'internet' });
    const req = hopsOf(tr, packetId(tr, /echo request/));
    expect(tr.verdict).toBe('delivered');
    expect(
      tr.hops.some((h) => h.kind === 'vxlan-port' || (h.host === 'network1' && h.packet === req[0]!.packet)),
    ).toBe(false);
    const p = path(tr, packetId(tr, /echo request/));
    const order = [
      `${qrouter}@compute1`,
      `${fip}@compute1`,
      `${fg1}@compute1`,
      'br-int@compute1',
      'br-ex@compute1',
      'upstream@-',
    ];
    let i = 0;
    for (const step of p) if (step === order[i]) i++;
    expect(i, `path: ${p.join(' > ')}`).toBe(order.length);
    const q = at(req, qrouter, 'compute1');
    expect(q.out).toBe(rfp);
    expect(q.rule).toContain(`32768:\tfrom ${ipOf('vm1-port')} lookup 16`);
    expect(q.changes).toContain(`SNAT src ${ipOf('vm1-port')} -> ${vm1Fip}`);
    const f = req.filter((h) => h.device === fip && h.host === 'compute1' && h.out === fg1).at(-1)!;
    expect(f.frame.eth.src).toBe(fg('compute1').mac_address);
    expect(f.frame.ip?.ttl).toBe(62);
    expect(at(req, 'internet', null).frame.ip).toMatchObject({ src: vm1Fip, ttl: 61 });
  });

  it('comes in by proxy ARP on fg-, the route via rfp- and the DNAT of the router namespace', () => {
    const c = cloud(t);
    const tr = c.send({ from: 'internet', to: 'vm1' });
    expect(tr.send.dst).toBe(vm1Fip);
    expect(tr.verdict).toBe('delivered');
    const arp = tr.hops.find((h) => h.device === fip && h.action.includes('proxy_arp'))!;
    expect(arp.host).toBe('compute1');
    const reply = hopsOf(tr, packetId(tr, new RegExp(`ARP reply ${vm1Fip.replaceAll('.', '\\.')}`)));
    expect(reply[0]!.frame.arp).toMatchObject({ op: 'reply', spa: vm1Fip, sha: fg('compute1').mac_address });
    const req = hopsOf(tr, packetId(tr, /echo request/));
    const p = path(tr, packetId(tr, /echo request/));
    const order = [
      'upstream@-',
      'br-ex@compute1',
      'br-int@compute1',
      `${fip}@compute1`,
      `${qrouter}@compute1`,
      'vm1@compute1',
    ];
    let i = 0;
    for (const step of p) if (step === order[i]) i++;
    expect(i, `path: ${p.join(' > ')}`).toBe(order.length);
    expect(at(req, fip, 'compute1').rule).toContain(
      `${vm1Fip} via 169.254.64.0 dev fpr-${router.id.slice(0, 10)}`,
    );
    const q = at(req, qrouter, 'compute1');
    expect(q.in).toBe(rfp);
    expect(q.changes).toContain(`DNAT dst ${vm1Fip} -> ${ipOf('vm1-port')}`);
    expect(at(req, 'vm1', 'compute1').frame.ip).toMatchObject({
      src: '203.0.113.10',
      dst: ipOf('vm1-port'),
      ttl: 61,
    });
    // routed and translated on compute1 only; br-int there has not learned vm1's MAC yet (vm1 sent
    // nothing), so NORMAL floods that first frame over the tunnels too, with compute1's DVR MAC, and the
    // other hosts' br-int drop it in table 1: no port of theirs has that MAC
    for (const h of req.filter((x) => x.host !== 'compute1' && x.host !== null)) {
      expect(h.kind === 'namespace' || h.kind === 'vm', `${h.device}@${h.host}`).toBe(false);
      if (h.fate === 'drop') expect(h.rule).toBe('table=1, priority=1 actions=drop');
    }
  });
});
