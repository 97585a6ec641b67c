// Challenge mode (issue 16, point 4): where a send stops (entering br-tun, at the router, at the
// security group, at NAT), questions whose answers are what the core did and whose choices are what the
// device really has, and playback that pauses before the packet enters the device, waits for the
// answer, shows the hop, keeps the score and goes on.
import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/all';
import { loadExampleTopology } from '../../src/lessons/builtin';
import {
  challengeStops,
  DEFAULT_STOPS,
  questionsFor,
  STOP_KINDS,
  type StopKind,
} from '../../src/logic/challenge';
import { flowData } from '../../src/logic/send/timeline';
import { Session, type Trace } from '../../src/sim';
import { useApp } from '../../src/store/app-store';
import { forgetAsked } from '../../src/store/challenge-gate';
import { useChallenge } from '../../src/store/challenge-store';
import { usePanel } from '../../src/store/panel-store';
import { timelineOf } from '../../src/store/playback-model';
import { advance, playhead, usePlayback } from '../../src/store/playback-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
const ALL = new Set<StopKind>(STOP_KINDS.map((k) => k.kind));

function traced(req: Parameters<Session['send']>[0]) {
  const s = new Session();
  const r = s.load(example);
  if (!r.ok) throw new Error('example');
  const res = s.send(req);
  if (!res.ok) throw new Error(res.error);
  return { s, t: r.topology, view: r.view, trace: res.trace, data: flowData(res.trace) };
}

function questionsOf(trace: Trace, s: Session, view: ReturnType<typeof traced>['view']) {
  const data = flowData(trace);
  return challengeStops(trace, ALL).flatMap((stop) =>
    questionsFor(trace, data, stop, view, s.inspect(data.bySeq.get(stop.seq)!.deviceId)).map((q) => ({
      ...q,
      hop: data.bySeq.get(stop.seq)!,
    })),
  );
}

