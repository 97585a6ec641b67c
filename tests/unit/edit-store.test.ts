// Building the article's cloud from an empty one with the store's edit actions, against the real core:
// what the agents build appears step by step, undo and redo walk the steps, refusals change nothing.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useApp } from '../../src/store/app-store';
import { deleteTarget, impactOf } from '../../src/store/edit-delete';
import {
  addFloatingIp,
  addHost,
  addNetwork,
  addRouter,
  addServer,
  attachRouter,
  attachServer,
  moveServer,
  projectFor,
} from '../../src/store/edit-ops';
import { patchSubnet } from '../../src/store/edit-patch';
import { simClient } from '../../src/store/sim-client';
import { EMPTY } from './edit-harness';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const st = () => useApp.getState();
const doc = () => st().doc!;
const roles = (role: string) => st().view!.devices.filter((d) => d.role === role);
const id = (list: { id: string; name: string }[], name: string) => list.find((x) => x.name === name)!.id;

async function ok(p: Promise<unknown>) {
  expect(await p).toBeNull();
}

beforeEach(async () => {
  useApp.setState({ doc: null, past: [], future: [], selection: null });
  await ok(st().applyTopology(EMPTY, { history: false }));
});

async function buildArticle() {
  await ok(st().edit('add compute1', (t) => void addHost(t, 'compute')));
  await ok(st().edit('add compute2', (t) => void addHost(t, 'compute')));
  await ok(st().edit('add network1', (t) => void addHost(t, 'network')));
  await ok(st().edit('add net1', (t) => void addNetwork(t, projectFor(t, null), false)));
  await ok(st().edit('add net2', (t) => void addNetwork(t, projectFor(t, null), false)));
  await ok(st().edit('add public', (t) => void addNetwork(t, projectFor(t, null), true)));
  await ok(st().edit('add router1', (t) => void addRouter(t, projectFor(t, null))));
  await ok(st().edit('add vm1', (t) => void addServer(t, projectFor(t, null), 'compute1', null)));
  await ok(st().edit('add vm2', (t) => void addServer(t, projectFor(t, null), 'compute2', null)));
  const d = doc();
  await ok(
    st().edit('vm1 to net1', (t) => void attachServer(t, id(d.servers, 'vm1'), id(d.networks, 'net1'))),
  );
  await ok(
    st().edit('vm2 to net2', (t) => void attachServer(t, id(d.servers, 'vm2'), id(d.networks, 'net2'))),
  );
  expect(roles('qrouter')).toHaveLength(0);
  await ok(
    st().edit(
      'router1 to net1',
      (t) => void attachRouter(t, id(d.routers, 'router1'), id(d.networks, 'net1')),
    ),
  );
  expect(roles('qrouter')).toHaveLength(1);
  await ok(
    st().edit(
      'router1 to net2',
      (t) => void attachRouter(t, id(d.routers, 'router1'), id(d.networks, 'net2')),
    ),
  );
  await ok(
    st().edit(
      'router1 gateway',
      (t) => void attachRouter(t, id(d.routers, 'router1'), id(d.networks, 'public')),
    ),
  );
}

