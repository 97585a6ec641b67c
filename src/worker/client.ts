// The main thread's handle on the simulation worker. It is the only code that knows the core runs off
// the main thread. If the worker dies or a call fails, it starts a new worker and tells the listener,
// which reloads the topology: nothing the user made lives in the worker.
import { type Remote, releaseProxy, wrap } from 'comlink';
import type { SimApi } from './protocol';

/** A call that takes longer than this means the worker is stuck: it is restarted. */
const CALL_TIMEOUT_MS = 20_000;

export type WorkerEvent = { kind: 'crashed'; message: string } | { kind: 'restarted' };

export interface SimClient {
  call<K extends keyof SimApi>(method: K, ...args: Parameters<SimApi[K]>): Promise<ReturnType<SimApi[K]>>;
  /** for tests and the "kill the worker" drill: terminate it as a crash would */
  kill(): void;
  onEvent(fn: (e: WorkerEvent) => void): void;
}

export function createSimClient(): SimClient {
  let worker: Worker;
  let remote: Remote<SimApi>;
  let generation = 0;
  const listeners: ((e: WorkerEvent) => void)[] = [];
  /** calls in flight on the current worker: a restart rejects them rather than leave them hanging */
  const inFlight = new Set<(e: Error) => void>();
  const emit = (e: WorkerEvent) => {
    for (const l of listeners) l(e);
  };

  const start = () => {
    worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'neutron-sim' });
    remote = wrap<SimApi>(worker);
    const gen = ++generation;
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      if (gen === generation) restart(ev.message || 'the simulation worker stopped');
    });
  };

  const restart = (message: string) => {
    try {
      remote[releaseProxy]();
    } catch {
      // the proxy may already be gone with its worker
    }
    worker.terminate();
    for (const reject of inFlight) reject(new Error(message));
    inFlight.clear();
    emit({ kind: 'crashed', message });
    start();
    emit({ kind: 'restarted' });
  };

  start();
  (globalThis as { __neutronSim?: unknown }).__neutronSim = {
    kill: () => restart('the simulation worker was killed'),
  };

  return {
    async call(method, ...args) {
      const gen = generation;
      let reject!: (e: Error) => void;
      const aborted = new Promise<never>((_, r) => {
        reject = r;
      });
      inFlight.add(reject);
      const timer = setTimeout(() => {
        if (gen === generation)
          restart(`the simulation worker did not answer ${method} within ${CALL_TIMEOUT_MS / 1000} s`);
      }, CALL_TIMEOUT_MS);
      try {
        // biome-ignore lint/suspicious/noExplicitAny: comlink's Remote typing of a generic call
        return (await Promise.race([(remote[method] as any)(...args), aborted])) as never;
      } finally {
        clearTimeout(timer);
        inFlight.delete(reject);
      }
    },
    kill: () => restart('the simulation worker was killed'),
    onEvent: (fn) => listeners.push(fn),
  };
}
