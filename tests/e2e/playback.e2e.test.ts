// Playback as a class meets it: a send made in the Logical view moves, switching views mid-play carries
// on at the same step, lesson 9 (which opens in the Logical view) plays; one story at a time, with the
// event list grouped per send; one numbering for rows, the step counter and the hop inspector.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/all';
import { openApp } from './app';
import type { Browser } from './harness';

type Hooks = {
  state(): { flows: number; clock: number; playing: boolean; drawn: number };
  pause(): void;
  play(): void;
  setSpeed(x: number): void;
};
const hooks = (page: Page, fn: string) =>
  page.evaluate((f) => {
    const h = (window as unknown as { __neutronSend: Record<string, () => unknown> }).__neutronSend;
    return h[f]!() as unknown;
  }, fn);
const state = (page: Page) => hooks(page, 'state') as Promise<ReturnType<Hooks['state']>>;

/** The step counter, as the user reads it: [at, of]. */
async function counter(page: Page): Promise<[number, number]> {
  const t = (await page.getByTestId('step-counter').textContent()) ?? '';
  const m = /step (\d+)\/(\d+)/.exec(t);
  if (!m) throw new Error(`no step counter in "${t}"`);
  return [Number(m[1]), Number(m[2])];
}

async function sendFromBar(page: Page, from: string, to: string): Promise<void> {
  const sel = page.getByTestId('send-from');
  const label = (await sel.locator('option').allTextContents()).find((o) => o.startsWith(`${from} `))!;
  await sel.selectOption({ label });
  await page.getByTestId('send-to').fill(to);
  await page.getByTestId('send-go').click();
}

describe('the Logical view animates', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('a send made in the Logical view moves, and switching views carries on at the same step', async () => {
    const page = b.page;
    await page.getByRole('button', { name: 'Logical', exact: true }).click();
    await page.waitForSelector('.react-flow__node-netbar');
    await sendFromBar(page, 'vm1', 'vm2');
    await expect.poll(async () => (await counter(page))[0], { timeout: 8000 }).toBeGreaterThan(2);
    // packets are drawn on the logical canvas
    await expect.poll(async () => (await state(page)).drawn).toBeGreaterThan(0);
    const a = await counter(page);
    await page.waitForTimeout(1200);
    const b2 = await counter(page);
    expect(b2[0]).toBeGreaterThan(a[0]);

    // switch mid-play: paused, the physical view shows the same step, and goes on from there
    await hooks(page, 'pause');
    const before = await counter(page);
    const clock = (await state(page)).clock;
    await page.getByRole('button', { name: 'Physical', exact: true }).click();
    await page.waitForSelector('[data-testid="host-compute1"]');
    expect(await counter(page)).toEqual(before);
    expect((await state(page)).clock).toBe(clock);
    await hooks(page, 'play');
    await expect.poll(async () => (await counter(page))[0], { timeout: 5000 }).toBeGreaterThan(before[0]);
    // and back to the logical view, still moving
    await page.getByRole('button', { name: 'Logical', exact: true }).click();
    await page.waitForSelector('.react-flow__node-netbar');
    const c = await counter(page);
    await expect.poll(async () => (await counter(page))[0], { timeout: 5000 }).toBeGreaterThan(c[0]);
    // play, pause, step and speed work in the logical view
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = await counter(page);
    await page.getByRole('button', { name: 'Step forward' }).click();
    expect((await counter(page))[0]).toBe(paused[0] + 1);
    await page.getByRole('button', { name: 'Step back' }).click();
    expect((await counter(page))[0]).toBe(paused[0]);
    await page.getByTestId('speed').selectOption('4');
    await page.getByRole('button', { name: 'Play' }).click();
    // at 4x, ten steps take under 1.5 s (at 1x they take 5.5 s)
    await expect
      .poll(async () => (await counter(page))[0], { timeout: 3000, interval: 100 })
      .toBeGreaterThanOrEqual(Math.min(paused[0] + 10, paused[1]));
    expect(b.errors).toEqual([]);
  });

  it('lesson 9 opens in the Logical view and its ping plays there', async () => {
    const page = b.page;
    const lesson = BUILTIN_LESSONS.find((l) => l.id === 'two-projects')!;
    await page.getByRole('button', { name: /Lessons/ }).click();
    await page.getByRole('menuitem', { name: lesson.title }).click();
    const panel = page.getByTestId('lesson-panel');
    await expect.poll(() => page.locator('.react-flow__node-netbar').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Next →' }).click();
    await panel.getByTestId('lesson-send').click();
    await expect.poll(async () => (await counter(page))[0], { timeout: 8000 }).toBeGreaterThan(3);
    await expect.poll(async () => (await state(page)).drawn).toBeGreaterThan(0);
    expect(await page.locator('.react-flow__node-netbar').count()).toBeGreaterThan(0);
    expect(b.errors).toEqual([]);
  });
});

