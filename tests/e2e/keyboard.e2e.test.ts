// Everything a class does, with the keyboard alone (issue #19, point 2): no click anywhere in this
// file, only page.keyboard. The article's ping (vm1 to vm2 on the demo cloud) from the canvas, playback,
// the hop inspector, a small cloud built with typed commands, a fault and its undo, and a lesson.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';
import { focused, pressUntil } from './keys';

const label = (s: string | RegExp) => (f: { label: string }) =>
  typeof s === 'string' ? f.label === s : s.test(f.label);
const lastSend = (p: Page) => p.locator('[data-testid="ev-send"]').last().textContent();

describe('with the keyboard alone', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
  });
  afterAll(async () => {
    await b.close();
  });

  it("sends the article's ping, vm1 to vm2, from the canvas, and plays it", async () => {
    // Tab reaches the canvas's nodes in the order of the drawing: the host, then its VM
    await pressUntil(p, label('compute1, compute host, 1 VM'), { max: 30 });
    await p.keyboard.press('Tab');
    expect((await focused(p)).label).toBe('vm1 on compute1, VM');
    // the focus ring is drawn on the node, apart from the selection's outline
    const ring = await p.evaluate(() => {
      const cs = getComputedStyle(document.activeElement!);
      return { style: cs.outlineStyle, width: cs.outlineWidth };
    });
    expect(ring).toEqual({ style: 'dashed', width: '3px' });
    // Enter selects it, as a click does: the inspector shows vm1
    await p.keyboard.press('Enter');
    await expect
      .poll(() => p.locator('.react-flow__node.selected').getAttribute('aria-label'))
      .toBe('vm1 on compute1, VM');
    // arrows go to the nearest device that way: down into vm1's chain and back
    await p.keyboard.press('ArrowDown');
    expect((await focused(p)).label).toMatch(/^tap\S+ on compute1, tap$/);
    await p.keyboard.press('ArrowUp');
    expect((await focused(p)).label).toBe('vm1 on compute1, VM');
    // S picks on the canvas: Enter on vm1 takes it as the source
    await p.keyboard.press('s');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.getByTestId('send-hint').textContent()).toContain('From vm1');
    // across the canvas to vm2, and Enter sends
    await pressUntil(p, label('vm2 on compute2, VM'), { key: 'ArrowRight', max: 8 });
    await p.keyboard.press('Enter');
    await expect.poll(() => lastSend(p), { timeout: 15_000 }).toContain('vm1 → vm2');
    expect(await lastSend(p)).toContain('✓ delivered');
    // pause (K), step (.), and faster (+), from wherever the focus is
    const play = p.getByTestId('play');
    if ((await play.getAttribute('aria-label')) === 'Pause') await p.keyboard.press('k');
    await expect.poll(() => play.getAttribute('aria-label')).toBe('Play');
    const counter = p.getByTestId('step-counter');
    const before = (await counter.textContent())!;
    await p.keyboard.press('.');
    await expect.poll(() => counter.textContent()).not.toBe(before);
    const n = (s: string) => Number(/step (\d+)\//.exec(s)?.[1]);
    expect(n((await counter.textContent())!)).toBe(n(before) + 1);
    const speed = await p.getByTestId('speed').inputValue();
    await p.keyboard.press('+');
    expect(Number(await p.getByTestId('speed').inputValue())).toBeGreaterThan(Number(speed));
    await p.keyboard.press('k');
    await expect.poll(() => play.getAttribute('aria-label')).toBe('Pause');
    await p.keyboard.press('k');
  });

  it('reads the hop inspector: its panel takes the focus and scrolls by keyboard', async () => {
    const panel = await pressUntil(p, (f) => f.testid === 'panel-body');
    expect(panel.role).toBe('tabpanel');
    const body = p.getByTestId('panel-body');
    expect(await body.getAttribute('aria-labelledby')).toBe('panel-tab-hop');
    const text = (await body.textContent())!;
    expect(text).toContain('Rule that decided');
    // the panel scrolls from the keyboard when the hop's headers run long
    const scroll = () => body.evaluate((e) => e.scrollTop);
    if (await body.evaluate((e) => e.scrollHeight > e.clientHeight + 40)) {
      await p.keyboard.press('PageDown');
      await expect.poll(scroll).toBeGreaterThan(0);
    }
  });

  it('builds a small cloud by typed commands, the keyboard equivalents of the drags', async () => {
    // E turns editing on (from anywhere but a text field)
    await p.keyboard.press('Escape');
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await p.keyboard.press('e');
    await p.getByTestId('edit-panel').waitFor();
    const vms = () => p.locator('.react-flow__node[aria-label$=", VM"]').count();
    const before = await vms();
    await pressUntil(p, (f) => f.testid === 'edit-command', { key: 'Shift+Tab' });
    const note = p.getByTestId('edit-command-note');
    await p.keyboard.type('add VM to compute2');
    await p.keyboard.press('Enter');
    await expect.poll(vms).toBe(before + 1);
    await expect.poll(() => note.textContent()).toBe('Done: add VM to compute2.');
    const added = await p
      .locator('.react-flow__node[aria-label$=" on compute2, VM"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!.split(' ')[0]!));
    const name = added.find((x) => x !== 'vm2')!;
    expect(name).toBeTruthy();
    // the new VM wired to net1, by a command
    await p.keyboard.type(`connect ${name} to net1`);
    await p.keyboard.press('Enter');
    await expect.poll(() => note.textContent()).toBe(`Done: connect ${name} to net1.`);
    // the VM now has a tap on compute2: its chain is drawn under it
    await expect
      .poll(() => p.locator('.react-flow__node[aria-label^="tap"][aria-label$=" on compute2, tap"]').count())
      .toBe(2);
    // a command that names nothing says which word is wrong
    await p.keyboard.type('connect vm9 to net1');
    await p.keyboard.press('Enter');
    await expect
      .poll(() => note.textContent())
      .toBe('Not done: connect: nothing in the cloud is called "vm9"');
    // and the new VM answers a ping: sent from the form, by keyboard
    await p.keyboard.press('Control+a');
    await p.keyboard.press('Backspace');
    await p.keyboard.press('Escape');
    await pressUntil(p, (f) => f.testid === 'send-from');
    await p.keyboard.type('vm1');
    await p.keyboard.press('Tab');
    expect((await focused(p)).testid).toBe('send-to');
    await p.keyboard.type(name);
    await p.keyboard.press('Enter');
    await expect.poll(() => lastSend(p), { timeout: 15_000 }).toContain(`vm1 → ${name}`);
    expect(await lastSend(p)).toContain('✓ delivered');
    expect(b.errors).toEqual([]);
  });
  it('applies a fault, sees its effect, and undoes it with Ctrl+Z', async () => {
    await pressUntil(p, (f) => f.role === 'tab' && f.text === 'Faults', { key: 'Shift+Tab' });
    await p.keyboard.press('Enter');
    await p.getByTestId('faults-panel').waitFor();
    await pressUntil(p, (f) => f.testid === 'fault-apply');
    const kind = await p.getByTestId('fault-kind').inputValue();
    expect(kind).not.toBe('');
    await p.keyboard.press('Enter');
    const undo = p.getByTestId('fault-undo');
    await expect.poll(() => undo.isDisabled()).toBe(false);
    await pressUntil(p, (f) => f.testid === 'fault-send');
    await p.keyboard.press('Enter');
    const outcome = p.getByTestId('fault-outcome');
    await expect.poll(() => outcome.count(), { timeout: 15_000 }).toBe(1);
    await p.keyboard.press('Control+z');
    await expect.poll(() => undo.isDisabled()).toBe(true);
    await expect.poll(() => outcome.count()).toBe(0);
  });

  it('opens a lesson from the menu and moves through it', async () => {
    await pressUntil(p, (f) => f.text === 'Lessons ▾', { key: 'Shift+Tab' });
    await p.keyboard.press('Enter');
    // the menu opens on its first item; arrows move; Enter opens the lesson
    expect((await focused(p)).role).toBe('menuitem');
    await p.keyboard.press('ArrowDown');
    const title = (await focused(p)).text;
    await p.keyboard.press('Enter');
    const panel = p.getByTestId('lesson-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain(title);
    // the focus went on to the lesson
    expect((await focused(p)).testid).toBe('panel-body');
    const step = () => p.locator('.lesson__progress [aria-current="step"]').getAttribute('aria-label');
    expect(await step()).toMatch(/^step 1: /);
    await p.keyboard.press('PageDown');
    await expect.poll(step).toMatch(/^step 2: /);
    // and by its own button
    await pressUntil(p, (f) => f.text === 'Next →');
    await p.keyboard.press('Enter');
    await expect.poll(step).toMatch(/^step 3: /);
    await pressUntil(p, (f) => f.text === '← Back', { key: 'Shift+Tab' });
    await p.keyboard.press('Enter');
    await expect.poll(step).toMatch(/^step 2: /);
    await pressUntil(p, (f) => f.text === 'all lessons', { key: 'Shift+Tab' });
    await p.keyboard.press('Enter');
  });
});
