// A large cloud on the physical view: every host starts as a summary with its counts, the tunnels
// between two summaries are counted on them instead of drawn, and a host opened on demand draws its
// own devices and every tunnel it has.
import { describe, expect, it } from 'vitest';
import { loadTopology, planeView, realize, type Topology } from '../../src/sim';
import { generateCloud } from '../../src/sim/model/generate';
import { isLargeCloud, physicalGraph, type ViewOptions } from '../../src/ui/canvas/physical-graph';

function load(raw: unknown): Topology {
  const r = loadTopology(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}

const none: ViewOptions = { expandedVms: {}, hostCollapsed: {}, positions: {} };
// 46 hosts: past the 40 that make a cloud large, with few VMs so that no host is busy on its own
const big = load(
  generateCloud({ seed: 7, computeHosts: 44, networkHosts: 2, vms: 60, networks: 6, routers: 2 }),
);
const bigView = planeView(big, realize(big));

describe('a large cloud on the physical view', () => {
  it('starts with every host, network hosts too, as a summary counting its VMs and namespaces', () => {
    expect(isLargeCloud(bigView)).toBe(true);
    const g = physicalGraph(bigView, none);
    const hosts = g.nodes.filter((n) => n.type === 'host');
    expect(hosts).toHaveLength(46);
    expect(g.nodes.filter((n) => n.type === 'device' && n.parentId)).toEqual([]);
    for (const h of hosts) {
      if (h.type !== 'host') continue;
      expect(h.data.collapsed).toBe(true);
      const onHost = bigView.devices.filter((d) => d.host === h.data.name);
      expect(h.data.vms).toBe(onHost.filter((d) => d.kind === 'vm').length);
      expect(h.data.namespaces).toBe(onHost.filter((d) => d.kind === 'namespace').length);
    }
    const net = hosts.find((h) => h.type === 'host' && h.data.role === 'network');
    expect(net?.type === 'host' && net.data.namespaces).toBeGreaterThan(0);
  });

  it('counts the tunnels between summaries on them instead of drawing them', () => {
    const g = physicalGraph(bigView, none);
    expect(g.edges.filter((e) => e.data?.kind === 'tunnel')).toEqual([]);
    for (const h of g.nodes)
      if (h.type === 'host') {
        const remote = new Set(
          bigView.tunnels.flatMap((t) =>
            t.hostA === h.data.name ? [t.hostB] : t.hostB === h.data.name ? [t.hostA] : [],
          ),
        );
        expect(h.data.tunnels).toBe(remote.size);
        expect(h.data.tunnelsFolded).toBe(remote.size);
      }
  });

  it('draws an opened host with its devices, and a tunnel only between two open hosts', () => {
    const [host, other] = bigView.hosts.filter((h) => h.role === 'network').map((h) => h.name) as [
      string,
      string,
    ];
    const one = physicalGraph(bigView, { ...none, hostCollapsed: { [host]: false } });
    const inside = one.nodes.filter((n) => n.parentId === `host:${host}`);
    expect(inside.some((n) => n.type === 'device' && n.data.device.role === 'br-tun')).toBe(true);
    // its VXLAN ports are drawn, one per tunnel, but not the tunnels to summaries
    const mine = bigView.tunnels.filter((t) => t.hostA === host || t.hostB === host);
    expect(mine.length).toBeGreaterThan(10);
    expect(inside.filter((n) => n.type === 'device' && n.data.device.role === 'vxlan')).toHaveLength(
      mine.length,
    );
    expect(one.edges.filter((e) => e.data?.kind === 'tunnel')).toEqual([]);
    expect(one.nodes.filter((n) => n.parentId && n.parentId !== `host:${host}`)).toEqual([]);
    const two = physicalGraph(bigView, { ...none, hostCollapsed: { [host]: false, [other]: false } });
    const between = bigView.tunnels.filter(
      (t) => [t.hostA, t.hostB].sort().join() === [host, other].sort().join(),
    );
    expect(between).toHaveLength(1);
    expect(two.edges.filter((e) => e.data?.kind === 'tunnel').map((e) => e.id)).toEqual([between[0]!.id]);
  });
});

describe('a small cloud on the physical view', () => {
  it('keeps its network hosts open and draws every tunnel', () => {
    const t = load(
      generateCloud({ seed: 2, computeHosts: 6, networkHosts: 1, vms: 60, networks: 4, routers: 1 }),
    );
    const view = planeView(t, realize(t));
    expect(isLargeCloud(view)).toBe(false);
    const g = physicalGraph(view, none);
    const net = g.nodes.find((n) => n.type === 'host' && n.data.role === 'network');
    expect(net?.type === 'host' && net.data.collapsed).toBe(false);
    expect(g.edges.filter((e) => e.data?.kind === 'tunnel')).toHaveLength(view.tunnels.length);
  });
});
