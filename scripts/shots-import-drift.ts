// Screenshots of File → Import a cloud (its report) and of the Drift tab with a difference marked on
// the canvas, light and dark (run `npx vite build` first). PRESENTER=1 shows the Drift tab in presenter
// mode (the File menu is edit chrome, hidden there: the import dialog is shot before it is switched on).
//   PORT=<free port> W=1280 H=800 [PRESENTER=1] npx tsx scripts/shots-import-drift.ts [out-dir]
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { importCloud } from '../src/import';
import { loadTopology, newSimState, realize, runLine } from '../src/sim';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-import-drift';
mkdirSync(out, { recursive: true });
const DIR = 'tests/fixtures/import/api-cloud';
const FILES = readdirSync(DIR).map((f) => `${DIR}/${f}`);
const r = importCloud(FILES.map((f) => ({ name: f, text: readFileSync(f, 'utf8') })));
const l = r.ok ? loadTopology(r.topology) : null;
if (!l?.ok) throw new Error('the fixture does not import');
const ctx = { topology: l.topology, plane: realize(l.topology), state: newSimState() };
const flows = runLine(ctx, { host: 'compute1', namespace: null }, 'ovs-ofctl dump-flows br-tun')
  .stdout.split('\n')
  .filter((x) => !/table=22, .*priority=1,dl_vlan/.test(x))
  .join('\n');

const server = await startPreview(Number(process.env.PORT ?? 4511));
const W = Number(process.env.W ?? 1280);
const H = Number(process.env.H ?? 800);
const b = await openBrowser(W, H);
const p = b.page;
const tag = `${W}x${H}${process.env.PRESENTER ? '-presenter' : ''}`;
try {
  await p.goto(server.url);
  await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
  await p.getByTestId('file-menu').click();
  await p.getByTestId('import-cloud').click();
  await p.waitForTimeout(300);
  await p.screenshot({ path: `${out}/${tag}-import-start-light.png` });
  await p.getByTestId('import-files-input').setInputFiles(FILES);
  await p.getByTestId('import-outcome').waitFor();
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await p.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${out}/${tag}-import-report-${theme}.png` });
  }
  await p.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
  await p.getByTestId('import-close').click();
  if (process.env.PRESENTER) await p.getByRole('button', { name: 'Presenter' }).click();
  await p.getByRole('tab', { name: 'Drift' }).click();
  await p.getByTestId('drift-host').selectOption('compute1');
  await p.getByTestId('drift-brTun').fill(flows);
  await p.getByTestId('drift-run').click();
  await p.getByTestId('drift-result').waitFor();
  await p.locator('.drift__diff button').first().click();
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await p.click('button[aria-label="Toggle theme"]');
    await p.evaluate(() => {
      const body = document.querySelector('.tab-body')!;
      const res = document.querySelector('[data-testid="drift-result"]')!;
      body.scrollTo(
        0,
        res.getBoundingClientRect().top - body.getBoundingClientRect().top + body.scrollTop - 200,
      );
    });
    await p.waitForTimeout(500);
    await p.screenshot({ path: `${out}/${tag}-drift-${theme}.png` });
  }
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
