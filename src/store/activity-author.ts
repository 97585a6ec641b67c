// Writing an activity in the app: a teacher starts from the current cloud, marks what is locked, writes
// goals with a form, may keep an answer cloud (in the file, never shown to a student, left out of
// links), tries the activity as a student would, and saves it as a file or a link. Also the Activity
// tab's other views: which one is open, and the teacher's table of results.
import LZString from 'lz-string';
import { create } from 'zustand';
import {
  ACTIVITY_FORMAT,
  type Activity,
  activitySchema,
  DEFAULT_HINT_COST,
  type Goal,
  type LockKind,
  type Locks,
} from '../activities/schema';
import type { Topology } from '../sim';
import { useActivity } from './activity-store';
import { useApp } from './app-store';

export const ACTIVITY_LINK_PREFIX = '#activity=';

export interface Draft {
  title: string;
  introduction: string;
  locks: Required<Locks>;
  goals: Goal[];
  /** one hint a line */
  hints: string;
  /** points each hint taken costs, as typed (empty: the default) */
  hintCost: string;
  /** the starting cloud, as it was when captured */
  start: Topology | null;
  /** the answer cloud, kept in the file and never shown */
  solution: Topology | null;
}

const NO_LOCKS: Required<Locks> = { hosts: [], networks: [], routers: [], servers: [], security_groups: [] };

const emptyDraft = (): Draft => ({
  title: '',
  introduction: '',
  locks: { ...NO_LOCKS },
  goals: [],
  hints: '',
  hintCost: String(DEFAULT_HINT_COST),
  start: null,
  solution: null,
});

/** "Why can't vm2 …?" -> "why-can-t-vm2" */
export const slug = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'activity';

/** The activity the draft makes, checked as a file is; an error names the field. */
export function buildActivity(
  d: Draft,
  withSolution = true,
): { ok: true; activity: Activity } | { ok: false; error: string } {
  if (!d.start) return { ok: false, error: 'the starting cloud: take the current cloud as the start first' };
  const locked = Object.fromEntries(Object.entries(d.locks).filter(([, v]) => v.length)) as Locks;
  const hints = d.hints
    .split('\n')
    .map((h) => h.trim())
    .filter(Boolean);
  const cost = d.hintCost.trim() === '' ? DEFAULT_HINT_COST : Number(d.hintCost.trim());
  const raw = {
    format: ACTIVITY_FORMAT,
    version: 1,
    id: slug(d.title),
    title: d.title.trim(),
    introduction: d.introduction.trim(),
    topology: d.start,
    ...(withSolution && d.solution ? { solution: d.solution } : {}),
    ...(Object.keys(locked).length ? { locked } : {}),
    goals: d.goals,
    ...(hints.length ? { hints } : {}),
    ...(cost !== DEFAULT_HINT_COST ? { hintCost: cost } : {}),
  };
  const r = activitySchema.safeParse(raw);
  if (r.success) return { ok: true, activity: r.data };
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.');
  const words: Record<string, string> = {
    title: 'the title',
    introduction: 'the introduction',
    goals: 'the goals',
    hintCost: `the cost of a hint (${d.hintCost.trim()})`,
  };
  return { ok: false, error: `${words[field] ?? field}: ${issue.message}` };
}

/** The activity as a link to hand out: without its answer cloud (a student opens it). */
export function activityLink(a: Activity, base: string): string {
  const { solution: _hidden, ...shown } = a;
  return `${base}${ACTIVITY_LINK_PREFIX}${LZString.compressToEncodedURIComponent(JSON.stringify(shown))}`;
}

interface AuthorState {
  /** what the Activity tab shows when no activity is open: the list, or the author's form */
  writing: boolean;
  draft: Draft;
  /** the teacher's table of results is open */
  resultsOpen: boolean;

  /** opens the form on a new draft that starts from the current cloud */
  begin(): void;
  /** back to the form (from trying the draft) */
  resume(): void;
  stop(): void;
  set(patch: Partial<Draft>): void;
  setLock(kind: LockKind, name: string, on: boolean): void;
  lockAll(t: Topology, on: boolean): void;
  addGoal(goal: Goal): void;
  removeGoal(i: number): void;
  takeStart(): void;
  takeSolution(): void;
  /** opens the draft as a student would see it; null, or why not */
  tryIt(): Promise<string | null>;
  setResultsOpen(open: boolean): void;
}

export const useAuthor = create<AuthorState>()((set, get) => ({
  writing: false,
  draft: emptyDraft(),
  resultsOpen: false,

  begin() {
    set({ writing: true, draft: { ...emptyDraft(), start: useApp.getState().doc } });
  },
  resume() {
    useActivity.getState().close();
    set({ writing: true });
  },
  stop: () => set({ writing: false }),
  set: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
  setLock(kind, name, on) {
    const list = get().draft.locks[kind];
    const next = on ? [...new Set([...list, name])] : list.filter((n) => n !== name);
    get().set({ locks: { ...get().draft.locks, [kind]: next } });
  },
  lockAll(t, on) {
    const names = (l: { name: string }[]) => (on ? [...new Set(l.map((x) => x.name))] : []);
    get().set({
      locks: {
        hosts: names(t.hosts),
        networks: names(t.networks),
        routers: names(t.routers),
        servers: names(t.servers),
        security_groups: names(t.security_groups),
      },
    });
  },
  addGoal(goal) {
    // the same goal twice would count twice
    const goals = get().draft.goals;
    if (!goals.some((g) => JSON.stringify(g) === JSON.stringify(goal)))
      get().set({ goals: [...goals, goal] });
  },
  removeGoal: (i) => get().set({ goals: get().draft.goals.filter((_g, j) => j !== i) }),
  takeStart: () => get().set({ start: useApp.getState().doc }),
  takeSolution: () => get().set({ solution: useApp.getState().doc }),
  async tryIt() {
    const built = buildActivity(get().draft);
    if (!built.ok) return built.error;
    set({ writing: false });
    const err = await useActivity.getState().open(built.activity, { trial: true });
    if (err) set({ writing: true });
    return err;
  },
  setResultsOpen: (resultsOpen) => set({ resultsOpen }),
}));
