// The simulated clock, as the send bar shows it, and letting time pass: the send bar's Wait, the
// terminal's `sleep`, a lesson step's `wait`. The worker keeps the clock (each send moves it on; a
// reset, a new cloud or a new worker starts it at 0) and forgets what timed out when it moves
// (src/sim/engine/aging.ts). Whenever what the devices know changes (app-store's simVersion), the
// clock is asked again: waiting 0 s reads it.
import { create } from 'zustand';
import { durationText } from '../logic/sim-time';
import { useApp } from './app-store';
import { simClient } from './sim-client';

interface SimClockState {
  /** simulated seconds since the state began; null until the worker said */
  seconds: number | null;
  /** a wait is being made */
  waiting: boolean;
  /**
   * Lets `seconds` of simulated time pass (what timed out is forgotten, views refresh). Resolves to the
   * clock after it, or null when the worker could not (the user is told). `quiet` tells nothing on
   * success (the terminal's sleep prints nothing, as sleep does).
   */
  wait(seconds: number, opts?: { quiet?: boolean }): Promise<number | null>;
}

const set = (p: Partial<SimClockState>) => useSimClock.setState(p);

/** answers to older questions are dropped: only the latest says what the clock is */
let asked = 0;

async function readClock(): Promise<void> {
  const n = ++asked;
  try {
    const t = await simClient().call('wait', 0);
    if (n === asked) set({ seconds: t });
  } catch {
    // a worker being replaced: the restore bumps simVersion and the clock is asked again
  }
}

export const useSimClock = create<SimClockState>()(() => ({
  seconds: null,
  waiting: false,

  async wait(seconds, opts = {}) {
    const n = ++asked;
    set({ waiting: true });
    let t: number;
    try {
      t = await simClient().call('wait', seconds);
    } catch (e) {
      useApp.getState().notify('error', `Could not wait: ${(e as Error).message}`);
      return null;
    } finally {
      set({ waiting: false });
    }
    if (n === asked) set({ seconds: t });
    // the inspector, the terminal's next command and the next send see the aged state
    useApp.setState((s) => ({ simVersion: s.simVersion + 1 }));
    if (!opts.quiet)
      useApp
        .getState()
        .notify(
          'info',
          `Waited ${durationText(seconds)}: the simulated clock reads ${durationText(t)}; what timed out meanwhile is forgotten.`,
        );
    return t;
  },
}));

useApp.subscribe((s, prev) => {
  if (s.simVersion !== prev.simVersion && s.status === 'ready') void readClock();
});
// a cloud loaded before this module was: ask now
if (useApp.getState().status === 'ready') void readClock();
