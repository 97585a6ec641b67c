// A new version is announced, never swapped in silently (issue #19, point 6): the app is served from a
// copy of the build; once its service worker is in charge, the copy's service worker changes, as it
// does when a new version is deployed. The page says so quietly, with a Reload button, and keeps the
// class's work on screen until the user presses it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, openBrowser } from './harness';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A static server of a directory, as a host of the built app would be. */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }),
    ),
  );
}

describe('a new version', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let b: Browser;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nx-site-'));
    cpSync('dist', dir, { recursive: true });
    ({ server, url } = await serve(dir));
    b = await openBrowser();
  });
  afterAll(async () => {
    await b.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is announced with a Reload button, and taken only when the user presses it', async () => {
    const p = b.page;
    await p.goto(url);
    await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
    await p.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
    // a later visit, as in class: the page is the service worker's
    await p.reload();
    await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
    expect(await p.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // work on screen that a silent swap would lose: a mark on this page's window
    await p.evaluate(() => {
      (window as unknown as { __before: boolean }).__before = true;
    });
    const notice = p.locator('.notice', { hasText: 'A new version of Neutron Explorer is ready.' });
    expect(await notice.count()).toBe(0);
    // a new version is deployed: its service worker differs
    writeFileSync(join(dir, 'sw.js'), `${readFileSync(join(dir, 'sw.js'), 'utf8')}\n// the next version\n`);
    await p.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await notice.waitFor({ timeout: 20_000 });
    // nothing was swapped meanwhile: the page is the same one
    expect(await p.evaluate(() => (window as unknown as { __before?: boolean }).__before)).toBe(true);
    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect
      .poll(() => p.evaluate(() => (window as unknown as { __before?: boolean }).__before ?? false), {
        timeout: 20_000,
      })
      .toBe(false);
    await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
    expect(b.errors).toEqual([]);
  });

  it('reloads from the notice on a first visit too, when no worker controls the page yet', async () => {
    const fresh = await openBrowser();
    try {
      const p = fresh.page;
      await p.goto(url);
      await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
      await p.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
      expect(await p.evaluate(() => navigator.serviceWorker.controller === null)).toBe(true);
      await p.evaluate(() => {
        (window as unknown as { __before: boolean }).__before = true;
      });
      writeFileSync(join(dir, 'sw.js'), `${readFileSync(join(dir, 'sw.js'), 'utf8')}\n// one more\n`);
      await p.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const notice = p.locator('.notice', { hasText: 'A new version of Neutron Explorer is ready.' });
      await notice.getByRole('button', { name: 'Reload' }).click({ timeout: 20_000 });
      await expect
        .poll(() => p.evaluate(() => (window as unknown as { __before?: boolean }).__before ?? false), {
          timeout: 20_000,
        })
        .toBe(false);
      await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
      expect(fresh.errors).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
