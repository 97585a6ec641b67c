// Screenshots of every step of a lesson, for a person to look at (run `npx vite build` first):
//   PORT=<a free port> L=<lesson index, 0-based, or "all"> [RUN=1] npx tsx scripts/shots-lesson.ts [out-dir]
// With RUN=1 each step's Send and command buttons are pressed first, so the send and the command's
// output are on screen.
// Each step at 1280x800 and at 1920x1080 in presenter mode, light and dark:
//   <out>/<lesson>-<step>-<1280|1920p>-<light|dark>.png
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { Lesson } from '../src/lessons/schema';
import { openBrowser, startPreview } from '../tests/e2e/harness';

const out = process.argv[2] ?? '.tmp/shots-lesson';
mkdirSync(out, { recursive: true });
// import.meta.glob (src/lessons/builtin.ts) is Vite's: read the files as it does, in name order
const BUILTIN_LESSONS: Lesson[] = readdirSync('lessons')
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(`lessons/${f}`, 'utf8')) as Lesson);
const which = process.env.L ?? '3';
const lessons = which === 'all' ? BUILTIN_LESSONS.map((_, i) => i) : which.split(',').map(Number);
const server = await startPreview(Number(process.env.PORT ?? 4329));
const modes = [
  { w: 1280, h: 800, presenter: false, tag: '1280' },
  { w: 1920, h: 1080, presenter: true, tag: '1920p' },
];
try {
  for (const mode of modes) {
    const b = await openBrowser(mode.w, mode.h);
    const p = b.page;
    try {
      await p.goto(server.url);
      await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 15000 });
      if (mode.presenter) await p.getByRole('button', { name: 'Presenter' }).click();
      for (const li of lessons) {
        const lesson = BUILTIN_LESSONS[li]!;
        await p.getByRole('button', { name: 'Lessons ▾' }).click();
        await p.getByRole('menuitem', { name: lesson.title }).click();
        for (let s = 0; s < lesson.steps.length; s++) {
          if (s > 0) await p.keyboard.press('PageDown');
          await p.waitForTimeout(1200);
          if (process.env.RUN) {
            const panel = p.getByTestId('lesson-panel');
            const step = lesson.steps[s]!;
            if (step.send || step.wait || step.run) {
              await panel.getByTestId('lesson-send').click();
              await panel.getByTestId('lesson-outcome').waitFor();
              await p.waitForTimeout(2500);
            }
          }
          for (const theme of ['light', 'dark']) {
            const current = await p.evaluate(() => document.documentElement.dataset.theme);
            if (current !== theme) {
              await p.click('button[title="Light or dark theme"]');
              await p.waitForTimeout(200);
            }
            await p.screenshot({ path: `${out}/${li + 1}-${s + 1}-${mode.tag}-${theme}.png` });
          }
        }
      }
      console.log(`${mode.tag}: console errors: ${b.errors.length ? b.errors.join(' | ') : 'none'}`);
    } finally {
      await b.close();
    }
  }
} finally {
  server.stop();
}
