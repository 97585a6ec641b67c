// State ages with simulated time (issue #13): conntrack entries, learned br-tun flows, MAC tables and ARP
// caches are forgotten when their time is up, as on a real host; Session.wait moves the clock; the
// inspector and dump-flows show each entry's age and what is left of its timeout.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Dataplane, Session, type SimState, type Trace } from '../../src/sim';

function cloud() {
  const s = new Session();
  const r = s.load(JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8')));
  if (!r.ok) throw new Error('load');
  return s;
}
const state = (s: Session) => (s.current() as { state: SimState; plane: Dataplane }).state;
const sent = (s: Session, from: string, to: string): Trace => {
  const r = s.send({ from, to });
  if (!r.ok) throw new Error(r.error);
  return r.trace;
};
const asksArp = (t: Trace) => t.packets.some((p) => p.kind === 'arp-request');
const learnedOn = (s: Session, host: string) =>
  s
    .tool({ host, namespace: null } as never, 'ovs-ofctl dump-flows br-tun table=20')
    .stdout.split('\n')
    .filter((l) => l.includes('hard_timeout=300'));

describe('state that ages', () => {
  it('an ARP cache entry lasts 90 s: a ping 20 s later needs no ARP, one 91 s later does', () => {
    const s = cloud();
    expect(asksArp(sent(s, 'vm1', 'vm2'))).toBe(true);
    s.wait(20);
    expect(asksArp(sent(s, 'vm1', 'vm2'))).toBe(false);
    s.wait(91);
    expect(asksArp(sent(s, 'vm1', 'vm2'))).toBe(true);
  });

  it('a learned br-tun flow goes at its hard_timeout, 300 s after it was last learned', () => {
    const s = cloud();
    sent(s, 'vm1', 'vm2');
    const learned = state(s).learned.get('compute1|br-tun')!.flows();
    expect(learned.length).toBeGreaterThan(0);
    const last = Math.max(...learned.map((f) => f.installedAt!));
    expect(learnedOn(s, 'compute1').length).toBe(learned.length);
    // one second before its timeout it is there, one second after it is gone
    s.wait((last + 299_000_000 - state(s).clock) / 1e6);
    expect(learnedOn(s, 'compute1').length).toBe(learned.length);
    s.wait(2);
    expect(learnedOn(s, 'compute1')).toEqual([]);
  });

  it('an ICMP connection is forgotten after 30 s, a MAC after 300 s', () => {
    const s = cloud();
    sent(s, 'vm1', 'internet');
    const ct = () => [...state(s).conntrack.values()].reduce((n, c) => n + c.byTuple.size, 0);
    const macs = () => [...state(s).fdb.values()].reduce((n, m) => n + m.size, 0);
    expect(ct()).toBeGreaterThan(0);
    expect(macs()).toBeGreaterThan(0);
    s.wait(25);
    expect(ct()).toBeGreaterThan(0);
    s.wait(6);
    expect(ct()).toBe(0);
    expect(macs()).toBeGreaterThan(0);
    s.wait(300);
    expect(macs()).toBe(0);
  });

  it('the inspector tells each entry its age and what is left of it', () => {
    const s = cloud();
    sent(s, 'vm1', 'internet');
    const router = [...(s.current() as { plane: Dataplane }).plane.devices.values()].find((d) =>
      d.name.startsWith('qrouter-'),
    )!;
    const lines = (title: string) => s.inspect(router.id)!.sections.find((x) => x.title === title)!.lines;
    expect(lines('ARP cache')[0]).toMatch(/ REACHABLE {2}\(\d+ s old, forgotten in \d+ s\)$/);
    // conntrack -L: the protocol, its number, then the seconds left (ICMP: 30 less what has passed)
    const conn = lines('Connections').find((l) => l.startsWith('icmp'))!;
    const left = Number(/^icmp\s+1 (\d+) /.exec(conn)![1]);
    expect(left).toBeGreaterThan(25);
    expect(left).toBeLessThanOrEqual(30);
    s.wait(10);
    expect(Number(/^icmp\s+1 (\d+) /.exec(lines('Connections').find((l) => l.startsWith('icmp'))!)![1])).toBe(
      left - 10,
    );
    s.wait(25);
    expect(lines('ARP cache')[0]).toMatch(/ STALE {2}\(/);
  });

  it('waiting moves the clock by the seconds asked, and nothing for nonsense', () => {
    const s = cloud();
    const t0 = s.wait(0);
    expect(s.wait(12.5)).toBeCloseTo(t0 + 12.5);
    expect(s.wait(-3)).toBeCloseTo(t0 + 12.5);
    expect(s.wait(Number.NaN)).toBeCloseTo(t0 + 12.5);
  });
});
