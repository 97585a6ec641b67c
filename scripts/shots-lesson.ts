// Screenshots of a lesson in presenter mode (run `npx vite build` first):
//   L=<lesson index, 0-based> N=<steps to advance> npx tsx scripts/shots-lesson.ts [out-dir]
import { mkdirSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-lesson';
mkdirSync(out, { recursive: true });
const server = await startPreview(4329);
const b = await openBrowser(1280, 800);
const p = b.page;
await p.goto(server.url);
await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
await p.getByRole('button', { name: 'Lessons ▾' }).click();
await p
  .getByRole('menuitem')
  .nth(Number(process.env.L ?? 3))
  .click();
await p.getByRole('button', { name: 'Presenter' }).click();
await p.waitForTimeout(600);
await p.screenshot({ path: `${out}/presenter-step-1.png` });
for (let i = 1; i <= Number(process.env.N ?? 2); i++) {
  await p.keyboard.press('PageDown');
  await p.waitForTimeout(1500);
}
await p.screenshot({ path: `${out}/presenter-step-${Number(process.env.N ?? 2) + 1}.png` });
console.log('errors', b.errors);
await b.close();
server.stop();
