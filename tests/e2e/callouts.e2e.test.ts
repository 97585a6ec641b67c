// Nothing covers what it explains: packet labels, "waits for ARP" and drop callouts are placed clear of
// the device they are about, of every host title and of what floats over the canvas (the legend, the
// zoom buttons, the Path focus bar), mid-animation and on a drop, in both views, at 1280x800 and at
// 1920x1080 in Presenter mode. Rectangles are read from the page (the nodes' and titles' boxes) and
// from the packet layer's last frame; the titles are also checked for packet ink.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Found {
  label: string;
  kind: string;
  covers: string;
}

/** Every label of the last frame that meets its own device's box or any host title. */
function coverings(page: Page): Promise<{ labels: number; found: Found[]; titles: Box[] }> {
  return page.evaluate(() => {
    type L = Box & { kind: string; node: string | null; text: string };
    const hooks = (window as unknown as { __neutronSend: { labels(): L[] } }).__neutronSend;
    const meet = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    const rect = (el: Element): Box => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    };
    const nodes = new Map(
      [...document.querySelectorAll('.react-flow__node')].map((n) => [n.getAttribute('data-id'), n]),
    );
    const titles = [...document.querySelectorAll('.host__label')].map(rect);
    // what floats over the canvas: a label under it is not seen
    const overlays = [...document.querySelectorAll('.legend, .react-flow__controls, .path-focus, .overview')]
      .map(rect)
      .filter((r) => r.w > 0 && r.h > 0);
    const found: Found[] = [];
    const labels = hooks.labels();
    for (const l of labels) {
      const own = l.node ? nodes.get(l.node) : undefined;
      if (own && meet(l, rect(own))) found.push({ label: l.text, kind: l.kind, covers: l.node! });
      for (const t of titles)
        if (meet(l, t)) found.push({ label: l.text, kind: l.kind, covers: 'a host title' });
      for (const o of overlays)
        if (meet(l, o))
          found.push({ label: l.text, kind: l.kind, covers: 'the legend, the zoom buttons or a bar' });
    }
    return { labels: labels.length, found, titles };
  });
}

const hook = (page: Page, fn: string, ...args: unknown[]) =>
  page.evaluate(
    ([f, a]) =>
      (window as unknown as { __neutronSend: Record<string, (...x: unknown[]) => unknown> }).__neutronSend[
        f as string
      ]!(...(a as unknown[])),
    [fn, args] as const,
  );

/**
 * Waits until the canvas stands still and the packet layer's last frame was drawn at the pan and zoom
 * the page shows: while the view is still gliding to a new fit (the dock opening on a send), the
 * boxes read from the page and the labels of the frame before belong to two different views.
 */
async function settled(page: Page): Promise<void> {
  let before = '';
  await expect
    .poll(
      async () => {
        const now = await page.evaluate(() => {
          const t = (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform;
          const m = /translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(t);
          const f = (
            window as unknown as { __neutronSend: { frameView(): { x: number; y: number; zoom: number } } }
          ).__neutronSend.frameView();
          const drawnAt =
            m !== null &&
            Math.abs(Number(m[1]) - f.x) < 0.01 &&
            Math.abs(Number(m[2]) - f.y) < 0.01 &&
            Math.abs(Number(m[3]) - f.zoom) < 1e-4;
          return `${t} ${drawnAt}`;
        });
        const still = now === before;
        before = now;
        return still && now.endsWith(' true');
      },
      { timeout: 10000, interval: 80 },
    )
    .toBe(true);
}

async function sampleWhilePlaying(page: Page, samples: number): Promise<{ seen: number; found: Found[] }> {
  const found: Found[] = [];
  let seen = 0;
  for (let i = 0; i < samples; i++) {
    await hook(page, 'play');
    await page.waitForTimeout(170 + 37 * i);
    await hook(page, 'pause');
    await settled(page);
    const c = await coverings(page);
    seen += c.labels;
    found.push(...c.found);
  }
  return { seen, found };
}

/** The app in a window of this size, in Presenter mode if asked. */
async function openAt(size: { width: number; height: number; presenter: boolean }): Promise<Browser> {
  const b = await openApp({ width: size.width, height: size.height });
  if (size.presenter) {
    await b.page.getByRole('button', { name: 'Presenter' }).click();
    await b.page.waitForTimeout(400);
  }
  return b;
}

for (const size of [
  { name: '1280x800', width: 1280, height: 800, presenter: false },
  { name: '1920x1080 in Presenter mode', width: 1920, height: 1080, presenter: true },
]) {
  describe(`labels at ${size.name}`, () => {
    let b: Browser;
    beforeAll(async () => {
      b = await openAt(size);
    });
    afterAll(async () => {
      await b.close();
    });

    it('mid-animation, no packet label meets its device or a host title', async () => {
      const page = b.page;
      await hook(page, 'setSpeed', 2);
      expect(await hook(page, 'send', { from: 'vm1', to: 'vm2' })).toMatchObject({ verdict: 'delivered' });
      const { seen, found } = await sampleWhilePlaying(page, 14);
      expect(seen).toBeGreaterThan(10);
      expect(found).toEqual([]);
      expect(b.errors).toEqual([]);
    });

    it('on a drop, neither the packet nor the red callout covers the device that dropped it', async () => {
      const page = b.page;
      await hook(page, 'setSpeed', 4);
      expect(await hook(page, 'send', { from: 'internet', to: 'vm1', proto: 'tcp', port: 80 })).toMatchObject(
        {
          verdict: 'dropped',
        },
      );
      await expect
        .poll(() => hook(page, 'state').then((s) => (s as { playing: boolean }).playing), { timeout: 20000 })
        .toBe(false);
      await settled(page);
      const c = await coverings(page);
      expect(c.labels).toBeGreaterThanOrEqual(2);
      expect(c.found).toEqual([]);
      // and no packet pixel at all on a host's title
      for (const t of c.titles) {
        const ink = (await hook(page, 'inkIn', { x: t.x, y: t.y, width: t.w, height: t.h })) as {
          ink: number;
        };
        expect(ink.ink).toBe(0);
      }
      expect(b.errors).toEqual([]);
    });
  });

  // a fresh page: vm1 has not resolved its gateway yet, so its echo request waits for ARP
  describe(`labels in the logical view at ${size.name}`, () => {
    let b: Browser;
    beforeAll(async () => {
      b = await openAt(size);
    });
    afterAll(async () => {
      await b.close();
    });

    it('in the logical view, mid-animation, no label meets its node or hides under the legend', async () => {
      const page = b.page;
      // the ping sent from the physical view and its first seconds played there, then the rest in the
      // logical view: the echo request waits for ARP below vm1, over the legend's corner at 1280x800
      await hook(page, 'setSpeed', 1);
      expect(await hook(page, 'send', { from: 'vm1', to: 'vm2' })).toMatchObject({ verdict: 'delivered' });
      await page.waitForTimeout(2500);
      await hook(page, 'pause');
      await page.getByRole('button', { name: 'Logical', exact: true }).click();
      await page.waitForSelector('.react-flow__node');
      await page.waitForTimeout(800);
      const { seen, found } = await sampleWhilePlaying(page, 10);
      expect(seen).toBeGreaterThan(5);
      expect(found).toEqual([]);
      expect(b.errors).toEqual([]);
    });
  });
}
