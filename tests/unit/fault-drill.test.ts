// The Faults tab's drill against the real core (in-process): a refused fault says why and offers what
// the cloud takes instead, and offers no send as if it had broken anything; undo (or any other change
// of the cloud) takes the last send's drop away with the fault.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useApp } from '../../src/store/app-store';
import { trialOf, useFaultDrill } from '../../src/store/fault-drill';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
const drill = () => useFaultDrill.getState();
const doc = () => useApp.getState().doc!;
const portId = (name: string) => doc().ports.find((p) => p.name === name)!.id;
/** the send the panel would offer now */
const offered = () => trialOf(drill(), doc());

beforeEach(async () => {
  useApp.setState({ doc: null, past: [], future: [] });
  expect(await useApp.getState().applyTopology(example, { history: false })).toBeNull();
  useFaultDrill.setState({ kind: 'sg-rule', target: '', applied: null, refusal: null, result: null });
});

describe('the fault drill', () => {
  it('a refused fault says why beside it, offers no send, and offers the interface that can go', async () => {
    const net1 = portId('router1-net1');
    const net2 = portId('router1-net2');
    drill().choose('router-interface', net1);
    expect(offered(), 'before breaking: the same send, to compare').not.toBeNull();
    const before = doc();

    expect(await drill().breakIt()).toBe(false);
    expect(doc(), 'nothing changed').toBe(before);
    expect(useApp.getState().past).toHaveLength(0);
    const refusal = drill().refusal!;
    expect(refusal.target).toBe(net1);
    expect(refusal.reason).toMatch(
      /^router1's interface on net1 \(192\.168\.1\.1\) is required by floating IP/,
    );
    expect(refusal.reason).toContain(doc().floatingips[0]!.floating_ip_address);
    expect(drill().applied).toBeNull();
    expect(offered(), 'no "send to see it" for a fault that did not happen').toBeNull();
    expect(refusal.instead.map((t) => t.id)).toEqual([net2]);

    expect(await drill().breakIt(refusal.instead[0]!.id)).toBe(true);
    expect(doc().ports.some((p) => p.id === net2)).toBe(false);
    expect(useApp.getState().past.at(-1)!.label).toMatch(
      /^fault: detach a router interface: router1 on net2/,
    );
    expect(drill().refusal).toBeNull();
    expect(drill().applied?.target).toBe(net2);
    const trial = offered()!;
    expect(trial.from).toBe('vm2');
    const trace = await drill().send();
    expect(trace?.verdict).toBe('dropped');
    expect(drill().result?.reason).toMatch(/no ARP reply for 192\.168\.2\.1/);
  });

  it('undo takes the drop explanation away with the fault, and the send offered is the unbroken one', async () => {
    drill().choose('mtu', 'compute1');
    expect(await drill().breakIt()).toBe(true);
    await drill().send();
    expect(drill().result?.verdict).toBe('dropped');
    expect(await useApp.getState().undo()).toBe(true);
    expect(doc().hosts.find((h) => h.name === 'compute1')!.underlay_mtu).toBe(1500);
    expect(drill().result).toBeNull();
    expect(drill().applied).toBeNull();
    await drill().send();
    expect(drill().result?.verdict).toBe('delivered');
  });

  it('another edit of the cloud, or another pick, takes a refusal and an outcome away', async () => {
    drill().choose('router-interface', portId('router1-net1'));
    await drill().breakIt();
    expect(drill().refusal).not.toBeNull();
    drill().choose('router-interface', portId('router1-net2'));
    expect(drill().refusal).toBeNull();
    drill().choose('router-interface', portId('router1-net1'));
    await drill().breakIt();
    expect(drill().refusal).not.toBeNull();
    await useApp.getState().edit('rename vm2', (d) => {
      d.servers.find((s) => s.name === 'vm2')!.name = 'vm3';
    });
    expect(drill().refusal).toBeNull();
  });
  it('stopping the L3 agent under an HA router: the trial keeps what was learned and shows the failover', async () => {
    const ha = JSON.parse(readFileSync('examples/l3-ha.json', 'utf8'));
    expect(await useApp.getState().applyTopology(ha, { history: false })).toBeNull();
    const router = doc().routers[0]!;
    const before = doc().ports.find((p) => p.name === 'router1-net1')!['binding:host_id'];
    drill().choose('l3-ha', router.id);
    const first = await drill().send();
    expect(first?.verdict).toBe('delivered');
    expect(await drill().breakIt()).toBe(true);
    expect(useApp.getState().past.at(-1)!.label).toBe(
      `fault: stop the l3 agent on the active network node: router1 (active on ${before})`,
    );
    const trace = (await drill().send())!;
    expect(trace.verdict).toBe('delivered');
    const garps = trace.packets.filter((p) => p.label.startsWith('gratuitous ARP'));
    expect(garps.length).toBeGreaterThan(0);
    const echo = trace.hops.filter((h) => h.packet === trace.probes[0]!.request);
    expect(echo.some((h) => h.device.startsWith('qrouter-') && h.host !== before)).toBe(true);
    expect(echo.some((h) => h.host === before)).toBe(false);
  });
});
