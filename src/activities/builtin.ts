// The activities that ship with the app (activities/*.json), in the order of their file names.
import type { Activity } from './schema';

const files = import.meta.glob<Activity>('../../activities/*.json', { eager: true, import: 'default' });

export const BUILTIN_ACTIVITIES: Activity[] = Object.keys(files)
  .sort()
  .map((k) => files[k]!);
