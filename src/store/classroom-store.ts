// The classroom: the lesson being followed, its current step, presenter mode, and what the canvas
// should light up. A lesson's sends go through `lessonSend`, which the sending feature replaces with
// its animated version (until then the worker answers directly). A step may let simulated time pass
// first and run a terminal command after its send (src/lessons/run.ts).
import { create } from 'zustand';
import { loadExampleTopology } from '../lessons/builtin';
import { checkExpect } from '../lessons/check';
import { checkOutput, whereOn } from '../lessons/run';
import type { Lesson, LessonStep } from '../lessons/schema';
import { lightedBy, stepViews } from '../lessons/shown';
import { DEFAULT_STOPS, type StopKind } from '../logic/challenge-kinds';
import { durationText } from '../logic/sim-time';
import type { SendRequest, Trace } from '../sim';
import { useApp } from './app-store';
import { FAULTS, targetByRef } from './faults';
import { simClient } from './sim-client';
import { useSimClock } from './sim-clock-store';

export type LessonSend = (req: SendRequest, opts: { fresh: boolean }) => Promise<Trace | null>;

/** How a lesson step's send is carried out (the playback feature installs an animated one), and how a
 * step asks for challenge mode (the challenge feature installs it; null: as the student chose). */
export const lessonHooks: {
  send: LessonSend;
  challenge: (at: StopKind[] | null) => Promise<void>;
} = {
  async challenge() {},
  async send(req, { fresh }) {
    if (fresh) await simClient().call('reset');
    const r = await simClient().call('send', req);
    useApp.setState((s) => ({ simVersion: s.simVersion + 1 }));
    return r.ok ? r.trace : null;
  },
};

export interface StepOutcome {
  ok: boolean;
  problems: string[];
  summary: string;
  /** what the step's command printed (stdout, then stderr) */
  output?: string;
}

interface ClassroomState {
  lesson: Lesson | null;
  step: number;
  presenter: boolean;
  answerShown: boolean;
  /** device ids to light up on the canvas, or null for none */
  lit: ReadonlySet<string> | null;
  outcomes: Record<number, StepOutcome>;
  sending: boolean;
  /** the steps whose fault is applied already (a second Send does not break the cloud again) */
  faulted: readonly number[];

  open(lesson: Lesson): Promise<string | null>;
  openText(text: string): Promise<string | null>;
  close(): void;
  goTo(step: number): void;
  next(): void;
  prev(): void;
  /** the step's action: its wait, then its send, then its command; the outcome checks their claims */
  runStep(): Promise<void>;
  showAnswer(): void;
  setPresenter(on: boolean): void;
}

function litFor(step: LessonStep | undefined): ReadonlySet<string> | null {
  const view = useApp.getState().view;
  if (!step?.highlight?.length || !view) return null;
  return new Set(lightedBy(step.highlight, view.devices).map((d) => d.id));
}

/** Sets the canvas as a step wants it, the same whichever way the student came to the step: its view
 * (or the one an earlier step chose), the chains of its `expand` servers shown and every other chain
 * as the view draws it by default (folds the user made on another step do not carry over), and what
 * it lights drawn: the chain of a lit tap, qbr, qvb or qvo shown, a host holding a lit device open. */
function applyStep(lesson: Lesson, i: number, lit: ReadonlySet<string> | null): void {
  const step = lesson.steps[i];
  if (!step) return;
  const app = useApp.getState();
  app.setViewMode(stepViews(lesson)[i]!);
  const devices = app.view?.devices ?? [];
  const expandedVms: Record<string, boolean> = {};
  const hostCollapsed: Record<string, boolean> = {};
  for (const name of step.expand ?? []) {
    const vm = devices.find((d) => d.role === 'vm' && d.name === name);
    if (vm) expandedVms[vm.id] = true;
  }
  for (const d of devices) {
    if (!lit?.has(d.id)) continue;
    if (d.vm) expandedVms[d.vm] = true;
    if (d.host) hostCollapsed[d.host] = false;
  }
  useApp.setState({ expandedVms, hostCollapsed });
}