describe('one story at a time, one numbering', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('a second send finishes the first: its rows fold under a heading, the new one plays alone', async () => {
    const page = b.page;
    await sendFromBar(page, 'vm1', 'vm2');
    await expect.poll(async () => (await counter(page))[0], { timeout: 8000 }).toBeGreaterThan(3);
    const first = await counter(page);
    expect(first[0]).toBeLessThan(first[1]);
    await sendFromBar(page, 'vm2', 'vm1');
    const heads = page.getByTestId('ev-send');
    await expect.poll(() => heads.count()).toBe(2);
    await expect(heads.nth(0).getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(heads.nth(0).textContent()).resolves.toContain('finished');
    await expect(heads.nth(1).getAttribute('aria-expanded')).resolves.toBe('true');
    // the rows shown are the second send's only, numbered 1, 2, 3… without gaps
    const rows = page.locator('.ev-row[data-seq]');
    expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-flow'))))).toEqual(
      new Set(['2']),
    );
    const numbers = (await page.locator('.ev-row[data-seq] .ev-seq').allTextContents()).map(Number);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    // the counter starts over with the new send
    const second = await counter(page);
    expect(second[1]).toBe(numbers.length);
    // unfolding the first shows its rows again, under its own heading
    await heads.nth(0).click();
    await expect.poll(() => page.locator('.ev-row[data-flow="1"]').count()).toBe(first[1]);
    expect(b.errors).toEqual([]);
  });

  it('the row, the step counter and the hop inspector show the same number; stepping skips no row', async () => {
    const page = b.page;
    await hooks(page, 'pause');
    // back to the start of the send, one row at a time
    for (let [at] = await counter(page); at > 0; [at] = await counter(page))
      await page.getByRole('button', { name: 'Step back' }).click();
    const total = (await counter(page))[1];
    let last = 0;
    for (let i = 0; i < Math.min(total, 40); i++) {
      await page.getByRole('button', { name: 'Step forward' }).click();
      const [at] = await counter(page);
      expect(at).toBe(last + 1);
      last = at;
      const current = page.locator('.ev-row[aria-current="step"]');
      await expect(current.locator('.ev-seq').textContent()).resolves.toBe(String(at));
      await expect(page.locator('.hop-seq').textContent()).resolves.toBe(`#${at}`);
    }
    expect(b.errors).toEqual([]);
  });

  it('"keep earlier flows playing" plays a second send beside the first, as before', async () => {
    const page = b.page;
    await page.getByTestId('keep-earlier').check();
    await hooks(page, 'clear');
    await sendFromBar(page, 'vm1', 'vm2');
    await expect.poll(async () => (await counter(page))[0], { timeout: 8000 }).toBeGreaterThan(2);
    await sendFromBar(page, 'vm2', 'vm1');
    const heads = page.getByTestId('ev-send');
    await expect.poll(() => heads.count()).toBe(2);
    await expect(heads.nth(0).getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(heads.nth(0).textContent()).resolves.not.toContain('finished');
    expect(b.errors).toEqual([]);
  });
});

describe('edits keep the story', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('an edit keeps the event list, and marks a send that passed a device it changed', async () => {
    const page = b.page;
    await sendFromBar(page, 'vm1', 'vm2');
    await expect.poll(() => page.locator('.ev-row[data-flow="1"]').count()).toBeGreaterThan(10);
    const rows = await page.locator('.ev-row[data-flow="1"]').count();
    // an edit, as a user makes one: vm2's port set down from the terminal
    await page.getByRole('tab', { name: 'Terminal' }).click();
    const input = page.locator('[data-testid="terminal-input"]');
    await input.click();
    await page.keyboard.type('openstack port set --disable vm2-port');
    await page.keyboard.press('Enter');
    const head = page.locator('[data-testid="ev-send"][data-flow="1"]');
    await expect.poll(() => head.textContent(), { timeout: 8000 }).toContain('recorded before the edit');
    // the rows are still there, once unfolded
    if ((await head.getAttribute('aria-expanded')) === 'false') await head.click();
    expect(await page.locator('.ev-row[data-flow="1"]').count()).toBe(rows);
    await page.locator('.ev-row[data-flow="1"]').nth(3).click();
    await page.getByRole('tab', { name: 'Hop' }).click();
    await expect(page.getByTestId('hop-stale').textContent()).resolves.toContain('before an edit');
    expect(b.errors).toEqual([]);
  });
});
