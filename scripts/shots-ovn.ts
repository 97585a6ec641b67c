// Screenshots of the OVN demo cloud for a person to look at (run `npx vite build` first):
//   PORT=4471 npx tsx scripts/shots-ovn.ts [out-dir]
// The physical view of examples/ovn.json (br-int only, Geneve tunnels with their keys), a ping from vm1
// to vm2 at its Geneve hop, and ovn-trace in a terminal. W and H set the window (default 1280x800).
import { mkdirSync, readFileSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-ovn';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4471));
const b = await openBrowser(Number(process.env.W ?? 1280), Number(process.env.H ?? 800));
const p = b.page;
try {
  await p.goto(server.url);
  await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  await p.getByTestId('file-input').setInputFiles({
    name: 'ovn.json',
    mimeType: 'application/json',
    buffer: readFileSync('examples/ovn.json'),
  });
  await p.waitForSelector('[data-device^="ovn-"]', { timeout: 15000 });
  await p.waitForTimeout(800);
  await p.screenshot({ path: `${out}/ovn-physical.png` });
  await p.locator('[data-testid="send-from"]').selectOption('vm1');
  await p.locator('[data-testid="send-to"]').fill('vm2');
  await p.locator('[data-testid="send-go"]').click();
  await p.waitForTimeout(2500);
  await p.screenshot({ path: `${out}/ovn-ping.png` });
  const seq = await p.evaluate(() => {
    const row = [...document.querySelectorAll('.ev-row')].find((r) =>
      /encapsulate in Geneve/.test(r.textContent ?? ''),
    );
    return Number(row?.getAttribute('data-seq') ?? 0);
  });
  if (seq) {
    await p.locator(`.ev-row[data-seq="${seq}"]`).first().click();
    await p.waitForTimeout(400);
    await p.screenshot({ path: `${out}/ovn-geneve-hop.png` });
  }
  await p.click('button[aria-label="Toggle theme"]');
  await p.waitForTimeout(300);
  await p.screenshot({ path: `${out}/ovn-dark.png` });
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
