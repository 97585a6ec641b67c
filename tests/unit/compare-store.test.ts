// The backend switch, the router type and the compare view's store against the real core (issue 14
// points 6 and 7, issue 15 points 5 and 6): each switch is one undoable step that rebuilds the plumbing;
// a refusal names the field and value and changes nothing; a comparison leaves the cloud, its history
// and its state alone.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useApp } from '../../src/store/app-store';
import { useCompare, variantsOf } from '../../src/store/compare-store';
import { setRouterType, switchBackend } from '../../src/store/edit-variants';
import { usePlayback } from '../../src/store/playback-store';
import { simClient } from '../../src/store/sim-client';
import { exampleText } from './helpers';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const st = () => useApp.getState();
const doc = () => st().doc!;
const roles = (role: string) =>
  st()
    .view!.devices.filter((d) => d.role === role)
    .map((d) => d.name);

async function open(name: string) {
  useApp.setState({ doc: null, past: [], future: [], selection: null });
  expect(await st().applyTopology(JSON.parse(exampleText(name)), { history: false })).toBeNull();
}

describe('the backend switch', () => {
  beforeEach(() => open('two-networks-one-router'));

  it('to ML2/OVN: one undoable step; the VMs and networks stay, the agents give way to OVN', async () => {
    const servers = doc().servers.map((s) => s.id);
    expect(roles('qbr').length).toBe(2);
    expect(await switchBackend('ovn')).toBeNull();
    expect(doc().options.mechanism_driver).toBe('ovn');
    expect(doc().servers.map((s) => s.id)).toEqual(servers);
    expect(roles('qbr')).toEqual([]);
    expect(roles('qrouter')).toEqual([]);
    expect(st().past.at(-1)!.label).toBe('backend ML2/OVN');
    expect(await st().undo()).toBe(true);
    expect(doc().options.mechanism_driver).toBe('openvswitch');
    expect(roles('qbr').length).toBe(2);
    expect(roles('qrouter').length).toBe(1);
  });

  it('to the openvswitch firewall: no qbr any more, the taps on br-int', async () => {
    expect(await switchBackend('ovs-firewall')).toBeNull();
    expect(doc().options.firewall_driver).toBe('openvswitch');
    expect(roles('qbr')).toEqual([]);
    expect(roles('qrouter').length).toBe(1);
  });

  it('refused when a network MTU does not fit Geneve: the error names the field and value, nothing changes', async () => {
    const net1 = doc().networks.findIndex((n) => n.name === 'net1');
    expect(
      await st().edit('mtu', (t) => {
        t.networks[net1]!.mtu = 1448;
      }),
    ).toBeNull();
    const before = doc();
    const past = st().past.length;
    const errors = await switchBackend('ovn');
    expect(errors?.[0]).toMatchObject({ path: `networks[${net1}].mtu`, value: 1448 });
    expect(errors?.[0]?.message).toMatch(/largest MTU a geneve network can have here \(1442/);
    expect(doc()).toBe(before);
    expect(st().past.length).toBe(past);
  });
});

describe("a router's type", () => {
  it('HA to legacy and back on the L3 HA example: one namespace, then two again', async () => {
    await open('l3-ha');
    const r = doc().routers[0]!;
    expect(roles('qrouter').length).toBe(2);
    expect(await setRouterType(r.id, 'legacy')).toBeNull();
    expect(doc().routers[0]!).toMatchObject({ ha: false, distributed: false });
    expect(roles('qrouter').length).toBe(1);
    expect(st().past.at(-1)!.label).toBe('make router1 legacy');
    expect(await setRouterType(r.id, 'ha')).toBeNull();
    expect(roles('qrouter').length).toBe(2);
    expect(await st().undo()).toBe(true);
    expect(roles('qrouter').length).toBe(1);
  });

  it('HA on a cloud with one network host is refused, naming the router', async () => {
    await open('two-networks-one-router');
    const before = doc();
    const errors = await setRouterType(before.routers[0]!.id, 'ha');
    expect(errors?.[0]).toMatchObject({ path: 'routers[0].ha', value: true });
    expect(errors?.[0]?.message).toMatch(/router router1 is highly available/);
    expect(doc()).toBe(before);
  });
});

describe('the compare view', () => {
  beforeEach(() => open('two-networks-one-router'));

  it('crosses the router types chosen with the backends chosen', () => {
    expect(variantsOf(['legacy', 'ha'], [])).toEqual([
      { backend: null, routers: 'legacy' },
      { backend: null, routers: 'ha' },
    ]);
    expect(variantsOf([], ['ovn', 'ovs-hybrid'])).toEqual([
      { backend: 'ovn', routers: null },
      { backend: 'ovs-hybrid', routers: null },
    ]);
    expect(variantsOf(['legacy'], ['ovs-hybrid', 'ovn'])).toHaveLength(2);
  });

  it('runs in the worker and leaves the cloud, its history and what its devices learned alone', async () => {
    usePlayback.setState({ from: 'vm1', to: 'vm2', proto: 'icmp' });
    const before = doc();
    const session = (
      simClient() as unknown as {
        session: { current(): { state: unknown }; send(r: unknown): unknown };
      }
    ).session;
    // a ping first, so that the devices have learned something the comparison must not change
    session.send({ from: 'vm1', to: 'vm2' });
    const neigh = () => (session.current()!.state as { neigh: Map<string, unknown> }).neigh;
    expect(neigh().size).toBeGreaterThan(0);
    const state = JSON.stringify([...(session.current()!.state as { neigh: Map<string, unknown> }).neigh]);
    useCompare.getState().show();
    expect(useCompare.getState()).toMatchObject({ open: true, from: 'vm1', to: 'vm2' });
    useCompare.setState({ routers: ['legacy'], backends: ['ovs-hybrid', 'ovn'] });
    await useCompare.getState().compare();
    const run = useCompare.getState().run!;
    expect(run.outcomes.map((o) => o.label)).toEqual([
      'legacy routers, ML2/OVS + iptables_hybrid',
      'legacy routers, ML2/OVN',
    ]);
    expect(run.outcomes.map((o) => o.kind === 'sent' && o.summary.networkNodeVisits)).toEqual([2, 0]);
    expect(doc()).toBe(before);
    expect(st().past).toEqual([]);
    expect(JSON.stringify([...(session.current()!.state as { neigh: Map<string, unknown> }).neigh])).toBe(
      state,
    );
  });

  it('says what is missing instead of sending nowhere', async () => {
    useCompare.setState({ from: '', to: 'vm2', run: null });
    await useCompare.getState().compare();
    expect(useCompare.getState().error).toBe('Choose where the send goes from and to.');
    expect(useCompare.getState().run).toBeNull();
  });
});
