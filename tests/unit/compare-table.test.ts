// The compare view's table (src/logic/compare-table.ts) on real outcomes of the core: a row per fact, a
// column per variant, a refused variant with no cells, and the cells that read otherwise than the first
// variant sent marked, so that "not crossed" stands out beside "crossed 2×".
import { describe, expect, it } from 'vitest';
import { compareTable } from '../../src/logic/compare-table';
import { compareVariants } from '../../src/sim';
import { loadExample } from './helpers';

const demo = loadExample('two-networks-one-router');
const outcomes = compareVariants(demo, { from: 'vm1', to: 'vm2' }, [
  { backend: 'ovs-hybrid', routers: 'legacy' },
  { backend: 'ovs-hybrid', routers: 'ha' },
  { backend: 'ovs-firewall', routers: 'legacy' },
  { backend: 'ovn', routers: 'legacy' },
]);
const table = compareTable(outcomes);
const row = (key: string) => table.rows.find((r) => r.key === key)!;
const texts = (key: string) => row(key).cells.map((c) => c?.map((l) => l.text) ?? null);

describe('the compare table', () => {
  it('has a column per variant, the refused one with its errors and no cells', () => {
    expect(table.columns.map((c) => c.status)).toEqual(['delivered', 'refused', 'delivered', 'delivered']);
    expect(table.columns[1]!.errors[0]!.path).toBe('routers[0].ha');
    for (const r of table.rows) expect(r.cells[1]).toBeNull();
  });

  it('marks what reads otherwise than the first variant: OVN does not cross network1, the firewall does', () => {
    expect(texts('network')).toEqual([
      ['crossed 2× (network1)'],
      null,
      ['crossed 2× (network1)'],
      ['not crossed'],
    ]);
    expect(row('network').changed).toEqual([false, false, false, true]);
    expect(row('request').changed).toEqual([false, false, false, true]);
    // both ML2/OVS variants route in the same namespace; OVN on the source chassis
    expect(row('routing').changed).toEqual([false, false, false, true]);
    // the two firewalls decide in different devices
    expect(row('filtering').changed).toEqual([false, false, true, true]);
    expect(row('nat').differs).toBe(false);
    expect(texts('nat')[0]).toEqual(['nowhere']);
  });

  it('says each packet tunnel crossings on one line, in order, with the VNI or the tunnel key', () => {
    expect(texts('tunnels')[0]).toEqual([
      'VXLAN VNI 101 compute1 → network1, VXLAN VNI 102 network1 → compute2',
      'VXLAN VNI 102 compute2 → network1, VXLAN VNI 101 network1 → compute1',
    ]);
    expect(row('tunnels').cells[3]!.map((l) => l.leg)).toEqual(['request', 'answer']);
    expect(texts('tunnels')[3]![0]).toMatch(/^Geneve key \d+ compute1 → compute2$/);
  });
});
