// The score of an activity, and the result a student hands in: a small JSON file, or the same as a
// code to paste (lz-string), with the activity's id, the goals met, the hints taken, the challenge
// score and the time taken. No server: whoever holds a result file can edit it (README says so): it is
// a classroom aid, not an exam lock.
import LZString from 'lz-string';
import { z } from 'zod';
import type { GoalResult } from './goals';
import { type Activity, DEFAULT_HINT_COST } from './schema';

export const RESULT_FORMAT = 'neutron-explorer/activity-result';
/** What a result code starts with, so that a pasted code is told from a file's text. */
export const RESULT_CODE_PREFIX = 'NXR1-';

export interface Score {
  /** points of the goals met, and of all goals */
  points: number;
  max: number;
  /** the goals' share, in percent */
  goalsPercent: number;
  hintsTaken: number;
  /** what the hints cost, in points of 100 */
  hintPenalty: number;
  /** 0 to 100 */
  score: number;
}

export function scoreOf(activity: Activity, results: readonly GoalResult[], hintsTaken: number): Score {
  const pointsOf = (i: number) => activity.goals[i]?.points ?? 1;
  const max = activity.goals.reduce((s, _g, i) => s + pointsOf(i), 0);
  const points = results.reduce((s, r, i) => s + (r.met ? pointsOf(i) : 0), 0);
  const goalsPercent = max ? Math.round((100 * points) / max) : 0;
  const hintPenalty = hintsTaken * (activity.hintCost ?? DEFAULT_HINT_COST);
  return {
    points,
    max,
    goalsPercent,
    hintsTaken,
    hintPenalty,
    score: Math.max(0, goalsPercent - hintPenalty),
  };
}

export const resultSchema = z.strictObject({
  format: z.literal(RESULT_FORMAT),
  version: z.literal(1),
  activity: z.string().regex(/^[a-z0-9-]{1,60}$/),
  title: z.string().min(1).max(120),
  /** the name the student typed, if any */
  student: z.string().max(80).optional(),
  goals: z.array(z.strictObject({ text: z.string().max(300), met: z.boolean() })).max(40),
  /** the hints taken, numbered from 1 */
  hints: z.array(z.number().int().min(1).max(10)).max(10),
  hintCost: z.number().int().min(0).max(100),
  score: z.number().int().min(0).max(100),
  challenge: z.strictObject({ asked: z.number().int().min(0), right: z.number().int().min(0) }),
  /** from opening the activity to submitting it */
  seconds: z.number().int().min(0),
  /** ISO 8601, from the student's clock */
  submittedAt: z.string().max(40),
});

export type ActivityResult = z.infer<typeof resultSchema>;

/** A result file's text (pretty JSON, a few hundred bytes). */
export const resultFileText = (r: ActivityResult): string => `${JSON.stringify(r, null, 2)}\n`;

/** The same result as one line to paste. */
export const resultCode = (r: ActivityResult): string =>
  RESULT_CODE_PREFIX + LZString.compressToEncodedURIComponent(JSON.stringify(r));

/** Reads a result file's text or a pasted code; an error names what is wrong (and the field). */
export function readResult(
  text: string,
): { ok: true; result: ActivityResult } | { ok: false; error: string } {
  const trimmed = text.trim();
  let json = trimmed;
  if (trimmed.startsWith(RESULT_CODE_PREFIX)) {
    const out = LZString.decompressFromEncodedURIComponent(trimmed.slice(RESULT_CODE_PREFIX.length));
    if (!out) return { ok: false, error: 'the result code is damaged: it does not decompress' };
    json = out;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return { ok: false, error: `not a result file or code: ${(e as Error).message}` };
  }
  const parsed = resultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      error: `not an activity result: ${issue.path.join('.') || '(file)'}: ${issue.message}`,
    };
  }
  return { ok: true, result: parsed.data };
}

/** One row of the teacher's summary table. */
export interface SummaryRow {
  /** the file's name, or "code 2" */
  source: string;
  student: string;
  activity: string;
  title: string;
  goals: string;
  hints: number;
  challenge: string;
  time: string;
  score: number;
}

export function minutesText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** The rows of the summary table: by activity, then by student, then by source. */
export function summaryRows(results: readonly { source: string; result: ActivityResult }[]): SummaryRow[] {
  return results
    .map(({ source, result: r }) => ({
      source,
      student: r.student || '(no name)',
      activity: r.activity,
      title: r.title,
      goals: `${r.goals.filter((g) => g.met).length}/${r.goals.length}`,
      hints: r.hints.length,
      challenge: r.challenge.asked ? `${r.challenge.right}/${r.challenge.asked}` : '—',
      time: minutesText(r.seconds),
      score: r.score,
    }))
    .sort(
      (a, b) =>
        a.activity.localeCompare(b.activity) ||
        a.student.localeCompare(b.student) ||
        a.source.localeCompare(b.source),
    );
}
