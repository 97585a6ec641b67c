// A simulation worker in-process for the client's tests: the real worker side (serveSim, comlink) on
// an endpoint whose messages are cloned and delivered in a microtask, as postMessage does. It can die
// silently (terminate), crash (an error event), stop answering (the hang order), and hold back what it
// posts, as a main thread too busy to read it would.
import type { Endpoint } from 'comlink';
import type { WorkerLike } from '../../src/worker/client';
import type { Handlers } from '../../src/worker/serve';
import { serveSim } from '../../src/worker/serve';

type Listener = EventListenerOrEventListenerObject;
const dispatch = (l: Listener, ev: unknown) =>
  typeof l === 'function' ? l(ev as Event) : l.handleEvent(ev as Event);

export class FakeWorker implements WorkerLike {
  private readonly mainSide = new Map<string, Set<Listener>>();
  private readonly workerSide = new Set<Listener>();
  private held: unknown[] | null = null;
  terminated = false;
  /** the calls it received, in order, pings left out: [method, arguments] */
  readonly calls: [string, unknown[]][] = [];

  constructor(handlers: (w: FakeWorker) => Handlers, opts: { silent?: boolean } = {}) {
    // a silent worker never runs its script: it posts nothing, not even `ready`
    if (opts.silent) return;
    const inside: Endpoint = {
      postMessage: (m: unknown) => this.toMain(structuredClone(m)),
      addEventListener: (_type: string, l: Listener) => this.workerSide.add(l),
      removeEventListener: (_type: string, l: Listener) => this.workerSide.delete(l),
    };
    serveSim(inside, handlers(this));
  }

  postMessage(message: unknown): void {
    if (this.terminated) return;
    const data = structuredClone(message) as {
      type?: string;
      path?: string[];
      argumentList?: { value: unknown }[];
    };
    if (data.type === 'APPLY' && data.path?.[0] !== 'ping')
      this.calls.push([data.path![0]!, (data.argumentList ?? []).map((a) => a.value)]);
    queueMicrotask(() => {
      if (!this.terminated) for (const l of [...this.workerSide]) dispatch(l, { data });
    });
  }

  addEventListener(type: string, l: Listener): void {
    if (!this.mainSide.has(type)) this.mainSide.set(type, new Set());
    this.mainSide.get(type)!.add(l);
  }

  removeEventListener(type: string, l: Listener): void {
    this.mainSide.get(type)?.delete(l);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** an uncaught error in the worker, as the browser reports it */
  crash(message: string): void {
    queueMicrotask(() => {
      for (const l of this.mainSide.get('error') ?? []) dispatch(l, { message, preventDefault() {} });
    });
  }

  /** what it posts waits, until release() */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const data of held) this.deliver(data);
  }

  private toMain(data: unknown): void {
    queueMicrotask(() => {
      if (this.terminated) return;
      if (this.held) this.held.push(data);
      else this.deliver(data);
    });
  }

  private deliver(data: unknown): void {
    for (const l of [...(this.mainSide.get('message') ?? [])]) dispatch(l, { data });
  }
}
