// Screenshots of the Faults tab (run `npx vite build` first), light and dark: a refused fault with what
// can be broken instead, then a lowered MTU's drop explained.
//   PORT=<free port> W=1280 H=800 npx tsx scripts/shots-faults.ts [out-dir]
import { mkdirSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-faults';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4522));
const b = await openBrowser(Number(process.env.W ?? 1280), Number(process.env.H ?? 800));
const p = b.page;
try {
  await p.goto(server.url);
  await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  await p.getByRole('tab', { name: 'Faults' }).click();
  const panel = p.locator('[data-testid="faults-panel"]');
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await p.click('button[title="Light or dark theme"]');
    await panel.locator('[data-testid="fault-kind"]').selectOption('router-interface');
    const where = panel.locator('[data-testid="fault-target"]');
    await where.selectOption((await where.locator('option', { hasText: 'on net1' }).getAttribute('value'))!);
    await panel.locator('[data-testid="fault-apply"]').click();
    await panel.locator('[data-testid="fault-refusal"]').waitFor();
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${out}/refused-${theme}.png` });
    await p.screenshot({
      path: `${out}/refused-${theme}-panel.png`,
      clip: { x: 940, y: 80, width: 340, height: 520 },
    });
    await panel.locator('[data-testid="fault-kind"]').selectOption('mtu');
    await panel.locator('[data-testid="fault-target"]').selectOption('compute1');
    await panel.locator('[data-testid="fault-apply"]').click();
    await panel.locator('[data-testid="fault-send"]').click();
    await panel.locator('[data-testid="fault-outcome"]').waitFor();
    await p.waitForTimeout(1500);
    await p.screenshot({ path: `${out}/mtu-${theme}.png` });
    await panel.locator('[data-testid="fault-undo"]').click();
  }
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
