// The activity being done: its cloud opened, its locks guarding every edit, undo and redo (through
// app-store's cloudGuard), its goals judged again after every edit and every send (by real sends on a
// fresh state in the worker, src/activities/goals.ts), the hints taken, and the score once submitted,
// with the result the student hands in. A teacher trying their own draft does the same, as a trial.

import { create } from 'zustand';
import { type GoalResult, goalSends, goalWords, judgeGoals } from '../activities/goals';
import { type LockTarget, lockBreach, resolveLocks } from '../activities/locks';
import { type ActivityResult, RESULT_FORMAT, type Score, scoreOf } from '../activities/result';
import { type Activity, DEFAULT_HINT_COST, parseActivity } from '../activities/schema';
import { loadExampleTopology } from '../lessons/builtin';
import { cloudGuard, useApp } from './app-store';
import { useChallenge } from './challenge-store';
import { usePlayback } from './playback-store';
import { simClient } from './sim-client';

export interface Submission {
  score: Score;
  results: GoalResult[];
  seconds: number;
  /** ISO time of the submission */
  at: string;
  challenge: { asked: number; right: number };
}

interface ActivityState {
  activity: Activity | null;
  /** a teacher trying a draft as a student would */
  trial: boolean;
  locks: LockTarget[];
  /** Date.now() when it was opened */
  startedAt: number;
  hintsTaken: number;
  /** the goals as last judged, null until the first check ends */
  results: GoalResult[] | null;
  checking: boolean;
  submission: Submission | null;
  /** the name the student types for the result */
  student: string;
  /** the challenge score when the activity opened: the result counts what came after */
  challengeAtStart: { asked: number; right: number };

  /** opens an activity: its cloud replaces the current one; null, or why it cannot open */
  open(activity: Activity, opts?: { trial?: boolean }): Promise<string | null>;
  /** takes up an activity under way on the current cloud (after a reload): no cloud is replaced */
  resume(saved: SavedActivity): Promise<string | null>;
  /** an activity file's text (or a link's), checked like a file */
  openText(text: string): Promise<string | null>;
  close(): void;
  /** judges the goals on the cloud as it is now */
  check(): Promise<GoalResult[] | null>;
  takeHint(): void;
  submit(): Promise<Submission | null>;
  setStudent(name: string): void;
}

/** What of an activity under way survives a reload (activity-persist.ts); the cloud is saved apart. */
export type SavedActivity = Pick<
  ActivityState,
  'trial' | 'startedAt' | 'hintsTaken' | 'submission' | 'student' | 'challengeAtStart'
> & { activity: Activity };

/** The label of the undo step that opened an activity: undo stops there while it is open. */
const openLabel = (a: Activity) => `open the activity: ${a.title}`;

/** The result a student hands in, from the last submission. */
export function resultOf(
  s: Pick<ActivityState, 'activity' | 'submission' | 'hintsTaken' | 'student'>,
): ActivityResult | null {
  const { activity: a, submission: sub } = s;
  if (!a || !sub) return null;
  return {
    format: RESULT_FORMAT,
    version: 1,
    activity: a.id,
    title: a.title,
    ...(s.student.trim() ? { student: s.student.trim().slice(0, 80) } : {}),
    goals: a.goals.map((g, i) => ({ text: goalWords(g), met: sub.results[i]?.met ?? false })),
    hints: Array.from({ length: s.hintsTaken }, (_x, i) => i + 1),
    hintCost: a.hintCost ?? DEFAULT_HINT_COST,
    score: sub.score.score,
    challenge: sub.challenge,
    seconds: sub.seconds,
    submittedAt: sub.at,
  };
}

/** Checks run one after the other; a check that an edit overtook is not shown. */
let checkSeq = 0;

