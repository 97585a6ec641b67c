// Where a frame of the canvas goes (issue #11): [PORT=n] npx tsx scripts/profile-canvas.ts [--open] [--bare] [--L]
// Builds the app unminified into .tmp/dist-profile (names stay readable), opens cloud M in headless
// Chromium at 1280x800, pans and zooms as the canvas benchmark does, and prints:
//  - main-thread milliseconds per frame, split as Chromium counts them (script, style recalculation,
//    layout, the rest: paint, compositing commit, GC, ...), from the DevTools Performance domain;
//  - the functions with the most self time in a CPU profile of the same moves.
// --open opens every host first; --bare measures the bare React Flow page with as many nodes instead;
// --L opens cloud L (100 hosts as summaries) instead of M.
import { execFileSync, spawn } from 'node:child_process';
import type { CDPSession } from 'playwright-core';
import { generateCloud, PRESETS } from '../src/sim/model/generate';
import { openBrowser } from '../tests/e2e/harness';
import { emptySpot, loadCloud, moveAround } from './bench-frames';

const open = process.argv.includes('--open');
const trace = process.argv.includes('--trace');
const bare = process.argv.includes('--bare');
const preset = process.argv.includes('--L') ? 'L' : 'M';
const outDir = '.tmp/dist-profile';
execFileSync(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', '--minify', 'false', '--outDir', outDir, '--logLevel', 'warn'],
  {
    stdio: 'inherit',
  },
);
const port = Number(process.env.PORT ?? 4393);
const preview = spawn(
  process.execPath,
  [
    'node_modules/vite/bin/vite.js',
    'preview',
    '--outDir',
    outDir,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--strictPort',
  ],
  { stdio: 'ignore' },
);
const url = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {
    // not up yet
  }
  await new Promise((r) => setTimeout(r, 100));
}

type Metrics = Record<string, number>;
async function metrics(cdp: CDPSession): Promise<Metrics> {
  const r = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(r.metrics.map((m) => [m.name, m.value]));
}

const b = await openBrowser(1280, 800);
const page = b.page;
try {
  await page.goto(url);
  await page.waitForSelector('.react-flow__node');
  await loadCloud(page, generateCloud(PRESETS[preset]), open);
  const counts = await page.evaluate(() => ({
    nodes: document.querySelectorAll('.react-flow__node').length,
    edges: document.querySelectorAll('.react-flow__edge').length,
    dom: document.querySelectorAll('*').length,
  }));
  if (bare) {
    await page.goto(`${url}bench/bare-flow.html?nodes=${counts.nodes}&edges=${counts.edges}`);
    await page.waitForSelector('.react-flow__node');
    await page.waitForTimeout(500);
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const start = await emptySpot(page);
  await moveAround(page, 1, start);
  await page.evaluate(
    `(() => { window.__frames = 0; const t = () => { window.__frames++; requestAnimationFrame(t); }; requestAnimationFrame(t); })()`,
  );
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const m0 = await metrics(cdp);
  const f0 = (await page.evaluate('window.__frames')) as number;
  const t0 = Date.now();
  await moveAround(page, 3, start);
  const m1 = await metrics(cdp);
  const f1 = (await page.evaluate('window.__frames')) as number;
  const wall = Date.now() - t0;
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  const frames = f1 - f0;
  if (trace) {
    // the main thread's own events by name, from a timeline trace of the same moves
    const events: {
      name: string;
      ph: string;
      dur?: number;
      tid: number;
      pid: number;
      args?: { name?: string };
    }[] = [];
    cdp.on('Tracing.dataCollected', (e) => {
      events.push(...(e.value as unknown as typeof events));
    });
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,blink,cc',
      transferMode: 'ReportEvents',
    });
    const tf0 = (await page.evaluate('window.__frames')) as number;
    await moveAround(page, 2, start);
    const tframes = ((await page.evaluate('window.__frames')) as number) - tf0;
    await cdp.send('Tracing.end');
    await done;
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const byEvent = new Map<string, number>();
    for (const e of events)
      if (main && e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur)
        byEvent.set(e.name, (byEvent.get(e.name) ?? 0) + e.dur);
    console.log(`main-thread trace events, ms per frame over ${tframes} frames (nested events overlap):`);
    for (const [name, us] of [...byEvent].sort((a, z) => z[1] - a[1]).slice(0, 22))
      console.log(`  ${(us / 1000 / tframes).toFixed(3).padStart(7)}  ${name}`);
  }
  const per = (k: string) => ((m1[k]! - m0[k]!) * 1000) / frames;
  const task = per('TaskDuration');
  const script = per('ScriptDuration');
  const style = per('RecalcStyleDuration');
  const layout = per('LayoutDuration');
  console.log(
    `${bare ? 'bare React Flow' : 'app'}, cloud ${preset}${open ? ', every host open' : ''}: ${counts.nodes} nodes, ${counts.edges} edges, ${counts.dom} DOM elements`,
  );
  console.log(`${frames} frames in ${wall} ms: ${((frames * 1000) / wall).toFixed(1)} fps`);
  console.log(
    `main thread per frame: ${task.toFixed(2)} ms = script ${script.toFixed(2)} + style ${style.toFixed(2)} + layout ${layout.toFixed(2)} + other ${(task - script - style - layout).toFixed(2)}`,
  );
  console.log(
    `per frame: ${((m1.RecalcStyleCount! - m0.RecalcStyleCount!) / frames).toFixed(2)} style recalcs, ${((m1.LayoutCount! - m0.LayoutCount!) / frames).toFixed(2)} layouts`,
  );
  // self time per function
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries())
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const us = self.get(n.id) ?? 0;
    const file = n.callFrame.url.split('/').pop() ?? '';
    const name = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  const total = [...byName.values()].reduce((a, x) => a + x, 0);
  console.log('top self time (share of the profile):');
  for (const [name, us] of [...byName].sort((a, z) => z[1] - a[1]).slice(0, 25))
    console.log(
      `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000 / frames).toFixed(3)} ms/frame  ${name}`,
    );
} finally {
  await b.close();
  preview.kill();
}
