// Reading the canvas from the back of a room (issue #11): with the default scenario fitted, every label
// on the canvas renders at least 16 px (font size times zoom) at 1920x1080 in Presenter mode, and at
// least 11 px at 1280x800 outside it, in both views, with the whole scenario on screen; no name is cut
// where it has room, and a shortened name shows whole on hover and on focus.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

interface Sizes {
  zoom: number;
  smallest: { text: string; px: number };
  labels: number;
  /** labels whose text overflows its box */
  cut: string[];
  /** nodes not wholly inside the canvas */
  outside: string[];
}

/** Every text on the canvas's nodes and edge labels, as rendered: its font size times the zoom. */
function measure(page: Page): Promise<Sizes> {
  return page.evaluate(() => {
    const vp = document.querySelector('.react-flow__viewport')!;
    const zoom = new DOMMatrix(getComputedStyle(vp).transform).a;
    const canvas = document.querySelector('.react-flow')!.getBoundingClientRect();
    let smallest = { text: '', px: Number.POSITIVE_INFINITY };
    let labels = 0;
    const cut: string[] = [];
    for (const root of document.querySelectorAll('.react-flow__node, .edge-label')) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const text = t.textContent?.trim();
        const el = t.parentElement!;
        const cs = getComputedStyle(el);
        if (!text || el.closest('.dev__full') || cs.display === 'none' || cs.visibility === 'hidden')
          continue;
        if (!el.getClientRects().length) continue;
        labels++;
        const px = Number.parseFloat(cs.fontSize) * zoom;
        if (px < smallest.px) smallest = { text, px };
        if (el instanceof HTMLElement && el.scrollWidth > el.clientWidth + 1) cut.push(text);
      }
    }
    const outside = [...document.querySelectorAll('.react-flow__node')].flatMap((n) => {
      const r = n.getBoundingClientRect();
      const inside =
        r.left >= canvas.left - 1 &&
        r.top >= canvas.top - 1 &&
        r.right <= canvas.right + 1 &&
        r.bottom <= canvas.bottom + 1;
      return inside ? [] : [n.getAttribute('data-id') ?? '?'];
    });
    return { zoom, smallest, labels, cut, outside };
  });
}

async function fitted(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await page.waitForTimeout(700);
}

for (const room of [
  { name: '1920x1080 in Presenter mode', width: 1920, height: 1080, presenter: true, min: 16 },
  { name: '1280x800', width: 1280, height: 800, presenter: false, min: 11 },
]) {
  describe(`the default scenario fitted at ${room.name}`, () => {
    let b: Browser;
    beforeAll(async () => {
      b = await openApp({ width: room.width, height: room.height });
      if (room.presenter) await b.page.getByRole('button', { name: 'Presenter' }).click();
    });
    afterAll(async () => {
      await b.close();
    });

    for (const view of ['Physical', 'Logical'] as const)
      it(`${view} view: every label at least ${room.min} px, no name cut, the whole cloud on screen`, async () => {
        const page = b.page;
        await page.getByRole('button', { name: view, exact: true }).click();
        await page.waitForSelector(
          view === 'Physical' ? '[data-testid="host-compute1"]' : '.react-flow__node-netbar',
        );
        await fitted(page);
        const s = await measure(page);
        expect(s.labels).toBeGreaterThan(view === 'Physical' ? 60 : 20);
        expect(s.smallest.px, `"${s.smallest.text}" at zoom ${s.zoom.toFixed(2)}`).toBeGreaterThanOrEqual(
          room.min,
        );
        expect(s.cut).toEqual([]);
        expect(s.outside).toEqual([]);
        expect(b.errors).toEqual([]);
      });

    // at 1280x800 the open event list leaves the canvas too short for 11 px (about 9.6): only the
    // projector's promise is kept with it open
    if (room.presenter)
      it('still so with the event list open after a send', async () => {
        const page = b.page;
        await page.getByRole('button', { name: 'Physical', exact: true }).click();
        await page.waitForSelector('[data-testid="host-compute1"]');
        await page.evaluate(() =>
          (window as unknown as { __neutronSend: { send(r: unknown): Promise<unknown> } }).__neutronSend.send(
            {
              from: 'vm1',
              to: 'vm2',
            },
          ),
        );
        await expect.poll(() => page.locator('.ev-row[data-seq]').count()).toBeGreaterThan(0);
        await fitted(page);
        const s = await measure(page);
        expect(s.smallest.px, `"${s.smallest.text}" at zoom ${s.zoom.toFixed(2)}`).toBeGreaterThanOrEqual(
          room.min,
        );
        expect(s.outside).toEqual([]);
      });
  });
}

describe('a shortened name', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('shows whole on hover and on keyboard focus', async () => {
    const page = b.page;
    const node = page.locator('.react-flow__node').filter({ has: page.locator('.dev--qrouter') });
    const full = node.getByTestId('full-name');
    const name = (await node.locator('.dev').getAttribute('data-device'))!;
    expect(name).toMatch(/^qrouter-[0-9a-f-]{36}$/);
    await expect(node.locator('.dev__name').textContent()).resolves.toMatch(/…$/);
    expect(await full.isVisible()).toBe(false);
    await node.hover();
    await expect.poll(() => full.isVisible()).toBe(true);
    await expect(full.textContent()).resolves.toBe(name);
    // the whole name is on screen, not cut
    const box = (await full.boundingBox())!;
    expect(await full.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);
    expect(box.width).toBeGreaterThan(200);
    await page.mouse.move(5, 400);
    await expect.poll(() => full.isVisible()).toBe(false);
    await node.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => full.isVisible()).toBe(true);
    expect(b.errors).toEqual([]);
  });
});
