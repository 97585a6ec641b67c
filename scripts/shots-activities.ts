// Screenshots of issue 16 (run `npx vite build` first), light and dark: an activity under way and
// scored, challenge mode asking at br-tun and answered, a spoofed packet from the advanced panel
// dropped, the teacher's form and table of results.
//   PORT=<free port> W=1280 H=800 [PRESENTER=1] npx tsx scripts/shots-activities.ts [out-dir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-activities';
mkdirSync(out, { recursive: true });
const W = Number(process.env.W ?? 1280);
const H = Number(process.env.H ?? 800);
const presenter = process.env.PRESENTER === '1';
const server = await startPreview(Number(process.env.PORT ?? 4501));
const b = await openBrowser(W, H);
const p = b.page;
const tag = `${W}x${H}${presenter ? '-presenter' : ''}`;
try {
  await p.goto(server.url);
  await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 20000 });
  if (presenter) await p.getByRole('button', { name: 'Presenter' }).click();
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await p.click('button[aria-label="Toggle theme"]');
    // an activity, opened from the Activity tab, a hint taken
    await p.getByRole('tab', { name: 'Activity' }).click();
    const panel = p.locator('[data-testid="activity-panel"]');
    await panel.getByRole('button', { name: 'vm2 does not answer', exact: true }).click();
    await p.locator('[data-testid="activity-goal"][data-met="false"]').first().waitFor();
    await panel.locator('[data-testid="activity-hint-take"]').click();
    await p.waitForTimeout(400);
    await p.screenshot({ path: `${out}/activity-${tag}-${theme}.png` });
    // fixed from the terminal, then submitted
    await p.getByRole('tab', { name: 'Terminal' }).click();
    await p.locator('[data-testid="terminal-input"]').click();
    await p.keyboard.type('openstack port set --enable vm2-port');
    await p.keyboard.press('Enter');
    await p.waitForTimeout(800);
    await p.getByRole('tab', { name: 'Activity' }).click();
    await p.locator('[data-testid="activity-student"]').fill('Ada');
    await p.locator('[data-testid="activity-submit"]').click();
    await p.locator('[data-testid="activity-score"]').waitFor();
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${out}/activity-scored-${tag}-${theme}.png` });
    const code = await p.locator('[data-testid="activity-code"]').inputValue();
    writeFileSync(`${out}/code-${theme}.txt`, code);
    await panel.getByRole('button', { name: 'close' }).click();

    // challenge mode: a ping from vm1 to vm2 asks at the first stop
    await p.locator('[data-testid="speed"]').selectOption('4');
    await p.locator('[data-testid="challenge-toggle"]').click();
    await p.locator('[data-testid="send-from"]').selectOption('vm1');
    await p.locator('[data-testid="send-to"]').fill('vm2');
    await p.locator('[data-testid="send-go"]').click();
    await p.locator('[data-testid="challenge-card"]').waitFor({ timeout: 20000 });
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${out}/challenge-ask-${tag}-${theme}.png` });
    await p.locator('[data-testid="challenge-choice"]').first().click();
    await p.waitForTimeout(200);
    while ((await p.locator('[data-testid="challenge-choice"]').count()) > 0) {
      await p.locator('[data-testid="challenge-choice"]').first().click();
      await p.waitForTimeout(200);
    }
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${out}/challenge-answered-${tag}-${theme}.png` });
    await p.locator('[data-testid="challenge-continue"]').click();
    await p.locator('[data-testid="challenge-toggle"]').click();
    // whatever else it asks goes unanswered
    if (await p.locator('[data-testid="challenge-card"]').count())
      await p.getByRole('button', { name: /skip/ }).click();

    // a spoofed source from the advanced panel
    await p.locator('[data-testid="send-advanced"]').click();
    await p.locator('[data-testid="craft-src"]').fill('192.168.1.200');
    await p.locator('[data-testid="send-go"]').click();
    await p.waitForTimeout(5000);
    await p.screenshot({ path: `${out}/spoofed-${tag}-${theme}.png` });
    await p.locator('[data-testid="craft-src"]').fill('');
    await p.locator('[data-testid="send-advanced"]').click();

    // the teacher: the form, then the table of results with the code above
    if (!presenter) {
      await p.getByRole('tab', { name: 'Activity' }).click();
      await p.locator('[data-testid="activity-write"]').click();
      await p.locator('[data-testid="author-title"]').fill('Open the web to net1 only');
      await p
        .locator('[data-testid="author-intro"]')
        .fill('Users on net1 cannot reach the web server on vm2.');
      await p.locator('[data-testid="author-goal-kind"]').selectOption('reach');
      await p.locator('[data-testid="author-goal-proto"]').selectOption('tcp');
      await p.locator('[data-testid="author-goal-add"]').click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/author-${tag}-${theme}.png` });
      await p.getByRole('button', { name: 'back to the activities' }).click();
      await p.locator('[data-testid="activity-results"]').click();
      await p.locator('[data-testid="results-codes"]').fill(code);
      await p.getByRole('button', { name: 'Add the codes' }).click();
      await p.waitForTimeout(300);
      await p.screenshot({ path: `${out}/results-${tag}-${theme}.png` });
      await p.getByRole('button', { name: 'Close' }).click();
    }
  }
  console.log(`screenshots in ${out}; console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
} finally {
  await b.close();
  server.stop();
}
