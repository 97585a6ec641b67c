// The built-in lessons for the top bar's menu and the inspector, loaded once, after the first screen:
// they are not part of the app's first download (src/lessons/all.ts is a chunk of its own).
import { useSyncExternalStore } from 'react';
import { loadBuiltinLessons } from '../../lessons/builtin';
import type { Lesson } from '../../lessons/schema';

let loaded: Lesson[] | null = null;
let loading: Promise<Lesson[]> | null = null;
const listeners = new Set<() => void>();

/** The built-in lessons; the first call starts the download, later ones share it. */
export function builtinLessons(): Promise<Lesson[]> {
  loading ??= loadBuiltinLessons().then((lessons) => {
    loaded = lessons;
    for (const l of listeners) l();
    return lessons;
  });
  return loading;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** The built-in lessons once loaded, null until then (the caller starts the load with builtinLessons). */
export const useBuiltinLessons = (): readonly Lesson[] | null =>
  useSyncExternalStore(subscribe, () => loaded);
