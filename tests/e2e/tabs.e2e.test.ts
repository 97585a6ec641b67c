// Two tabs on one cloud: both save to the same browser storage, so a change in one tab is announced in
// the other, which may open that version as an undoable step; nothing either tab made is lost: a tab
// saves over another's newer version only after keeping it in its undo history, and a reload writes
// nothing.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

async function typeInTerminal(page: Page, line: string) {
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const input = page.locator('[data-testid="terminal-input"]');
  const n = Number(await page.locator('[data-testid="terminal"]').getAttribute('data-done'));
  await input.click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (k) => Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-done')) > k,
    n,
  );
}

const undoTitle = (page: Page) => page.getByTestId('undo').getAttribute('title');

describe('two tabs on one cloud', () => {
  let b: Browser;
  let second: Page;
  beforeAll(async () => {
    b = await openApp();
    second = await b.context.newPage();
    await second.goto(inject('baseUrl'));
    await second.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await b.close();
  });

  it('a change in one tab is announced in the other, which can open it and undo back to its own', async () => {
    const first = b.page;
    await typeInTerminal(second, 'openstack port set --disable vm2-port');
    await expect.poll(() => undoTitle(second)).toContain('openstack port set --disable vm2-port');
    // the first tab is told, and its own cloud is left as it was until asked
    const notice = first.locator('.notice', { hasText: 'changed in another tab' });
    await notice.waitFor();
    expect(await undoTitle(first)).toBe('Nothing to undo');
    await notice.getByRole('button', { name: 'Open that version' }).click();
    await expect.poll(() => undoTitle(first)).toContain('open the version of another tab');
    await expect.poll(() => notice.count()).toBe(0);
    // the port is down here too: a ping to vm2 from vm1's console now goes unanswered
    await first.getByRole('tab', { name: 'Terminal' }).click();
    await first.locator('[data-testid="terminal-place"]').selectOption({ label: 'vm1 console' });
    await typeInTerminal(first, 'ping -c 1 vm2');
    await expect
      .poll(() => first.locator('[data-testid="terminal-log"]').textContent())
      .toContain('1 packets transmitted, 0 packets received');
    // and the first tab's own version is one undo away; undo goes on through the other tab's steps
    await first.getByTestId('undo').click();
    await expect.poll(() => undoTitle(first)).toContain('openstack port set --disable vm2-port');
    expect(await undoTitle(first)).not.toContain('open the version of another tab');
    expect(b.errors).toEqual([]);
  });

  it('a change saved over another tab’s keeps that one in undo, and a reload writes nothing', async () => {
    // a new browser profile: the steps, from a cloud saved by neither tab
    const fresh = await openApp();
    try {
      const a = fresh.page;
      const other = await fresh.context.newPage();
      await other.goto(inject('baseUrl'));
      await other.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
      const saved = () => a.evaluate(() => localStorage.getItem('neutron-explorer:cloud:v2'));
      await typeInTerminal(a, 'openstack port set --disable vm1-port');
      // the first tab's change is saved before the other tab makes its own (on a loaded machine the
      // terminal can answer before the save lands, and the two saves would come the other way round)
      await expect.poll(async () => (await saved()) ?? '').toContain('openstack port set --disable vm1-port');
      await typeInTerminal(other, 'openstack port set --disable vm2-port');
      await expect.poll(() => undoTitle(other)).toContain('openstack port set --disable vm2-port');
      await other.close();
      const before = await saved();
      await a.reload();
      await a.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
      expect(await saved()).toBe(before);
      // the other tab's change is the cloud now; this tab's is one or two undo steps back
      const shows = async (port: string) => {
        await a.getByRole('tab', { name: 'Terminal' }).click();
        await typeInTerminal(a, `openstack port show ${port} -c admin_state_up`);
        const log = (await a.locator('[data-testid="terminal-log"]').textContent()) ?? '';
        return log.slice(log.lastIndexOf(`port show ${port}`));
      };
      expect(await shows('vm2-port')).toMatch(/admin_state_up\s*\|\s*(DOWN|False)/);
      // undo walks back to this tab's own change through the step that kept the other tab's version
      // over it. The other tab's edit is a step of its own or part of that one, as the two saves met
      // (the storage event can reach the other tab before its edit or during its save): either way
      // nothing is lost.
      const seen: string[] = [];
      for (let i = 0; i < 3 && !((await undoTitle(a)) ?? '').includes('--disable vm1-port'); i++) {
        const title = (await undoTitle(a)) ?? '';
        seen.push(title);
        await a.getByTestId('undo').click();
        await expect.poll(() => undoTitle(a)).not.toBe(title);
      }
      expect(seen.some((t) => t.includes('keep this tab’s version over another tab’s'))).toBe(true);
      await expect.poll(() => undoTitle(a)).toContain('openstack port set --disable vm1-port');
      expect(await shows('vm1-port')).toMatch(/admin_state_up\s*\|\s*(DOWN|False)/);
      expect(fresh.errors).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
