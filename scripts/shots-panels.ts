// Screenshots of the right-hand panel (run `npx vite build` first): the hop inspector on a br-tun hop of
// the vm1 -> vm2 ping with the event list open, its headers and its in / out layers, in the light and
// dark themes; PRESENTER=1 turns presenter mode on first.
//   PORT=<free port> W=1280 H=800 npx tsx scripts/shots-panels.ts [out-dir]
import { mkdirSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-panels';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4542));
const W = Number(process.env.W ?? 1280);
const H = Number(process.env.H ?? 800);
const b = await openBrowser(W, H);
const p = b.page;
const tag = `${W}x${H}${process.env.PRESENTER ? '-presenter' : ''}`;
try {
  await p.goto(server.url);
  await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  if (process.env.PRESENTER) await p.getByRole('button', { name: 'Presenter' }).click();
  await p.locator('[data-testid="send-from"]').selectOption('vm1');
  await p.locator('[data-testid="send-to"]').fill('vm2');
  await p.locator('[data-testid="send-go"]').click();
  await p.locator('.ev-row[data-device="br-tun"]').first().waitFor();
  await p.keyboard.press('k');
  // the br-tun hop of the echo request on compute1: it strips the VLAN and sets the tunnel id
  const seq = await p.evaluate(() => {
    const rows = [...document.querySelectorAll('.ev-row[data-device="br-tun"][data-kind="icmp"]')];
    return rows[0]?.getAttribute('data-seq') ?? '';
  });
  await p.locator(`.ev-row[data-seq="${seq}"]`).first().click();
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await p.click('button[title="Light or dark theme"]');
    await p.getByRole('tab', { name: 'Headers' }).click();
    await p.evaluate(() => document.querySelector('.tab-body')?.scrollTo(0, 0));
    await p.waitForTimeout(500);
    await p.screenshot({ path: `${out}/${tag}-br-tun-${theme}.png` });
    {
      await p.getByRole('tab', { name: 'In / out layers' }).click();
      await p.evaluate(() => {
        const body = document.querySelector('.tab-body')!;
        const tabs = document.querySelector('.hop-views')!;
        body.scrollTo(
          0,
          tabs.getBoundingClientRect().top - body.getBoundingClientRect().top + body.scrollTop - 8,
        );
      });
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/${tag}-br-tun-inout-${theme}.png` });
      // the whole panel, in a window tall enough to show all of it
      await p.setViewportSize({ width: W, height: 2000 });
      await p.waitForTimeout(300);
      const box = (await p.locator('[data-testid="right-panel"]').boundingBox())!;
      await p.screenshot({ path: `${out}/${tag}-br-tun-inout-${theme}-whole.png`, clip: box });
      await p.setViewportSize({ width: W, height: H });
    }
  }
  // the event list filtered to ARP on compute1, and the panel widened: in and out side by side
  await p.getByRole('button', { name: 'ARP', exact: true }).click();
  await p.locator('[data-testid="ev-filter-host"]').selectOption('compute1');
  await p.getByRole('separator', { name: 'Width of the side panel' }).focus();
  for (let i = 0; i < 5; i++) await p.keyboard.press('Shift+ArrowLeft');
  await p.waitForTimeout(800);
  await p.screenshot({ path: `${out}/${tag}-filtered-wide-dark.png` });
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
