// The physical view's layout as data: the bridges carry their patch ports and NICs, every host its eth0,
// and each tunnel runs from its own VXLAN port to the other host's, behind no other VXLAN port, on the
// clouds of the lessons and on random clouds (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTopology, planeView, realize, type Topology } from '../../src/sim';
import { generateCloud } from '../../src/sim/model/generate';
import {
  type GraphEdge,
  type GraphNode,
  physicalGraph,
  type ViewOptions,
} from '../../src/ui/canvas/physical-graph';
import { type Pt, roundedPath, routePoints } from '../../src/ui/canvas/tunnel-routes';
import { hex, loadExample } from './helpers';

const open = (t: Topology): ViewOptions => ({
  expandedVms: {},
  hostCollapsed: Object.fromEntries(t.hosts.map((h) => [h.name, false])),
  positions: {},
});

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The graph with every node's absolute box and every tunnel's points where the canvas draws them. */
function drawn(t: Topology, o: ViewOptions = open(t)) {
  const view = planeView(t, realize(t));
  const g = physicalGraph(view, o);
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const abs = (n: GraphNode): Box => {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    const p = parent ? abs(parent) : { x: 0, y: 0 };
    return { x: p.x + n.position.x, y: p.y + n.position.y, w: n.width ?? 0, h: n.height ?? 0 };
  };
  const boxes = new Map(g.nodes.map((n) => [n.id, abs(n)]));
  const tunnels = g.edges
    .filter((e) => e.data?.kind === 'tunnel')
    .map((e: GraphEdge) => {
      const a = boxes.get(e.source)!;
      const b = boxes.get(e.target)!;
      return { edge: e, points: routePoints(e.data!.route!, a, e.source === e.target ? null : b).points };
    });
  return { view, g, boxes, tunnels, byId };
}

const strictlyInside = (p: Pt, b: Box) => p.x > b.x && p.x < b.x + b.w && p.y > b.y && p.y < b.y + b.h;
const onBorder = (p: Pt, b: Box) =>
  p.x >= b.x - 0.01 && p.x <= b.x + b.w + 0.01 && p.y >= b.y - 0.01 && p.y <= b.y + b.h + 0.01;

/** Whether the axis-aligned segment p-q passes through the inside of box b. */
function crosses(p: Pt, q: Pt, b: Box): boolean {
  if (p.x === q.x) {
    const [lo, hi] = p.y < q.y ? [p.y, q.y] : [q.y, p.y];
    return p.x > b.x && p.x < b.x + b.w && lo < b.y + b.h && hi > b.y;
  }
  if (p.y === q.y) {
    const [lo, hi] = p.x < q.x ? [p.x, q.x] : [q.x, p.x];
    return p.y > b.y && p.y < b.y + b.h && lo < b.x + b.w && hi > b.x;
  }
  // a slanted piece (a host dragged off its row): sample it
  for (let i = 0; i <= 50; i++) {
    const f = i / 50;
    if (strictlyInside({ x: p.x + (q.x - p.x) * f, y: p.y + (q.y - p.y) * f }, b)) return true;
  }
  return false;
}

/** Each tunnel starts on its own port's edge, ends on the other's, and crosses no other VXLAN port. */
function expectClear(d: ReturnType<typeof drawn>) {
  const vx = d.g.nodes.filter((n) => n.type === 'device' && n.data.device.role === 'vxlan');
  for (const { edge, points } of d.tunnels) {
    const own = [edge.source, edge.target];
    expect(onBorder(points[0]!, d.boxes.get(edge.source)!), `${edge.id} starts at ${edge.source}`).toBe(true);
    if (edge.source !== edge.target)
      expect(onBorder(points.at(-1)!, d.boxes.get(edge.target)!), `${edge.id} ends at ${edge.target}`).toBe(
        true,
      );
    for (const n of vx) {
      if (own.includes(n.id)) continue;
      const b = d.boxes.get(n.id)!;
      for (let i = 1; i < points.length; i++)
        expect(crosses(points[i - 1]!, points[i]!, b), `${edge.id} passes behind ${n.id}`).toBe(false);
    }
  }
}

