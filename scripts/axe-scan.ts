// Runs axe-core on the app's main screens and prints the violations (run `npx vite build` first):
//   PORT=<free port> npx tsx scripts/axe-scan.ts
import { createRequire } from 'node:module';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const require = createRequire(import.meta.url);
const server = await startPreview(Number(process.env.PORT ?? 4341));
const b = await openBrowser(1280, 800);
const p = b.page;
async function scan(label: string) {
  await p.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const r = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<any> } }).axe;
    const res = await axe.run(document, {});
    return res.violations.map((v: any) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes
        .slice(0, 40)
        .map((n: any) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n')[1] ?? ''}`),
      count: v.nodes.length,
    }));
  });
  console.log(`== ${label}: ${r.length} violations`);
  for (const v of r) console.log(`  ${v.id} (${v.count}): ${v.help}\n    ${v.nodes.join('\n    ')}`);
}
try {
  await p.goto(server.url);
  await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  await p.waitForTimeout(800);
  await scan('physical');
  await p.getByRole('button', { name: 'Logical' }).click();
  await p.waitForTimeout(800);
  await scan('logical');
  await p.getByRole('button', { name: 'Physical' }).click();
  await p.locator('[data-testid="send-from"]').selectOption('vm1');
  await p.locator('[data-testid="send-to"]').fill('vm2');
  await p.locator('[data-testid="send-go"]').click();
  await p.waitForTimeout(1500);
  await scan('during a send, hop inspector');
  await p.getByRole('button', { name: 'Toggle theme' }).click();
  await p.waitForTimeout(300);
  await scan('dark, during a send');
  await p.getByRole('button', { name: 'Toggle theme' }).click();
  await p
    .getByRole('tab', { name: 'Terminal' })
    .click()
    .catch(() => p.getByText('Terminal', { exact: true }).click());
  await p.waitForTimeout(800);
  await scan('terminal');
  await p.getByRole('button', { name: 'Lessons ▾' }).click();
  await p.getByRole('menuitem').nth(2).click();
  await p.getByRole('button', { name: 'Presenter' }).click();
  await p.waitForTimeout(800);
  await scan('lesson, presenter');
  await p.getByRole('button', { name: 'Presenter' }).click();
  await p.getByRole('button', { name: /Edit/ }).first().click();
  await p.waitForTimeout(800);
  await scan('editor');
} finally {
  await b.close();
  server.stop();
}
