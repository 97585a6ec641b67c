// The lessons that ship with the app, as data. Imported by what runs once a lesson is open (the lesson
// panel, the tests); the top bar's menu and the inspector load them through loadBuiltinLessons() in
// builtin.ts, so that they stay out of the app's first download.
import type { Lesson } from './schema';

const lessonFiles = import.meta.glob<Lesson>('../../lessons/*.json', { eager: true, import: 'default' });

export const BUILTIN_LESSONS: Lesson[] = Object.keys(lessonFiles)
  .sort()
  .map((k) => lessonFiles[k]!);
