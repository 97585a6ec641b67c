// Challenge mode: while a send plays, playback pauses at the chosen hops (src/logic/challenge.ts) and
// asks what the device will do; the answer is shown with the hop inspector, and the score is kept.
// This is its state (the toggle, the stops chosen, the questions asked, the score); what finds the stops
// and builds the questions (challenge-gate.ts) loads when challenge mode is first turned on or asked for
// by a lesson step, and stops playback through playback-store's gate. A lesson step may require it
// (the step's `challenge`), whatever the toggle.
import { create } from 'zustand';
import type { Question } from '../logic/challenge';
import { DEFAULT_STOPS, type StopKind } from '../logic/challenge-kinds';
import { lessonHooks } from './classroom-store';
import { usePanel } from './panel-store';
import { usePlayback } from './playback-store';

export { DEFAULT_STOPS };

/** Loads the part that asks, once; it installs the playback gate. */
let gate: Promise<unknown> | null = null;
const loadGate = () => {
  gate ??= import('./challenge-gate');
  return gate;
};

export interface AskedQuestion extends Question {
  flow: number;
  seq: number;
  /** the choice made, null while unanswered */
  chosen: string | null;
}

interface ChallengeState {
  /** the student's toggle */
  on: boolean;
  /** the stops the student chose */
  kinds: StopKind[];
  /** a lesson step that asks for challenge mode, with its stops (it wins over the toggle) */
  required: StopKind[] | null;
  /** the questions of the stop playback is paused at, the one being asked first unanswered */
  asking: AskedQuestion[];
  /** questions asked and answered right, since the page opened */
  score: { asked: number; right: number };

  /** turning it on waits for the part that asks to load, so that the next send is asked about */
  setOn(on: boolean): Promise<void>;
  setKind(kind: StopKind, on: boolean): void;
  require(kinds: StopKind[] | null): Promise<void>;
  answer(choice: string): void;
  /** leaves the stop: the questions answered, playback goes on */
  resume(): void;
}

/** Whether challenge mode is on, by the toggle or a lesson step. */
export const challengeActive = (s: Pick<ChallengeState, 'on' | 'required'>) => s.required !== null || s.on;
export const chosenKinds = (s: Pick<ChallengeState, 'kinds' | 'required'>) => new Set(s.required ?? s.kinds);

export const useChallenge = create<ChallengeState>()((set, get) => ({
  on: false,
  kinds: DEFAULT_STOPS,
  required: null,
  asking: [],
  score: { asked: 0, right: 0 },

  async setOn(on) {
    if (on) await loadGate();
    set({ on });
    // turning it off lets a waiting question go, and the packet with it (nothing counts as missed)
    if (!on && get().required === null && get().asking.length) {
      set({ asking: [] });
      usePlayback.getState().play();
    }
  },
  setKind(kind, on) {
    const kinds = on ? [...new Set([...get().kinds, kind])] : get().kinds.filter((k) => k !== kind);
    set({ kinds: DEFAULT_STOPS.filter((k) => kinds.includes(k)) });
  },
  async require(required) {
    if (required) await loadGate();
    set({ required });
  },
  answer(choice) {
    const asking = get().asking;
    const i = asking.findIndex((q) => q.chosen === null);
    const q = asking[i];
    if (!q) return;
    const right = choice === q.answer;
    set((s) => ({
      asking: asking.map((x, j) => (j === i ? { ...x, chosen: choice } : x)),
      score: { asked: s.score.asked + 1, right: s.score.right + (right ? 1 : 0) },
    }));
    // the last question of the stop answered: show the hop that answers it in the hop inspector
    if (i === asking.length - 1) {
      usePlayback.getState().seek({ flow: q.flow, seq: q.seq });
      const tab = usePanel.getState().tab;
      if (tab !== 'hop') tabBefore = tab;
      usePanel.getState().setTab('hop');
    }
  },
  resume() {
    const unanswered = get().asking.filter((q) => q.chosen === null).length;
    // a question left unanswered counts as asked and missed
    if (unanswered) set((s) => ({ score: { ...s.score, asked: s.score.asked + unanswered } }));
    set({ asking: [] });
    // back to the tab the student was on (the lesson, the activity), unless they went elsewhere
    if (tabBefore && usePanel.getState().tab === 'hop') usePanel.getState().setTab(tabBefore);
    tabBefore = null;
    usePlayback.getState().play();
  },
}));

/** The side panel's tab before an answer showed the hop inspector. */
let tabBefore: string | null = null;

// a lesson step that asks for challenge mode
lessonHooks.challenge = (at) => useChallenge.getState().require(at);
