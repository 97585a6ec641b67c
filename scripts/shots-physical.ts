// Screenshots of the physical view for a person to look at (run `npx vite build` first):
//   PORT=<free port> npx tsx scripts/shots-physical.ts [out-dir]
// The demo and lesson 3's cloud (presenter mode), at 1280x800 and 1920x1080, light and dark.
import { mkdirSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-physical';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4330));
try {
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    const b = await openBrowser(w, h);
    const p = b.page;
    try {
      await p.goto(server.url);
      await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
      await p.waitForTimeout(600);
      await p.screenshot({ path: `${out}/demo-${w}-light.png` });
      await p.getByRole('button', { name: 'Toggle theme' }).click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/demo-${w}-dark.png` });
      await p.getByRole('button', { name: 'Lessons ▾' }).click();
      await p.getByRole('menuitem').nth(2).click();
      await p.getByRole('button', { name: 'Presenter' }).click();
      await p.waitForTimeout(800);
      await p.screenshot({ path: `${out}/lesson3-${w}-dark.png` });
      await p.getByRole('button', { name: 'Toggle theme' }).click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/lesson3-${w}-light.png` });
      console.log(`${w}x${h}: console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
    } finally {
      await b.close();
    }
  }
} finally {
  server.stop();
}
