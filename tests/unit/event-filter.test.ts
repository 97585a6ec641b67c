// The event list's filter, on real traces of the demo cloud: a kind keeps the hops whose frame carries
// it (ARP, DHCP apart from UDP, VXLAN for the hops inside a tunnel), a host keeps its hops, chips add
// up (a union), and a host narrows them (an intersection).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EVENT_KINDS,
  type EventKind,
  hostsOf,
  isFiltering,
  keeps,
  kindsOf,
  NO_FILTER,
} from '../../src/logic/send/event-filter';
import type { TraceHop } from '../../src/sim';
import { cloud, loadExample } from './helpers';

const demo = cloud(loadExample('two-networks-one-router'));
const ping = demo.send({ from: 'vm1', to: 'vm2' });
const tcp = demo.send({ from: 'vm1', to: 'vm2', proto: 'tcp', port: 22 });
const udp = demo.send({ from: 'vm2', to: 'vm1', proto: 'udp', port: 53 });
const dhcp = demo.send({ from: 'vm1', to: 'vm1', proto: 'dhcp' });
const out = demo.send({ from: 'vm1', to: 'internet' });
const all: TraceHop[] = [ping, tcp, udp, dhcp, out].flatMap((t) => t.hops);

const only = (kinds: EventKind[], hops = all) => hops.filter((h) => keeps({ kinds, host: null }, h));

describe('the event filter', () => {
  it('no filter keeps every hop', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(all.every((h) => keeps(NO_FILTER, h))).toBe(true);
  });

  it('ARP keeps the ARP request and reply hops, and nothing else', () => {
    const arp = only(['arp'], ping.hops);
    const arpPackets = new Set(ping.packets.filter((p) => p.kind.startsWith('arp')).map((p) => p.id));
    expect(arp.length).toBeGreaterThan(0);
    expect(arp.map((h) => h.seq)).toEqual(
      ping.hops.filter((h) => arpPackets.has(h.packet)).map((h) => h.seq),
    );
  });

  it('ICMP, TCP and UDP keep the hops of their own packets', () => {
    for (const [trace, kind] of [
      [ping, 'icmp'],
      [tcp, 'tcp'],
      [udp, 'udp'],
    ] as const) {
      const ids = new Set(trace.packets.filter((p) => p.kind === kind).map((p) => p.id));
      expect(ids.size, kind).toBeGreaterThan(0);
      expect(only([kind], trace.hops).map((h) => h.seq)).toEqual(
        trace.hops.filter((h) => ids.has(h.packet)).map((h) => h.seq),
      );
    }
  });

  it('DHCP has its own chip: its hops are not UDP ones, as in Packet Tracer', () => {
    const kept = only(['dhcp'], dhcp.hops);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((h) => h.frame.ip?.proto === 'udp' && h.frame.dhcp)).toBe(true);
    expect(only(['udp'], dhcp.hops).filter((h) => h.frame.dhcp)).toEqual([]);
  });

  it('VXLAN keeps exactly the hops inside a tunnel: from the encapsulating port to the decapsulating one', () => {
    const vx = only(['vxlan'], ping.hops);
    expect(vx.length).toBeGreaterThan(0);
    expect(new Set(vx.map((h) => h.kind))).toEqual(new Set(['vxlan-port', 'underlay']));
    // the port that decapsulates shows the inner frame: it is not inside the tunnel any more
    for (const h of ping.hops.filter((x) => x.changes.some((c) => c.startsWith('encap vxlan'))))
      expect(vx).toContain(h);
  });

  it('a host keeps the hops on it; "" keeps the hops on no host (the underlay, outside)', () => {
    const c1 = all.filter((h) => keeps({ kinds: [], host: 'compute1' }, h));
    expect(c1.length).toBeGreaterThan(0);
    expect(c1.every((h) => h.host === 'compute1')).toBe(true);
    const none = all.filter((h) => keeps({ kinds: [], host: '' }, h));
    expect(none.map((h) => h.kind)).toContain('underlay');
    expect(none.every((h) => h.host === null)).toBe(true);
  });

  it('chips add up, a host narrows: the filter is (kind a or kind b) and the host', () => {
    const hosts = [null, ...hostsOf(all)];
    fc.assert(
      fc.property(
        fc.subarray([...EVENT_KINDS]),
        fc.constantFrom(...hosts),
        fc.constantFrom(...all),
        (kinds, host, h) => {
          const byKind = kinds.length === 0 || kinds.some((k) => keeps({ kinds: [k], host: null }, h));
          const byHost = keeps({ kinds: [], host }, h);
          expect(keeps({ kinds, host }, h)).toBe(byKind && byHost);
        },
      ),
    );
  });

  it('every hop has a kind the chips offer', () => {
    for (const h of all) expect(kindsOf(h).length, `${h.device} #${h.seq}`).toBeGreaterThan(0);
  });

  it('lists the hosts in order, the hops on no host last', () => {
    expect(hostsOf(all)).toEqual(['compute1', 'compute2', 'network1', '']);
    expect(hostsOf(ping.hops.filter((h) => h.host !== null))).not.toContain('');
  });
});
