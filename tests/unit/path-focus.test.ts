// Path focus (src/logic/path-focus.ts): the hosts, devices and tunnels a send visited, read from its
// trace, and the picture cut down to them.
import { describe, expect, it } from 'vitest';
import { focusedView, pathFocus } from '../../src/logic/path-focus';
import { planeView } from '../../src/sim';
import { cloud, loadExample } from './helpers';

describe('path focus', () => {
  const c = cloud(loadExample('two-networks-one-router'));
  const view = planeView(c.topology, c.plane);

  it('keeps the hosts and tunnels a routed ping between two compute hosts crossed', () => {
    const trace = c.send({ from: 'vm1', to: 'vm2' });
    const f = pathFocus(
      view,
      trace.hops.map((h) => h.deviceId),
    );
    const vm1 = c.topology.servers.find((s) => s.name === 'vm1')!.host;
    const vm2 = c.topology.servers.find((s) => s.name === 'vm2')!.host;
    // routed by the legacy router on the network host
    expect([...f.hosts].sort()).toEqual([...new Set([vm1, vm2, 'network1'])].sort());
    expect([...f.tunnels].sort()).toEqual(
      [`tunnel:${[vm1, 'network1'].sort().join('~')}`, `tunnel:${[vm2, 'network1'].sort().join('~')}`].sort(),
    );
    for (const h of trace.hops) expect(f.devices.has(h.deviceId)).toBe(true);
  });

  it('leaves out a tunnel whose ports the send did not both cross, and the hosts it never reached', () => {
    const someHop = view.devices.find((d) => d.role === 'vxlan')!;
    const f = pathFocus(view, [someHop.id]);
    expect(f.tunnels.size).toBe(0);
    expect([...f.hosts]).toEqual([someHop.host]);
  });

  it('cuts the picture to the visited devices, the links between two of them and the visited tunnels', () => {
    const trace = c.send({ from: 'vm1', to: 'vm2' });
    const f = pathFocus(
      view,
      trace.hops.map((h) => h.deviceId),
    );
    const v = focusedView(view, f);
    expect(v.hosts.map((h) => h.name).sort()).toEqual([...f.hosts].sort());
    expect(v.devices.every((d) => f.devices.has(d.id))).toBe(true);
    expect(v.devices.length).toBe(view.devices.filter((d) => f.devices.has(d.id)).length);
    expect(v.links.every((l) => f.devices.has(l.a) && f.devices.has(l.b))).toBe(true);
    expect(v.links.length).toBeGreaterThan(0);
    expect(v.tunnels.map((t) => t.id).sort()).toEqual([...f.tunnels].sort());
    expect(v.networks).toBe(view.networks);
  });
});