describe('building a cloud by edits', () => {
  it('reaches the article scenario, and vm1 reaches vm2 through the router', async () => {
    expect(st().view!.hosts).toEqual([]);
    await buildArticle();
    const d = doc();
    expect(d.hosts.map((h) => h.name)).toEqual(['compute1', 'compute2', 'network1']);
    expect(d.routers[0]!.external_gateway_info?.external_fixed_ips[0]?.ip_address).toMatch(/^172\.24\.4\./);
    expect(roles('qdhcp')).toHaveLength(2);
    expect(
      roles('vm')
        .map((v) => v.name)
        .sort(),
    ).toEqual(['vm1', 'vm2']);
    const r = await simClient().call('send', { from: 'vm1', to: 'vm2', proto: 'icmp' });
    expect(r.ok && r.trace.verdict).toBe('delivered');
    expect(st().past).toHaveLength(14);
  });

  it('gives a host a local VLAN and tunnels only once it has a port on the network', async () => {
    await ok(st().edit('h', (t) => void addHost(t, 'compute')));
    await ok(st().edit('h', (t) => void addHost(t, 'network')));
    await ok(st().edit('n', (t) => void addNetwork(t, projectFor(t, null), false)));
    const compute1 = () => st().view!.hosts.find((h) => h.name === 'compute1')!;
    await ok(st().edit('vm', (t) => void addServer(t, projectFor(t, null), 'compute1', null)));
    expect(compute1().localVlans).toEqual([]);
    expect(st().view!.tunnels).toEqual([]);
    const d = doc();
    await ok(st().edit('port', (t) => void attachServer(t, d.servers[0]!.id, d.networks[0]!.id)));
    expect(compute1().localVlans).toHaveLength(1);
    expect(st().view!.tunnels).toHaveLength(1);
  });

  it('undoes and redoes each step, a drop of two resources in one step', async () => {
    await buildArticle();
    const end = doc();
    await ok(
      st().edit(
        'vm3 on net1',
        (t) => void addServer(t, projectFor(t, null), 'compute1', id(t.networks, 'net1')),
      ),
    );
    expect(doc().ports.length).toBe(end.ports.length + 1);
    expect(await st().undo()).toBe(true);
    expect(doc()).toEqual(end);
    expect(await st().redo()).toBe(true);
    expect(doc().servers.map((s) => s.name)).toContain('vm3');
    while (st().past.length) await st().undo();
    expect(doc().hosts).toEqual([]);
    expect(st().future).toHaveLength(15);
    while (st().future.length) await st().redo();
    expect(doc().servers).toHaveLength(3);
  });

  it('refuses a VM on a network host and changes nothing', async () => {
    await buildArticle();
    const before = doc();
    const vm1 = id(before.servers, 'vm1');
    const errors = await st().edit('move', (t) => moveServer(t, vm1, 'network1'));
    expect(errors?.[0]?.message).toMatch(/network host/);
    expect(doc()).toBe(before);
    await ok(st().edit('move', (t) => moveServer(t, vm1, 'compute2')));
    expect(roles('vm').find((v) => v.name === 'vm1')?.host).toBe('compute2');
  });

  it('refuses a bad CIDR at the field, with the core message, and changes nothing', async () => {
    await buildArticle();
    const before = doc();
    const errors = await st().edit('cidr', (t) => patchSubnet(t, t.subnets[0]!.id, { cidr: '10.1.2.3/24' }));
    expect(errors?.[0]).toMatchObject({ path: 'subnets[0].cidr', value: '10.1.2.3/24' });
    expect(doc()).toBe(before);
    expect(st().past.length).toBe(14);
    await ok(st().edit('cidr', (t) => patchSubnet(t, t.subnets[0]!.id, { cidr: '10.1.2.0/24' })));
    expect(doc().subnets[0]!.gateway_ip).toBe('10.1.2.1');
    const vm1port = doc().ports.find((p) => p.device_id === id(doc().servers, 'vm1'))!;
    expect(vm1port.fixed_ips[0]!.ip_address).toMatch(/^10\.1\.2\./);
  });

  it('turns DHCP off and on: the qdhcp namespace goes and comes back', async () => {
    await buildArticle();
    const s = doc().subnets.find((x) => x.name === 'subnet1')!;
    await ok(st().edit('dhcp off', (t) => patchSubnet(t, s.id, { enable_dhcp: false })));
    expect(roles('qdhcp')).toHaveLength(1);
    await ok(st().edit('dhcp on', (t) => patchSubnet(t, s.id, { enable_dhcp: true })));
    expect(roles('qdhcp')).toHaveLength(2);
  });

  it('deletes a network with what goes with it, explained first', async () => {
    await buildArticle();
    await ok(st().edit('fip', (t) => void addFloatingIp(t, projectFor(t, null), id(t.servers, 'vm1'))));
    const net1 = id(doc().networks, 'net1');
    const impact = impactOf(doc(), { kind: 'network', id: net1 });
    expect(impact.refused).toBeNull();
    expect(impact.also.join('\n')).toMatch(/router1's interface 192\.168\.1\.1/);
    expect(impact.also.join('\n')).toMatch(/vm1's port/);
    expect(impact.also.join('\n')).toMatch(/DHCP port/);
    expect(impact.also.join('\n')).toMatch(/floating IP .* disassociated/);
    await ok(st().edit('delete net1', (t) => void deleteTarget(t, { kind: 'network', id: net1 })));
    expect(roles('qdhcp')).toHaveLength(1);
    expect(doc().floatingips[0]!.port_id).toBeNull();
  });

  it('deletes every kind of resource of the demo without the core refusing', async () => {
    await buildArticle();
    const d = doc();
    const targets = [
      ...d.hosts.map((h) => ({ kind: 'host' as const, id: h.name })),
      ...d.networks.map((x) => ({ kind: 'network' as const, id: x.id })),
      ...d.subnets.map((x) => ({ kind: 'subnet' as const, id: x.id })),
      ...d.routers.map((x) => ({ kind: 'router' as const, id: x.id })),
      ...d.servers.map((x) => ({ kind: 'server' as const, id: x.id })),
      ...d.ports
        .filter((p) => p.device_owner !== 'network:dhcp')
        .map((x) => ({ kind: 'port' as const, id: x.id })),
    ];
    for (const x of targets) {
      const errors = await st().edit('delete', (t) => void deleteTarget(t, x));
      expect(errors, JSON.stringify(x)).toBeNull();
      await st().undo();
      expect(doc()).toEqual(d);
    }
  });
});
