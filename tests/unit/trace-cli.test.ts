// npm run trace with several sends on one state (issue #13, point 7), run as a user runs it, and both
// tools ending quietly when their reader goes away (`| head`).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSendSpec, parseTraceArgs } from '../../src/node/trace-args';
import type { Trace } from '../../src/sim';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const DEMO = 'examples/two-networks-one-router.json';

function run(script: string, ...args: string[]) {
  const r = spawnSync(tsx, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const arpCount = (t: Trace) => t.packets.filter((p) => p.kind === 'arp-request').length;

describe('the trace command line', () => {
  it('reads --send specs, routers and ports included', () => {
    expect(parseSendSpec('vm1:vm2')).toEqual({ from: 'vm1', to: 'vm2' });
    expect(parseSendSpec('router:router1:vm2:tcp:22')).toEqual({
      from: 'router:router1',
      to: 'vm2',
      proto: 'tcp',
      port: 22,
    });
    expect(parseSendSpec('vm1:203.0.113.10:udp:53')).toMatchObject({
      to: '203.0.113.10',
      proto: 'udp',
      port: 53,
    });
  });

  it('keeps the order of sends, repeats and waits', () => {
    const a = parseTraceArgs([
      DEMO,
      '--from',
      'vm1',
      '--to',
      'vm2',
      '--again',
      '--wait',
      '300',
      '--send',
      'vm2:vm1:tcp:22',
    ]);
    if (!a.ok) throw new Error(a.message);
    expect(
      a.steps.map((s) => (s.kind === 'wait' ? `wait ${s.seconds}` : `${s.req.from}>${s.req.to}`)),
    ).toEqual(['vm1>vm2', 'vm1>vm2', 'wait 300', 'vm2>vm1']);
  });

  it('refuses what it cannot read, naming the value', () => {
    const bad = (argv: string[]) => {
      const a = parseTraceArgs(argv);
      return a.ok ? '' : a.message;
    };
    expect(bad([DEMO, '--send', 'vm1'])).toContain('--send vm1');
    expect(bad([DEMO, '--send', 'vm1:vm2:ftp'])).toContain('ftp');
    expect(bad([DEMO, '--again'])).toContain('--again');
    expect(bad([DEMO, '--send', 'vm1:vm2', '--wait=-5'])).toContain('--wait -5');
    expect(bad([DEMO, '--send', 'vm1:vm2', '--wait', 'soon'])).toContain('--wait soon');
    expect(bad([DEMO])).toContain('nothing to send');
  });

  it('sends several times on one state: the second send needs no ARP, a wait of 300 s brings it back', {
    timeout: 60_000,
  }, () => {
    const r = run(
      'src/node/trace.ts',
      DEMO,
      '--send',
      'vm1:vm2',
      '--again',
      '--wait',
      '300',
      '--again',
      '--json',
    );
    expect(r.code).toBe(0);
    const traces = JSON.parse(r.out) as Trace[];
    expect(traces).toHaveLength(3);
    for (const t of traces) expect(t.verdict).toBe('delivered');
    expect(arpCount(traces[0]!)).toBeGreaterThan(0);
    expect(arpCount(traces[1]!)).toBe(0);
    expect(arpCount(traces[2]!)).toBeGreaterThan(0);
  });

  it('prints each send under its own heading, exit 1 when one is not delivered', { timeout: 60_000 }, () => {
    // the demo's default group lets in SSH from anywhere, not port 80
    const r = run('src/node/trace.ts', DEMO, '--send', 'vm1:vm2', '--send', 'internet:vm1:tcp:80');
    expect(r.out).toContain('== send 1 of 2: vm1 -> vm2 (icmp)');
    expect(r.out).toContain('== send 2 of 2: internet -> vm1 (tcp)');
    expect(r.code).toBe(1);
  });
});

/** Runs a tool and closes its output after the first chunk, as `| head -1` does. */
function cutShort(script: string, ...args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(tsx, [script, ...args], { cwd: root });
    let err = '';
    p.stderr.on('data', (d) => {
      err += String(d);
    });
    p.stdout.once('data', () => p.stdout.destroy());
    p.on('close', (code) => resolve({ code, err }));
  });
}

describe('a reader that goes away', () => {
  it('ends trace quietly', { timeout: 60_000 }, async () => {
    const r = await cutShort('src/node/trace.ts', DEMO, '--from', 'vm1', '--to', 'vm2', '--count', '300');
    expect(r.err).not.toContain('EPIPE');
    expect(r.code).toBe(0);
  });

  it('ends validate quietly', { timeout: 60_000 }, async () => {
    const r = await cutShort('src/node/validate.ts', 'examples/two-networks-one-router.json');
    expect(r.err).not.toContain('EPIPE');
    expect(r.code).toBe(0);
  });
});
