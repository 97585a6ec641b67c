// Screenshots of sending and playback for a person to look at (run `npx vite build` first):
//   npx tsx scripts/shots-send.ts [out-dir]
// Scenarios: a ping picked on the canvas (playing, then at chosen hops), a drop, NAT, two flows at
// once, the dark theme. W and H set the window size (default 1280x800); STEPS=9,40 adds hops to show.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-send';
mkdirSync(out, { recursive: true });
const server = await startPreview(4322);
const b = await openBrowser(Number(process.env.W ?? 1280), Number(process.env.H ?? 800));
const p = b.page;
const only = process.env.ONLY?.split(',');
const want = (name: string) => !only || only.includes(name);

async function fresh(page: Page) {
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  await page.waitForTimeout(400);
}

async function formSend(page: Page, from: string, to: string, proto = 'icmp', port = 80) {
  await page.locator('[data-testid="send-from"]').selectOption(from);
  await page.locator('[data-testid="send-proto"]').selectOption(proto);
  if (proto !== 'dhcp') await page.locator('[data-testid="send-to"]').fill(to);
  if (proto === 'tcp' || proto === 'udp') await page.locator('[data-testid="send-port"]').fill(String(port));
  await page.locator('[data-testid="send-go"]').click();
}

try {
  if (want('ping')) {
    await fresh(p);
    await p.getByRole('button', { name: '✉ Click to send' }).click();
    await p.locator('[data-device="vm1"]').click();
    await p.waitForTimeout(200);
    await p.screenshot({ path: `${out}/ping-01-picked.png` });
    await p.locator('[data-device="vm2"]').click();
    await p.waitForTimeout(2500);
    await p.screenshot({ path: `${out}/ping-02-playing.png` });
    await p.keyboard.press('k');
    for (const seq of (process.env.STEPS ?? '').split(',').filter(Boolean).map(Number)) {
      await p.locator(`.ev-row[data-seq="${seq}"]`).first().click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/ping-seq-${seq}.png` });
    }
    await p.click('button[title="Light or dark theme"]');
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${out}/ping-dark.png` });
    await p.click('button[title="Light or dark theme"]');
  }
  if (want('drop')) {
    await fresh(p);
    await formSend(p, 'internet', 'vm1', 'tcp', 80);
    await p.waitForTimeout(500);
    await p.locator('[data-testid="flow-1"] .flow__main').click();
    await p.waitForTimeout(400);
    await p.screenshot({ path: `${out}/drop.png` });
  }
  if (want('nat')) {
    await fresh(p);
    await formSend(p, 'internet', 'vm1');
    await p.waitForTimeout(500);
    const seq = await p.evaluate(() => {
      const rows = [...document.querySelectorAll('.ev-row[data-device^="qrouter-"]')];
      return Number(rows.at(-2)?.getAttribute('data-seq') ?? 0);
    });
    await p
      .locator(`.ev-row[data-seq="${seq + 3}"]`)
      .first()
      .click();
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${out}/nat.png` });
  }
  if (want('two')) {
    await fresh(p);
    await formSend(p, 'vm1', 'vm2');
    await p.waitForTimeout(300);
    await formSend(p, 'vm2', 'internet');
    await p.waitForTimeout(4000);
    await p.screenshot({ path: `${out}/two-flows.png` });
    await p.click('button[title="Light or dark theme"]');
    await p.waitForTimeout(1200);
    await p.screenshot({ path: `${out}/two-flows-dark.png` });
  }
  if (want('fold')) {
    // vm1's chain folded: the hops inside it are named under the packet
    await fresh(p);
    await p.locator('[data-device="vm1"]').click();
    await formSend(p, 'vm1', 'vm2');
    await p.waitForTimeout(300);
    await p.locator('.ev-row[data-seq="4"]').first().click();
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${out}/fold.png` });
  }
  if (want('dhcp')) {
    await fresh(p);
    await formSend(p, 'vm2', '', 'dhcp');
    await p.waitForTimeout(6000);
    await p.screenshot({ path: `${out}/dhcp.png` });
  }
  if (want('presenter')) {
    await fresh(p);
    await p.getByRole('button', { name: 'Presenter' }).click();
    await formSend(p, 'vm1', 'vm2');
    await p.waitForTimeout(3000);
    await p.keyboard.press('k');
    await p.screenshot({ path: `${out}/presenter.png` });
  }
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
