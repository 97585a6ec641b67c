// Screenshots of the openvswitch firewall's cloud for a person to look at (run `npx vite build` first):
//   PORT=<free port> npx tsx scripts/shots-ovs-firewall.ts [out-dir]
// examples/ovs-firewall.json opened as a file: the physical view (no qbr, the tap on br-int), at
// 1280x800 and 1920x1080 in presenter mode, light and dark; a ping and a blocked port in the event list.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-ovs-firewall';
mkdirSync(out, { recursive: true });
const file = readFileSync('examples/ovs-firewall.json');
const server = await startPreview(Number(process.env.PORT ?? 4460));

async function open(p: Page) {
  await p.goto(server.url);
  await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  await p
    .getByTestId('file-input')
    .setInputFiles({ name: 'ovs-firewall.json', mimeType: 'application/json', buffer: file });
  await p.waitForTimeout(1200);
}

async function formSend(p: Page, from: string, to: string, proto = 'icmp', port = 80) {
  await p.locator('[data-testid="send-from"]').selectOption(from);
  await p.locator('[data-testid="send-proto"]').selectOption(proto);
  await p.locator('[data-testid="send-to"]').fill(to);
  if (proto === 'tcp' || proto === 'udp') await p.locator('[data-testid="send-port"]').fill(String(port));
  await p.locator('[data-testid="send-go"]').click();
}

try {
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    const b = await openBrowser(w, h);
    const p = b.page;
    try {
      await open(p);
      if (w === 1920) await p.getByRole('button', { name: 'Presenter' }).click();
      await p.waitForTimeout(600);
      await p.screenshot({ path: `${out}/physical-${w}-light.png` });
      await p.getByRole('button', { name: 'Toggle theme' }).click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/physical-${w}-dark.png` });
      await p.getByRole('button', { name: 'Toggle theme' }).click();
      if (w === 1280) {
        await formSend(p, 'internet', 'vm1', 'tcp', 80);
        await p.waitForTimeout(800);
        await p.locator('.ev-row.is-drop').last().click();
        await p.getByRole('tab', { name: 'Hop' }).click();
        await p.waitForTimeout(400);
        await p.screenshot({ path: `${out}/drop-${w}.png` });
        await formSend(p, 'vm1', 'vm2');
        await p.waitForTimeout(800);
        await p.locator('.ev-row[data-device="br-int"][data-host="compute2"]').last().click();
        await p.waitForTimeout(400);
        await p.screenshot({ path: `${out}/ingress-${w}.png` });
        await p.locator('[data-device="br-int"]').first().click();
        await p.getByRole('tab', { name: 'Inspector' }).click();
        await p.waitForTimeout(400);
        await p.screenshot({ path: `${out}/inspector-${w}.png` });
      }
      console.log(`${w}x${h}: console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
    } finally {
      await b.close();
    }
  }
} finally {
  server.stop();
}
