// End-to-end tests: the built app in Debian's Chromium (see tests/e2e/harness.ts).
//
// They run in two passes on a two-core machine. Most files only click and read, and run two at a
// time. The files below judge what happens in time (labels sampled mid-animation, the glide of a
// packet, a hung worker replaced within 3 s, two tabs' saves meeting, the canvas against bare React
// Flow), so a second browser competing for the cores could fail them for no fault of the app: they
// run alone, one after another, in the second pass (vitest.e2e-serial.config.ts).
import { defineConfig } from 'vitest/config';

export const TIMED_FILES = [
  'tests/e2e/callouts.e2e.test.ts',
  'tests/e2e/motion.e2e.test.ts',
  'tests/e2e/playback.e2e.test.ts',
  'tests/e2e/tabs.e2e.test.ts',
  'tests/e2e/update.e2e.test.ts',
  'tests/e2e/worker.e2e.test.ts',
  'tests/e2e/scale.e2e.test.ts',
  'tests/e2e/canvas.e2e.test.ts',
  'tests/e2e/undo-reload.e2e.test.ts',
  'tests/e2e/offline.e2e.test.ts',
];

/** The config of one pass: 'shared' runs the rest two at a time, 'alone' the timed files one by one. */
export function e2eConfig(pass: 'shared' | 'alone') {
  return defineConfig({
    test: {
      include: pass === 'shared' ? ['tests/e2e/**/*.e2e.test.ts'] : TIMED_FILES,
      exclude: pass === 'shared' ? TIMED_FILES : [],
      environment: 'node',
      globalSetup: ['tests/e2e/global-setup.ts'],
      fileParallelism: pass === 'shared',
      maxWorkers: pass === 'shared' ? 2 : 1,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  });
}

export default e2eConfig('shared');
