// `sleep` in the terminal: its arguments read as GNU coreutils reads them (src/logic/terminal/sleep.ts),
// and, through the terminal store against the real core, the simulated clock moved on by that much with
// nothing printed, so that what timed out is gone for the next command.
import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyCompletion, terminalCandidates } from '../../src/logic/terminal/complete';
import type { Place } from '../../src/logic/terminal/places';
import { parseSleep } from '../../src/logic/terminal/sleep';
import { useApp } from '../../src/store/app-store';
import { usePlayback } from '../../src/store/playback-store';
import { useSimClock } from '../../src/store/sim-clock-store';
import { terminalPace, useTerminal } from '../../src/store/terminal-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const TRY = "Try 'sleep --help' for more information.";
const total = (args: string[]) => {
  const r = parseSleep(args);
  if (!r.ok) throw new Error(r.stderr);
  return r.seconds;
};

describe('sleep reads its operands as coreutils does', () => {
  it('adds up numbers with an optional s, m, h or d', () => {
    expect(total(['100'])).toBe(100);
    expect(total(['1.5m'])).toBe(90);
    expect(total(['1', '2m', '0.5s'])).toBe(121.5);
    expect(total(['1h'])).toBe(3600);
    expect(total(['1e2'])).toBe(100);
    expect(total(['0x10'])).toBe(16);
    expect(total(['.5'])).toBe(0.5);
    expect(total(['0'])).toBe(0);
  });

  it('says what is wrong in its own words', () => {
    expect(parseSleep([])).toEqual({
      ok: false,
      stdout: '',
      stderr: `sleep: missing operand\n${TRY}`,
      exitCode: 1,
    });
    expect(parseSleep(['x'])).toMatchObject({
      stderr: `sleep: invalid time interval 'x'\n${TRY}`,
      exitCode: 1,
    });
    // every bad operand is named, then the hint once
    expect(parseSleep(['5', 'x', '5ss'])).toMatchObject({
      stderr: `sleep: invalid time interval 'x'\nsleep: invalid time interval '5ss'\n${TRY}`,
    });
    expect(parseSleep(['5w'])).toMatchObject({ stderr: `sleep: invalid time interval '5w'\n${TRY}` });
    expect(parseSleep(['nan'])).toMatchObject({ stderr: `sleep: invalid time interval 'nan'\n${TRY}` });
    // a negative number is an option to getopt, and an interval after --
    expect(parseSleep(['-1'])).toMatchObject({ stderr: `sleep: invalid option -- '1'\n${TRY}` });
    expect(parseSleep(['--', '-1'])).toMatchObject({ stderr: `sleep: invalid time interval '-1'\n${TRY}` });
    expect(parseSleep(['--now'])).toMatchObject({ stderr: `sleep: unrecognized option '--now'\n${TRY}` });
  });

  it('prints its help, and sleeps at most a week in the simulator', () => {
    const help = parseSleep(['--help']);
    expect(help).toMatchObject({ ok: false, stderr: '', exitCode: 0 });
    expect(help.ok ? '' : help.stdout).toMatch(/^Usage: sleep NUMBER\[SUFFIX\]\.\.\./);
    expect(parseSleep(['inf'])).toEqual({ ok: true, seconds: 7 * 86_400, capped: true });
    expect(parseSleep(['8d'])).toEqual({ ok: true, seconds: 7 * 86_400, capped: true });
    expect(parseSleep(['7d'])).toEqual({ ok: true, seconds: 7 * 86_400, capped: false });
  });
});

describe('sleep in the terminal', () => {
  const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
  const t = () => useTerminal.getState();
  const vm1 = (): Place => ({
    target: { kind: 'vm', serverId: useApp.getState().doc!.servers.find((s) => s.name === 'vm1')!.id },
    namespace: null,
  });
  const blocks = () => t().sessions[t().current!]!.blocks;
  const clock = async () => {
    // the clock store asks the worker after every change; let it answer
    await new Promise((r) => setTimeout(r, 0));
    return useSimClock.getState().seconds!;
  };

  beforeAll(async () => {
    expect(await useApp.getState().applyTopology(example, { history: false })).toBeNull();
  });
  beforeEach(async () => {
    useTerminal.setState({ sessions: {}, current: null, history: [] });
    usePlayback.getState().clear();
    await usePlayback.getState().resetState();
    terminalPace.scale = 0;
  });

  it('moves the clock on by its total, prints nothing, and the ARP cache ages with it', async () => {
    t().open(vm1());
    expect(await t().run('ping -c 1 vm2')).toBe(0);
    expect(await t().run('ip neigh')).toBe(0);
    expect(blocks().at(-1)!.text).toMatch(/^192\.168\.1\.1 dev eth0 lladdr fa:16:3e:[0-9a-f:]+ REACHABLE$/);
    const before = await clock();
    const n = blocks().length;
    expect(await t().run('sleep 40')).toBe(0);
    expect(
      blocks()
        .slice(n)
        .map((b) => b.kind),
    ).toEqual(['cmd']);
    expect(await clock()).toBeCloseTo(before + 40);
    expect(await t().run('ip neigh')).toBe(0);
    expect(blocks().at(-1)!.text).toMatch(/ STALE$/);
    // another 50 s and the entry is forgotten: ip neigh prints nothing
    expect(await t().run('sleep 20 0.5m')).toBe(0);
    expect(await clock()).toBeCloseTo(before + 90);
    const m = blocks().length;
    expect(await t().run('ip neigh')).toBe(0);
    expect(
      blocks()
        .slice(m)
        .map((b) => b.kind),
    ).toEqual(['cmd']);
  });

  it('answers a bad argument as coreutils does and leaves the clock alone', async () => {
    t().open(vm1());
    const before = await clock();
    expect(await t().run('sleep x')).toBe(1);
    expect(blocks().at(-1)).toMatchObject({ kind: 'err', text: `sleep: invalid time interval 'x'\n${TRY}` });
    expect(await t().run('sleep')).toBe(1);
    expect(blocks().at(-1)).toMatchObject({ kind: 'err', text: `sleep: missing operand\n${TRY}` });
    expect(await clock()).toBe(before);
    expect(await t().run('sleep 30d')).toBe(0);
    expect(blocks().at(-1)).toMatchObject({ kind: 'note', text: expect.stringContaining('at most 7 days') });
    expect(await clock()).toBeCloseTo(before + 7 * 86_400);
  });

  it('is completed as a command', () => {
    const cands = terminalCandidates({ before: 'sle', hostNames: ['vm1'], onHost: false });
    expect(cands).toEqual(['sleep']);
    expect(applyCompletion('sle', cands).before).toBe('sleep ');
    expect(terminalCandidates({ before: 'sleep ', hostNames: ['vm1'], onHost: false })).toEqual([]);
  });
});