describe('ports and NICs on the physical view', () => {
  const d = drawn(loadExample('two-networks-one-router'));
  const chips = (id: string) => {
    const n = d.byId.get(id);
    return n?.type === 'device' ? (n.data.chips ?? []).map((c) => c.name) : [];
  };

  it('draws patch-tun on br-int facing patch-int on br-tun, and int-br-ex facing phy-br-ex, with eth1 under br-ex', () => {
    expect(chips('compute1|br-int')).toEqual(['patch-tun']);
    expect(chips('compute1|br-tun')).toEqual(['patch-int']);
    expect(chips('network1|br-int').sort()).toEqual(['int-br-ex', 'patch-tun']);
    expect(chips('network1|br-ex').sort()).toEqual(['eth1', 'phy-br-ex']);
    // the patch link ends on the two chips, straight down from br-int to br-tun
    const patch = d.g.edges.find((e) => e.id === 'e:network1|br-int--network1|br-tun')!;
    const from = d.boxes.get(patch.source)!;
    const to = d.boxes.get(patch.target)!;
    expect(from.x + patch.data!.sourceAt!.x).toBeCloseTo(to.x + patch.data!.targetAt!.x);
    expect(from.y + patch.data!.sourceAt!.y).toBeLessThan(to.y + patch.data!.targetAt!.y);
  });

  it('puts each host’s eth0 with its tunnel IP on the host’s bottom edge, under its VXLAN ports', () => {
    for (const h of ['compute1', 'compute2', 'network1']) {
      const nic = d.byId.get(`nic:${h}|eth0`)!;
      const ip = d.view.hosts.find((x) => x.name === h)!.tunnelIp;
      expect(nic.type === 'nic' && nic.data.address).toBe(`${ip}/24`);
      const host = d.boxes.get(`host:${h}`)!;
      const box = d.boxes.get(nic.id)!;
      expect(box.y).toBeLessThan(host.y + host.h);
      expect(box.y + box.h).toBeGreaterThan(host.y + host.h);
      // every tunnel of the host passes through it on its way down
      for (const { edge, points } of d.tunnels) {
        const mine = edge.source.startsWith(`${h}|`)
          ? points
          : edge.target.startsWith(`${h}|`)
            ? [...points].reverse()
            : null;
        if (!mine) continue;
        expect(
          crosses(mine[0]!, mine[1]!, box) || crosses(mine[1]!, mine[2]!, box),
          `${edge.id} through eth0`,
        ).toBe(true);
      }
    }
  });

  it('hangs the provider network beneath the NIC of br-ex', () => {
    const nic = d.byId.get('network1|br-ex')!;
    const chip = nic.type === 'device' ? nic.data.chips!.find((c) => c.kind === 'nic')! : null;
    const provider = d.view.devices.find((x) => x.role === 'provider')!;
    const p = d.boxes.get(provider.id)!;
    expect(p.x + p.w / 2).toBeCloseTo(d.boxes.get('network1|br-ex')!.x + chip!.x);
  });
});

describe('tunnel routes', () => {
  it('runs the three tunnels of lesson 3 from their own ports, nested so that they never cross', () => {
    const t = loadExample('same-network-two-hosts');
    const d = drawn(t);
    expect(d.tunnels).toHaveLength(3);
    expectClear(d);
    // and each edge joins the two ports named after each other's tunnel IP
    const ip = (h: string) => t.hosts.find((x) => x.name === h)!.tunnel_ip;
    for (const { edge } of d.tunnels) {
      const [ha, hb] = edge.id.replace('tunnel:', '').split('~') as [string, string];
      expect([edge.source, edge.target].sort()).toEqual(
        [`${ha}|vxlan-${hex(ip(hb))}`, `${hb}|vxlan-${hex(ip(ha))}`].sort(),
      );
    }
    // no two tunnels cross: each pair of segments of different tunnels meets nowhere
    const segs = d.tunnels.flatMap(({ edge, points }) =>
      points.slice(1).map((q, i) => ({ id: edge.id, p: points[i]!, q })),
    );
    for (const s of segs)
      for (const o of segs) {
        if (s.id >= o.id) continue;
        const meet =
          s.p.x === s.q.x && o.p.y === o.q.y
            ? s.p.x > Math.min(o.p.x, o.q.x) &&
              s.p.x < Math.max(o.p.x, o.q.x) &&
              o.p.y > Math.min(s.p.y, s.q.y) &&
              o.p.y < Math.max(s.p.y, s.q.y)
            : false;
        expect(meet, `${s.id} crosses ${o.id}`).toBe(false);
      }
  });

  it('runs tunnels between two rows of hosts through a gap, clear of every other port', () => {
    expectClear(drawn(loadExample('two-projects-floating-ips')));
  });

  it('keeps every tunnel of a random cloud on its own ports and clear of the others, hosts open or folded', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.nat(),
          computeHosts: fc.integer({ min: 1, max: 7 }),
          networkHosts: fc.integer({ min: 1, max: 2 }),
          vms: fc.integer({ min: 1, max: 14 }),
          networks: fc.integer({ min: 1, max: 4 }),
          l2population: fc.boolean(),
          fold: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
        }),
        ({ fold, ...p }) => {
          const r = loadTopology(generateCloud({ ...p, routers: 1 }));
          if (!r.ok) throw new Error(JSON.stringify(r.errors));
          const t = r.topology;
          const o = open(t);
          for (const [i, h] of t.hosts.entries()) o.hostCollapsed[h.name] = fold[i] ?? false;
          expectClear(drawn(t, o));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('draws a route as a path from its first point to its last, corners rounded', () => {
    const d = roundedPath([
      { x: 0, y: 0 },
      { x: 0, y: 50 },
      { x: 80, y: 50 },
      { x: 80, y: 10 },
    ]);
    expect(d.startsWith('M 0 0 L 0 40 Q 0 50 10 50')).toBe(true);
    expect(d.endsWith('L 80 10')).toBe(true);
  });
});
