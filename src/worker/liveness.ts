// Whether the simulation worker is alive, judged on the main thread from what it posts back. A worker
// that computes answers nothing until it is done (realizing the 2,000-VM cloud takes about 1.5 s), so
// it says `busy` when a call starts: silence then means work, up to a generous budget. Outside a call,
// a worker that owes an answer (a call or a heartbeat ping) and says nothing for a second has died or
// hung. Times are in ms on one clock (performance.now()).
import type { Beat } from './protocol';

export const TIMING = {
  /** how often the main thread looks */
  tickMs: 200,
  /** an idle worker quiet this long is pinged */
  heartbeatMs: 500,
  /** a worker that owes an answer and is not computing is lost after this long without a sign */
  silenceMs: 1000,
  /** a tick this late means the main thread was busy or the tab hidden: the worker is not to blame */
  lateMs: 600,
  /** a new worker fetches and runs its script before it answers */
  bootMs: 10_000,
  /** a single call computing longer than this is a worker stuck in a loop */
  busyMs: 15_000,
};

// Worst case between a worker's last sign and its replacement: a ping at most heartbeatMs + tickMs
// later, judged silent at most silenceMs + tickMs after that, 1.9 s in all. A worker that dies in the
// middle of a call without an error event is noticed only at busyMs: a call takes milliseconds on the
// clouds people build by hand, so that moment is short.

export type Verdict =
  | { lost: 'unresponsive' | 'stuck' | 'no-start'; detail: string }
  | { lost: null; ping: boolean };

export class Liveness {
  private lastSign: number | null = null;
  private busy: { method: string; since: number } | null = null;
  /** silence before this moment is forgiven (the main thread was not looking) */
  private excusedUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly startedAt: number) {}

  /** whether the worker ever posted anything */
  get answered(): boolean {
    return this.lastSign !== null;
  }

  /** Anything the worker posted: a beat, a reply. */
  sign(at: number, beat: Beat | null): void {
    this.lastSign = at;
    if (beat?.neutronSim === 'busy') this.busy = { method: beat.method, since: at };
    else if (beat?.neutronSim === 'idle') this.busy = null;
  }

  excuse(at: number): void {
    this.excusedUntil = at;
  }

  /** `owedSince`: when the oldest message still unanswered was posted, if any. */
  judge(at: number, owedSince: number | undefined): Verdict {
    const from = (t: number) => Math.max(t, this.excusedUntil);
    if (this.lastSign === null) {
      return at - from(this.startedAt) > TIMING.bootMs
        ? { lost: 'no-start', detail: `did not start within ${TIMING.bootMs / 1000} s` }
        : { lost: null, ping: false };
    }
    if (this.busy) {
      return at - from(this.busy.since) > TIMING.busyMs
        ? { lost: 'stuck', detail: `spent more than ${TIMING.busyMs / 1000} s on ${this.busy.method}` }
        : { lost: null, ping: false };
    }
    if (owedSince === undefined) return { lost: null, ping: at - this.lastSign >= TIMING.heartbeatMs };
    return at - from(Math.max(this.lastSign, owedSince)) > TIMING.silenceMs
      ? { lost: 'unresponsive', detail: `did not answer for ${TIMING.silenceMs / 1000} s` }
      : { lost: null, ping: false };
  }
}
