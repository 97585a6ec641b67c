// Challenge mode: while a send plays, playback pauses at the chosen hops (src/logic/challenge.ts) and
// asks what the device will do; the answer is shown with the hop inspector, and the score is kept.
// It stops playback through playback-store's gate; the candidates come from the worker's inspect() of
// the device at that hop. A lesson step may require it (the step's `challenge`), whatever the toggle.
import { create } from 'zustand';
import {
  challengeStops,
  DEFAULT_STOPS,
  type Question,
  questionsFor,
  type Stop,
  type StopKind,
} from '../logic/challenge';
import { useApp } from './app-store';
import { lessonHooks } from './classroom-store';
import { usePanel } from './panel-store';
import { type Flow, playbackGate, timelineOf, usePlayback } from './playback-store';

export { DEFAULT_STOPS };

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

  setOn(on: boolean): void;
  setKind(kind: StopKind, on: boolean): void;
  require(kinds: StopKind[] | null): void;
  answer(choice: string): void;
  /** leaves the stop: the questions answered, playback goes on */
  resume(): void;
}

/** Whether challenge mode is on, by the toggle or a lesson step. */
export const challengeActive = (s: Pick<ChallengeState, 'on' | 'required'>) => s.required !== null || s.on;
const chosenKinds = (s: Pick<ChallengeState, 'kinds' | 'required'>) => new Set(s.required ?? s.kinds);

/** Stops already asked (or passed with challenge mode off), by "flow:seq". */
const done = new Set<string>();
/** each flow's stops, worked out once per set of kinds */
const stopsCache = new WeakMap<Flow, { key: string; stops: Stop[] }>();

function stopsOf(f: Flow, kinds: ReadonlySet<StopKind>): Stop[] {
  const key = [...kinds].sort().join(',');
  const hit = stopsCache.get(f);
  if (hit?.key === key) return hit.stops;
  const stops = challengeStops(f.trace, kinds);
  stopsCache.set(f, { key, stops });
  return stops;
}

export const useChallenge = create<ChallengeState>()((set, get) => ({
  on: false,
  kinds: DEFAULT_STOPS,
  required: null,
  asking: [],
  score: { asked: 0, right: 0 },

  setOn(on) {
    set({ on });
    // turning it on asks at the stops still ahead; turning it off lets a waiting question go
    if (!on && get().required === null) set({ asking: [] });
  },
  setKind(kind, on) {
    const kinds = on ? [...new Set([...get().kinds, kind])] : get().kinds.filter((k) => k !== kind);
    set({ kinds: DEFAULT_STOPS.filter((k) => kinds.includes(k)) });
  },
  require: (required) => set({ required }),
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

/** Builds the questions of a stop once the device's live state is in, and opens the card. */
async function ask(f: Flow, stop: Stop, playing: boolean): Promise<void> {
  const h = f.data.bySeq.get(stop.seq);
  if (!h) return;
  const ins = await useApp
    .getState()
    .inspect(h.deviceId)
    .catch(() => null);
  const questions = questionsFor(f.trace, f.data, stop, useApp.getState().view, ins);
  if (!questions.length) {
    // nothing to ask here after all (no candidates): go on as before
    if (playing) usePlayback.getState().play();
    return;
  }
  useChallenge.setState({
    asking: questions.map((q) => ({ ...q, flow: f.id, seq: stop.seq, chosen: null })),
  });
}

playbackGate.current = {
  holding: () => useChallenge.getState().asking.length > 0,
  stopAt(from, to) {
    const c = useChallenge.getState();
    if (!challengeActive(c)) return null;
    const { flows, showDiscarded } = usePlayback.getState();
    let best: { at: number; f: Flow; stop: Stop } | null = null;
    for (const f of flows) {
      if (f.retired) continue;
      const tl = timelineOf(f, showDiscarded);
      for (const stop of stopsOf(f, chosenKinds(c))) {
        if (done.has(`${f.id}:${stop.seq}`)) continue;
        const slot = tl.slotOf.get(stop.seq);
        if (slot === undefined) continue;
        // the moment the packet is about to enter the device: its step has not begun
        const at = f.start + slot;
        if (at >= from && at <= to && (!best || at < best.at)) best = { at, f, stop };
      }
    }
    if (!best) return null;
    done.add(`${best.f.id}:${best.stop.seq}`);
    void ask(best.f, best.stop, usePlayback.getState().playing);
    return best.at;
  },
};

/** For tests: forget which stops were asked. */
export function forgetAsked(): void {
  done.clear();
}

// a lesson step that asks for challenge mode
lessonHooks.challenge = (at) => useChallenge.getState().require(at);
