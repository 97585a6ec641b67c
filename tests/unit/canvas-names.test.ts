// What a screen reader says for each node of the canvas (issue #19): a device's name, its host and its
// kind ("br-int on compute1, OVS integration bridge"); every node of both views has a name of its own.
import { describe, expect, it } from 'vitest';
import { planeView, realize } from '../../src/sim';
import { logicalGraph } from '../../src/ui/canvas/logical-graph';
import { physicalGraph } from '../../src/ui/canvas/physical-graph';
import { loadExample } from './helpers';

const t = loadExample('two-networks-one-router');
const graph = physicalGraph(planeView(t, realize(t)), {
  expandedVms: {},
  hostCollapsed: Object.fromEntries(t.hosts.map((h) => [h.name, false])),
  positions: {},
});
const label = (id: string) => graph.nodes.find((n) => n.id === id)?.ariaLabel;

describe('accessible names of canvas nodes', () => {
  it('say the device, its host and its kind', () => {
    expect(label('compute1|br-int')).toBe('br-int on compute1, OVS integration bridge');
    expect(label('network1|br-tun')).toBe('br-tun on network1, OVS tunnel bridge');
    const vm1 = graph.nodes.find((n) => n.type === 'device' && n.data.device.name === 'vm1')!;
    expect(vm1.ariaLabel).toBe('vm1 on compute1, VM');
    const qr = graph.nodes.find((n) => n.type === 'device' && n.data.device.role === 'qrouter')!;
    expect(qr.ariaLabel).toMatch(/^qrouter-[0-9a-f-]{36} on network1, router namespace$/);
    expect(label('host:compute1')).toBe('compute1, compute host, 1 VM');
  });

  it('are given to every node of both views, and no two alike', () => {
    const logical = logicalGraph(t, {});
    for (const nodes of [graph.nodes, logical.nodes]) {
      const names = nodes.map((n) => n.ariaLabel);
      expect(names.every((n) => typeof n === 'string' && n.length > 3)).toBe(true);
      expect(new Set(names).size).toBe(names.length);
    }
    const net = t.networks.find((n) => !n['router:external'])!;
    expect(logical.nodes.find((n) => n.id === `net:${net.id}`)?.ariaLabel).toMatch(
      new RegExp(`^${net.name}, network, vxlan \\d+, \\d+\\.\\d+\\.\\d+\\.\\d+/\\d+`),
    );
  });
});
