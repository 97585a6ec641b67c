// The main thread's handle on the simulation worker, the only code that knows the core runs off the main
// thread. It watches the worker (liveness.ts): one that crashes, dies or stops answering is replaced by
// a new one within 2 s. The new worker first loads the current cloud (`setRestore`), with what traffic
// taught the devices empty again, then gets every call that was waiting on the old one, in the order
// they were made, so an edit or a send made meanwhile is applied rather than refused. A call is retried
// once: one that was on two workers that died is refused, as it may be what kills them.
//
// Retrying is safe for every call, sends included: nothing the old worker learned survives it, so a
// call runs on the new worker exactly once as far as anyone can see.
import { type Endpoint, type Remote, wrap } from 'comlink';
import { Liveness, TIMING } from './liveness';
import { beatOf, HANG_ORDER, type SimApi } from './protocol';

export interface WorkerLike extends Endpoint {
  terminate(): void;
}

/** Why a worker was replaced: it crashed (an error event), or went silent, stuck or never started. */
export type LostCause = 'crashed' | 'unresponsive' | 'stuck' | 'no-start';

export type WorkerEvent =
  /** a worker was given up; a new one is starting (detail: what happened, for the console) */
  | { kind: 'lost'; cause: LostCause; detail: string }
  /** the new worker loaded the cloud (restored), or could not (error) */
  | { kind: 'replaced'; cause: LostCause; restored: boolean; error?: string }
  /** workers kept dying before they answered anything: none runs until the next call */
  | { kind: 'failed'; detail: string };

export interface SimClient {
  call<K extends keyof SimApi>(method: K, ...args: Parameters<SimApi[K]>): Promise<ReturnType<SimApi[K]>>;
  /** what a new worker loads before anything else: the current cloud (null: nothing), and the version
   * the page knows it by (for the edits waiting on the old worker, patches of it, to apply on the new) */
  setRestore(topology: () => unknown, version?: () => string | null): void;
  onEvent(fn: (e: WorkerEvent) => void): void;
  /** test hooks: crash the worker (as its error event would), terminate it silently, make it hang */
  kill(): void;
  terminate(): void;
  hang(): void;
  /** stops watching and ends the worker (tests) */
  dispose(): void;
}

/** Workers in a row that may die before answering anything before the client stops starting them. */
const MAX_FAILED_STARTS = 3;
/** A call goes to at most this many workers. */
const MAX_TRIES = 2;
/** Restores in a row that may die before a new worker starts without the cloud. */
const MAX_FAILED_RESTORES = 2;

/** What a call is about, for the message when it is refused. */
const NOUN: Record<keyof SimApi, string> = {
  load: 'change',
  edit: 'change',
  view: 'view of the cloud',
  send: 'send',
  compare: 'comparison',
  trySends: 'check of the goals',
  reset: 'reset',
  wait: 'wait',
  inspect: 'device',
  fingerprints: 'comparison of devices',
  tool: 'command',
  complete: 'completion',
  drift: 'drift check',
  ping: 'check',
};

interface Generation {
  worker: WorkerLike;
  remote: Remote<SimApi>;
  live: Liveness;
  pingAt?: number;
  /** when the restore was posted, until it answers */
  restoreAt?: number;
}

interface Pending {
  method: keyof SimApi;
  args: unknown[];
  tries: number;
  postedAt: number;
  /** the worker it waits on (null: none yet) */
  on: Generation | null;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

const spawnWorker = (): WorkerLike =>
  new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'neutron-sim' });

