// Screenshots of a cloud file in both views for a person to look at (run `npx vite build` first):
//   PORT=<free port> FROM=vm1 TO=nas npx tsx scripts/shots-file.ts <file.json> [out-dir]
// Imports the file, takes the physical and logical views at 1280x800 (light) and, with FROM and TO set,
// sends between them first so the story is on the canvas.
import { mkdirSync, readFileSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const file = process.argv[2];
if (!file) throw new Error('usage: scripts/shots-file.ts <file.json> [out-dir]');
const out = process.argv[3] ?? '.tmp/shots-file';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4331));
const b = await openBrowser(Number(process.env.W ?? 1280), Number(process.env.H ?? 800));
const p = b.page;
try {
  await p.goto(server.url);
  await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  await p
    .getByTestId('file-input')
    .setInputFiles({ name: 'cloud.json', mimeType: 'application/json', buffer: readFileSync(file) });
  await p.waitForTimeout(1200);
  // the notice that the file opened would hide the row below the hosts
  await p.keyboard.press('Escape');
  for (const close of await p.getByRole('button', { name: /dismiss|close/i }).all())
    if (await close.isVisible()) await close.click();
  if (process.env.FROM && process.env.TO) {
    await p.evaluate(
      ([from, to]) =>
        (window as unknown as { __neutronSend: { send(r: unknown): Promise<unknown> } }).__neutronSend.send({
          from,
          to,
          proto: 'icmp',
        }),
      [process.env.FROM, process.env.TO],
    );
    await p.waitForTimeout(2500);
  }
  await p.screenshot({ path: `${out}/physical.png` });
  await p.getByRole('button', { name: 'Logical' }).click();
  await p.waitForTimeout(1200);
  await p.screenshot({ path: `${out}/logical.png` });
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
