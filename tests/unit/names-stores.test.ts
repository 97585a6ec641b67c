// Repeated names in the stores, against the real core in-process: with a second VM called vm1 on
// compute2, the send form's choice by id reaches the right one, the terminal's places say which vm1 they
// are, and `ping vm1` is refused with both (as `openstack server show vm1` is) until one is named.
import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { placeGroups, placeTitle } from '../../src/logic/terminal/places';
import { loadTopology, type Topology, type Trace } from '../../src/sim';
import { useApp } from '../../src/store/app-store';
import { usePlayback } from '../../src/store/playback-store';
import { type Block, terminalPace, useTerminal } from '../../src/store/terminal-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const SECOND = 'a1b2c3d4-0000-4000-8000-000000000001';

/** The article's cloud with a second server called vm1, on compute2, on net2. */
function withSecondVm1(): Topology {
  const r = loadTopology(JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8')));
  if (!r.ok) throw new Error('example');
  const t = structuredClone(r.topology) as unknown as { servers: unknown[]; ports: unknown[] } & Topology;
  const vm2 = r.topology.servers.find((s) => s.name === 'vm2')!;
  const net2 = r.topology.networks.find((n) => n.name === 'net2')!;
  t.servers.push({ id: SECOND, name: 'vm1', project_id: vm2.project_id, host: 'compute2' });
  t.ports.push({ name: 'vm1-again', network_id: net2.id, device_id: SECOND });
  return t;
}

const doc = () => useApp.getState().doc!;
const first = () => doc().servers.find((s) => s.name === 'vm1' && s.host === 'compute1')!;
const pb = () => usePlayback.getState();
const t = () => useTerminal.getState();
const shown = (from: number): Block[] => t().sessions[t().current!]!.blocks.slice(from);
const count = () => t().sessions[t().current!]!.blocks.length;

/** Where the echo request ended: its last hop's device. */
const echoEnd = (trace: Trace) => {
  const echo = trace.packets.find((p) => /echo request/.test(p.label))!.id;
  return trace.hops.filter((h) => h.packet === echo).at(-1)!.deviceId;
};

beforeAll(async () => {
  expect(await useApp.getState().applyTopology(withSecondVm1(), { history: false })).toBeNull();
});

beforeEach(async () => {
  useTerminal.setState({ sessions: {}, current: null, history: [] });
  pb().clear();
  await pb().resetState();
  terminalPace.scale = 0;
});

describe('the send form', () => {
  it('sends from and to the server chosen by id, whatever its name', async () => {
    pb().setForm({ from: 'vm2', to: 'vm1 (compute2)', toId: SECOND, proto: 'icmp', count: 1 });
    const trace = await pb().send();
    expect(trace?.verdict).toBe('delivered');
    expect(echoEnd(trace!)).toBe(`compute2|server:${SECOND}`);
    pb().setForm({ from: 'vm1 (compute2)', fromId: SECOND, to: 'vm1 (compute1)', toId: first().id });
    const back = await pb().send();
    expect(back!.hops[0]!.deviceId).toBe(`compute2|server:${SECOND}`);
    expect(echoEnd(back!)).toBe(`compute1|server:${first().id}`);
    expect(pb().flows.at(-1)!.title).toBe('vm1 (compute2) → vm1 (compute1) · ping');
  });

  it('forgets the id when the words change without one, so a stale id never sends', async () => {
    pb().setForm({ from: 'vm1 (compute2)', fromId: SECOND });
    pb().setForm({ from: 'vm2' });
    expect(pb().fromId).toBe('');
    pb().setForm({ to: 'vm1', toId: SECOND });
    pb().setForm({ to: 'vm1' });
    expect(pb().toId).toBe('');
    // and the bare name alone is refused by the core, with both
    expect(await pb().send()).toBeNull();
    expect(useApp.getState().notices.at(-1)?.text).toMatch(/vm1 \(compute1\) and vm1 \(compute2\)/);
  });
});

describe('the terminal', () => {
  it('names each vm1 console by its host', () => {
    const vms = placeGroups(doc(), useApp.getState().view).find((g) => g.label === 'VM consoles')!;
    expect(vms.options.map((o) => o.label).sort()).toEqual([
      'vm1 (compute1) console',
      'vm1 (compute2) console',
      'vm2 console',
    ]);
    expect(placeTitle({ target: { kind: 'vm', serverId: SECOND }, namespace: null }, doc())).toBe(
      "vm1 (compute2)'s console",
    );
  });

  it('ping vm1 in vm2’s console says there are two, and the named one answers', async () => {
    const vm2 = doc().servers.find((s) => s.name === 'vm2')!;
    t().open({ target: { kind: 'vm', serverId: vm2.id }, namespace: null });
    const sends = pb().flows.length;
    let n = count();
    expect(await t().run('ping -c 1 vm1')).toBe(2);
    const err = shown(n).find((b) => b.kind === 'err')!.text;
    expect(err).toMatch(/^ping: vm1: More than one server exists with the name 'vm1':/);
    expect(err).toContain(
      `vm1 (compute1)  ${doc().ports.find((p) => p.device_id === first().id)!.fixed_ips[0]!.ip_address}`,
    );
    expect(err).toContain(
      `vm1 (compute2)  ${doc().ports.find((p) => p.device_id === SECOND)!.fixed_ips[0]!.ip_address}`,
    );
    expect(err).toContain("ping 'vm1 (compute2)'");
    expect(pb().flows.length).toBe(sends);

    for (const [typed, id, host] of [
      ["'vm1 (compute2)'", SECOND, 'compute2'],
      ['"vm1 (compute1)"', first().id, 'compute1'],
      [SECOND, SECOND, 'compute2'],
    ] as const) {
      n = count();
      expect(await t().run(`ping -c 1 ${typed}`)).toBe(0);
      const ip = doc().ports.find((p) => p.device_id === id)!.fixed_ips[0]!.ip_address;
      const out = shown(n)
        .filter((b) => b.kind === 'out')
        .map((b) => b.text)
        .join('\n');
      // vm2 boots CirrOS: its console pings as BusyBox does
      expect(out).toContain(`64 bytes from ${ip}: seq=0 `);
      const flow = pb().flows.at(-1)!;
      expect(flow.req).toMatchObject({ fromId: vm2.id, toId: id });
      expect(echoEnd(flow.trace)).toBe(`${host}|server:${id}`);
    }
  });

  it('pings from the second vm1’s console, by its id', async () => {
    t().open({ target: { kind: 'vm', serverId: SECOND }, namespace: null });
    expect(await t().run('ping -c 1 vm2')).toBe(0);
    expect(pb().flows.at(-1)!.trace.hops[0]!.deviceId).toBe(`compute2|server:${SECOND}`);
  });
});