/** `spawn` and `now` are for tests: a fake worker, a clock that jumps as a frozen main thread's would. */
export function createSimClient(
  spawn: () => WorkerLike = spawnWorker,
  now: () => number = () => performance.now(),
): SimClient {
  const listeners: ((e: WorkerEvent) => void)[] = [];
  /** calls not answered yet, in the order they were made */
  const pending: Pending[] = [];
  let current: Generation | null = null;
  let restoreOf: () => unknown = () => null;
  let restoreVersion: () => string | null = () => null;
  let failedStarts = 0;
  let failedRestores = 0;
  let lastTick = now();
  const emit = (e: WorkerEvent) => {
    for (const l of listeners) l(e);
  };

  const settle = (p: Pending) => {
    pending.splice(pending.indexOf(p), 1);
    p.on = null;
    return p;
  };

  const post = (p: Pending, g: Generation) => {
    p.on = g;
    p.tries++;
    p.postedAt = now();
    let reply: Promise<unknown>;
    try {
      // biome-ignore lint/suspicious/noExplicitAny: comlink's Remote typing of a generic call
      reply = (g.remote[p.method] as any)(...p.args);
    } catch (e) {
      reply = Promise.reject(e);
    }
    // an answer from a worker given up is ignored: the call is on the new worker by then
    reply.then(
      (v) => {
        if (p.on === g) settle(p).resolve(v);
      },
      (e) => {
        if (p.on === g) settle(p).reject(e);
      },
    );
  };

  const restore = (g: Generation, cause: LostCause) => {
    const replaced = (restored: boolean, error?: string) =>
      emit({ kind: 'replaced', cause, restored, ...(error ? { error } : {}) });
    if (failedRestores >= MAX_FAILED_RESTORES) {
      // the cloud itself may be what kills the worker: this one starts without it
      failedRestores = 0;
      queueMicrotask(() => replaced(false, 'the simulator stopped twice while loading it'));
      return;
    }
    const doc = restoreOf();
    if (doc === null || doc === undefined) {
      queueMicrotask(() => replaced(true));
      return;
    }
    g.restoreAt = now();
    const done = (restored: boolean, error?: string) => {
      if (current !== g) return;
      g.restoreAt = undefined;
      failedRestores = 0;
      replaced(restored, error);
    };
    g.remote.load(doc, false, null, restoreVersion()).then(
      (r) => done(r.ok, r.ok ? undefined : r.errors[0]?.message),
      (e: Error) => done(false, e.message),
    );
  };

  const start = (cause: LostCause | null): Generation => {
    const worker = spawn();
    const g: Generation = { worker, remote: wrap<SimApi>(worker), live: new Liveness(now()) };
    current = g;
    worker.addEventListener('message', (ev) => {
      if (current === g) g.live.sign(now(), beatOf((ev as MessageEvent).data));
    });
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      if (current === g) replace('crashed', (ev as ErrorEvent).message || 'an error without a message');
    });
    if (cause) restore(g, cause);
    for (const p of [...pending]) {
      if (p.tries < MAX_TRIES) post(p, g);
      else settle(p).reject(new Error(`the simulator stopped twice while working on this ${NOUN[p.method]}`));
    }
    return g;
  };

  const replace = (cause: LostCause, detail: string) => {
    const old = current;
    if (!old) return;
    current = null;
    old.worker.terminate();
    if (old.restoreAt !== undefined) failedRestores++;
    failedStarts = old.live.answered ? 0 : failedStarts + 1;
    for (const p of pending) {
      // a call on a worker that never started was never run: it keeps its tries
      if (p.on === old && !old.live.answered) p.tries--;
      p.on = null;
    }
    emit({ kind: 'lost', cause, detail });
    if (failedStarts >= MAX_FAILED_STARTS) {
      for (const p of pending.splice(0)) p.reject(new Error('the simulator could not be started'));
      emit({ kind: 'failed', detail });
      return;
    }
    start(cause);
  };

  const tick = () => {
    const at = now();
    const late = at - lastTick > TIMING.lateMs;
    lastTick = at;
    const g = current;
    if (!g) return;
    if (late) g.live.excuse(at);
    let owed = Math.min(g.pingAt ?? Infinity, g.restoreAt ?? Infinity);
    for (const p of pending) if (p.on === g) owed = Math.min(owed, p.postedAt);
    const v = g.live.judge(at, owed === Infinity ? undefined : owed);
    if (v.lost) replace(v.lost, v.detail);
    else if (v.ping) {
      const sent = now();
      g.pingAt = sent;
      const answered = () => {
        if (g.pingAt === sent) g.pingAt = undefined;
      };
      g.remote.ping().then(answered, answered);
    }
  };

  start(null);
  const timer = setInterval(tick, TIMING.tickMs);

  const client: SimClient = {
    call(method, ...args) {
      return new Promise((resolve, reject) => {
        const p: Pending = {
          method,
          args,
          tries: 0,
          postedAt: 0,
          on: null,
          resolve: resolve as (v: unknown) => void,
          reject,
        };
        pending.push(p);
        // after workers kept failing, a call tries once more with a new one
        if (current) post(p, current);
        else start('no-start');
      });
    },
    setRestore: (fn, version) => {
      restoreOf = fn;
      restoreVersion = version ?? (() => null);
    },
    onEvent: (fn) => listeners.push(fn),
    kill: () => replace('crashed', 'stopped on purpose by a test hook'),
    terminate: () => current?.worker.terminate(),
    hang: () => current?.worker.postMessage(HANG_ORDER),
    dispose() {
      clearInterval(timer);
      current?.worker.terminate();
      current = null;
    },
  };
  (globalThis as { __neutronSim?: unknown }).__neutronSim = {
    kill: client.kill,
    terminate: client.terminate,
    hang: client.hang,
  };
  return client;
}
