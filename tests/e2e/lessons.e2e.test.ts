// Every built-in lesson, followed in the browser from its first step to its last: each send the text
// announces is made, and the app reports that the cloud did what the text said.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/builtin';
import { openApp } from './app';
import type { Browser } from './harness';

describe('the built-in lessons in the browser', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  for (const lesson of BUILTIN_LESSONS) {
    it(`${lesson.title} runs from start to end`, async () => {
      const page = b.page;
      await page.getByRole('button', { name: 'Lessons ▾' }).click();
      await page.getByRole('menuitem', { name: lesson.title }).click();
      const panel = page.locator('[data-testid="lesson-panel"]');
      await expect
        .poll(() => panel.locator('.lesson__title').textContent())
        .toBe(`1. ${lesson.steps[0]!.title}`);
      for (const [i, step] of lesson.steps.entries()) {
        await expect
          .poll(() => panel.locator('.lesson__title').textContent())
          .toBe(`${i + 1}. ${step.title}`);
        if (step.send) {
          await panel.locator('[data-testid="lesson-send"]').click();
          const outcome = panel.locator('[data-testid="lesson-outcome"]');
          await expect.poll(() => outcome.textContent(), { timeout: 20_000 }).toContain('as the text says');
          expect(await outcome.getAttribute('class')).toContain('ok');
        }
        if (step.question) {
          await panel.getByRole('button', { name: 'Show the answer' }).click();
          await expect
            .poll(() => panel.locator('[data-testid="lesson-answer"]').textContent())
            .toBe(step.question.answer);
        }
        await panel
          .getByRole('button', { name: i === lesson.steps.length - 1 ? 'Finish' : 'Next →' })
          .click();
      }
      await expect.poll(() => panel.locator('.lesson-list').count()).toBe(1);
      expect(b.errors).toEqual([]);
    });
  }

  it('moves through a lesson with the keys a clicker sends, in presenter mode', async () => {
    const page = b.page;
    const lesson = BUILTIN_LESSONS[3]!;
    await page.getByRole('button', { name: 'Lessons ▾' }).click();
    await page.getByRole('menuitem', { name: lesson.title }).click();
    // editing, then presenting: the editing chrome goes, and E does not bring the palette back
    await page.getByTestId('undo').waitFor();
    await page.keyboard.press('e');
    await expect.poll(() => page.locator('.edit-panel').count()).toBe(1);
    await page.getByRole('button', { name: 'Presenter' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.presenter)).toBe('on');
    await expect.poll(() => page.locator('.edit-panel').count()).toBe(0);
    await expect.poll(() => page.getByTestId('undo').isVisible()).toBe(false);
    await expect.poll(() => page.getByTestId('edit-menu').isVisible()).toBe(false);
    await page.keyboard.press('e');
    await expect.poll(() => page.locator('.edit-panel').count()).toBe(0);
    const title = page.locator('[data-testid="lesson-panel"] .lesson__title');
    // the camera follows the step: close on the devices step 2 lights up, the whole cloud for step 3's ping
    const zoom = () =>
      page.evaluate(() => {
        const t = getComputedStyle(document.querySelector('.react-flow__viewport')!).transform;
        return new DOMMatrix(t).a;
      });
    expect(lesson.steps[1]!.highlight?.length).toBeGreaterThan(0);
    expect(lesson.steps[2]!.highlight ?? []).toEqual([]);
    await page.keyboard.press('PageDown');
    await expect.poll(() => title.textContent()).toBe(`2. ${lesson.steps[1]!.title}`);
    await expect.poll(() => page.locator('.dev.is-lit').count()).toBeGreaterThan(0);
    // the camera is there once the zoom stops changing
    let close = 0;
    await expect
      .poll(
        async () => {
          const before = close;
          close = await zoom();
          return close > 0 && close === before;
        },
        { timeout: 5000, interval: 150 },
      )
      .toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => title.textContent()).toBe(`3. ${lesson.steps[2]!.title}`);
    await expect.poll(zoom).toBeLessThan(close * 0.8);
    await page.keyboard.press('PageUp');
    await expect.poll(() => title.textContent()).toBe(`2. ${lesson.steps[1]!.title}`);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.documentElement.dataset.presenter)).toBe('off');
    await expect.poll(() => page.getByTestId('undo').isVisible()).toBe(true);
  });
});

describe('presenter mode before any lesson', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('enlarges the type and hides the editing chrome at once, with no lesson or tab opened', async () => {
    const page = b.page;
    const bodySize = () => page.evaluate(() => getComputedStyle(document.body).fontSize);
    const normal = await bodySize();
    await expect(page.getByTestId('file-menu').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Presenter' }).click();
    await expect.poll(() => page.getByTestId('file-menu').isVisible()).toBe(false);
    expect(Number.parseFloat(await bodySize())).toBeGreaterThan(Number.parseFloat(normal));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('file-menu').isVisible()).toBe(true);
    expect(b.errors).toEqual([]);
  });
});
