// Every built-in lesson, followed in the browser from its first step to its last: each send, wait and
// command the text announces is made, and the app reports that the cloud did what the text said.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/all';
import { loadExampleTopology } from '../../src/lessons/builtin';
import type { Lesson } from '../../src/lessons/schema';
import { LOGICAL_ROLES, lightedBy, stepViews } from '../../src/lessons/shown';
import { loadTopology, planeView, realize } from '../../src/sim';
import { LESSON_MAX_ZOOM } from '../../src/ui/canvas/frame';
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
        if (step.send || step.wait || step.run) {
          await panel.locator('[data-testid="lesson-send"]').click();
          const outcome = panel.locator('[data-testid="lesson-outcome"]');
          await expect.poll(() => outcome.textContent(), { timeout: 20_000 }).toContain('as the text says');
          expect(await outcome.getAttribute('class')).toContain('ok');
          // a command's output is there to read, under the command as typed
          if (step.run) {
            const shown = await panel.locator('[data-testid="lesson-output"]').textContent();
            expect(shown?.startsWith(`${step.run.on}$ ${step.run.command}\n`)).toBe(true);
          }
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

// What a lesson step frames: its lit devices whole, on the canvas, clear of what floats over it (the
// controls, the legend, the overview map), large unless the zoom is at the lesson camera's cap, and
// the cloud around them rather than an empty third of the screen.
interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Framing {
  canvas: Rect;
  lit: Rect[];
  covers: { name: string; rect: Rect }[];
  zoom: number;
  nodes: Rect[];
}

const framing = (page: Browser['page']): Promise<Framing> =>
  page.evaluate(() => {
    const r = (el: Element) => {
      const b = el.getBoundingClientRect();
      return { x: b.left, y: b.top, w: b.width, h: b.height };
    };
    const covers = [
      ['the controls', '.react-flow__controls'],
      ['the legend', '.legend'],
      ['the overview map', '.overview'],
    ].flatMap(([name, sel]) => {
      const el = document.querySelector(sel!);
      return el ? [{ name: name!, rect: r(el) }] : [];
    });
    const viewport = document.querySelector('.react-flow__viewport')!;
    return {
      canvas: r(document.querySelector('.react-flow')!),
      lit: [...document.querySelectorAll('.dev.is-lit, .react-flow__node.is-lit')].map(r),
      covers,
      zoom: new DOMMatrix(getComputedStyle(viewport).transform).a,
      nodes: [...document.querySelectorAll('.react-flow__node')].map(r),
    };
  });

/** Waits until the camera stops moving. */
async function settled(page: Browser['page']): Promise<void> {
  const transform = () =>
    page.evaluate(() => getComputedStyle(document.querySelector('.react-flow__viewport')!).transform);
  let last = '';
  await page.waitForTimeout(250);
  await expect
    .poll(
      async () => {
        const before = last;
        last = await transform();
        return last === before;
      },
      { timeout: 5000, interval: 200 },
    )
    .toBe(true);
}

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const within = (a: Rect, b: Rect) =>
  a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.w <= b.x + b.w + 1 && a.y + a.h <= b.y + b.h + 1;

/** How many canvas nodes a step lights: the devices its patterns name, or in the logical view the
 * servers, routers and outside nodes standing for them (every lit device is drawn: the store shows
 * the chain of a lit chain device). */
async function litCount(lesson: Lesson, i: number): Promise<number> {
  const raw =
    typeof lesson.topology === 'string' ? await loadExampleTopology(lesson.topology) : lesson.topology;
  const loaded = loadTopology(raw);
  if (!loaded.ok) throw new Error(lesson.id);
  const devices = lightedBy(
    lesson.steps[i]!.highlight,
    planeView(loaded.topology, realize(loaded.topology)).devices,
  );
  return stepViews(lesson)[i] === 'logical'
    ? devices.filter((d) => LOGICAL_ROLES.has(d.role)).length
    : devices.length;
}

async function expectFramed(page: Browser['page'], lesson: Lesson, i: number): Promise<void> {
  const where = `${lesson.title}, step ${i + 1}`;
  await settled(page);
  const f = await framing(page);
  expect(f.lit.length, `${where}: lit nodes drawn`).toBe(await litCount(lesson, i));
  for (const r of f.lit) {
    expect(within(r, f.canvas), `${where}: a lit node ${JSON.stringify(r)} is off the canvas`).toBe(true);
    for (const c of f.covers)
      expect(overlap(r, c.rect), `${where}: a lit node is under ${c.name}`).toBe(false);
  }
  const x0 = Math.min(...f.lit.map((r) => r.x));
  const y0 = Math.min(...f.lit.map((r) => r.y));
  const x1 = Math.max(...f.lit.map((r) => r.x + r.w));
  const y1 = Math.max(...f.lit.map((r) => r.y + r.h));
  if (f.zoom < LESSON_MAX_ZOOM - 0.01)
    expect(
      x1 - x0 >= f.canvas.w / 2 || y1 - y0 >= f.canvas.h / 2,
      `${where}: the lit devices span ${Math.round(x1 - x0)}x${Math.round(y1 - y0)} of ${f.canvas.w}x${f.canvas.h} at zoom ${f.zoom}`,
    ).toBe(true);
  const topThird = { ...f.canvas, h: f.canvas.h / 3 };
  expect(
    f.nodes.some((n) => overlap(n, topThird)),
    `${where}: nothing in the top third of the canvas`,
  ).toBe(true);
}

async function openStep(page: Browser['page'], lesson: Lesson, i: number): Promise<void> {
  const panel = page.locator('[data-testid="lesson-panel"]');
  const top = panel.locator('.lesson__top');
  if (!(await top.count()) || !(await top.textContent())?.includes(lesson.title)) {
    await page.getByRole('button', { name: 'Lessons ▾' }).click();
    await page.getByRole('menuitem', { name: lesson.title }).click();
  }
  await panel.getByRole('button', { name: `step ${i + 1}: ${lesson.steps[i]!.title}` }).click();
  await expect
    .poll(() => panel.locator('.lesson__title').textContent())
    .toBe(`${i + 1}. ${lesson.steps[i]!.title}`);
}

const litSteps = (lesson: Lesson) =>
  lesson.steps.flatMap((s, i) => (s.highlight?.length && !s.send ? [i] : []));

for (const mode of [
  { name: 'at 1280x800', width: 1280, height: 800, presenter: false },
  { name: 'at 1920x1080 in presenter mode', width: 1920, height: 1080, presenter: true },
]) {
  describe(`a lesson step frames its lit devices ${mode.name}: whole, uncovered, large, no empty third`, () => {
    let b: Browser;
    beforeAll(async () => {
      b = await openApp({ width: mode.width, height: mode.height });
      if (mode.presenter) await b.page.getByRole('button', { name: 'Presenter' }).click();
    });
    afterAll(async () => {
      await b.close();
    });

    for (const lesson of BUILTIN_LESSONS.filter((l) => litSteps(l).length)) {
      it(lesson.title, async () => {
        for (const i of litSteps(lesson)) {
          await openStep(b.page, lesson, i);
          await expectFramed(b.page, lesson, i);
        }
        expect(b.errors).toEqual([]);
      });
    }
  });
}

describe('the overview map in a lesson', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('shows while the step frames part of the cloud, and hides in presenter mode', async () => {
    const page = b.page;
    const lesson = BUILTIN_LESSONS.find((l) => l.id === 'snat-to-internet')!;
    const step = lesson.steps.findIndex((s) => s.highlight?.includes('network1/br-ex'));
    await openStep(page, lesson, step);
    await settled(page);
    await expect.poll(() => page.locator('.overview').count()).toBe(1);
    await page.getByRole('button', { name: 'Presenter' }).click();
    await expect.poll(() => page.locator('.overview').count()).toBe(0);
    // presenting reframes the step for the larger canvas, and br-ex is still lit and in view
    await expectFramed(page, lesson, step);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.overview').count()).toBe(1);
    expect(b.errors).toEqual([]);
  });
});
