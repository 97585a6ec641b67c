// The logical view reads as a wiring diagram: a wire runs from a box to the box or network bar it joins
// and never passes behind a third box, where it would seem to join that one instead (an upstream router
// drawn as if plugged into a VM). Every example, and the provider designs with hosts on their VLAN.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTopology, type Topology } from '../../src/sim';
import { type LogicalNode, logicalGraph } from '../../src/ui/canvas/logical-graph';

function load(raw: unknown): Topology {
  const r = loadTopology(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}
const example = (name: string) => JSON.parse(readFileSync(`examples/${name}.json`, 'utf8'));

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
const boxOf = (n: LogicalNode): Box => ({ x: n.position.x, y: n.position.y, w: n.width!, h: n.height! });
const centre = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });

/** Where a wire from a box meets a network bar: level with the box, on the bar's near side (the view's
 * attach point for a tall bar, src/ui/canvas/floating.ts). */
function onBar(bar: Box, from: Box): { x: number; y: number } {
  const c = centre(from);
  const y = Math.min(bar.y + bar.h - 12, Math.max(bar.y + 12, c.y));
  return { x: c.x > bar.x + bar.w / 2 ? bar.x + bar.w : bar.x, y };
}

/** Does the segment p-q pass through the inside of box b (Liang-Barsky clipping)? */
function crosses(p: { x: number; y: number }, q: { x: number; y: number }, b: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const m = 1; // a wire grazing a box's edge is not behind it
  for (const [pp, qq] of [
    [-dx, p.x - (b.x + m)],
    [dx, b.x + b.w - m - p.x],
    [-dy, p.y - (b.y + m)],
    [dy, b.y + b.h - m - p.y],
  ] as const) {
    if (pp === 0) {
      if (qq < 0) return false;
      continue;
    }
    const r = qq / pp;
    if (pp < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}

/** The wires of the logical view that pass behind a box other than their ends. */
function wiresBehindBoxes(t: Topology): string[] {
  const { nodes, edges } = logicalGraph(t, {});
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const boxes = nodes.filter((n) => n.type === 'resource');
  const out: string[] = [];
  for (const e of edges) {
    const a = byId.get(e.source)!;
    const b = byId.get(e.target)!;
    const [res, other] = a.type === 'resource' ? [a, b] : [b, a];
    const p = centre(boxOf(res));
    const q = other.type === 'netbar' ? onBar(boxOf(other), boxOf(res)) : centre(boxOf(other));
    for (const n of boxes)
      if (n !== a && n !== b && crosses(p, q, boxOf(n))) out.push(`${e.id} passes behind ${n.id}`);
  }
  return out;
}

describe('the logical view’s wires', () => {
  const names = readdirSync('examples').map((f) => f.replace(/\.json$/, ''));
  it.each(names)('%s: no wire passes behind a box it does not join', (name) => {
    expect(wiresBehindBoxes(load(example(name)))).toEqual([]);
  });

  it('a VLAN provider network’s physical router and hosts stand clear of its VMs', () => {
    const raw = example('provider-vlan');
    raw.servers.push({ name: 'vm3', project_id: 'demo', host: 'compute1' });
    raw.ports.push({ name: 'vm3-port', network_id: 'provider1', device_id: 'vm3' });
    raw.outside[0].hosts.push({ name: 'printer', ip: '203.0.113.21' });
    expect(wiresBehindBoxes(load(raw))).toEqual([]);
  });

  it('an external VLAN network with a host on its subnet: the host wired to the bar, clear of the rest', () => {
    const raw = example('external-vlan');
    raw.outside[0].hosts.push({ name: 'nas', ip: '203.0.113.20' });
    const t = load(raw);
    expect(wiresBehindBoxes(t)).toEqual([]);
  });
});
