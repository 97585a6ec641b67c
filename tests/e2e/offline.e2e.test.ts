// Works with no network (issue #19, point 6): after one visit the service worker has the app, its
// lazy chunks, the examples and the lessons; offline, a reload opens the app and a ping is delivered.
// It installs as an app: the page links a manifest with a name and icons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

describe('offline', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('reloads and sends a ping with the network gone', async () => {
    const p = b.page;
    // the service worker is in charge once it has cached everything
    await p.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return reg.active?.state;
    });
    await expect
      .poll(() => p.evaluate(async () => (await caches.keys()).length), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await b.context.setOffline(true);
    await p.reload();
    await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
    await p.locator('[data-testid="send-from"]').selectOption('vm1');
    await p.locator('[data-testid="send-to"]').fill('vm2');
    await p.locator('[data-testid="send-go"]').click();
    await expect.poll(() => p.locator('[data-testid="flow-1"]').textContent()).toContain('delivered');
    // a lazy panel and an example file come from the cache too
    await p.getByRole('button', { name: 'Lessons ▾' }).click();
    await p.getByRole('menuitem').nth(2).click();
    await expect.poll(() => p.locator('.lesson').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await b.context.setOffline(false);
  });

  it('installs as an app: a manifest with its name and icons', async () => {
    const p = b.page;
    const href = await p.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifest = await p.evaluate(async (h) => (await fetch(h!)).json(), href);
    expect(manifest.name).toBe('Neutron Explorer');
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const status = await p.evaluate(async (src) => (await fetch(src)).status, icon.src);
      expect(status).toBe(200);
    }
  });
});
