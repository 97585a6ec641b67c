// Issue 16, point 3, as a teacher acts: write an activity from the current cloud (a lock, goals from the
// form, a hint, an answer cloud), try it as a student (the lock holds, the goals are judged), go back to
// the form, save it as a file and as a link (without the answer), and open the file as a student would.
import { readFileSync } from 'node:fs';
import LZString from 'lz-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, runCommand } from './app';
import type { Browser } from './harness';

describe('writing an activity in the app', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('locks, goals from the form, try as a student, save as a file and a link, open the file', async () => {
    const page = b.page;
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.locator('[data-testid="activity-write"]').click();
    const form = page.locator('[data-testid="author-form"]');
    await form.locator('[data-testid="author-title"]').fill('Keep SSH closed from the internet');
    await form
      .locator('[data-testid="author-intro"]')
      .fill('The web on vm2 must work from vm1, and nobody outside may reach its SSH.');
    await form.locator('[data-testid="author-lock-routers-router1"]').check();

    // must reach: vm1 -> vm2 on tcp/80
    await form.locator('[data-testid="author-goal-kind"]').selectOption('reach');
    await form.locator('[data-testid="author-goal-from"]').selectOption('vm1');
    await form.locator('[data-testid="author-goal-to"]').selectOption('vm2');
    await form.locator('[data-testid="author-goal-proto"]').selectOption('tcp');
    await form.locator('[data-testid="author-goal-port"]').fill('80');
    expect(await form.locator('[data-testid="author-goal-preview"]').textContent()).toBe(
      'vm1 reaches vm2 on tcp/80',
    );
    await form.locator('[data-testid="author-goal-add"]').click();
    // must not reach: the internet -> vm2 on tcp/22
    await form.locator('[data-testid="author-goal-kind"]').selectOption('blocked');
    await form.locator('[data-testid="author-goal-from"]').selectOption('internet');
    await form.locator('[data-testid="author-goal-to"]').selectOption('vm2');
    await form.locator('[data-testid="author-goal-proto"]').selectOption('tcp');
    await form.locator('[data-testid="author-goal-port"]').fill('22');
    await form.locator('[data-testid="author-goal-add"]').click();
    expect(await form.locator('[data-testid="author-goals"] li').allTextContents()).toEqual([
      expect.stringContaining('vm1 reaches vm2 on tcp/80'),
      expect.stringContaining('internet cannot reach vm2 on tcp/22'),
    ]);
    await form.locator('[data-testid="author-hints"]').fill('Look at the security group of vm2.');
    await form.locator('[data-testid="author-take-solution"]').click();

    // the file keeps the answer cloud; the link leaves it out
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      form.locator('[data-testid="author-save"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('activity-keep-ssh-closed-from-the-internet.json');
    const path = (await download.path())!;
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file).toMatchObject({
      format: 'neutron-explorer/activity',
      id: 'keep-ssh-closed-from-the-internet',
      locked: { routers: ['router1'] },
      goals: [
        { type: 'reach', from: 'vm1', to: 'vm2', proto: 'tcp', port: 80 },
        { type: 'reach', from: 'internet', to: 'vm2', proto: 'tcp', port: 22, reach: false },
      ],
      hints: ['Look at the security group of vm2.'],
    });
    expect(file.solution.servers.map((s: { name: string }) => s.name)).toContain('vm2');
    await form.locator('[data-testid="author-link"]').click();
    const link = await form.locator('[data-testid="author-link-text"]').inputValue();
    const shared = JSON.parse(
      LZString.decompressFromEncodedURIComponent(link.slice(link.indexOf('#activity=') + 10))!,
    );
    expect(shared.goals).toEqual(file.goals);
    expect(shared).not.toHaveProperty('solution');

    // try it: the student's view, the goals judged on the demo cloud (both hold), the lock holding
    await form.locator('[data-testid="author-try"]').click();
    const panel = page.locator('[data-testid="activity-panel"]');
    await expect.poll(() => panel.textContent()).toContain('Trying your draft as a student would');
    await expect
      .poll(
        () =>
          page.$$eval('[data-testid="activity-goal"]', (els) => els.map((e) => e.getAttribute('data-met'))),
        { timeout: 15_000 },
      )
      .toEqual(['true', 'true']);
    expect(await panel.textContent()).not.toContain('"solution"');
    // the author sees what each check found; a student only once submitted
    expect(await panel.locator('[data-testid="activity-why"]').allTextContents()).toEqual([
      expect.stringMatching(/^reached: /),
      expect.stringMatching(/^not reached: /),
    ]);
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await page.waitForSelector('[data-testid="terminal-input"]');
    expect(await runCommand(page, 'openstack router remove subnet router1 subnet2')).toContain(
      'router router1 is locked by the activity',
    );
    await page.getByRole('tab', { name: 'Activity' }).click();
    await panel.getByRole('button', { name: 'Back to the form' }).click();
    expect(await form.locator('[data-testid="author-title"]').inputValue()).toBe(
      'Keep SSH closed from the internet',
    );
    await form.getByRole('button', { name: 'back to the activities' }).click();

    // a student opens the saved file: only the goals, and the lock holds
    await page.locator('[data-testid="activity-file"]').setInputFiles(path);
    await expect
      .poll(() => panel.locator('[data-testid="activity-title"]').textContent())
      .toBe('Keep SSH closed from the internet');
    expect(await panel.textContent()).not.toContain('Trying your draft');
    expect(await panel.locator('[data-testid="activity-goal"]').count()).toBe(2);
    expect(await panel.locator('[data-testid="activity-why"]').count()).toBe(0);
    expect(await panel.locator('[data-testid="activity-locks"]').textContent()).toContain('router router1');

    // and from the link, in a fresh page load (the activity closed first): it opens in its tab
    await panel.getByRole('button', { name: 'close' }).click();
    await page.goto('about:blank');
    await page.goto(link);
    await page.waitForSelector('[data-testid="host-compute1"]');
    await expect
      .poll(() => page.locator('[data-testid="activity-title"]').textContent(), { timeout: 15_000 })
      .toBe('Keep SSH closed from the internet');
    expect(await page.locator('[data-testid="activity-goal"]').count()).toBe(2);
    expect(b.errors).toEqual([]);
  });

  it('an activity file that is wrong is refused, naming the field', async () => {
    const page = b.page;
    await page.getByRole('tab', { name: 'Activity' }).click();
    const close = page.locator('[data-testid="activity-panel"]').getByRole('button', { name: 'close' });
    if (await close.count()) await close.click();
    await page.locator('[data-testid="activity-file"]').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'neutron-explorer/activity',
          version: 1,
          id: 'bad',
          title: 'Bad',
          introduction: 'x',
          topology: 'two-networks-one-router',
          goals: [{ type: 'reach', from: 'vm1', to: 'vm2', port: 70000 }],
        }),
      ),
    });
    await expect.poll(() => page.locator('.notices').textContent()).toContain('goals.0.port (70000)');
  });
});
