// The part of challenge mode that asks (challenge-store.ts loads it when challenge mode is first turned
// on or asked for): it finds where a flow stops (src/logic/challenge.ts), holds playback there through
// playback-store's gate, and builds the questions from the device's live state (the worker's inspect()).
import { challengeStops, questionsFor, type Stop, type StopKind } from '../logic/challenge';
import { useApp } from './app-store';
import { challengeActive, chosenKinds, useChallenge } from './challenge-store';
import { type Flow, timelineOf } from './playback-model';
import { playbackGate, usePlayback } from './playback-store';

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
