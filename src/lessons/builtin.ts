// The lessons that ship with the app, with the example clouds they use.
import type { Lesson } from './schema';

const lessonFiles = import.meta.glob<Lesson>('../../lessons/*.json', { eager: true, import: 'default' });
const exampleFiles = import.meta.glob<unknown>('../../examples/*.json', { eager: true, import: 'default' });

export const BUILTIN_LESSONS: Lesson[] = Object.keys(lessonFiles)
  .sort()
  .map((k) => lessonFiles[k]!);

export const EXAMPLES: Record<string, unknown> = Object.fromEntries(
  Object.entries(exampleFiles).map(([k, v]) => [k.replace(/^.*\/([^/]+)\.json$/, '$1'), v]),
);
