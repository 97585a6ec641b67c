// Takes screenshots of the built app for a person to look at: npx tsx scripts/screenshot.ts [out-dir]
// (run `npx vite build` first). Light and dark, 1280x800.
import { mkdirSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots';
mkdirSync(out, { recursive: true });
const server = await startPreview(4321);
const b = await openBrowser();
try {
  await b.page.goto(server.url);
  await b.page.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  await b.page.waitForTimeout(600);
  await b.page.screenshot({ path: `${out}/physical-light.png` });
  const click = process.env.CLICK;
  if (click) {
    await b.page.click(click);
    await b.page.waitForTimeout(500);
    await b.page.screenshot({ path: `${out}/after-click.png` });
  }
  await b.page.click('button[title="Light or dark theme"]');
  await b.page.waitForTimeout(300);
  await b.page.screenshot({ path: `${out}/physical-dark.png` });
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
