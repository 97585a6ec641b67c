// Screenshots of an HA router in the physical view for a person to look at (run `npx vite build` first):
//   PORT=<free port> npx tsx scripts/shots-ha.ts [out-dir]
// examples/l3-ha.json at 1280x800 and 1920x1080 (presenter mode), light and dark: the two qrouter
// namespaces, then after "Stop the L3 agent on the active network node" and a send.
import { mkdirSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-ha';
mkdirSync(out, { recursive: true });
const server = await startPreview(Number(process.env.PORT ?? 4490));
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
      await p.getByRole('menuitem', { name: 'Example: L3 HA' }).click();
      await p.waitForSelector('[data-testid="host-network2"]', { timeout: 15000 });
      if (w === 1920) await p.getByRole('button', { name: 'Presenter' }).click();
      await p.waitForTimeout(900);
      await p.screenshot({ path: `${out}/ha-${w}-light.png` });
      await p.getByRole('button', { name: 'Toggle theme' }).click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/ha-${w}-dark.png` });
      // lesson 13 frames the two namespaces; its third step stops the agent and sends
      await p.getByRole('button', { name: 'Lessons ▾' }).click();
      await p.getByRole('menuitem', { name: '13. An HA router fails over' }).click();
      await p.waitForTimeout(1200);
      await p.screenshot({ path: `${out}/lesson-${w}-dark.png` });
      await p.getByRole('button', { name: 'Toggle theme' }).click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/lesson-${w}-light.png` });
      const panel = p.locator('[data-testid="lesson-panel"]');
      for (let i = 0; i < 2; i++) {
        await panel.getByRole('button', { name: 'Next →' }).click();
        if (i === 0) {
          await panel.locator('[data-testid="lesson-send"]').click();
          await p.waitForTimeout(2500);
        }
      }
      await panel.locator('[data-testid="lesson-send"]').click();
      await p.waitForTimeout(6000);
      await p.screenshot({ path: `${out}/failover-${w}-light.png` });
      console.log(`${w}x${h}: console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
    } finally {
      await b.close();
    }
  }
} finally {
  server.stop();
}
