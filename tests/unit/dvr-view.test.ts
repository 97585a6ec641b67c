// What the UI is told about a DVR cloud (issue #14, points 6 and 9): the physical picture names the
// snat- and fip- namespaces for what they are and joins a router namespace to the fip namespace by
// their veth; the terminal offers those namespaces on each host; a lesson's words find them.
import { describe, expect, it } from 'vitest';
import { mentionsIn, namesOf } from '../../src/lessons/mentions';
import { shortName } from '../../src/logic/names';
import { logicalNodeOf, routerNode } from '../../src/logic/send/logical-places';
import { namespacesOn, shortNamespace } from '../../src/logic/terminal/places';
import { planeView } from '../../src/sim';
import { physicalGraph } from '../../src/ui/canvas/physical-graph';
import { S } from '../../src/ui/canvas/physical-host';
import { cloud, loadExample } from './helpers';

const t = loadExample('dvr');
const c = cloud(t);
const view = planeView(t, c.plane);
const router = t.routers[0]!;
const roleOn = (host: string) =>
  view.devices
    .filter((d) => d.host === host && d.kind === 'namespace')
    .map((d) => d.role)
    .sort();

describe('the physical picture of a DVR cloud', () => {
  it('names each namespace by its role', () => {
    expect(roleOn('compute1')).toEqual(['fip', 'qrouter']);
    expect(roleOn('network1')).toEqual(['qdhcp', 'qdhcp', 'qrouter', 'snat']);
    const snat = view.devices.find((d) => d.role === 'snat')!;
    expect(snat.routerId).toBe(router.id);
    // a hop in the snat namespace belongs to the router in the logical view
    expect(logicalNodeOf(snat)).toBe(routerNode(router.id));
  });

  it('joins the router namespace and the fip namespace of a compute by their veth', () => {
    const q = `compute1|qrouter-${router.id}`;
    const f = view.devices.find((d) => d.role === 'fip' && d.host === 'compute1')!.id;
    const link = view.links.find((l) => (l.a === q && l.b === f) || (l.a === f && l.b === q));
    expect(link).toBeDefined();
    expect([link!.aPort, link!.bPort].sort()).toEqual([
      `fpr-${router.id.slice(0, 10)}`,
      `rfp-${router.id.slice(0, 10)}`,
    ]);
    // a veth pair, drawn as one
    expect(link!.kind).toBe('veth');
  });

  it('draws that veth with its name, in a gap left for it between the two namespaces', () => {
    const g = physicalGraph(view, {
      expandedVms: {},
      hostCollapsed: Object.fromEntries(t.hosts.map((h) => [h.name, false])),
      positions: {},
    });
    const node = (id: string) => g.nodes.find((n) => n.id === id)!;
    for (const host of ['compute1', 'compute2']) {
      const q = node(`${host}|qrouter-${router.id}`);
      const f = node(view.devices.find((d) => d.role === 'fip' && d.host === host)!.id);
      const edge = g.edges.find((e) => [e.source, e.target].sort().join() === [q.id, f.id].sort().join());
      expect(edge?.data?.label, host).toBe('veth');
      // side by side in the same host, with room for the label between them
      expect(f.parentId).toBe(q.parentId);
      expect(f.position.x - (q.position.x + q.width!)).toBeGreaterThanOrEqual(S.vethGap);
    }
    // no other link of the picture is called a veth: the qvb-qvo pairs are drawn unlabelled
    expect(g.edges.filter((e) => e.data?.label === 'veth')).toHaveLength(2);
  });

  it('shortens the snat- and fip- namespace names as it does qrouter- and qdhcp-', () => {
    const snat = `snat-${router.id}`;
    const fip = view.devices.find((d) => d.role === 'fip')!.name;
    expect(shortName(snat)).toBe(`snat-${router.id.slice(0, 8)}…`);
    expect(shortName(fip)).toBe(`${fip.slice(0, 12)}…`);
    expect(shortNamespace(snat)).toBe(`snat-${router.id.slice(0, 8)}`);
    expect(shortNamespace(fip)).toBe(fip.slice(0, 12));
    // an sg- or fg- port keeps its own (already short) name
    expect(shortName(`sg-${router.id.slice(0, 11)}`)).toBe(`sg-${router.id.slice(0, 11)}`);
  });
});

describe('the terminal and the lessons know the new namespaces', () => {
  it('offers snat- and fip- among the namespaces of a host, with what they belong to', () => {
    expect(namespacesOn(t, view, 'network1').map((n) => [n.role, n.owner])).toEqual([
      ['qrouter', 'router1'],
      ['snat', 'router1'],
      ['qdhcp', 'net1'],
      ['qdhcp', 'net2'],
    ]);
    expect(namespacesOn(t, view, 'compute1').map((n) => [n.role, n.owner])).toEqual([
      ['qrouter', 'router1'],
      ['fip', 'public'],
    ]);
  });

  it("a lesson's words find the snat and fip namespaces and their ports, not the sg-fallback chain", () => {
    const keys = (s: string) => mentionsIn(s, namesOf(t)).map((m) => m.key);
    expect(keys('the snat namespace and its sg- port; the fip namespace, fg- and rfp-')).toEqual([
      'snat',
      'sg-',
      'fip',
      'fg-',
      'rfp-',
    ]);
    expect(keys('it falls to the sg-fallback chain')).toEqual([]);
  });
});