describe('the stops and their questions', () => {
  it('a routed ping stops at the qbrs, entering br-tun each way, and at the router, on its request', () => {
    const { trace } = traced({ from: 'vm1', to: 'vm2' });
    const stops = challengeStops(trace, ALL);
    const hop = (seq: number) => trace.hops.find((h) => h.seq === seq)!;
    const where = (seq: number) => `${hop(seq).host}/${hop(seq).device.replace(/^(qbr|qrouter-).*$/, '$1')}`;
    expect(stops.map((s) => `${where(s.seq)}:${s.kinds}`)).toEqual([
      'compute1/qbr:security-group',
      'compute1/br-tun:br-tun',
      'network1/br-tun:br-tun',
      'network1/qrouter-:router',
      'compute2/qbr:security-group',
    ]);
    expect(stops.every((s) => hop(s.seq).packet === trace.probes[0]!.request)).toBe(true);
    expect(challengeStops(trace, new Set(['router']))).toHaveLength(1);
  });

  it('each answer is what the core did, among unique choices drawn from the device', () => {
    const { s, t, view, trace } = traced({ from: 'vm1', to: 'vm2' });
    const qs = questionsOf(trace, s, view);
    for (const q of qs) {
      expect(q.choices, q.prompt).toContain(q.answer);
      expect(new Set(q.choices).size, q.prompt).toBe(q.choices.length);
      expect(q.choices.length, q.prompt).toBeGreaterThan(1);
    }
    const vni = qs.find((q) => q.kind === 'vni')!;
    expect(vni.answer).toBe('101');
    expect(vni.hop.host).toBe('compute1');
    expect(qs.find((q) => q.kind === 'vlan')!.prompt).toContain('with VNI 101');
    expect(qs.find((q) => q.kind === 'ttl')!.answer).toBe('63');
    const route = qs.find((q) => q.kind === 'rule' && q.prompt.startsWith('Which route'))!;
    expect(route.answer).toMatch(/^192\.168\.2\.0\/24 dev qr-/);
    expect(route.choices.some((c) => c.startsWith('default via'))).toBe(true);
    const next = qs.find((q) => q.kind === 'next-device')!;
    expect(next.answer).toMatch(/^vxlan-/);
    expect(next.choices).toContain('br-int');
    // the router sends the packet for 192.168.2.99 out of its port on net2, among its ports
    const out = qs.find((q) => q.kind === 'next-device' && q.hop.device.startsWith('qrouter-'))!;
    const net2Port = t.ports.find((p) => p.name === 'router1-net2')!;
    expect(out.answer).toBe(`qr-${net2Port.id.slice(0, 11)}`);
    expect(out.choices.filter((c) => /^q[rg]-/.test(c)).length).toBeGreaterThan(1);
  });

  it('entering br-tun asks which flow of a table matches, among the flows of that table', () => {
    const { s, t, view, trace } = traced({ from: 'vm1', to: 'vm2' });
    const flows = questionsOf(trace, s, view).filter((q) => q.prompt.includes('Which flow of that table'));
    expect(flows.map((q) => q.hop.host)).toEqual(['compute1', 'network1']);
    // out of compute1: vm1's packet goes to its gateway, router1's port on net1, whose MAC l2population
    // put in table 20 with the tunnel to network1 (10.0.1.11)
    const gatewayMac = t.ports.find((p) => p.name === 'router1-net1')!.mac_address;
    const [out, into] = flows;
    expect(out!.answer).toMatch(/^table=20, /);
    expect(out!.answer).toContain(`dl_dst=${gatewayMac}`);
    expect(out!.answer).toContain('output:"vxlan-0a00010b"');
    expect(out!.choices.every((c) => c.startsWith('table=20, '))).toBe(true);
    // into network1 from the tunnel: table 10 (learn) has one flow only, so it asks about table 4,
    // which maps net1's VNI 101 (0x65) to network1's local VLAN
    expect(into!.answer).toMatch(
      /^table=4, priority=1,tun_id=0x65 actions=mod_vlan_vid:\d+,resubmit\(,10\)$/,
    );
    expect(into!.choices.every((c) => c.startsWith('table=4, '))).toBe(true);
    for (const q of flows) expect(new Set(q.choices).size).toBe(q.choices.length);
  });

  it('NAT asks for the SNAT rule of the router, among its NAT rules', () => {
    const { s, view, trace } = traced({ from: 'vm1', to: 'internet' });
    const nat = questionsOf(trace, s, view).find((q) => q.prompt.includes('NAT rule'))!;
    expect(nat.answer).toMatch(
      /^-A neutron-l3-agent-float-snat -s 192\.168\.1\.\d+\/32 -j SNAT --to-source /,
    );
    expect(nat.choices.every((c) => /-j (SNAT|DNAT)/.test(c))).toBe(true);
  });

  it('a spoofed packet: the rule that decides is the anti-spoofing DROP, among the chains it crossed', () => {
    const { s, view, trace } = traced({ from: 'vm1', to: 'vm2', src: '10.9.9.9' });
    const [q] = questionsOf(trace, s, view);
    expect(q!.answer).toMatch(
      /^-A neutron-openvswi-s\S+ -m comment --comment "Drop traffic without an IP\/MAC allow rule\." -j DROP$/,
    );
    expect(q!.choices.some((c) => c.includes('Allow traffic from defined IP/MAC pairs'))).toBe(true);
  });
});

describe('a lesson step that requires challenge mode', () => {
  it('has something to ask: its send stops at one of its hops at least, with questions', async () => {
    const steps = BUILTIN_LESSONS.flatMap((l) =>
      l.steps.filter((st) => st.challenge).map((st) => ({ l, st })),
    );
    expect(steps.length).toBeGreaterThan(0);
    for (const { l, st } of steps) {
      const s = new Session();
      const raw = typeof l.topology === 'string' ? await loadExampleTopology(l.topology) : l.topology;
      const r = s.load(raw);
      if (!r.ok) throw new Error(l.id);
      const { fresh: _f, ...req } = st.send!;
      const res = s.send(req);
      if (!res.ok) throw new Error(res.error);
      const at = new Set(st.challenge === true ? DEFAULT_STOPS : st.challenge!.at);
      const stops = challengeStops(res.trace, at);
      expect(stops.length, `${l.id}: ${st.title}`).toBeGreaterThan(0);
      const data = flowData(res.trace);
      const qs = questionsFor(
        res.trace,
        data,
        stops[0]!,
        r.view,
        s.inspect(data.bySeq.get(stops[0]!.seq)!.deviceId),
      );
      expect(qs.length, `${l.id}: ${st.title}`).toBeGreaterThan(0);
    }
  });
});

