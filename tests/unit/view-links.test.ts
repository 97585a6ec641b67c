// The physical view lists every wire of the plane once and nothing else, every device once, and one
// tunnel per pair of hosts with a VXLAN port between them: on random clouds of every backend, as
// loaded and after random edits realized host by host (the view then keeps what it drew of the hosts
// the edit did not reach, view/host-parts.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realize } from '../../src/sim';
import { sampleEdit } from '../../src/sim/model/sample-edits';
import type { Dataplane } from '../../src/sim/realize/dataplane';
import { type Realized, realizeEdit } from '../../src/sim/realize/incremental';
import { type PlaneView, planeView } from '../../src/sim/view/plane-view';
import { anyCloud, buildCloud, loadOrNull, someEdits } from './arb-edits';

/** Each wire of the plane, as the two ends it joins, read from the plane's own link table. */
function wiresOf(plane: Dataplane): Set<string> {
  const out = new Set<string>();
  for (const [a, ports] of plane.links)
    for (const [aPort, peer] of ports) {
      const da = plane.devices.get(a);
      const db = plane.devices.get(peer.device);
      if (!da || !db || a === peer.device || da.kind === 'underlay' || db.kind === 'underlay') continue;
      out.add([`${a}#${aPort}`, `${peer.device}#${peer.port}`].sort().join(' '));
    }
  return out;
}

function checkView(view: PlaneView, plane: Dataplane, what: string): void {
  const wires = view.links.map((l) => [`${l.a}#${l.aPort}`, `${l.b}#${l.bPort}`].sort().join(' '));
  expect(new Set(wires).size, `${what}: a wire listed twice`).toBe(wires.length);
  expect(new Set(wires), what).toEqual(wiresOf(plane));
  expect(new Set(view.links.map((l) => l.id)).size, what).toBe(view.links.length);
  const ids = view.devices.map((d) => d.id);
  expect(ids, what).toEqual([...new Set(ids)]);
  expect(new Set(ids), what).toEqual(new Set(plane.devices.keys()));
  // each host's devices in the host's order
  for (const [h, hp] of plane.hosts)
    expect(
      view.devices.filter((d) => d.host === h).map((d) => d.id),
      what,
    ).toEqual(hp.devices);
  if (plane.ovn) return;
  const pairs = new Set<string>();
  for (const d of plane.devices.values())
    if (d.kind === 'vxlan-port' && d.host) pairs.add([d.host, d.remoteHost].sort().join('~'));
  expect(new Set(view.tunnels.map((x) => x.id.replace('tunnel:', ''))), what).toEqual(pairs);
  expect(view.tunnels.length, what).toBe(pairs.size);
}

describe('the physical view of a plane', () => {
  it('lists each wire, device and tunnel once, as loaded and after edits, on random clouds', () => {
    let checked = 0;
    fc.assert(
      fc.property(anyCloud, someEdits, (c, list) => {
        const t0 = buildCloud(c);
        fc.pre(t0 !== null);
        let prev: Realized = { topology: t0!, plane: realize(t0!) };
        checkView(planeView(prev.topology, prev.plane), prev.plane, JSON.stringify(c));
        for (const { kind, k } of list) {
          const edited = sampleEdit(prev.topology, kind, k);
          const t = edited && loadOrNull(edited);
          if (!t) continue;
          const plane = realizeEdit(t, prev, 1).plane;
          checkView(planeView(t, plane), plane, `${kind} ${k} on ${JSON.stringify(c)}`);
          checked++;
          prev = { topology: t, plane };
        }
      }),
      { numRuns: 40, seed: 23 },
    );
    expect(checked).toBeGreaterThan(40);
  }, 120_000);
});
