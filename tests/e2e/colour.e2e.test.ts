// Colour is never the only signal (issue #19, point 4): on the demo, each network's wires, tunnels, bar
// and legend line carry a pattern of their own besides their colour, and the pattern is the same
// wherever the network is drawn. (How the palette looks under colour-vision deficiencies is checked by
// eye with scripts/shots-a11y.ts; see the README.)
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

/** Each coloured wire's colour with the dash it is drawn with. */
function wireLooks(p: Page): Promise<{ stroke: string; dash: string }[]> {
  return p.$$eval('path.net-edge', (els) =>
    els.map((e) => getComputedStyle(e)).map((cs) => ({ stroke: cs.stroke, dash: cs.strokeDasharray })),
  );
}

/** stroke -> the dashes it is drawn with, for the networks' colours in the legend */
async function dashesByColour(p: Page): Promise<Map<string, Set<string>>> {
  const legend = await p.$$eval('.legend__dash line', (els) =>
    els.map((e) => ({ stroke: getComputedStyle(e).stroke, dash: getComputedStyle(e).strokeDasharray })),
  );
  const colours = new Set(legend.map((l) => l.stroke));
  const out = new Map<string, Set<string>>();
  for (const l of [...legend, ...(await wireLooks(p))]) {
    if (!colours.has(l.stroke)) continue;
    const set = out.get(l.stroke) ?? new Set<string>();
    set.add(l.dash);
    out.set(l.stroke, set);
  }
  return out;
}

describe('networks told apart by more than colour', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
  });
  afterAll(async () => {
    await b.close();
  });

  it('draws each network with its own dash, in the legend and on every wire and tunnel', async () => {
    const byColour = await dashesByColour(p);
    // public, net1, net2
    expect(byColour.size).toBe(3);
    // one dash per network wherever it is drawn, and no two networks with the same one
    for (const dashes of byColour.values()) expect(dashes.size).toBe(1);
    const dashes = [...byColour.values()].map((s) => [...s][0]);
    expect(new Set(dashes).size).toBe(3);
    // the tunnels too: VNI 101 and 102 are drawn in different dashes
    const tunnels = await p.$$eval('path.net-edge--tunnel', (els) =>
      els.map((e) => getComputedStyle(e).strokeDasharray),
    );
    expect(new Set(tunnels).size).toBe(2);
  });

  it('frames each patterned network bar, and stripes each port, in the pattern of its network', async () => {
    // a port's stripe and a VM's: vm1's on net1 and vm2's on net2 differ in style as well as colour
    const stripe = (sel: string) => p.locator(sel).evaluate((e) => getComputedStyle(e).borderTopStyle);
    expect(await stripe('[data-device="vm1"] .dev__head')).toBe('dashed');
    expect(await stripe('[data-device="vm2"] .dev__head')).toBe('dotted');
    const taps = await p.$$eval('.dev--tap .dev__line', (els) =>
      els.map((e) => getComputedStyle(e).borderLeftStyle),
    );
    expect(new Set(taps)).toEqual(new Set(['dashed', 'dotted']));
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.waitForSelector('.react-flow__node-netbar');
    const bars = await p.$$eval('.netbar', (els) =>
      els.map((e) => ({
        name: e.querySelector('strong')?.textContent,
        frame: getComputedStyle(e, '::before').borderTopStyle,
      })),
    );
    expect(Object.fromEntries(bars.map((x) => [x.name, x.frame]))).toEqual({
      public: 'none',
      net1: 'dashed',
      net2: 'dotted',
    });
    // the wires from the router to each network: the dashes of the legend
    expect([...(await dashesByColour(p)).values()].every((s) => s.size === 1)).toBe(true);
    expect(b.errors).toEqual([]);
  });
});