describe('playback in challenge mode', () => {
  const pb = () => usePlayback.getState();
  const ch = () => useChallenge.getState();
  const play = (frames: number) => {
    for (let i = 0; i < frames; i++) advance(55);
  };
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(ok()).toBe(true);
  };

  beforeAll(async () => {
    expect(await useApp.getState().applyTopology(example, { history: false })).toBeNull();
  });
  beforeEach(async () => {
    pb().clear();
    forgetAsked();
    useChallenge.setState({ on: false, required: null, asking: [], score: { asked: 0, right: 0 } });
    await pb().resetState();
  });

  it('pauses before the packet enters the stop, asks, shows the hop once answered, and goes on', async () => {
    await ch().setOn(true);
    ch().setKind('security-group', false);
    await pb().send({ from: 'vm1', to: 'vm2' });
    play(2000);
    expect(pb().playing, 'paused at the first stop').toBe(false);
    await until(() => ch().asking.length > 0);
    const flow = pb().flows.at(-1)!;
    const [q] = ch().asking;
    const tl = timelineOf(flow, false);
    expect(flow.data.bySeq.get(q!.seq)!.device).toBe('br-tun');
    expect(playhead.clock, 'the packet has not entered br-tun yet').toBe(flow.start + tl.slotOf.get(q!.seq)!);
    expect(pb().focus?.seq, 'the hop inspector does not give the answer away').not.toBe(q!.seq);
    play(50);
    expect(playhead.clock, 'nothing moves while a question waits').toBe(flow.start + tl.slotOf.get(q!.seq)!);

    ch().answer(q!.answer);
    expect(ch().score).toEqual({ asked: 1, right: 1 });
    const wrong = ch().asking[1]!;
    ch().answer(wrong.choices.find((c) => c !== wrong.answer)!);
    expect(ch().score).toEqual({ asked: 2, right: 1 });
    expect(pb().focus?.seq, 'not shown while a question of the stop waits').not.toBe(q!.seq);
    for (const rest of ch().asking.slice(2)) ch().answer(rest.answer);
    expect(ch().score.asked).toBe(ch().asking.length);
    expect(pb().focus, 'the answer shown with the hop inspector').toEqual({ flow: flow.id, seq: q!.seq });
    expect(usePanel.getState().tab).toBe('hop');

    ch().resume();
    expect(pb().playing).toBe(true);
    play(2000);
    await until(() => ch().asking.length > 0);
    expect(flow.data.bySeq.get(ch().asking[0]!.seq)!.host).toBe('network1');
  });

  it('off: plays through; a lesson step that requires it asks even with the toggle off', async () => {
    await pb().send({ from: 'vm1', to: 'vm2' });
    play(4000);
    expect(ch().asking).toEqual([]);
    expect(playhead.clock).toBe(timelineOf(pb().flows.at(-1)!, false).slots.length);
    await ch().require(['router']);
    await pb().send({ from: 'vm1', to: 'vm2' });
    play(4000);
    await until(() => ch().asking.length > 0);
    expect(ch().asking.map((q) => q.kind)).toEqual(['ttl', 'rule', 'next-device']);
    ch().resume();
    expect(ch().score.asked, 'unanswered questions count as missed').toBe(3);
  });

  it('turned off while asking: the question goes, the packet plays on, nothing counts as missed', async () => {
    await ch().setOn(true);
    await pb().send({ from: 'vm1', to: 'vm2' });
    play(2000);
    await until(() => ch().asking.length > 0);
    expect(pb().playing).toBe(false);
    await ch().setOn(false);
    expect(ch().asking).toEqual([]);
    expect(pb().playing).toBe(true);
    expect(ch().score).toEqual({ asked: 0, right: 0 });
  });

  it('after the answer showed the hop, Continue goes back to the tab the student was on', async () => {
    usePanel.getState().setTab('lesson');
    await ch().require(['router']);
    // as a lesson step sends: quietly, the lesson tab stays open
    await pb().send({ from: 'vm1', to: 'vm2' }, { quiet: true });
    expect(usePanel.getState().tab).toBe('lesson');
    play(4000);
    await until(() => ch().asking.length > 0);
    for (const q of ch().asking) ch().answer(q.answer);
    expect(usePanel.getState().tab).toBe('hop');
    ch().resume();
    expect(usePanel.getState().tab).toBe('lesson');
    // a student who left the hop tab for another is left there
    await pb().send({ from: 'vm1', to: 'vm2' }, { quiet: true });
    play(4000);
    await until(() => ch().asking.length > 0);
    for (const q of ch().asking) ch().answer(q.answer);
    usePanel.getState().setTab('terminal');
    ch().resume();
    expect(usePanel.getState().tab).toBe('terminal');
  });
});
