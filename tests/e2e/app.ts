// Opening the app as a user would, and reading what it shows.
import { inject } from 'vitest';
import { type Browser, openBrowser } from './harness';

export async function openApp(
  opts: { width?: number; height?: number; query?: string } = {},
): Promise<Browser> {
  const b = await openBrowser(opts.width ?? 1280, opts.height ?? 800);
  await b.page.goto(`${inject('baseUrl')}${opts.query ?? ''}`);
  await b.page.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
  return b;
}

/** The names of the devices drawn on the canvas. */
export async function deviceNames(b: Browser): Promise<string[]> {
  return b.page.$$eval('.react-flow__node [data-device]', (els) =>
    els.map((e) => e.getAttribute('data-device') ?? ''),
  );
}
