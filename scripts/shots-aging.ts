// Screenshots of simulated time for a person to look at (run `npx vite build` first):
//   PORT=<a free port> npx tsx scripts/shots-aging.ts [out-dir]
// The send bar after a ping (its clock and the wait control, the wait menu open), after waiting 5 min
// (the inspector on compute1's br-tun), `sleep` in the terminal, and lesson 11 with its commands' output
// (the learned flow, then gone); at 1280x800 and at 1920x1080 in presenter mode, light and dark:
// <out>/<scene>-<1280|1920p>-<light|dark>.png
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-aging';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4441));
const modes = [
  { w: 1280, h: 800, presenter: false, tag: '1280' },
  { w: 1920, h: 1080, presenter: true, tag: '1920p' },
];

/** Light then dark; `again` sets the scene up after the theme button's click (which closes a popover). */
async function both(p: Page, name: string, tag: string, again?: () => Promise<void>) {
  for (const theme of ['light', 'dark']) {
    const current = await p.evaluate(() => document.documentElement.dataset.theme ?? 'light');
    if (current !== theme) {
      await p.click('button[aria-label="Toggle theme"]');
      await p.waitForTimeout(200);
      await again?.();
    }
    await p.screenshot({ path: `${out}/${name}-${tag}-${theme}.png` });
  }
}

try {
  for (const mode of modes) {
    const b = await openBrowser(mode.w, mode.h);
    const p = b.page;
    try {
      await p.goto(server.url);
      await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
      if (mode.presenter) await p.getByRole('button', { name: 'Presenter' }).click();
      await p.locator('[data-testid="send-from"]').selectOption('vm1');
      await p.locator('[data-testid="send-to"]').fill('vm2');
      await p.locator('[data-testid="send-go"]').click();
      await p.waitForTimeout(1500);
      await both(p, 'sent', mode.tag);
      const wait = p.locator('[data-testid="wait-open"]');
      if (await wait.count()) {
        const openWait = async () => {
          await wait.click();
          await p.waitForTimeout(200);
        };
        const typeBad = async () => {
          await openWait();
          await p.locator('[data-testid="wait-seconds"]').fill('-5');
          await p.keyboard.press('Enter');
          await p.waitForTimeout(200);
        };
        await openWait();
        await both(p, 'wait-menu', mode.tag, openWait);
        await p.keyboard.press('Escape');
        await typeBad();
        await both(p, 'wait-bad', mode.tag, typeBad);
        await p.locator('[data-testid="wait-seconds"]').fill('');
        await p.getByRole('button', { name: '5 min', exact: true }).click();
        await p.waitForTimeout(300);
        await p.locator('.react-flow__node[data-id="compute1|br-tun"]').click();
        await p.getByRole('tab', { name: 'Inspector' }).click();
        await p.waitForTimeout(500);
        await both(p, 'waited', mode.tag);
      }
      await p.getByRole('tab', { name: 'Terminal' }).click();
      await p.waitForSelector('[data-testid="terminal-input"]');
      await p.locator('[data-testid="terminal-place"]').selectOption({ label: 'network1 (network node)' });
      for (const line of [
        'sleep 100',
        'sleep x',
        'ip netns exec qrouter-897b68c4-dfc7-4770-aa4f-b81283b33684 ip neigh',
      ]) {
        await p.locator('[data-testid="terminal-input"]').click();
        await p.keyboard.type(line);
        await p.keyboard.press('Enter');
        await p.waitForTimeout(300);
      }
      await both(p, 'sleep', mode.tag);
      await p.getByRole('button', { name: 'Lessons ▾' }).click();
      await p.getByRole('menuitem', { name: /^11\. / }).click();
      const panel = p.locator('[data-testid="lesson-panel"]');
      for (let step = 1; step <= 5; step++) {
        if (step > 1) await panel.getByRole('button', { name: 'Next →' }).click();
        await panel.locator('[data-testid="lesson-send"]').click();
        await p.waitForFunction(() => document.querySelector('[data-testid="lesson-outcome"]') !== null);
        await p.waitForTimeout(step === 1 ? 1500 : 400);
        if (step === 2 || step === 5) await both(p, `lesson-step${step}`, mode.tag);
      }
      console.log(`${mode.tag}: console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
    } finally {
      await b.close();
    }
  }
} finally {
  server.stop();
}
