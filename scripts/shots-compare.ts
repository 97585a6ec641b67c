// Screenshots of the compare work for a person to look at (run `npx vite build` first):
//   PORT=<free port> npx tsx scripts/shots-compare.ts [out-dir]
// At 1280x800 and at 1920x1080 in presenter mode, light and dark: the top bar with the backend choice;
// the compare view on the demo (vm1 -> vm2 under legacy, distributed and HA routers and the three
// backends); the L3 HA example's router form with its type.
import { mkdirSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-compare';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4452));
try {
  for (const [w, h, presenter] of [
    [1280, 800, false],
    [1920, 1080, true],
  ] as const) {
    const b = await openBrowser(w, h);
    const p = b.page;
    try {
      await p.goto(server.url);
      await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
      if (presenter) await p.getByRole('button', { name: 'Presenter' }).click();
      await p.waitForTimeout(700);
      await p.screenshot({ path: `${out}/top-${w}-light.png` });
      await p.getByTestId('compare-open').click();
      const view = p.getByTestId('compare-view');
      // legacy, distributed and HA routers under the cloud's backend, then the same against OVN
      await view.getByRole('button', { name: 'ML2/OVS + iptables_hybrid', exact: true }).click();
      await view.getByRole('button', { name: 'ML2/OVN', exact: true }).click();
      await view.getByTestId('compare-go').click();
      await p.waitForSelector('[data-testid="compare-table"]', { timeout: 15000 });
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/compare-${w}-light.png` });
      await p.keyboard.press('Escape');
      await p.getByRole('button', { name: /toggle theme/i }).click();
      await p.getByTestId('compare-open').click();
      // legacy routers only, the three backends, to the internet
      await view.getByRole('button', { name: 'HA', exact: true }).click();
      await view.getByRole('button', { name: 'distributed', exact: true }).click();
      await view.getByRole('button', { name: 'ML2/OVS + openvswitch firewall', exact: true }).click();
      await view.getByTestId('compare-to').fill('internet');
      await view.getByTestId('compare-go').click();
      await p.waitForTimeout(1200);
      await p.screenshot({ path: `${out}/compare-${w}-dark.png` });
      await p.keyboard.press('Escape');
      if (!presenter) {
        await p.getByTestId('file-menu').click();
        await p.getByRole('menuitem', { name: 'Example: L3 HA' }).click();
        await p.waitForSelector('[data-testid="host-network2"]', { timeout: 15000 });
        await p.getByRole('button', { name: 'Logical' }).click();
        await p.getByTestId('router-router1').click();
        await p.waitForTimeout(500);
        await p.screenshot({ path: `${out}/router-form-${w}-dark.png` });
      }
      console.log(`${w}x${h}: console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
    } finally {
      await b.close();
    }
  }
} finally {
  server.stop();
}
