// An activity under way survives a reload: the activity itself, when it was opened, the hints taken,
// the name typed and the last submission are saved in the browser beside the cloud (which autosave
// keeps, with the student's edits), and taken up again at start on that cloud. Without this a reload
// would lose the time and hints, and reopening the activity would start them afresh. Anything
// malformed is ignored: the cloud is not at stake here.
import { z } from 'zod';
import { activitySchema } from '../activities/schema';
import { type SavedActivity, useActivity } from './activity-store';

export const ACTIVITY_KEY = 'neutron-explorer:activity:v1';

const count = z.number().int().min(0);
const savedSchema = z.object({
  activity: activitySchema,
  trial: z.boolean(),
  startedAt: z.number(),
  hintsTaken: count.max(10),
  student: z.string().max(80),
  challengeAtStart: z.object({ asked: count, right: count }),
  // the submission is shown again as it was; its shape is the store's own
  submission: z.unknown().nullable(),
});

/** The activity saved by an earlier page, or null. */
export function savedActivity(storage: Storage = localStorage): SavedActivity | null {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(ACTIVITY_KEY) ?? 'null');
  } catch {
    return null;
  }
  const r = savedSchema.safeParse(raw);
  return r.success ? (r.data as SavedActivity) : null;
}

let watching: (() => void) | null = null;

/** Saves the activity under way on every change of it, and forgets it when it closes (once). */
export function watchActivity(storage: Storage = localStorage): () => void {
  if (watching) return watching;
  const stop = useActivity.subscribe((s, prev) => {
    const changed =
      s.activity !== prev.activity ||
      s.hintsTaken !== prev.hintsTaken ||
      s.submission !== prev.submission ||
      s.student !== prev.student ||
      s.startedAt !== prev.startedAt;
    if (!changed) return;
    try {
      if (!s.activity) storage.removeItem(ACTIVITY_KEY);
      else {
        const saved: SavedActivity = {
          activity: s.activity,
          trial: s.trial,
          startedAt: s.startedAt,
          hintsTaken: s.hintsTaken,
          student: s.student,
          challengeAtStart: s.challengeAtStart,
          submission: s.submission,
        };
        storage.setItem(ACTIVITY_KEY, JSON.stringify(saved));
      }
    } catch {
      // storage full or refused: the activity goes on, only a reload would lose it
    }
  });
  watching = () => {
    stop();
    watching = null;
  };
  return watching;
}
