// The lessons that ship with the app (loaded on demand), and the example clouds they use (loaded when a
// lesson opens).
import type { Lesson } from './schema';

const exampleFiles = import.meta.glob<unknown>('../../examples/*.json', { import: 'default' });

/** The built-in lessons, in a chunk of their own: about 24 kB gzip that the first screen does not need. */
export const loadBuiltinLessons = (): Promise<Lesson[]> => import('./all').then((m) => m.BUILTIN_LESSONS);

/** The names of the example files (without .json). */
export const EXAMPLE_NAMES: string[] = Object.keys(exampleFiles).map((k) =>
  k.replace(/^.*\/([^/]+)\.json$/, '$1'),
);

/** An example's topology, or undefined when there is no example of that name. */
export async function loadExampleTopology(name: string): Promise<unknown> {
  const loader = Object.entries(exampleFiles).find(([k]) => k.endsWith(`/${name}.json`))?.[1];
  return loader ? loader() : undefined;
}
