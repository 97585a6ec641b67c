// A simulator that hangs or dies, as a user meets it: through the test hooks on window.__neutronSim the
// worker stops answering (without dying) or is terminated silently, and the app must notice, start a
// new one with the cloud, and carry on: the send made after it is delivered within 3 s, a rename typed
// meanwhile is kept, the terminal and the inspector answer, and one sentence says what happened.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

type SimHooks = { hang(): void; terminate(): void };

const sim = (p: Page, hook: keyof SimHooks) =>
  p.evaluate((h) => (window as unknown as { __neutronSim: SimHooks }).__neutronSim[h](), hook);

const serverNames = (p: Page) =>
  p.evaluate(() =>
    (window as unknown as { __neutronEdit: { state(): { doc: Topology } } }).__neutronEdit
      .state()
      .doc.servers.map((s) => s.name),
  );

const notices = (p: Page) => p.locator('.notice').allTextContents();

/** The one sentence a replacement shows, with what it cost. */
const TOLD =
  /^The simulator stopped answering and was restarted; your cloud is back, with empty MAC tables, ARP caches and connection tracking\./;

describe('a simulator that stops answering', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
  });
  afterAll(async () => {
    await b.close();
  });

  it('is replaced: the send made after it hung is delivered within 3 s, and a rename typed meanwhile is kept', async () => {
    // the send bar and the name field are ready before the worker hangs
    await p.getByTestId('send-from').selectOption('vm1');
    await p.getByTestId('edit-toggle').click();
    await p.locator('[data-device="vm2"]').click();
    const name = p.getByTestId('field-server-name');
    await name.fill('db');

    const t0 = Date.now();
    await sim(p, 'hang');
    await name.press('Enter');
    // to the new name: the send can only be delivered if the rename was applied before it
    await p.getByTestId('send-to').fill('db');
    await p.getByTestId('send-go').click();
    await p.waitForFunction(
      () => document.querySelector('[data-testid="flow-1"]')?.textContent?.includes('delivered'),
      undefined,
      { timeout: 10_000, polling: 50 },
    );
    expect(Date.now() - t0).toBeLessThan(3000);

    expect(await serverNames(p)).toEqual(['vm1', 'db']);
    await expect(name.inputValue()).resolves.toBe('db');
    await expect(p.locator('.field.has-error').count()).resolves.toBe(0);
    const told = (await notices(p)).filter((n) => n.startsWith('The simulator'));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(TOLD);
    expect(b.errors).toEqual([]);
  });
});

describe('a simulator that dies without a word', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
    await p.getByRole('tab', { name: 'Terminal' }).click();
    await p.locator('[data-testid="terminal-place"]').selectOption({ label: 'vm1 console' });
  });
  afterAll(async () => {
    await b.close();
  });

  it('is replaced: `ip a` typed after it died answers within 3 s, and the inspector shows the device', async () => {
    const terminal = p.locator('[data-testid="terminal"]');
    const done = Number(await terminal.getAttribute('data-done'));
    const t0 = Date.now();
    await sim(p, 'terminate');
    await p.locator('[data-testid="terminal-input"]').click();
    await p.keyboard.type('ip a');
    await p.keyboard.press('Enter');
    await p.waitForFunction(
      (k) => Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-done')) > k,
      done,
      { timeout: 10_000, polling: 50 },
    );
    expect(Date.now() - t0).toBeLessThan(3000);
    const out = await p.$$eval('[data-testid="terminal-log"] > [data-kind]', (els) =>
      els.slice(-2).map((e) => `${e.getAttribute('data-kind')}: ${e.textContent}`),
    );
    expect(out.join('\n')).toContain('eth0');
    expect(out.join('\n')).not.toContain('did not answer');
    await expect.poll(() => notices(p)).toEqual(expect.arrayContaining([expect.stringMatching(TOLD)]));

    // the inspector asks the new worker, and gets an answer
    await p.locator('[data-device="vm2"]').click();
    await p.getByRole('tab', { name: 'Inspector' }).click();
    await expect.poll(() => p.locator('[data-testid="inspector"] h2').textContent()).toBe('vm2');
    expect(b.errors).toEqual([]);
  });
});
