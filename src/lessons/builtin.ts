// The lessons that ship with the app, and the example clouds they use (loaded when a lesson opens).
import type { Lesson } from './schema';

const lessonFiles = import.meta.glob<Lesson>('../../lessons/*.json', { eager: true, import: 'default' });
const exampleFiles = import.meta.glob<unknown>('../../examples/*.json', { import: 'default' });

export const BUILTIN_LESSONS: Lesson[] = Object.keys(lessonFiles)
  .sort()
  .map((k) => lessonFiles[k]!);

/** The names of the example files (without .json). */
export const EXAMPLE_NAMES: string[] = Object.keys(exampleFiles).map((k) =>
  k.replace(/^.*\/([^/]+)\.json$/, '$1'),
);

/** An example's topology, or undefined when there is no example of that name. */
export async function loadExampleTopology(name: string): Promise<unknown> {
  const loader = Object.entries(exampleFiles).find(([k]) => k.endsWith(`/${name}.json`))?.[1];
  return loader ? loader() : undefined;
}
