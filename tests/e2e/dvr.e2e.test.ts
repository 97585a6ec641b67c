// A DVR send animated in the physical view (issue #14, E2e tests): open examples/dvr.json from the File
// menu, send vm1 -> vm2 across the router, watch the packet routed in compute1's own qrouter namespace,
// and read in the event list what DVR does: no hop on the network node, and compute1's DVR MAC put on
// the frame by br-tun (neutron-facts-beyond §1.3, §1.6).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopologyText } from '../../src/sim';
import { dvrMacs } from '../../src/sim/model/dvr';
import { openApp } from './app';
import type { Browser } from './harness';

const loaded = loadTopologyText(readFileSync('examples/dvr.json', 'utf8'));
if (!loaded.ok) throw new Error('examples/dvr.json does not load');
const compute1Mac = dvrMacs(loaded.topology).get('compute1' as never)!;

type Hooks = {
  state(): { clock: number; drawn: number };
  inkIn(r: { x: number; y: number; width: number; height: number }): { ink: number };
};
const hooks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __neutronSend: Hooks }).__neutronSend.state());
/** Packet pixels the canvas draws over an element (grown by `pad` on each side). */
async function inkOver(page: Page, selector: string, pad = 0): Promise<number> {
  const box = (await page.locator(selector).first().boundingBox())!;
  const r = { x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad };
  return page.evaluate(
    (rect) => (window as unknown as { __neutronSend: Hooks }).__neutronSend.inkIn(rect).ink,
    r,
  );
}
const inHost = (host: string, cls: string) => `.react-flow__node[data-id^="${host}|"] ${cls}`;

describe('a DVR send animated in the physical view', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp({ width: 1920, height: 1080 });
  });
  afterAll(async () => {
    await b.close();
  });

  it('opens "Example: DVR" and draws the router namespace on each compute, the fip namespace beside it and snat- on the network node', async () => {
    const page = b.page;
    await page.getByTestId('file-menu').click();
    await expect(page.getByTestId('new-dvr').textContent()).resolves.toContain('Example: DVR');
    await page.getByTestId('new-dvr').click();
    await page.waitForSelector('.dev--fip');
    const count = (host: string, cls: string) => page.locator(inHost(host, cls)).count();
    expect(await count('compute1', '.dev--qrouter')).toBe(1);
    expect(await count('compute1', '.dev--fip')).toBe(1);
    expect(await count('compute2', '.dev--fip')).toBe(1);
    expect(await count('network1', '.dev--snat')).toBe(1);
    expect(await count('network1', '.dev--fip')).toBe(0);
    // the namespaces go by their short names, the whole name on hover
    await expect(page.locator(inHost('network1', '.dev--snat .dev__name')).textContent()).resolves.toMatch(
      /^snat-[0-9a-f]{8}…$/,
    );
    // the veth joining the router namespace to the fip namespace is drawn with its name
    expect(await page.locator('.react-flow__edges text', { hasText: /^veth$/ }).count()).toBe(2);
  });

  it('sends vm1 -> vm2 without a hop on the network node, with the DVR MAC of compute1 on the way', async () => {
    const page = b.page;
    await page.locator('[data-testid="send-from"]').selectOption('vm1');
    await page.locator('[data-testid="send-to"]').fill('vm2');
    await page.locator('[data-testid="send-go"]').click();
    await expect.poll(() => page.locator('[data-testid="flow-1"]').textContent()).toContain('delivered');
    // the packet moves on the physical canvas
    await expect.poll(async () => (await hooks(page)).drawn).toBeGreaterThan(0);
    const c0 = (await hooks(page)).clock;
    await page.waitForTimeout(500);
    expect((await hooks(page)).clock).toBeGreaterThan(c0);
    // every hop, the discarded flood copies too
    await page.getByLabel('show discarded copies').check();
    if ((await page.locator('.ev-row[data-flow="1"]').count()) === 0)
      await page.locator('[data-testid="ev-send"][data-flow="1"]').click();
    await expect.poll(() => page.locator('.ev-row[data-flow="1"]').count()).toBeGreaterThan(40);
    const hosts = await page.$$eval('.ev-row[data-flow="1"]', (els) =>
      els.map((e) => e.getAttribute('data-host')),
    );
    expect(hosts).toContain('compute1');
    expect(hosts).toContain('compute2');
    expect(hosts).not.toContain('network1');
    const routed = page.locator('.ev-row[data-flow="1"][data-host="compute1"][data-device="br-tun"]', {
      hasText: `DVR MAC ${compute1Mac}`,
    });
    expect(await routed.count()).toBeGreaterThan(0);
    // the routing is done in compute1's own router namespace: on that hop the canvas draws the echo
    // request there, not in compute2's router namespace nor anywhere on network1
    const routing = page
      .locator('.ev-row[data-flow="1"][data-host="compute1"][data-device^="qrouter-"]', {
        hasText: 'echo request',
      })
      .first();
    const seq = await routing.getAttribute('data-seq');
    await routing.click();
    await expect.poll(() => page.getByTestId('hop-inspector').getAttribute('data-seq')).toBe(seq);
    await expect.poll(() => inkOver(page, inHost('compute1', '.dev--qrouter'), 20)).toBeGreaterThan(50);
    expect(await inkOver(page, inHost('compute2', '.dev--qrouter'))).toBe(0);
    expect(await inkOver(page, '[data-testid="host-network1"]')).toBe(0);
    expect(b.errors).toEqual([]);
  });
});