export const useClassroom = create<ClassroomState>()((set, get) => ({
  lesson: null,
  step: 0,
  presenter: false,
  answerShown: false,
  lit: null,
  outcomes: {},
  sending: false,
  faulted: [],

  async open(lesson) {
    const raw =
      typeof lesson.topology === 'string' ? await loadExampleTopology(lesson.topology) : lesson.topology;
    if (!raw) return `the lesson's cloud "${String(lesson.topology)}" is not one of the examples`;
    const errors = await useApp.getState().applyTopology(raw, { anew: true });
    if (errors) return `the lesson's cloud is not valid: ${errors[0]?.path}: ${errors[0]?.message}`;
    await simClient().call('reset');
    const lit = litFor(lesson.steps[0]);
    set({ lesson, step: 0, answerShown: false, outcomes: {}, lit, faulted: [] });
    applyStep(lesson, 0, lit);
    return null;
  },
  async openText(text) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return `the lesson file is not valid JSON: ${(e as Error).message}`;
    }
    // the schema (and zod with it) loads only when somebody opens a lesson file: the app starts lighter
    const { lessonSchema } = await import('../lessons/schema');
    const parsed = lessonSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return `the lesson file is not a lesson: ${issue.path.join('.') || '(file)'}: ${issue.message}`;
    }
    return get().open(parsed.data);
  },
  close() {
    // the cloud stays, drawn as it is by default: what the lesson folded or opened goes with it
    if (get().lesson) useApp.setState({ expandedVms: {}, hostCollapsed: {} });
    void lessonHooks.challenge(null);
    set({ lesson: null, step: 0, lit: null, outcomes: {}, answerShown: false });
  },
  goTo(step) {
    const lesson = get().lesson;
    if (!lesson) return;
    const i = Math.max(0, Math.min(step, lesson.steps.length - 1));
    const lit = litFor(lesson.steps[i]);
    set({ step: i, answerShown: false, lit });
    void lessonHooks.challenge(null);
    applyStep(lesson, i, lit);
  },
  next: () => get().goTo(get().step + 1),
  prev: () => get().goTo(get().step - 1),
  async runStep() {
    const { lesson, step } = get();
    const s = lesson?.steps[step];
    if (!s || (!s.send && !s.wait && !s.run) || get().sending) return;
    set({ sending: true });
    try {
      if (s.fault && !get().faulted.includes(step)) {
        const problem = await applyLessonFault(s.fault);
        if (problem) {
          const outcome: StepOutcome = { ok: false, problems: [problem], summary: 'not sent' };
          set((st) => ({ outcomes: { ...st.outcomes, [step]: outcome } }));
          return;
        }
        set((st) => ({ faulted: [...st.faulted, step] }));
      }
      // a step that asks for challenge mode gets it for its send, whatever the toggle says
      await lessonHooks.challenge(
        s.challenge ? (s.challenge === true ? DEFAULT_STOPS : s.challenge.at) : null,
      );
      const outcome = await carryOut(s);
      set((st) => ({ outcomes: { ...st.outcomes, [step]: outcome } }));
    } finally {
      set({ sending: false });
    }
  },
  showAnswer: () => set({ answerShown: true }),
  setPresenter(on) {
    // presenting hides the editing chrome, so editing stops with it
    if (on && useApp.getState().editMode) useApp.getState().setEditMode(false);
    set({ presenter: on });
    document.documentElement.dataset.presenter = on ? 'on' : 'off';
  },
}));

/** Does what a step says (wait, send, run) and checks each claim. */
async function carryOut(s: LessonStep): Promise<StepOutcome> {
  const problems: string[] = [];
  const summary: string[] = [];
  let output: string | undefined;
  if (s.wait) {
    const t = await useSimClock.getState().wait(s.wait, { quiet: true });
    if (t === null) problems.push('the wait could not be made');
    else summary.push(`the clock reads ${durationText(t)}`);
  }
  if (s.send) {
    const { fresh, ...req } = s.send;
    const trace = await lessonHooks.send(req, { fresh: fresh ?? false });
    if (trace) {
      problems.push(...checkExpect(trace, s.expect ?? {}));
      summary.push(
        trace.verdict === 'delivered'
          ? `delivered: ${trace.probes[0]?.summary ?? ''}`
          : `${trace.verdict}: ${trace.reason ?? ''}`,
      );
    } else {
      problems.push('the send could not be made');
      summary.push('not sent');
    }
  }
  if (s.run) {
    const doc = useApp.getState().doc;
    const where = doc ? whereOn(doc, s.run.on) : null;
    if (!where) problems.push(`the cloud has no host, server or outside host named ${s.run.on}`);
    else {
      try {
        const r = await simClient().call('tool', where, s.run.command);
        output = `${r.stdout}${r.stderr}`.replace(/\n$/, '');
        // the output shows the command: no summary of its own
        problems.push(...checkOutput(s.run, r));
      } catch (e) {
        problems.push(`the command could not be run: ${(e as Error).message}`);
      }
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    summary: summary.join('; '),
    ...(output !== undefined ? { output } : {}),
  };
}

/** A step's fault, applied as the Faults tab applies it; a sentence when it cannot be. */
async function applyLessonFault(f: { kind: string; target: string }): Promise<string | null> {
  const fault = FAULTS.find((x) => x.kind === f.kind);
  const doc = useApp.getState().doc;
  if (!fault || !doc) return `the step's fault ${f.kind} is not one of the Faults tab`;
  const target = targetByRef(fault, doc, f.target);
  if (!target) return `the cloud offers no ${f.target} to ${fault.title.toLowerCase()}`;
  const errors = await useApp
    .getState()
    .edit(`fault: ${fault.title.toLowerCase()}: ${target.label}`, (draft) => fault.apply(draft, target.id));
  return errors ? (errors[0]?.message ?? 'the cloud refused the fault') : null;
}
