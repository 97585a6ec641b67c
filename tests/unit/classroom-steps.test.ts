// Moving through a lesson: each step sets the canvas as it wants it, whatever the student folded,
// collapsed or switched on another step, and a lesson that ends or gives way to another leaves none of
// its folds behind.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/all';
import { useApp } from '../../src/store/app-store';
import { useClassroom } from '../../src/store/classroom-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const c = () => useClassroom.getState();
const app = () => useApp.getState();
const lesson = (id: string) => BUILTIN_LESSONS.find((l) => l.id === id)!;
const vmId = (name: string) => app().view!.devices.find((d) => d.role === 'vm' && d.name === name)!.id;
/** the folds the user made: chains drawn folded although the view would show them */
const folded = () =>
  Object.entries(app().expandedVms)
    .filter(([, shown]) => !shown)
    .map(([id]) => id);

beforeEach(() => {
  c().close();
  useApp.setState({ expandedVms: {}, hostCollapsed: {}, viewMode: 'physical' });
});

describe('a lesson step sets the canvas afresh', () => {
  it('shows the chains of its expand servers and of what it lights, whatever the user folded before', async () => {
    expect(await c().open(lesson('vm-plumbing'))).toBeNull();
    // step 1 shows vm1's and vm2's chains; the student folds vm2 (a click on the VM)
    app().toggleVm(vmId('vm2'), true);
    expect(folded()).toEqual([vmId('vm2')]);
    c().next(); // step 2 lights the taps of compute1: vm2's tap is in vm2's chain
    expect(folded()).toEqual([]);
    expect(app().expandedVms[vmId('vm2')]).toBe(true);
    app().toggleVm(vmId('vm1'), true);
    c().goTo(lesson('vm-plumbing').steps.length - 1); // the ping: no expand, nothing lit
    expect(app().expandedVms).toEqual({});
  });

  it('opens a host that holds a device it lights', async () => {
    expect(await c().open(lesson('vm-plumbing'))).toBeNull();
    app().setHostCollapsed('compute1', true);
    c().next();
    expect(app().hostCollapsed.compute1).toBe(false);
  });

  it('shows the view an earlier step chose, whichever way the student came', async () => {
    const l = lesson('two-subnets-one-network'); // step 1 logical, step 2 physical for its ping
    expect(await c().open(l)).toBeNull();
    expect(app().viewMode).toBe('logical');
    c().next();
    expect(app().viewMode).toBe('physical');
    c().prev();
    expect(app().viewMode).toBe('logical');
    const router = lesson('two-networks-router'); // step 2 physical, step 3 says nothing
    expect(await c().open(router)).toBeNull();
    expect(app().viewMode).toBe('logical');
    c().goTo(2);
    expect(app().viewMode).toBe('physical');
  });
});

describe('a lesson leaves no folds behind', () => {
  it('when it ends', async () => {
    expect(await c().open(lesson('vm-plumbing'))).toBeNull();
    app().toggleVm(vmId('vm1'), true);
    app().setHostCollapsed('network1', true);
    c().close();
    expect(app().expandedVms).toEqual({});
    expect(app().hostCollapsed).toEqual({});
  });

  it('when another lesson opens, on the same cloud', async () => {
    expect(await c().open(lesson('vm-plumbing'))).toBeNull();
    c().goTo(5);
    app().toggleVm(vmId('vm1'), true);
    app().toggleVm(vmId('vm2'), true);
    expect(await c().open(lesson('same-network-same-host'))).toBeNull();
    expect(folded()).toEqual([]);
  });
});

describe('a lesson step with a fault', () => {
  it('breaks the cloud on its first Send, as an undoable edit, and not again on the next', async () => {
    const ha = lesson('l3-ha-failover');
    expect(await c().open(ha)).toBeNull();
    const stopped = () =>
      app()
        .doc!.hosts.filter((h) => h.agents_down.includes('l3'))
        .map((h) => h.name);
    await c().runStep(); // step 1 has no send
    c().next();
    await c().runStep();
    expect(c().outcomes[1]?.ok).toBe(true);
    expect(stopped()).toEqual([]);
    c().next();
    const active = app().doc!.ports.find((p) => p.name === 'router1-net1')!['binding:host_id'];
    await c().runStep();
    expect(c().outcomes[2]).toMatchObject({ ok: true, problems: [] });
    expect(stopped()).toEqual([active]);
    expect(app().past.at(-1)!.label).toMatch(/^fault: stop the l3 agent on the active network node: router1/);
    await c().runStep();
    expect(stopped()).toEqual([active]);
    expect(c().outcomes[2]?.ok).toBe(true);
  });
});
