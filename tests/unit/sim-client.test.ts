// The simulation client (src/worker/client.ts, the worker behind src/store/sim-client.ts) against fake
// workers that run the real worker side in-process: a worker that dies, crashes or stops answering is
// replaced within 2 s, the new one loads the cloud first, the calls made meanwhile follow in their
// order and are answered; a worker computing a big cloud is not taken for a hung one.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../src/sim';
import { diffRecord } from '../../src/sim/plain-patch';
import { createSimClient, type SimClient, type WorkerEvent } from '../../src/worker/client';
import { type Handlers, sessionHandlers } from '../../src/worker/serve';
import { FakeWorker } from './fake-worker';

const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));

let workers: FakeWorker[];
let events: WorkerEvent[];
let client: SimClient;
/** how far the client's clock is ahead of the timers: a main thread that was frozen */
let skew: number;

function setup(handlers: (w: FakeWorker) => Handlers = () => sessionHandlers(new Session())) {
  workers = [];
  events = [];
  skew = 0;
  client = createSimClient(
    () => {
      const w = new FakeWorker(handlers);
      workers.push(w);
      return w;
    },
    () => performance.now() + skew,
  );
  client.onEvent((e) => events.push(e));
}

const settleAll = () => vi.advanceTimersByTimeAsync(0);
/** the calls a worker received, by method */
const methods = (w: FakeWorker) => w.calls.map(([m]) => m);

/** Advances in small steps until a second worker exists; returns how long that took (ms). */
async function timeToReplacement(limit = 5000): Promise<number> {
  const t0 = performance.now();
  while (workers.length < 2 && performance.now() - t0 < limit) await vi.advanceTimersByTimeAsync(10);
  return performance.now() - t0;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  client.dispose();
  vi.useRealTimers();
});

