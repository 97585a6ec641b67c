// Screenshots of the terminal printing as real hosts do (issue 18): a CirrOS console's ping and ip a,
// and a qrouter namespace's iptables-save. npx tsx scripts/shots-terminal.ts [port] [out-dir] (build first).
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const port = Number(process.argv[2] ?? 4461);
const out = process.argv[3] ?? '.tmp/shots-terminal';
mkdirSync(out, { recursive: true });

async function type(page: Page, line: string): Promise<void> {
  const n = Number(await page.locator('[data-testid="terminal"]').getAttribute('data-done'));
  await page.locator('[data-testid="terminal-input"]').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (k) => Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-done')) > k,
    n,
    { timeout: 20_000 },
  );
}

const server = await startPreview(port);
const b = await openBrowser();
try {
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await b.page.setViewportSize({ width: w, height: h });
    await b.page.goto(server.url);
    await b.page.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
    await b.page.getByRole('tab', { name: 'Terminal' }).click();
    await b.page.locator('[data-testid="terminal-place"]').selectOption({ label: 'vm1 console' });
    await type(b.page, 'ping -c 2 vm2');
    await type(b.page, 'ip a');
    await b.page.waitForTimeout(300);
    await b.page.screenshot({ path: `${out}/console-${w}-light.png` });
    const qrouter = await b.page
      .locator('[data-testid="terminal-place"] option')
      .evaluateAll((os) => (os as HTMLOptionElement[]).find((o) => o.text.includes('qrouter'))?.value ?? '');
    await b.page.locator('[data-testid="terminal-place"]').selectOption(qrouter);
    await type(b.page, 'iptables-save -t filter');
    await b.page.click('button[title="Light or dark theme"]');
    await b.page.waitForTimeout(300);
    await b.page.screenshot({ path: `${out}/iptables-${w}-dark.png` });
    await b.page.click('button[title="Light or dark theme"]');
  }
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
