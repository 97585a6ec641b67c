// Simulated time as a user meets it on the default cloud: the send bar's clock and its Wait (5 min after
// a ping, the flow br-tun learned from it is gone from the inspector; a nonsense time is refused with a
// message naming it), and `sleep` in a VM's console (after 100 s, `ip neigh` has forgotten the gateway).
// What the app shows is checked against the core run in this process on the same cloud.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockText } from '../../src/logic/sim-time';
import { Session } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));

/** The core's clock after these sends, in seconds, and what dump-flows shows on compute1's br-tun. */
function core(sends: { from: string; to: string }[]) {
  const s = new Session();
  if (!s.load(example).ok) throw new Error('the example does not load');
  for (const r of sends) if (!s.send(r).ok) throw new Error('the send failed');
  return { clock: s.wait(0), session: s };
}

const clock = (page: Page) => page.locator('[data-testid="sim-clock"]').textContent();
/** The lines of a section of the inspector (Flows, ARP cache...). */
const section = (page: Page, title: string) =>
  page.locator(`[data-testid="inspector"] [data-section="${title}"] pre`).first().textContent();

async function ping(page: Page, from: string, to: string, flow: number) {
  await page.locator('[data-testid="send-from"]').selectOption(from);
  await page.locator('[data-testid="send-to"]').fill(to);
  await page.locator('[data-testid="send-go"]').click();
  await expect
    .poll(() => page.locator(`[data-testid="flow-${flow}"]`).textContent(), { timeout: 15_000 })
    .toContain('delivered');
}

describe('waiting in the send bar', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('after a ping and 5 min, the flow br-tun learned from it is gone from the inspector', async () => {
    const page = b.page;
    await expect.poll(() => clock(page)).toBe('0:00');
    await ping(page, 'vm1', 'vm2', 1);
    const sent = core([{ from: 'vm1', to: 'vm2' }]);
    await expect.poll(() => clock(page)).toBe(clockText(sent.clock));
    await page.locator('.react-flow__node[data-id="compute1|br-tun"]').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    // the flow table 10 learned from the reply, with what is left of its hard_timeout
    const learned = /^table=20, .*hard_timeout=300.*\(duration \d+ s, hard_timeout ends in \d+ s\)$/m;
    await expect.poll(() => section(page, 'Flows')).toMatch(learned);

    await page.locator('[data-testid="wait-open"]').click();
    await page
      .getByRole('dialog', { name: 'Let simulated time pass' })
      .getByRole('button', { name: '5 min' })
      .click();
    await expect.poll(() => clock(page)).toBe(clockText(sent.clock + 300));
    await expect
      .poll(() => page.locator('.notice').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('Waited 5 min')]));
    // the panel refreshed: the learned flow is gone, the flows l2population installed stay
    await expect.poll(() => section(page, 'Flows')).not.toMatch(/hard_timeout ends in/);
    const flows = await section(page, 'Flows');
    expect(flows).toMatch(/table=20, priority=2,dl_vlan=\d+,dl_dst=/);
    sent.session.wait(300);
    const dump = sent.session
      .tool({ host: 'compute1', namespace: null }, 'ovs-ofctl dump-flows br-tun table=20')
      .stdout.split('\n')
      .filter(Boolean);
    expect(dump.some((l) => l.includes('hard_timeout'))).toBe(false);
    expect(b.errors).toEqual([]);
  });

  it('a typed time moves the clock; one that makes no sense is refused, naming it', async () => {
    const page = b.page;
    const before = await clock(page);
    await page.locator('[data-testid="wait-open"]').click();
    const field = page.locator('[data-testid="wait-seconds"]');
    const error = page.locator('[data-testid="wait-error"]');
    for (const [typed, says] of [
      ['-5', 'Wait "-5": time only moves forward'],
      ['soon', 'Wait "soon" is not a number of seconds'],
      ['9999999', 'Wait "9999999" is 115 d 17 h 46 min 39 s: the simulator waits at most 7 days'],
    ] as const) {
      await field.fill(typed);
      await field.press('Enter');
      await expect.poll(() => error.textContent()).toContain(says);
      expect(await clock(page)).toBe(before);
    }
    await field.fill('1 min 30 s');
    await page.locator('[data-testid="wait-go"]').click();
    // 5:02 and 90 s more: 6:32
    const [m, s] = before!.split(':').map(Number) as [number, number];
    await expect.poll(() => clock(page)).toBe(clockText(m * 60 + s + 90));
    await expect.poll(() => page.getByRole('dialog', { name: 'Let simulated time pass' }).count()).toBe(0);
  });

  it('Reset state, in the same panel, starts the clock again at 0:00', async () => {
    const page = b.page;
    await page.locator('[data-testid="wait-open"]').click();
    await page.locator('[data-testid="reset-state"]').click();
    await expect.poll(() => clock(page)).toBe('0:00');
  });
});

describe('sleep in the terminal', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  const input = (page: Page) => page.locator('[data-testid="terminal-input"]');
  const blocks = (page: Page) =>
    page.$$eval('[data-testid="terminal-log"] > [data-kind]', (els) =>
      els.map((e) => ({ kind: e.getAttribute('data-kind') ?? '', text: e.textContent ?? '' })),
    );
  /** Types a line and waits for it to finish; returns the blocks it added after its own line. */
  async function typeLine(page: Page, line: string) {
    const before = (await blocks(page)).length;
    const done = Number(await page.locator('[data-testid="terminal"]').getAttribute('data-done'));
    await input(page).click();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (k) => Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-done')) > k,
      done,
      { timeout: 15_000 },
    );
    return (await blocks(page)).slice(before + 1);
  }

  it('sleep 100 moves the clock and prints nothing; ip neigh then has forgotten the gateway', async () => {
    const page = b.page;
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await input(page).waitFor();
    await page.locator('[data-testid="terminal-place"]').selectOption({ label: 'vm1 console' });
    await expect
      .poll(() => page.locator('[data-testid="terminal"]').getAttribute('data-place'))
      .toMatch(/^vm:/);
    await typeLine(page, 'ping -c 1 vm2');
    const gateway = /^192\.168\.1\.1 dev eth0 lladdr fa:16:3e:[0-9a-f]{2}(?::[0-9a-f]{2}){2} REACHABLE$/;
    expect((await typeLine(page, 'ip neigh')).map((x) => x.text)).toEqual([expect.stringMatching(gateway)]);
    const sent = core([{ from: 'vm1', to: 'vm2' }]);
    await expect.poll(() => clock(page)).toBe(clockText(sent.clock));

    // Tab completes the command
    await input(page).click();
    await page.keyboard.type('sle');
    await page.keyboard.press('Tab');
    await expect.poll(() => input(page).inputValue()).toBe('sleep ');
    await page.keyboard.press('Control+U');

    expect(await typeLine(page, 'sleep 100')).toEqual([]);
    await expect.poll(() => clock(page)).toBe(clockText(sent.clock + 100));
    // ARP entries are forgotten 90 s after they were confirmed: ip neigh prints nothing
    expect(await typeLine(page, 'ip neigh')).toEqual([]);
    expect(await typeLine(page, 'sleep x')).toEqual([
      { kind: 'err', text: "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information." },
    ]);
    expect(await typeLine(page, 'sleep')).toEqual([
      { kind: 'err', text: "sleep: missing operand\nTry 'sleep --help' for more information." },
    ]);
    await expect.poll(() => clock(page)).toBe(clockText(sent.clock + 100));
    expect(b.errors).toEqual([]);
  });
});
