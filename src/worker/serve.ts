// The worker's side: the Session's methods served with comlink, each call framed by a `busy` and an
// `idle` beat so that the main thread can tell a worker computing a big cloud from a hung one. No
// simulation logic here. The endpoint is a parameter so that unit tests serve a fake worker in-process.
import { type Endpoint, expose } from 'comlink';
import { driftCheck } from '../drift';
import { type Session, type SessionLoad, type Topology, ViewSender } from '../sim';
import { samePlain } from '../sim/plain-data';
import { applyRecord, diffRecord } from '../sim/plain-patch';
import { type Beat, isHangOrder, type SimApi } from './protocol';

/** What serves each call: the Session's methods, or a test's stand-ins (which may answer later). */
export type Handlers = {
  [K in keyof SimApi]: (
    ...args: Parameters<SimApi[K]>
  ) => ReturnType<SimApi[K]> | Promise<ReturnType<SimApi[K]>>;
};

/**
 * The Session's methods as the worker serves them. A view goes out as a patch against the one the page
 * says it holds (`series`: this worker's own, so that no patch is made against another worker's view).
 */
export function sessionHandlers(session: Session, series = newSeries()): Handlers {
  const views = new ViewSender(series);
  /** the topology last loaded, by version: an edit comes as a patch of it */
  let doc: { version: string; topology: Topology } | null = null;
  let docs = 0;
  const loaded = (
    r: Extract<SessionLoad, { ok: true }>,
    heldView: string | null | undefined,
    as?: string,
  ) => {
    doc = { version: as ?? `${series}:d${++docs}`, topology: r.topology };
    return { ...r, view: views.update(r.view, heldView), doc: doc.version };
  };
  return {
    load: (raw, keepState, heldView, asDoc) => {
      const r = session.load(raw, { keepState: keepState ?? false });
      if (!r.ok) return r;
      // a new worker restoring the page's cloud takes the page's version of it, so that the edits that
      // were on their way to the old worker apply here, in order; only if the core left it as it was
      return loaded(r, heldView, asDoc && samePlain(raw, r.topology) ? asDoc : undefined);
    },
    edit: (base, change, heldView) => {
      if (!doc || doc.version !== base) return { ok: false, stale: true, errors: [] };
      let input: Topology;
      try {
        input = applyRecord(doc.topology, change);
      } catch {
        return { ok: false, stale: true, errors: [] };
      }
      const r = session.loadEdit(doc.topology, change);
      if (!r.ok) return r;
      // the topology as normalized, against the one the page sent: the same but for what the core
      // derived (a new port's MAC and address, a gateway), so a few items
      const out = loaded(r, heldView);
      return {
        ...out,
        topology: diffRecord(
          input as unknown as Record<string, unknown>,
          r.topology as unknown as Record<string, unknown>,
        ),
      };
    },
    view: () => {
      const v = session.view();
      return v ? views.update(v, null) : null;
    },
    send: (req) => session.send(req),
    compare: (req, variants) => session.compare(req, variants),
    trySends: (reqs) => session.trySends(reqs),
    reset: () => session.reset(),
    wait: (seconds) => session.wait(seconds),
    inspect: (id) => session.inspect(id),
    fingerprints: (ids) => session.fingerprints(ids),
    tool: (where, line) => session.tool(where, line),
    complete: (where, line) => session.complete(where, line),
    drift: (host, outputs) => {
      const c = session.current();
      return c ? driftCheck(c.topology, c.plane, host, outputs) : { ok: false, error: 'no cloud loaded' };
    },
    ping: () => 'pong',
  };
}

let made = 0;
/** A series no other worker of this page uses: a worker replacing a crashed one starts afresh. */
function newSeries(): string {
  made++;
  return `${globalThis.crypto?.randomUUID?.() ?? `${Date.now()}`}-${made}`;
}

export function serveSim(ep: Endpoint, handlers: Handlers): void {
  const beat = (b: Beat) => ep.postMessage(b);
  const framed: Record<string, (...args: never[]) => unknown> = {};
  for (const [name, fn] of Object.entries(handlers) as [string, (...a: unknown[]) => unknown][]) {
    // a ping is answered at once: framing it would only triple the heartbeat's messages
    framed[name] =
      name === 'ping'
        ? fn
        : (...args: unknown[]) => {
            beat({ neutronSim: 'busy', method: name });
            let async = false;
            try {
              const r = fn(...args);
              if (r instanceof Promise) {
                async = true;
                return r.finally(() => beat({ neutronSim: 'idle' }));
              }
              return r;
            } finally {
              if (!async) beat({ neutronSim: 'idle' });
            }
          };
  }
  let deaf = false;
  ep.addEventListener('message', (ev) => {
    if (isHangOrder((ev as MessageEvent).data)) deaf = true;
  });
  expose(
    framed,
    unlessDeaf(ep, () => deaf),
  );
  beat({ neutronSim: 'ready' });
}

/** The endpoint as comlink sees it: once the hang order came, no message reaches comlink any more. */
function unlessDeaf(ep: Endpoint, isDeaf: () => boolean): Endpoint {
  const wrapped = new Map<EventListenerOrEventListenerObject, EventListener>();
  return {
    postMessage: (message, transfer) => ep.postMessage(message, transfer),
    addEventListener(type, listener) {
      const w: EventListener = (ev) => {
        if (isDeaf()) return;
        if (typeof listener === 'function') listener(ev);
        else listener.handleEvent(ev);
      };
      wrapped.set(listener, w);
      ep.addEventListener(type, w);
    },
    removeEventListener(type, listener) {
      ep.removeEventListener(type, wrapped.get(listener) ?? listener);
      wrapped.delete(listener);
    },
  };
}
