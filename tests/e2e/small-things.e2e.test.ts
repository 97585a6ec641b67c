// The small things of issue #12: an empty cloud says how to start building; a notice never covers the
// send bar; networks stay apart by colour up to 24, and by pattern after that; a long network name is
// cut inside its bar.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCloud } from '../../src/sim/model/generate';
import { openApp } from './app';
import type { Browser } from './harness';

const load = (b: Browser, json: unknown) =>
  b.page.evaluate(
    (j) => (window as unknown as { __neutron: { load(x: unknown): Promise<unknown> } }).__neutron.load(j),
    json,
  );

describe('small things', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('the demo suggests sending between its own two VMs; an empty cloud says how to start building', async () => {
    const page = b.page;
    const hint = page.getByTestId('start-here');
    await expect(hint.textContent()).resolves.toMatch(/click vm1 and vm2/);
    await page.getByTestId('file-menu').click();
    await page.getByTestId('new-empty').click();
    await expect.poll(() => hint.textContent()).toMatch(/An empty cloud\..*Edit/);
    await expect(hint.textContent()).resolves.not.toMatch(/vm1/);
  });

  it('a notice stands over the canvas, clear of the send bar', async () => {
    const page = b.page;
    await load(b, JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8')));
    await page.waitForSelector('[data-testid="host-compute1"]');
    // Send with nothing picked: the app says what to do first
    await page.getByTestId('send-to').fill('');
    await page.getByTestId('send-go').click({ force: true });
    const notice = page.locator('.notice').first();
    await expect.poll(() => notice.count()).toBe(1);
    const n = (await notice.boundingBox())!;
    const dock = (await page.locator('.send-dock').boundingBox())!;
    expect(n.y + n.height).toBeLessThanOrEqual(dock.y);
  });

  it('24 networks have 24 colours; past them, the colours come again with another pattern', async () => {
    const page = b.page;
    const cloud = generateCloud({
      seed: 5,
      computeHosts: 2,
      networkHosts: 1,
      vms: 2,
      networks: 30,
      routers: 0,
    });
    await load(b, cloud);
    await page.getByRole('button', { name: 'Logical', exact: true }).click();
    // the 30 project networks and the external one
    await expect.poll(() => page.locator('.react-flow__node-netbar').count()).toBe(31);
    const bars = await page.$$eval('.netbar', (els) =>
      els.map((e) => ({
        color: getComputedStyle(e).backgroundColor,
        pattern: e.getAttribute('data-pattern'),
      })),
    );
    // 24 colours, then the colours come round, each time with another pattern (issue #19: colour is
    // never the only sign), so no two of the 31 bars look alike
    expect(new Set(bars.map((x) => x.color)).size).toBe(24);
    expect(new Set(bars.map((x) => `${x.color} ${x.pattern}`)).size).toBe(31);
    await page.getByRole('button', { name: 'Physical', exact: true }).click();
  });

  it('a long network name is cut inside its bar, and whole in its title', async () => {
    const page = b.page;
    const long = 'a-network-with-a-name-far-too-long-to-stand-in-its-bar-whole';
    // the example names its networks where it refers to them: rename net2 everywhere
    const t = JSON.parse(
      readFileSync('examples/two-networks-one-router.json', 'utf8').replaceAll(
        '"net2"',
        JSON.stringify(long),
      ),
    );
    expect(await load(b, t)).toBeNull();
    await page.getByRole('button', { name: 'Logical', exact: true }).click();
    const bar = page.getByTestId(`network-${long}`);
    await expect.poll(() => bar.count()).toBe(1);
    const r = await bar.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const name = el.querySelector('.netbar__label strong')!;
      const n = name.getBoundingClientRect();
      return {
        inside: n.top >= box.top - 1 && n.bottom <= box.bottom + 1,
        cut: name.scrollHeight > name.clientHeight + 1,
        title: el.getAttribute('title') ?? '',
      };
    });
    expect(r.inside).toBe(true);
    expect(r.cut).toBe(true);
    expect(r.title).toContain(long);
    expect(b.errors).toEqual([]);
  });
});