describe('noticing a worker that died or hung', () => {
  // the worker may die at any point of the heartbeat's cycle: try many
  const phases = Array.from({ length: 12 }, (_, i) => i * 60);

  it.each(phases)(
    'a worker that stops answering %i ms into an idle second is replaced within 2 s',
    async (phase) => {
      setup();
      client.setRestore(() => example);
      await client.call('load', example, false);
      await vi.advanceTimersByTimeAsync(3000 + phase);
      expect(workers).toHaveLength(1);
      client.hang();
      const took = await timeToReplacement();
      expect(took).toBeLessThanOrEqual(2000);
      // a worker is not given up on before it had a second to answer its ping
      expect(took).toBeGreaterThan(1000);
      expect(events[0]).toMatchObject({ kind: 'lost', cause: 'unresponsive' });
    },
  );

  it.each(phases)(
    'a worker that dies silently %i ms into an idle second is replaced within 2 s',
    async (phase) => {
      setup();
      await vi.advanceTimersByTimeAsync(1000 + phase);
      client.terminate();
      expect(await timeToReplacement()).toBeLessThanOrEqual(2000);
    },
  );

  it('a worker that stays idle and answers its pings is kept', async () => {
    setup();
    await client.call('load', example, false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(workers).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('a worker computing a big cloud for 5 s is not taken for a hung one', async () => {
    setup(() => ({
      ...sessionHandlers(new Session()),
      // what realizing a huge cloud looks like from outside: busy, and silent until done
      load: () => new Promise((done) => setTimeout(() => done({ ok: false, errors: [] }), 5000)),
    }));
    const loaded = client.call('load', example, false);
    const pinged = client.call('ping');
    await vi.advanceTimersByTimeAsync(5100);
    await expect(loaded).resolves.toEqual({ ok: false, errors: [] });
    await expect(pinged).resolves.toBe('pong');
    expect(workers).toHaveLength(1);
  });

  it('a main thread too busy to read the answers does not blame the worker', async () => {
    setup();
    await client.call('load', example, false);
    workers[0]!.hold();
    const inspected = client.call('inspect', 'compute1|br-int');
    await settleAll();
    // three seconds pass with no tick, as when a long render blocks the main thread
    skew += 3000;
    await vi.advanceTimersByTimeAsync(200);
    workers[0]!.release();
    await expect(inspected).resolves.toMatchObject({ name: 'br-int' });
    await vi.advanceTimersByTimeAsync(3000);
    expect(workers).toHaveLength(1);
  });

  it('a call computing for more than 15 s is a stuck worker: replaced, retried once, then refused', async () => {
    setup(() => ({ ...sessionHandlers(new Session()), send: () => new Promise(() => {}) }));
    const sent = client.call('send', { from: 'vm1', to: 'vm2' });
    const refusal = expect(sent).rejects.toThrow('the simulator stopped twice while working on this send');
    await vi.advanceTimersByTimeAsync(14_500);
    expect(workers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(workers).toHaveLength(2);
    expect(events[0]).toMatchObject({ kind: 'lost', cause: 'stuck', detail: 'spent more than 15 s on send' });
    await vi.advanceTimersByTimeAsync(16_000);
    await refusal;
    expect(workers).toHaveLength(3);
    // the third worker serves what comes next
    await expect(client.call('ping')).resolves.toBe('pong');
  });
});

describe('the new worker', () => {
  it('loads the cloud first, then runs the calls made while the worker was away, in their order', async () => {
    setup();
    client.setRestore(() => example);
    const loaded = await client.call('load', example, false);
    if (!loaded.ok) throw new Error('the example does not load');
    // vm1 renamed, as the editor's form does it: a send from "web" works only once this edit is applied
    const renamed = structuredClone(loaded.topology);
    renamed.servers.find((s) => s.name === 'vm1')!.name = 'web';
    client.hang();
    // an edit, a send that needs it, and a terminal command, all waiting on the hung worker
    const edited = client.call('load', renamed, true);
    const sent = client.call('send', { from: 'web', to: 'vm2' });
    const ipa = client.call('tool', { host: null, namespace: null, vm: 'web' }, 'ip a');
    await vi.advanceTimersByTimeAsync(2000);
    expect(workers).toHaveLength(2);
    expect(methods(workers[1]!)).toEqual(['load', 'load', 'send', 'tool']);
    expect(workers[1]!.calls[0]![1]).toEqual([example, false, null, null]);
    expect(workers[1]!.calls[1]![1]).toEqual([renamed, true]);
    const r = await edited;
    expect(r.ok && r.topology.servers.map((s) => s.name)).toEqual(['web', 'vm2']);
    const s = await sent;
    expect(s.ok && s.trace.verdict).toBe('delivered');
    const t = await ipa;
    expect(t.exitCode).toBe(0);
    expect(t.stdout).toContain('eth0');
    expect(events.map((e) => e.kind)).toEqual(['lost', 'replaced']);
    expect(events[1]).toEqual({ kind: 'replaced', cause: 'unresponsive', restored: true });
  });

  it('knows the restored cloud by the page’s version: an edit sent as a patch of it applies, in order', async () => {
    setup();
    const loaded = await client.call('load', example, false);
    if (!loaded.ok) throw new Error('the example does not load');
    client.setRestore(
      () => loaded.topology,
      () => loaded.doc,
    );
    const renamed = structuredClone(loaded.topology);
    renamed.servers.find((s) => s.name === 'vm1')!.name = 'web';
    const change = diffRecord(
      loaded.topology as unknown as Record<string, unknown>,
      renamed as unknown as Record<string, unknown>,
    );
    client.hang();
    const edited = client.call('edit', loaded.doc, change, null);
    const sent = client.call('send', { from: 'web', to: 'vm2' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(workers).toHaveLength(2);
    expect(methods(workers[1]!)).toEqual(['load', 'edit', 'send']);
    expect(workers[1]!.calls[0]![1]).toEqual([loaded.topology, false, null, loaded.doc]);
    const r = await edited;
    expect(r.ok).toBe(true);
    const s = await sent;
    expect(s.ok && s.trace.verdict).toBe('delivered');
  });

  it('starts with no memory of the old one: what traffic taught the devices is gone', async () => {
    setup();
    client.setRestore(() => example);
    await client.call('load', example, false);
    const first = await client.call('send', { from: 'vm1', to: 'vm2' });
    const again = await client.call('send', { from: 'vm1', to: 'vm2' });
    // the first ping resolves ARP first: more packets than the second, which finds the entries learned
    const packets = (r: typeof first) => (r.ok ? r.trace.stats.packets : -1);
    expect(packets(again)).toBeLessThan(packets(first));
    client.kill();
    await settleAll();
    const after = await client.call('send', { from: 'vm1', to: 'vm2' });
    expect(packets(after)).toBe(packets(first));
  });

  it('replaces a crashed worker at once; a call that crashes every worker is refused after the second', async () => {
    setup((w) => ({
      ...sessionHandlers(new Session()),
      send: () => {
        w.crash('Maximum call stack size exceeded');
        return new Promise(() => {});
      },
    }));
    client.setRestore(() => example);
    await client.call('load', example, false);
    const sent = client.call('send', { from: 'vm1', to: 'vm2' });
    await expect(sent).rejects.toThrow('the simulator stopped twice while working on this send');
    expect(workers).toHaveLength(3);
    expect(events.filter((e) => e.kind === 'lost').map((e) => e.kind === 'lost' && e.cause)).toEqual([
      'crashed',
      'crashed',
    ]);
    // the cloud is on the third worker: an inspection finds its devices
    await expect(client.call('inspect', 'compute1|br-int')).resolves.toMatchObject({ name: 'br-int' });
  });

  it('starts without the cloud when loading it killed two workers in a row, and says so', async () => {
    const poison = { ...example, name: 'poison' };
    setup((w) => ({
      ...sessionHandlers(new Session()),
      load: (raw) => {
        if ((raw as { name: string }).name !== 'poison') return sessionHandlers(new Session()).load(raw);
        w.crash('out of memory');
        return new Promise(() => {});
      },
    }));
    client.setRestore(() => poison);
    client.kill();
    await vi.advanceTimersByTimeAsync(100);
    expect(workers).toHaveLength(4);
    expect(events.at(-1)).toEqual({
      kind: 'replaced',
      cause: 'crashed',
      restored: false,
      error: 'the simulator stopped twice while loading it',
    });
    // that worker is kept: another cloud loads on it
    await expect(client.call('load', example, false)).resolves.toMatchObject({ ok: true });
    expect(workers).toHaveLength(4);
  });

  it('stops starting workers that die before answering anything, and tries again at the next call', async () => {
    let silent = true;
    workers = [];
    events = [];
    client = createSimClient(() => {
      const w = new FakeWorker(() => sessionHandlers(new Session()), { silent });
      workers.push(w);
      return w;
    });
    client.onEvent((e) => events.push(e));
    const loaded = client.call('load', example, false);
    const refusal = expect(loaded).rejects.toThrow('the simulator could not be started');
    await vi.advanceTimersByTimeAsync(35_000);
    await refusal;
    expect(workers).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ kind: 'failed' });
    silent = false;
    await expect(client.call('load', example, false)).resolves.toMatchObject({ ok: true });
    expect(workers).toHaveLength(4);
  });
});
