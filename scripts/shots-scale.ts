// Screenshots of cloud L (100 hosts, 2,000 VMs) for a person to look at (run `npx vite build` first):
//   PORT=<free port> npx tsx scripts/shots-scale.ts [out-dir]
// At 1280x800 and at 1920x1080 in presenter mode, light and dark: the cloud fitted (hosts as
// summaries), the search's hits, a VM found, and a ping between two VMs with path focus.
import { mkdirSync } from 'node:fs';
import { generateCloud, PRESETS } from '../src/sim/model/generate';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-scale';
mkdirSync(out, { recursive: true });
const cloud = JSON.stringify(generateCloud(PRESETS.L));
const server = await startPreview(Number(process.env.PORT ?? 4482));
try {
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    const b = await openBrowser(w, h);
    const p = b.page;
    const shot = async (name: string) => {
      for (const theme of ['light', 'dark']) {
        await p.evaluate((t) => {
          document.documentElement.dataset.theme = t;
        }, theme);
        await p.waitForTimeout(200);
        await p.screenshot({ path: `${out}/${name}-${w}-${theme}.png` });
      }
    };
    try {
      await p.goto(server.url);
      await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
      await p
        .getByTestId('file-input')
        .setInputFiles({ name: 'L.json', mimeType: 'application/json', buffer: Buffer.from(cloud) });
      await p.waitForSelector('[data-testid="host-compute96"]', { timeout: 30000 });
      if (w === 1920) await p.getByRole('button', { name: 'Presenter' }).click();
      await p.waitForTimeout(800);
      await p.getByRole('button', { name: 'Fit', exact: true }).click();
      await p.waitForTimeout(800);
      await shot('L-fit');
      const box = p.getByRole('combobox', { name: 'Search the cloud' });
      await box.fill('vm12');
      await p.waitForTimeout(600);
      await shot('L-search');
      await box.press('Enter');
      await p.waitForTimeout(1200);
      await shot('L-found');
      await p.locator('[data-testid="send-from"]').selectOption('vm10');
      await p.locator('[data-testid="send-to"]').fill('vm1234');
      await p.locator('[data-testid="send-go"]').click();
      await p.waitForSelector('[data-testid="flow-1"]', { timeout: 20000 });
      await p.getByRole('button', { name: 'Path focus' }).click();
      await p.waitForTimeout(600);
      await p.getByRole('button', { name: 'Fit', exact: true }).click();
      await p.waitForTimeout(2500);
      await shot('L-path');
      console.log(`${w}x${h}: console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
    } finally {
      await b.close();
    }
  }
} finally {
  server.stop();
}
