// Screenshots of accessibility for a person to look at (issue #19; run `npx vite build` first):
//   npx tsx scripts/shots-a11y.ts [port] [out-dir]
// The keyboard's focus ring on a canvas node, light and dark, at 1280x800 and in Presenter mode at
// 1920x1080; and the cloud during a send as people with a colour-vision deficiency see it. The
// deficiencies are Chromium's own simulation (DevTools protocol, Emulation.setEmulatedVisionDeficiency:
// the matrices of Machado, Oliveira and Fernandes, 2009), applied to the whole page as it renders.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const port = Number(process.argv[2] ?? 4442);
const out = process.argv[3] ?? '.tmp/shots-a11y';
mkdirSync(out, { recursive: true });
const server = await startPreview(port);

const DEFICIENCIES = ['none', 'protanopia', 'deuteranopia', 'tritanopia'] as const;

async function open(w: number, h: number) {
  const b = await openBrowser(w, h);
  await b.page.goto(server.url);
  await b.page.waitForSelector('[data-testid="host-compute1"]', { timeout: 20000 });
  await b.page.waitForTimeout(400);
  return b;
}

/** Tab to vm1 on the canvas and arrow down to br-int: the focus ring on a node. */
async function focusNode(p: Page) {
  for (let i = 0; i < 40; i++) {
    await p.keyboard.press('Tab');
    const label = await p.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    if (label === 'vm1 on compute1, VM') break;
  }
  await p.keyboard.press('Enter');
  for (let i = 0; i < 8; i++) {
    const label = await p.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    if (label?.startsWith('br-int')) break;
    await p.keyboard.press('ArrowDown');
  }
  await p.waitForTimeout(200);
}

const theme = (p: Page) => p.getByRole('button', { name: 'Toggle theme' }).click();

try {
  {
    const b = await open(1280, 800);
    const p = b.page;
    await focusNode(p);
    await p.screenshot({ path: `${out}/focus-light.png` });
    // the theme's button takes the focus: back to the canvas from it
    await theme(p);
    await focusNode(p);
    await p.screenshot({ path: `${out}/focus-dark.png` });
    await theme(p);
    // a send, paused on a VXLAN hop, in each simulated vision
    await p.getByTestId('send-from').selectOption('vm1');
    await p.getByTestId('send-to').fill('vm2');
    await p.getByTestId('send-go').click();
    await p.waitForSelector('[data-testid="hop-inspector"][data-seq]');
    await p.getByTestId('play').click();
    await p.locator('tr[data-device^="vxlan-"][data-host="compute1"]').first().click();
    await p.waitForTimeout(300);
    const cdp = await b.context.newCDPSession(p);
    for (const type of DEFICIENCIES) {
      await cdp.send('Emulation.setEmulatedVisionDeficiency', { type });
      await p.waitForTimeout(200);
      await p.screenshot({ path: `${out}/send-physical-${type}.png` });
    }
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.waitForSelector('.react-flow__node-netbar');
    await p.waitForTimeout(400);
    for (const type of DEFICIENCIES) {
      await cdp.send('Emulation.setEmulatedVisionDeficiency', { type });
      await p.waitForTimeout(200);
      await p.screenshot({ path: `${out}/send-logical-${type}.png` });
    }
    await b.close();
  }
  {
    const b = await open(1920, 1080);
    const p = b.page;
    await p.getByRole('button', { name: 'Presenter' }).click();
    await p.waitForTimeout(400);
    await focusNode(p);
    await p.screenshot({ path: `${out}/presenter-focus-light.png` });
    await theme(p);
    await focusNode(p);
    await p.screenshot({ path: `${out}/presenter-focus-dark.png` });
    await b.close();
  }
  console.log(`screenshots in ${out}`);
} finally {
  server.stop();
}
