// What lesson 10 (VMs on a provider network) says that its steps' `expect` cannot: the flooded ARP copy
// that br-tun drops, the frame crossing the far provider bridge untouched, no NAT on the way out, and
// the two dnsmasq of the compute nodes answering one DHCPDISCOVER. Checked against the lesson's cloud.
import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/all';
import { cloud, hopsOf, loadExample, packetId } from './helpers';

const lesson = BUILTIN_LESSONS.find((l) => l.id === 'provider-networks')!;
const fresh = () => cloud(loadExample(lesson.topology as string));

describe('lesson 10, VMs on a provider network', () => {
  it('opens the cloud it describes: VLAN 101 of physical network provider, br-provider, no router', () => {
    expect(lesson.topology).toBe('provider-vlan');
    const t = fresh().topology;
    expect(t.routers).toEqual([]);
    expect(
      t.networks.map((n) => [n.name, n['provider:network_type'], n['provider:segmentation_id']]),
    ).toEqual([['provider1', 'vlan', 101]]);
    expect(t.options.bridge_mappings).toEqual([{ physical_network: 'provider', bridge: 'br-provider' }]);
    expect(t.options.dhcp_agents_per_network).toBe(2);
  });

  it('step 2: br-int floods the ARP broadcast to patch-tun too, and br-tun drops that copy', () => {
    const trace = fresh().send({ from: 'vm1', to: 'vm2' });
    const arp = hopsOf(trace, packetId(trace, /^ARP request/));
    const tun = arp.filter((h) => h.host === 'compute1' && h.device === 'br-tun');
    expect(tun).toHaveLength(1);
    expect(tun[0]!.drop?.severity).toBe('discard');
    expect(tun[0]!.rule).toMatch(/^table=22, priority=0 actions=drop/);
    expect(arp.some((h) => h.host === 'compute1' && h.device.startsWith('qdhcp-'))).toBe(true);
  });

  it('step 4: compute2’s br-provider passes the frame on tagged 101; br-int swaps it for its local VLAN', () => {
    const c = fresh();
    const trace = c.send({ from: 'vm1', to: 'vm2' });
    const echo = hopsOf(trace, trace.probes[0]!.request!);
    const far = echo.find((h) => h.host === 'compute2' && h.device === 'br-provider')!;
    expect(far.changes).toEqual([]);
    expect(far.frame.eth.vlan).toBe(101);
    const lvid = c.plane.hosts.get('compute2' as never)!.localVlans.get(c.topology.networks[0]!.id);
    const intoInt = echo.find((h) => h.host === 'compute2' && h.device === 'br-int')!;
    expect(intoInt.in).toBe('int-br-provider');
    expect(intoInt.changes[0]).toBe(`mod vlan 101 -> ${lvid}`);
    // what the event list says of it, in words that agree with themselves
    expect(intoInt.action).toMatch(
      new RegExp(`^frames tagged 101 from the provider network become local VLAN ${lvid};`),
    );
  });

  it('step 5: no NAT on the way to the internet host; the physical router alone lowers the TTL', () => {
    const trace = fresh().send({ from: 'vm1', to: 'internet' });
    const echo = hopsOf(trace, trace.probes[0]!.request!);
    expect(echo.flatMap((h) => h.changes).filter((x) => /NAT/.test(x))).toEqual([]);
    const arrived = echo.at(-1)!;
    expect(arrived.device).toBe('internet');
    expect(arrived.frame.ip?.src).toBe('203.0.113.129');
    expect(echo.filter((h) => h.changes.some((x) => x.startsWith('ttl'))).map((h) => h.device)).toEqual([
      'physical-router',
    ]);
  });

  it('step 7: both dnsmasq offer, vm1 requests the first (compute1’s), compute2’s keeps quiet', () => {
    const trace = fresh().send({ from: 'vm1', to: '', proto: 'dhcp' });
    const discover = hopsOf(trace, packetId(trace, /DISCOVER/));
    for (const host of ['compute1', 'compute2'])
      expect(
        discover.some((h) => h.host === host && h.kind === 'namespace' && /DHCPDISCOVER/.test(h.action)),
        `${host}'s dnsmasq hears the DISCOVER`,
      ).toBe(true);
    const offers = trace.packets.filter((p) => /OFFER/.test(p.label));
    expect(offers.map((p) => hopsOf(trace, p.id)[0]!.host)).toEqual(['compute1', 'compute2']);
    const request = hopsOf(trace, packetId(trace, /REQUEST/));
    const quiet = request.find((h) => h.host === 'compute2' && h.kind === 'namespace')!;
    expect(quiet.action).toMatch(/not this one: ignored/);
    expect(trace.packets.filter((p) => /ACK/.test(p.label)).map((p) => hopsOf(trace, p.id)[0]!.host)).toEqual(
      ['compute1'],
    );
  });
});
