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

/** Resolves once the canvas stops moving (its framing is animated). */
async function settled(page: Browser['page']): Promise<void> {
  let last = '';
  await page.waitForTimeout(400);
  await expect
    .poll(
      async () => {
        const before = last;
        last = await page.evaluate(
          () => getComputedStyle(document.querySelector('.react-flow__viewport')!).transform,
        );
        return last === before;
      },
      { timeout: 5000, interval: 300 },
    )
    .toBe(true);
}

/** Pairs of boxes that meet, among the page's elements the selectors name. */
function meeting(page: Browser['page'], a: string, b: string) {
  return page.evaluate(
    ([sa, sb]) => {
      // an element's box, or with `text:` before the selector the boxes of the text it holds (a
      // host's title strip spans the host; its name and role take only the left of it)
      const boxes = (s: string) =>
        s.startsWith('text:')
          ? [...document.querySelectorAll(s.slice(5))].flatMap((e) => {
              const out: DOMRect[] = [];
              const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
              for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                const r = document.createRange();
                r.selectNodeContents(n);
                out.push(...r.getClientRects());
              }
              return out;
            })
          : [...document.querySelectorAll(s)].map((e) => e.getBoundingClientRect());
      const out: string[] = [];
      for (const x of boxes(sa!))
        for (const y of boxes(sb!))
          if (x.left < y.right && y.left < x.right && x.top < y.bottom && y.top < x.bottom)
            out.push(`${sa} at ${Math.round(x.left)},${Math.round(x.top)} meets ${sb}`);
      return out;
    },
    [a, b],
  );
}

for (const size of [
  { name: '1280x800', width: 1280, height: 800, presenter: false },
  { name: '1920x1080 in Presenter mode', width: 1920, height: 1080, presenter: true },
]) {
  describe(`the chrome over the canvas at ${size.name}`, () => {
    let b: Browser;
    beforeAll(async () => {
      b = await openApp({ width: size.width, height: size.height });
      if (size.presenter) await b.page.getByRole('button', { name: 'Presenter' }).click();
    });
    afterAll(async () => {
      await b.close();
    });

    it('the Path focus bar that a send brings covers no host’s name', async () => {
      const page = b.page;
      await page.evaluate(() =>
        (window as unknown as { __neutronSend: { send(r: unknown): Promise<unknown> } }).__neutronSend.send({
          from: 'vm1',
          to: 'vm2',
        }),
      );
      await page.waitForSelector('.path-focus');
      // the cloud framed again as the start hint goes (and Presenter mode's larger type comes)
      await settled(page);
      expect(await page.locator('.host__label').count()).toBe(3);
      expect(await meeting(page, '.path-focus', 'text:.host__label')).toEqual([]);
      expect(b.errors).toEqual([]);
    });

    it('the top bar fits the window: the backend choice stays beside the cloud’s name, under no menu', async () => {
      const page = b.page;
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      const choice = page.getByTestId('backend');
      if (!size.presenter) await expect(choice.isVisible()).resolves.toBe(true);
      for (const other of ['.menu', '.search', '.seg', '.topbar > button'])
        expect(await meeting(page, '.cloud-head', other)).toEqual([]);
      // the choice is cut inside its box, which holds it
      const inside = await page.evaluate(() => {
        const head = document.querySelector('.cloud-head')?.getBoundingClientRect();
        const sel = document.querySelector('.backend-choice')?.getBoundingClientRect();
        return (
          !head || !sel || sel.width === 0 || (sel.left >= head.left - 0.5 && sel.right <= head.right + 0.5)
        );
      });
      expect(inside).toBe(true);
    });
  });
}
