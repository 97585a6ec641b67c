// Screenshots of a DVR cloud for a person to look at (run `npx vite build` first):
//   PORT=<free port> npx tsx scripts/shots-dvr.ts [out-dir]
// examples/dvr.json in the physical view and a ping vm1 -> vm2 across the distributed router, at 1280x800
// and 1920x1080, light and dark; lesson 12 as the other lesson shots take it (scripts/shots-lesson.ts):
// at 1280x800 as it is, at 1920x1080 in Presenter mode.
import { mkdirSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-dvr';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4480));
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
      await p.getByTestId('file-menu').click();
      await p.getByTestId('new-dvr').click();
      await p.waitForSelector('.dev--fip', { timeout: 15000 });
      await p.waitForTimeout(800);
      await p.screenshot({ path: `${out}/dvr-${w}-light.png` });
      await p.getByRole('button', { name: 'Toggle theme' }).click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/dvr-${w}-dark.png` });
      await p.locator('[data-testid="send-from"]').selectOption('vm1');
      await p.locator('[data-testid="send-proto"]').selectOption('icmp');
      await p.locator('[data-testid="send-to"]').fill('vm2');
      await p.locator('[data-testid="send-go"]').click();
      await p.waitForTimeout(2500);
      await p.screenshot({ path: `${out}/dvr-send-${w}-dark.png` });
      await p.getByRole('button', { name: '▾ Events' }).click();
      await p.getByRole('button', { name: 'Lessons ▾' }).click();
      await p.getByRole('menuitem', { name: /^12\./ }).click();
      if (w === 1920) await p.getByRole('button', { name: 'Presenter' }).click();
      await p.waitForTimeout(1000);
      await p.screenshot({ path: `${out}/lesson12-${w}-dark.png` });
      await p.getByRole('button', { name: 'Toggle theme' }).click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/lesson12-${w}-light.png` });
      // step 2: the east-west ping, sent from the lesson
      await p.getByRole('button', { name: 'Next →' }).click();
      await p.waitForTimeout(800);
      await p.screenshot({ path: `${out}/lesson12-step2-${w}-light.png` });
      console.log(`${w}x${h}: console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
    } finally {
      await b.close();
    }
  }
} finally {
  server.stop();
}