export const useActivity = create<ActivityState>()((set, get) => ({
  activity: null,
  trial: false,
  locks: [],
  startedAt: 0,
  hintsTaken: 0,
  results: null,
  checking: false,
  submission: null,
  student: '',
  challengeAtStart: { asked: 0, right: 0 },

  async open(activity, opts = {}) {
    const raw =
      typeof activity.topology === 'string'
        ? await loadExampleTopology(activity.topology)
        : activity.topology;
    if (!raw) return `the activity's cloud "${String(activity.topology)}" is not one of the examples`;
    get().close();
    const errors = await useApp.getState().applyTopology(raw, { label: openLabel(activity), anew: true });
    if (errors) return `the activity's cloud is not valid: ${errors[0]?.path}: ${errors[0]?.message}`;
    await simClient().call('reset');
    const { asked, right } = useChallenge.getState().score;
    return get().resume({
      activity,
      trial: opts.trial ?? false,
      startedAt: Date.now(),
      hintsTaken: 0,
      submission: null,
      student: get().student,
      challengeAtStart: { asked, right },
    });
  },
  async resume(saved) {
    const { activity } = saved;
    const doc = useApp.getState().doc;
    if (!doc) return 'there is no cloud to do the activity on';
    const locks = resolveLocks(activity.locked, doc);
    if (!locks.ok) return `the activity file is wrong: ${locks.error}`;
    set({ ...saved, locks: locks.targets, results: null });
    // undoing the step that opened the activity would bring back the cloud it replaced
    const opened = openLabel(activity);
    cloudGuard.current = {
      check: (prev, next, step) =>
        step?.undo && step.label === opened
          ? 'the activity starts here: close it to go back to the cloud before'
          : lockBreach(get().locks, prev, next),
      replaced: () => {
        const a = get().activity;
        get().close();
        if (a)
          useApp.getState().notify('info', `The activity "${a.title}" was closed: another cloud was opened.`);
      },
    };
    await get().check();
    return null;
  },
  async openText(text) {
    const r = parseActivity(text);
    return r.ok ? get().open(r.activity) : r.error;
  },
  close() {
    cloudGuard.current = null;
    checkSeq++;
    set({
      activity: null,
      trial: false,
      locks: [],
      results: null,
      submission: null,
      hintsTaken: 0,
      checking: false,
    });
  },
  async check() {
    const a = get().activity;
    const doc = useApp.getState().doc;
    if (!a || !doc) return null;
    const seq = ++checkSeq;
    set({ checking: true });
    try {
      const sent = await simClient().call('trySends', goalSends(a.goals));
      if (seq !== checkSeq || get().activity !== a) return null;
      // the cloud the sends were made on: a later edit starts a check of its own
      const results = judgeGoals(a.goals, useApp.getState().doc ?? doc, sent);
      set({ results });
      return results;
    } catch (e) {
      if (seq === checkSeq)
        useApp.getState().notify('error', `The goals could not be checked: ${(e as Error).message}`);
      return null;
    } finally {
      if (seq === checkSeq) set({ checking: false });
    }
  },
  takeHint() {
    const a = get().activity;
    if (a && get().hintsTaken < (a.hints?.length ?? 0)) set((s) => ({ hintsTaken: s.hintsTaken + 1 }));
  },
  async submit() {
    const a = get().activity;
    if (!a) return null;
    const results = (await get().check()) ?? get().results;
    if (!results || get().activity !== a) return null;
    const now = useChallenge.getState().score;
    const start = get().challengeAtStart;
    const submission: Submission = {
      score: scoreOf(a, results, get().hintsTaken),
      results,
      seconds: Math.max(0, Math.round((Date.now() - get().startedAt) / 1000)),
      at: new Date().toISOString(),
      challenge: { asked: now.asked - start.asked, right: now.right - start.right },
    };
    set({ submission });
    return submission;
  },
  setStudent: (student) => set({ student }),
}));

// The goals are judged again after every change of the cloud (edit, undo, redo) and every send.
let timer: ReturnType<typeof setTimeout> | null = null;
function recheck(): void {
  if (!useActivity.getState().activity) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void useActivity.getState().check();
  }, 120);
}
useApp.subscribe((s, prev) => {
  if (s.doc !== prev.doc) recheck();
});
usePlayback.subscribe((s, prev) => {
  if (s.flows.length !== prev.flows.length || s.flows.at(-1) !== prev.flows.at(-1)) recheck();
});
