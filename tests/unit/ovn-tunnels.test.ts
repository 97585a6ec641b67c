// The Geneve tunnels' keys and networks on the physical view (view/ovn-tunnels.ts), worked out datapath
// by datapath, are what the definition gives pair by pair (below, the way it was first written): on
// random ML2/OVN clouds and on M under OVN, for every tunnel, keys and networks in the same order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realize, type Topology } from '../../src/sim';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import type { OvnDb } from '../../src/sim/realize/ovn/db';
import { ovnTunnels, vifChassis } from '../../src/sim/view/ovn-tunnels';
import { anyCloud, buildCloud, loadOrNull } from './arb-edits';

/** The old definition, pair by pair: what each tunnel must carry. */
function keysBetween(
  db: OvnDb,
  vifsOn: Map<number, Set<string>>,
  x: string,
  y: string,
): { keys: number[]; networks: string[] } {
  const keys = new Set<number>();
  const networks = new Set<string>();
  const has = (dp: number, h: string) => vifsOn.get(dp)?.has(h) ?? false;
  // routing is distributed: a chassis with a VM on one network of a router sends to the router's
  // other networks itself, with the destination network's key
  for (const lr of db.nb.routers) {
    const nets = lr.ports
      .filter((p) => !p.gateway_chassis.length)
      .map((p) => db.datapathByName.get(p.switchName));
    const on = (h: string) => nets.some((n) => n && has(n.tunnel_key, h));
    for (const n of nets) {
      if (!n) continue;
      if ((has(n.tunnel_key, y) && on(x)) || (has(n.tunnel_key, x) && on(y))) {
        keys.add(n.tunnel_key);
        const sw = db.nb.switches.find((s) => s.name === n.name);
        if (sw) networks.add(sw.networkId);
      }
    }
  }
  for (const sw of db.nb.switches) {
    const dp = db.datapathByName.get(sw.name)!;
    if (has(dp.tunnel_key, x) && has(dp.tunnel_key, y)) {
      keys.add(dp.tunnel_key);
      networks.add(sw.networkId);
    }
  }
  for (const lr of db.nb.routers) {
    const cr = [...(db.datapathByName.get(lr.name)?.ports.values() ?? [])].find(
      (b) => b.type === 'chassisredirect',
    );
    if (!cr?.chassis) continue;
    const other = cr.chassis === x ? y : cr.chassis === y ? x : null;
    if (!other) continue;
    for (const p of lr.ports) {
      const dp = db.datapathByName.get(p.switchName);
      if (!dp || p.gateway_chassis.length || !has(dp.tunnel_key, other)) continue;
      keys.add(dp.tunnel_key);
      keys.add(db.datapathByName.get(lr.name)!.tunnel_key);
      const sw = db.nb.switches.find((s) => s.name === p.switchName);
      if (sw) networks.add(sw.networkId);
    }
  }
  return { keys: [...keys].sort((a, b) => a - b), networks: [...networks] };
}

function check(t: Topology): number {
  const plane = realize(t);
  const db = plane.ovn!;
  const vifs = vifChassis(db);
  const tunnels = ovnTunnels(plane);
  for (const x of tunnels) {
    const want = keysBetween(db, vifs, x.hostA, x.hostB);
    expect({ keys: x.keys, networks: x.networks }, x.id).toEqual(want);
  }
  return tunnels.length;
}

describe('the Geneve tunnels of the physical view', () => {
  it('carry the keys and networks the definition gives, on random ML2/OVN clouds', () => {
    let tunnels = 0;
    fc.assert(
      fc.property(anyCloud, (c) => {
        const t = buildCloud({ ...c, mechanism: 'ovn', routers: Math.max(c.routers, 1), external: true });
        fc.pre(t !== null);
        tunnels += check(t!);
      }),
      { numRuns: 60, seed: 31 },
    );
    expect(tunnels).toBeGreaterThan(60);
  });

  it('on M under ML2/OVN, 20 chassis', () => {
    const g = generateCloud(PRESETS.M);
    const t = loadOrNull({ ...g, options: { ...g.options, mechanism_driver: 'ovn' } })!;
    expect(check(t)).toBeGreaterThan(100);
  });
});
