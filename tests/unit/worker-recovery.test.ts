// The stores through a worker that hangs: the real client (src/worker/client.ts) on fake workers that run
// the real worker side and core in-process. An edit, a send and a terminal command made while the
// worker does not answer are all applied by its replacement, none refused, and the user reads one
// sentence saying what was lost.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Session } from '../../src/sim';
import { useApp, watchWorker } from '../../src/store/app-store';
import { usePlayback } from '../../src/store/playback-store';
import { useTerminal } from '../../src/store/terminal-store';
import type { SimClient } from '../../src/worker/client';

const spawned: unknown[] = [];

vi.mock('../../src/store/sim-client', async () => {
  const { createSimClient } = await import('../../src/worker/client');
  const { sessionHandlers } = await import('../../src/worker/serve');
  const { FakeWorker } = await import('./fake-worker');
  let client: SimClient | null = null;
  return {
    simClient: () =>
      (client ??= createSimClient(() => {
        const w = new FakeWorker(() => sessionHandlers(new Session()));
        spawned.push(w);
        return w;
      })),
  };
});

const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
const hang = () => (globalThis as unknown as { __neutronSim: { hang(): void } }).__neutronSim.hang();

beforeAll(async () => {
  vi.useFakeTimers();
  watchWorker();
  expect(await useApp.getState().applyTopology(example, { history: false })).toBeNull();
});
afterAll(() => {
  vi.useRealTimers();
});

describe('a worker that stops answering', () => {
  it('is replaced; the edit, the send and the command made meanwhile are applied, one sentence says so', async () => {
    const before = useApp.getState().simVersion;
    hang();
    const edited = useApp.getState().edit('name of vm1', (t) => {
      t.servers.find((s) => s.name === 'vm1')!.name = 'web';
    });
    // a moment later (the edit is on its way to the worker), a send from the new name: it works only if
    // the edit reaches the new worker first
    await vi.advanceTimersByTimeAsync(100);
    const sent = usePlayback.getState().send({ from: 'web', to: 'vm2' });
    // and `ip a` on network1
    useTerminal.getState().open({ target: { kind: 'host', host: 'network1' }, namespace: null });
    const typed = useTerminal.getState().run('ip a');
    await vi.advanceTimersByTimeAsync(2000);
    expect(spawned).toHaveLength(2);
    expect(await edited).toBeNull();
    expect(useApp.getState().doc!.servers.map((s) => s.name)).toEqual(['web', 'vm2']);
    expect(useApp.getState().past.at(-1)?.label).toBe('name of vm1');
    expect((await sent)?.verdict).toBe('delivered');
    expect(await typed).toBe(0);
    const printed = useTerminal.getState().sessions[useTerminal.getState().current!]!.blocks;
    expect(printed.filter((b) => b.kind === 'err')).toEqual([]);
    expect(printed.find((b) => b.kind === 'out')?.text).toContain('eth0');
    const app = useApp.getState();
    expect(app.status).toBe('ready');
    expect(app.simVersion).toBeGreaterThan(before);
    expect(app.notices.map((n) => n.text)).toEqual([
      'The simulator stopped answering and was restarted; your cloud is back, with empty MAC tables, ARP caches and connection tracking.',
    ]);
  });
});
