// Opening the app as a user would, and reading what it shows.

import type { Page } from 'playwright-core';
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

const termDone = async (page: Page) =>
  Number(await page.locator('[data-testid="terminal"]').getAttribute('data-done'));

/** Types a command in the terminal and waits for it to finish; returns what the log shows after it. */
export async function runCommand(page: Page, line: string): Promise<string> {
  const before = await page.locator('[data-testid="terminal-log"] > [data-kind]').count();
  const n = await termDone(page);
  await page.locator('[data-testid="terminal-input"]').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (k) => Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-done')) > k,
    n,
    { timeout: 15_000 },
  );
  const all = await page.$$eval('[data-testid="terminal-log"] > [data-kind]', (els) =>
    els.map((e) => e.textContent ?? ''),
  );
  return all.slice(before + 1).join('\n');
}
