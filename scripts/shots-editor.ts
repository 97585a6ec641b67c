// Screenshots of the editor as someone building a first cloud sees it (run `npx vite build` first):
//   PORT=4582 npx tsx scripts/shots-editor.ts [out-dir]
// The connect handles (and one being dragged), a second router joining a network, a refusal in words,
// a rule switched to icmp, a VM dropped on br-int, text offered back after a reload, a file nested too
// deep. Light, then dark (THEME=dark); W and H set the window (default 1280x800).
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-editor';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4582));
const b = await openBrowser(Number(process.env.W ?? 1280), Number(process.env.H ?? 800));
const p = b.page;
const dark = process.env.THEME === 'dark';
const shot = (name: string) => p.screenshot({ path: `${out}/${name}-${dark ? 'dark' : 'light'}.png` });

async function fresh(page: Page) {
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  if (dark && (await page.locator(':root[data-theme="dark"]').count()) === 0)
    await page.click('button[title="Light or dark theme"]');
  await page.waitForTimeout(400);
}

try {
  await fresh(p);
  await p.getByTestId('edit-toggle').click();
  await p.getByRole('button', { name: 'Logical' }).click();
  await p.waitForTimeout(900);
  await shot('01-logical-handles');
  const dot = (await p.locator('[data-testid="server-vm1"] .edit-handle').boundingBox())!;
  await p.mouse.move(dot.x + 3, dot.y + dot.height / 2);
  await p.waitForTimeout(200);
  await shot('02-handle-hover');
  await p.mouse.down();
  const net = (await p.getByTestId('network-net2').boundingBox())!;
  await p.mouse.move(net.x + net.width / 2, net.y + net.height / 2, { steps: 12 });
  await p.waitForTimeout(400);
  await shot('03-connecting');
  await p.mouse.up();
  await p.waitForTimeout(600);
  await p.keyboard.press('Control+z');
  await p.locator('[data-testid="palette-router"]').dragTo(p.locator('.react-flow__pane'), {
    targetPosition: { x: 120, y: 120 },
    force: true,
  });
  await p.waitForSelector('[data-testid="router-router2"] .edit-handle');
  await p.waitForTimeout(700);
  const h = (await p.locator('[data-testid="router-router2"] .edit-handle').boundingBox())!;
  const n1 = (await p.getByTestId('network-net1').boundingBox())!;
  await p.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await p.mouse.down();
  await p.mouse.move(n1.x + n1.width / 2, n1.y + n1.height / 2, { steps: 12 });
  await p.mouse.up();
  await p.waitForTimeout(900);
  await shot('04-second-router');
  await p.getByTestId('router-router2').click();
  const field = p.getByTestId('form-router').getByLabel('on subnet1 (net1)');
  await field.fill('192.168.1.1');
  await field.press('Enter');
  await p.waitForTimeout(500);
  await shot('05-refusal-in-words');
  await field.press('Escape');
  await p.locator('.edit-section > summary', { hasText: 'Security groups' }).click();
  const group = p.locator('[data-testid^="group-default-"]').first();
  await group.locator('summary').click();
  await group.getByRole('button', { name: '+ Add a rule' }).click();
  await p.waitForTimeout(400);
  await group.locator('.rule-row').last().getByLabel('Protocol').selectOption('icmp');
  await p.waitForTimeout(400);
  await shot('06-rule-icmp');
  await p.getByRole('button', { name: 'Physical' }).click();
  await p.waitForTimeout(900);
  await p.locator('[data-testid="palette-vm"]').dragTo(p.getByTestId('host-compute2'), {
    targetPosition: { x: 60, y: 150 },
    force: true,
  });
  await p.waitForTimeout(900);
  await shot('07-vm-on-host');
  await p.getByRole('button', { name: 'Logical' }).click();
  await p.getByTestId('server-vm1').click();
  await p.getByTestId('field-server-name').fill('web-1');
  await p.reload();
  await p.waitForSelector('[data-testid="field-server-name"]', { timeout: 15000 });
  await p.waitForTimeout(800);
  await shot('08-draft-offered');
  await p.getByTestId('field-server-name').press('Escape');
  await p.getByTestId('file-input').setInputFiles({
    name: 'deep.json',
    mimeType: 'application/json',
    buffer: Buffer.from(`{"hosts": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
  });
  await p.waitForTimeout(600);
  await shot('09-deep-file');
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
