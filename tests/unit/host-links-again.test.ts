// A host's links taken again from its last part (sim/view/host-parts.ts linksAgain): after an edit, a
// host whose list starts with the devices and links it had gets its links copied where nothing they
// lead to changed, and taken again (linksAt) elsewhere. On random clouds and runs of edits, and on the
// L cloud, every host's links are those linksOf takes from scratch, in the same order; and the
// tunnels, which a host part whose tunnels lead to no changed host lists as last time
// (vxlan-tunnels.ts), are those listed from parts made anew.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realize, type Topology } from '../../src/sim';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { EDIT_KINDS, sampleEdit } from '../../src/sim/model/sample-edits';
import type { Dataplane } from '../../src/sim/realize/dataplane';
import { realizeEdit } from '../../src/sim/realize/incremental';
import { ViewInputs } from '../../src/sim/view/device-views';
import { forgetLastParts, linksMade } from '../../src/sim/view/host-parts';
import { linksOf } from '../../src/sim/view/link-views';
import { planeView } from '../../src/sim/view/plane-view';
import { anyCloud, buildCloud, loadOrNull } from './arb-edits';

/** Each host's links as planeView gives them, and as linksOf takes them from scratch. */
function hostLinks(t: Topology, plane: Dataplane): { shown: string; scratch: string } {
  const view = planeView(t, plane);
  const cx = new ViewInputs(t, plane);
  const scratch = [...plane.hosts.values()].flatMap((h) => linksOf(cx, h.devices));
  return { shown: JSON.stringify(view.links.slice(0, scratch.length)), scratch: JSON.stringify(scratch) };
}

/**
 * The tunnels, devices and hosts' NICs planeView gives after the view before (where a host part none of
 * whose tunnels leads to a changed host lists them as last time, and a host whose list holds the same
 * ids keeps the views of the devices that did not change), and as given by parts made anew (each
 * host's list copied and its last part forgotten); the plane then drawn again, for the next edit.
 */
function tunnels(t: Topology, plane: Dataplane): { shown: string; anew: string } {
  const seen = planeView(t, plane);
  const shown = JSON.stringify([seen.tunnels, seen.devices, seen.hosts]);
  const hosts = new Map([...plane.hosts].map(([k, h]) => [k, { ...h, devices: [...h.devices] }]));
  forgetLastParts();
  const made = planeView(t, { ...plane, hosts });
  const anew = JSON.stringify([made.tunnels, made.devices, made.hosts]);
  planeView(t, plane);
  return { shown, anew };
}

/** Runs the edits, drawing each plane after the one before; how many parts were taken again. */
function drawEdits(t0: Topology, list: readonly { kind: (typeof EDIT_KINDS)[number]; k: number }[]): number {
  let prev = { topology: t0, plane: realize(t0) };
  planeView(prev.topology, prev.plane);
  const again = linksMade.again;
  for (const { kind, k } of list) {
    const edited = sampleEdit(prev.topology, kind, k);
    const t = edited && loadOrNull(edited);
    if (!t) continue;
    const { plane } = realizeEdit(t, prev, 1);
    const t1 = tunnels(t, plane);
    expect(t1.shown, `tunnels, devices and NICs after ${kind} ${k}`).toBe(t1.anew);
    const { shown, scratch } = hostLinks(t, plane);
    expect(shown, `${kind} ${k}`).toBe(scratch);
    prev = { topology: t, plane };
  }
  return linksMade.again - again;
}

describe("a host's links taken again from its last part", () => {
  it('are the links taken from scratch, on random clouds after random runs of edits', () => {
    let again = 0;
    fc.assert(
      fc.property(
        anyCloud,
        fc.array(fc.record({ kind: fc.constantFrom(...EDIT_KINDS), k: fc.nat({ max: 50 }) }), {
          minLength: 1,
          maxLength: 5,
        }),
        (c, list) => {
          const t0 = buildCloud(c);
          fc.pre(t0 !== null);
          again += drawEdits(t0!, list);
        },
      ),
      { numRuns: 40, seed: 23 },
    );
    // the property is about the parts taken again: they must have been met
    expect(again).toBeGreaterThan(20);
  }, 120_000);

  it('are the links taken from scratch on the L cloud, after a VM added, a port disabled, a VM moved and a rule removed', {
    timeout: 120_000,
  }, () => {
    const t0 = loadOrNull(generateCloud(PRESETS.L))!;
    const again = drawEdits(t0, [
      { kind: 'add-vm', k: 1 },
      { kind: 'toggle-port', k: 2 },
      { kind: 'move-vm', k: 4 },
      // iptables_hybrid: the members' qbr get their chains written again, in place, on most hosts
      { kind: 'remove-rule', k: 3 },
    ]);
    expect(again).toBeGreaterThan(60);
  });

  it('gives a tunnel the new VNI of a host whose br-tun alone changed, its ports kept (a segmentation override)', () => {
    const file = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
    const t0 = loadOrNull(file)!;
    const plane0 = realize(t0);
    planeView(t0, plane0);
    const net1 = t0.networks.find((n) => n.name === 'net1')!;
    const t1 = loadOrNull({
      ...t0,
      hosts: t0.hosts.map((h) =>
        h.name === 'compute1'
          ? { ...h, segmentation_overrides: [{ network_id: net1.id, segmentation_id: 4242 }] }
          : h,
      ),
    })!;
    const { plane } = realizeEdit(t1, { topology: t0, plane: plane0 }, 1);
    const { shown, anew } = tunnels(t1, plane);
    expect(shown).toBe(anew);
    // the override is on the tunnel between compute1 and the hosts of net1
    expect(JSON.parse(shown)[0].some((x: { vnis: number[] }) => x.vnis.includes(4242))).toBe(true);
  });
});
