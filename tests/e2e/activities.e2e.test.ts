// Issue 16 as a student and a teacher act: open a troubleshooting activity from the menu, meet a lock,
// fix the fault in the terminal and watch the goals turn met, take a hint, submit and read the score,
// hand in the result; the teacher reads several results in one table.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, runCommand as run } from './app';
import type { Browser } from './harness';

const goalsMet = (page: Page) =>
  page.$$eval('[data-testid="activity-goal"]', (els) => els.map((e) => e.getAttribute('data-met')));

describe('a graded activity', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('opens from the menu broken, refuses a locked edit, is fixed in the terminal, and scores', async () => {
    const page = b.page;
    await page.getByRole('button', { name: /Lessons/ }).click();
    await page.getByRole('menuitem', { name: /Graded activities/ }).click();
    const panel = page.locator('[data-testid="activity-panel"]');
    await panel.getByRole('button', { name: 'vm2 does not answer', exact: true }).click();
    await expect
      .poll(() => panel.locator('[data-testid="activity-title"]').textContent())
      .toBe('vm2 does not answer');
    // it says only what users report, and both goals fail on the broken cloud
    expect(await panel.textContent()).toContain('unreachable from vm1');
    await expect.poll(() => goalsMet(page), { timeout: 15_000 }).toEqual(['false', 'false']);
    expect(await panel.locator('[data-testid="activity-locks"]').textContent()).toContain('router1');

    // the router is locked: the terminal's edit of it is refused, naming it, and the cloud stays
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await page.waitForSelector('[data-testid="terminal-input"]');
    const refused = await run(page, 'openstack router remove subnet router1 subnet2');
    expect(refused).toContain('router router1 is locked by the activity');

    // the fix: vm2's port was set down
    await run(page, 'openstack port set --enable vm2-port');
    await page.getByRole('tab', { name: 'Activity' }).click();
    // the goals are judged again after the edit, before any submission
    await expect.poll(() => goalsMet(page), { timeout: 15_000 }).toEqual(['true', 'true']);
    expect(await panel.locator('[data-testid="activity-goals-count"]').textContent()).toContain('2 of 2 met');

    await panel.locator('[data-testid="activity-hint-take"]').click();
    expect(await panel.locator('[data-testid="activity-hint"]').textContent()).toContain('Hint 1.');

    // a reload loses nothing: the activity, its hint taken and the fixed cloud come back
    await page.reload();
    await page.waitForSelector('[data-testid="host-compute1"]');
    await page.getByRole('tab', { name: 'Activity' }).click();
    await expect
      .poll(() => panel.locator('[data-testid="activity-title"]').textContent(), { timeout: 15_000 })
      .toBe('vm2 does not answer');
    expect(await panel.locator('[data-testid="activity-hint"]').count()).toBe(1);
    await expect.poll(() => goalsMet(page), { timeout: 15_000 }).toEqual(['true', 'true']);
    await panel.locator('[data-testid="activity-student"]').fill('Ada');
    await panel.locator('[data-testid="activity-submit"]').click();
    const score = panel.locator('[data-testid="activity-score"]');
    await score.waitFor();
    // all goals met, one hint at 10 points
    expect(await score.textContent()).toContain('Score 90 / 100');
    expect(await score.textContent()).toContain('1 hint −10');
    const code = await panel.locator('[data-testid="activity-code"]').inputValue();
    expect(code).toMatch(/^NXR1-/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.locator('[data-testid="activity-download"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('result-port-down-Ada.json');
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(file).toMatchObject({
      activity: 'port-down',
      student: 'Ada',
      score: 90,
      hints: [1],
      goals: [{ met: true }, { met: true }],
    });
    expect(file.seconds).toBeGreaterThanOrEqual(0);

    // the teacher: two files at once (a second student's made from the first) and a pasted code
    await panel.getByRole('button', { name: 'close' }).click();
    const dir = tmpdir();
    const ada = join(dir, 'ada.json');
    const bob = join(dir, 'bob.json');
    writeFileSync(ada, JSON.stringify(file));
    writeFileSync(bob, JSON.stringify({ ...file, student: 'Bob', score: 40, hints: [1, 2, 3] }));
    await page.locator('[data-testid="activity-results"]').click();
    const dialog = page.locator('[data-testid="results-dialog"]');
    await dialog.locator('[data-testid="results-files"]').setInputFiles([ada, bob]);
    await dialog.locator('[data-testid="results-codes"]').fill(`${code}\nnot a code`);
    await dialog.getByRole('button', { name: 'Add the codes' }).click();
    const rows = await page.$$eval('[data-testid="results-table"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(rows).toHaveLength(3);
    const byFrom = Object.fromEntries(rows.map((r) => [r[7], r]));
    expect(byFrom['ada.json']).toEqual([
      'Ada',
      'vm2 does not answer',
      '2/2',
      '1',
      '—',
      expect.any(String),
      '90',
      'ada.json',
    ]);
    expect(byFrom['bob.json']?.[0]).toBe('Bob');
    expect(byFrom['bob.json']?.[3]).toBe('3');
    expect(byFrom['bob.json']?.[6]).toBe('40');
    expect(byFrom['code 1']?.[6]).toBe('90');
    expect(await dialog.locator('[data-testid="results-refused"]').textContent()).toContain('code 2');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(b.errors).toEqual([]);
  });

  it('the editor refuses to change what the activity locks, at the field, naming it', async () => {
    const page = b.page;
    await page.getByRole('tab', { name: 'Activity' }).click();
    const panel = page.locator('[data-testid="activity-panel"]');
    await panel.getByRole('button', { name: 'vm2 does not answer', exact: true }).click();
    await expect
      .poll(() => panel.locator('[data-testid="activity-title"]').textContent())
      .toBe('vm2 does not answer');
    await page.getByTestId('edit-toggle').click();
    await page.getByRole('button', { name: 'Logical' }).click();
    await page.getByTestId('network-net2').click();
    const cidr = page.locator('[data-testid^="field-cidr-"]').first();
    const before = await cidr.inputValue();
    await cidr.fill('10.20.0.0/24');
    await cidr.press('Enter');
    const error = page.locator('.field.has-error .field__error').first();
    await expect.poll(() => error.textContent()).toContain('network net2 is locked by the activity');
    await page.keyboard.press('Escape');
    await page.getByTestId('network-net2').click();
    expect(await page.locator('[data-testid^="field-cidr-"]').first().inputValue()).toBe(before);
    expect(b.errors).toEqual([]);
  });
});

describe('the five troubleshooting activities', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  // what an operator would type to fix each fault, where they would type it
  const FIXES: { title: string; place?: string; command: string }[] = [
    {
      title: 'The web site on vm2 does not answer',
      command:
        'openstack security group rule create --ingress --protocol tcp --dst-port 80 --remote-ip 192.168.1.0/24 web',
    },
    { title: 'vm2 is cut off', command: 'openstack router add subnet router1 subnet2' },
    { title: 'vm2 does not answer', command: 'openstack port set --enable vm2-port' },
    {
      title: 'Small pings work, big transfers hang',
      place: 'compute2 (compute node)',
      command: 'ip link set eth0 mtu 1500',
    },
    {
      title: 'vm2 came back without an address',
      place: 'network1 (network node)',
      command: 'systemctl start neutron-dhcp-agent',
    },
  ];

  for (const fix of FIXES) {
    it(`"${fix.title}" starts broken, and the operator's fix scores 100`, async () => {
      const page = b.page;
      await page.getByRole('tab', { name: 'Activity' }).click();
      const panel = page.locator('[data-testid="activity-panel"]');
      await panel.getByRole('button', { name: fix.title, exact: true }).click();
      await expect.poll(() => panel.locator('[data-testid="activity-title"]').textContent()).toBe(fix.title);
      await expect.poll(async () => (await goalsMet(page)).includes('false'), { timeout: 15_000 }).toBe(true);
      await page.getByRole('tab', { name: 'Terminal' }).click();
      await page.waitForSelector('[data-testid="terminal-input"]');
      if (fix.place) await page.locator('[data-testid="terminal-place"]').selectOption({ label: fix.place });
      await run(page, fix.command);
      await page.getByRole('tab', { name: 'Activity' }).click();
      await expect
        .poll(async () => (await goalsMet(page)).every((m) => m === 'true'), { timeout: 15_000 })
        .toBe(true);
      await panel.locator('[data-testid="activity-submit"]').click();
      await expect
        .poll(() => panel.locator('[data-testid="activity-score"]').textContent())
        .toContain('Score 100 / 100');
      await panel.getByRole('button', { name: 'close' }).click();
      expect(b.errors).toEqual([]);
    });
  }
});

describe('challenge mode and a hand-made packet', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('pauses a ping at vm1s qbr and at br-tun, judges the answers, shows the hop and keeps the score', async () => {
    const page = b.page;
    // the ARP exchange plays first: at 4x the stops come sooner
    await page.locator('[data-testid="speed"]').selectOption('4');
    await page.locator('[data-testid="challenge-toggle"]').click();
    await page.locator('[data-testid="send-from"]').selectOption('vm1');
    await page.locator('[data-testid="send-to"]').fill('vm2');
    await page.locator('[data-testid="send-go"]').click();
    const card = page.locator('[data-testid="challenge-card"]');
    await card.waitFor({ timeout: 20_000 });

    // vm1's egress chain on its qbr: the default group lets every egress out with a rule matching all
    const prompt = card.locator('[data-testid="challenge-prompt"]');
    expect(await prompt.textContent()).toMatch(/qbr\S+ on compute1.*Which rule will decide/);
    // the card leaves the device it asks about in sight: vm1's qbr is not under it
    const qbrName = /(qbr\S+) on compute1/.exec((await prompt.textContent()) ?? '')![1];
    const qbr = await page.locator(`.react-flow__node [data-device="${qbrName}"]`).boundingBox();
    const box = await card.boundingBox();
    expect(qbr && box).toBeTruthy();
    expect(qbr!.x + qbr!.width <= box!.x || qbr!.x >= box!.x + box!.width).toBe(true);
    const choices = await card.locator('[data-testid="challenge-choice"]').allTextContents();
    const catchAll = choices.find((c) => /^-A neutron-openvswi-o\S+ -j RETURN$/.test(c.trim()));
    expect(catchAll, choices.join(' | ')).toBeTruthy();
    await card.getByRole('button', { name: catchAll!, exact: true }).click();
    expect(await card.locator('[data-testid="challenge-outcome"]').textContent()).toContain('Right');
    // the answer is shown with the hop inspector, at that hop, with the same rule
    const hop = page.locator('[data-testid="hop-inspector"]');
    await expect.poll(() => hop.textContent()).toContain('qbr');
    await expect
      .poll(() => page.locator('[data-testid="hop-rule"]').first().textContent())
      .toContain(catchAll!.trim());
    expect(await page.locator('[data-testid="challenge-score"]').textContent()).toBe('1/1');
    await card.locator('[data-testid="challenge-continue"]').click();

    // entering br-tun on compute1: net1 is VNI 101 (the legend says so); then a wrong next device
    await expect.poll(() => prompt.textContent(), { timeout: 20_000 }).toContain('What VNI');
    expect(await prompt.textContent()).toContain('br-tun on compute1');
    await card.getByRole('button', { name: '101', exact: true }).click();
    await expect.poll(() => prompt.textContent()).toContain('Which device will br-tun');
    const next = await card.locator('[data-testid="challenge-choice"]').allTextContents();
    // compute1's tunnel to network1 (10.0.1.11) is where the router is
    const wrong = next.find((c) => c !== 'vxlan-0a00010b');
    expect(next).toContain('vxlan-0a00010b');
    await card.getByRole('button', { name: wrong!, exact: true }).click();
    const outcomes = card.locator('[data-testid="challenge-outcome"]');
    expect(await outcomes.nth(0).textContent()).toContain('Right');
    expect(await outcomes.nth(1).textContent()).toContain('Not quite');
    expect(await outcomes.nth(1).textContent()).toContain('vxlan-0a00010b');
    expect(await page.locator('[data-testid="challenge-score"]').textContent()).toBe('2/3');
    // then which flow of br-tun's table 20 (unicast to a known MAC) sends it into that tunnel
    await expect.poll(() => prompt.textContent()).toContain('table 20 of br-tun on compute1');
    const flows = await card.locator('[data-testid="challenge-choice"]').allTextContents();
    expect(flows.every((f) => f.startsWith('table=20,'))).toBe(true);
    await card.getByRole('button', { name: flows[0]!, exact: true }).click();
    expect(await outcomes.nth(2).textContent()).toContain('output:"vxlan-0a00010b"');
    expect(await page.locator('[data-testid="challenge-score"]').textContent()).toMatch(/^[23]\/4$/);
    await card.locator('[data-testid="challenge-continue"]').click();

    // turning challenge mode off lets the rest play through
    await page.locator('[data-testid="challenge-toggle"]').click();
    await expect.poll(() => card.count()).toBe(0);
    await expect
      .poll(() => page.locator('[data-testid="flow-outcome"]').first().textContent(), { timeout: 20_000 })
      .toContain('icmp_seq=1');
    expect(b.errors).toEqual([]);
  });

  it('a ping with a spoofed source from the Advanced panel dies on vm1s qbr in its anti-spoofing chain', async () => {
    const page = b.page;
    await page.locator('[data-testid="send-advanced"]').click();
    await page.locator('[data-testid="craft-src"]').fill('192.168.1.200');
    await page.locator('[data-testid="send-from"]').selectOption('vm1');
    await page.locator('[data-testid="send-to"]').fill('vm2');
    await page.locator('[data-testid="send-go"]').click();
    const flow = page.locator('[data-testid="flows"] li').first();
    await expect.poll(() => flow.textContent(), { timeout: 20_000 }).toContain('src 192.168.1.200');
    await expect.poll(() => flow.textContent(), { timeout: 20_000 }).toContain('dropped');
    expect(await flow.textContent()).toContain('anti-spoofing');
    const drop = page.locator('[data-testid="hop-drop"]');
    await expect.poll(() => drop.textContent(), { timeout: 20_000 }).toContain('of compute1');
    expect(await drop.textContent()).toMatch(/dropped on qbr\S+ of compute1/);
    expect(await page.locator('[data-testid="hop-rule"]').first().textContent()).toContain(
      'neutron-openvswi-s',
    );

    // a source that is not an address is refused, naming the field
    await page.locator('[data-testid="craft-src"]').fill('192.168.1.300');
    await page.locator('[data-testid="send-go"]').click();
    await expect
      .poll(() => page.locator('.notices').textContent(), { timeout: 10_000 })
      .toContain('Source IP');
    expect(b.errors).toEqual([]);
  });

  it('a lesson step that requires challenge mode asks at the qbr, whatever the toggle says', async () => {
    const page = b.page;
    await page.getByRole('button', { name: 'Lessons ▾' }).click();
    await page.getByRole('menuitem', { name: /^16\. / }).click();
    const panel = page.locator('[data-testid="lesson-panel"]');
    await panel.getByRole('button', { name: 'Next →' }).click();
    await panel.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => panel.locator('.lesson__title').textContent()).toBe('3. A spoofed source');
    expect(await panel.locator('[data-testid="lesson-challenge"]').count()).toBe(1);
    await panel.locator('[data-testid="lesson-send"]').click();
    const card = page.locator('[data-testid="challenge-card"]');
    await card.waitFor({ timeout: 20_000 });
    // the toggle is off, but the step asks: the student cannot turn it off for this send
    const toggle = page.locator('[data-testid="challenge-toggle"]');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await toggle.isDisabled()).toBe(true);
    expect(await card.locator('[data-testid="challenge-prompt"]').textContent()).toMatch(
      /qbr\S+ on compute1.*Which rule will decide/,
    );
    // the anti-spoofing chain has no IP and MAC pair for 192.168.1.200: its last rule drops it
    const choices = await card.locator('[data-testid="challenge-choice"]').allTextContents();
    const drop = choices.find((c) => /^-A neutron-openvswi-s\S+ .*-j DROP$/.test(c.trim()));
    expect(drop, choices.join(' | ')).toBeTruthy();
    await card.getByRole('button', { name: drop!, exact: true }).click();
    expect(await card.locator('[data-testid="challenge-outcome"]').textContent()).toContain('Right');
    await card.locator('[data-testid="challenge-continue"]').click();
    await expect
      .poll(() => panel.locator('[data-testid="lesson-outcome"]').textContent(), { timeout: 20_000 })
      .toContain('as the text says');
    // the next step does not ask: the toggle is the student's again
    await panel.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => toggle.isDisabled()).toBe(false);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(b.errors).toEqual([]);
  });
});
