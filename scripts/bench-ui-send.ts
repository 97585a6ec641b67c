// The sending benchmark (issue #4): npx vite build && npx tsx scripts/bench-ui-send.ts [--json]
// In headless Chromium at 1280x800 on cloud M (20 hosts, 200 VMs), in one run:
//  - frames per second of the physical view at rest, then while 50 packets animate at once
//    (50 pings sent together, each its own flow, with "keep earlier flows playing" on), with hosts as
//    summaries and with every host open;
//  - the time from the second click of "click to send" (the destination) to the first animation
//    frame that draws the new flow (median of 7).
// The app is driven through window.__neutron.load (src/ui/app/test-hooks.ts) and
// window.__neutronSend (src/ui/send/test-hooks.ts). SHOTS=<dir> saves a screenshot of each mode while
// the packets animate; DETAIL=1 prints where the click-to-motion time goes.
import type { Page } from 'playwright-core';
import { loadTopology, newSimState, realize, type SendRequest, send } from '../src/sim';
import { generateCloud, PRESETS } from '../src/sim/model/generate';
import { openBrowser, startPreview } from '../tests/e2e/harness';
import { loadCloud, mainThreadBusy } from './bench-frames';

const json = process.argv.includes('--json');
const PACKETS = 50;

/** 50 pings that cross hosts and get an answer, found with the core in this process. */
function pairs(cloud: unknown): SendRequest[] {
  const r = loadTopology(cloud);
  if (!r.ok) throw new Error('cloud M does not load');
  const plane = realize(r.topology);
  const names = r.topology.servers.map((s) => s.name);
  const out: SendRequest[] = [];
  for (let i = 0; i < names.length && out.length < PACKETS; i++) {
    for (let j = i + 7; j < names.length && j < i + 60; j += 7) {
      const req = { from: names[i]!, to: names[j]! };
      const s = send(r.topology, plane, newSimState(), req);
      if (s.ok && s.trace.verdict === 'delivered' && s.trace.hops.some((h) => h.kind === 'underlay')) {
        out.push(req);
        break;
      }
    }
  }
  return out;
}

/** Frames per second over `ms`, packets drawn per frame, and the main thread's busy ms per frame. */
async function fps(page: Page, ms: number): Promise<{ fps: number; drawn: number; busy: number }> {
  const stop = await mainThreadBusy(page);
  // a string, not a function: tsx would wrap an inner function with a helper the page lacks
  const r = (await page.evaluate(`new Promise((done) => {
    let frames = 0; let drawn = 0; const t0 = performance.now();
    const tick = (now) => {
      frames++;
      drawn += window.__neutronSend.state().drawn;
      if (now - t0 < ${ms}) requestAnimationFrame(tick);
      else done({ fps: frames * 1000 / (now - t0), drawn: drawn / frames, frames });
    };
    requestAnimationFrame(tick);
  })`)) as { fps: number; drawn: number; frames: number };
  return { fps: r.fps, drawn: r.drawn, busy: (await stop()) / r.frames };
}

const hooks = (page: Page, expr: string) => page.evaluate(`window.__neutronSend.${expr}`);

/** Click a VM as source, then another as destination; ms from that click to the first frame of motion. */
async function clickToMotion(page: Page, from: string, to: string): Promise<number> {
  await hooks(page, 'clear()');
  await page.getByRole('button', { name: '✉ Click to send' }).click();
  await page.locator(`[data-device="${from}"]`).click({ force: true });
  await page.evaluate(`(() => {
    window.__clickAt = 0;
    addEventListener('click', () => { window.__clickAt = performance.now(); }, { capture: true, once: true });
  })()`);
  await page.locator(`[data-device="${to}"]`).click({ force: true });
  await page.waitForFunction(
    'window.__neutronSend.timing().firstFrame > window.__clickAt && window.__clickAt > 0',
    null,
    {
      timeout: 10_000,
    },
  );
  const t = (await page.evaluate('({ click: window.__clickAt, ...window.__neutronSend.timing() })')) as {
    click: number;
    requested: number;
    traced: number;
    firstFrame: number;
  };
  if (process.env.DETAIL)
    console.log(
      `  click->request ${(t.requested - t.click).toFixed(1)}  request->trace ${(t.traced - t.requested).toFixed(1)}  trace->frame ${(t.firstFrame - t.traced).toFixed(1)}`,
    );
  return t.firstFrame - t.click;
}

const cloud = generateCloud(PRESETS.M);
const reqs = pairs(cloud);
const server = await startPreview(4392);
const b = await openBrowser(1280, 800);
const page = b.page;
const results: Record<
  string,
  { restFps: number; animFps: number; ratio: number; packetsDrawn: number; restMs: number; animMs: number }
> = {};
let clickMs: number[] = [];
try {
  await page.goto(server.url);
  await page.waitForSelector('.react-flow__node');
  for (const mode of ['hosts as summaries', 'every host open'] as const) {
    await loadCloud(page, cloud, mode === 'every host open');
    await hooks(page, 'clear()');
    // 50 flows at once: they play together (by default a new send finishes the one playing)
    await hooks(page, 'keepEarlier(true)');
    await fps(page, 1000); // warm-up
    const rest = await fps(page, 4000);
    const sent = await page.evaluate(
      (r) =>
        (
          window as unknown as { __neutronSend: { sendMany(x: unknown): Promise<number> } }
        ).__neutronSend.sendMany(r),
      reqs,
    );
    if (sent !== reqs.length) throw new Error(`only ${sent} of ${reqs.length} sends came back`);
    await page.waitForTimeout(500);
    const anim = await fps(page, 4000);
    if (process.env.SHOTS)
      await page.screenshot({ path: `${process.env.SHOTS}/bench-${mode.replace(/ /g, '-')}.png` });
    results[mode] = {
      restFps: Math.round(rest.fps * 10) / 10,
      animFps: Math.round(anim.fps * 10) / 10,
      ratio: Math.round((anim.fps / rest.fps) * 100) / 100,
      packetsDrawn: Math.round(anim.drawn),
      restMs: Math.round(rest.busy * 10) / 10,
      animMs: Math.round(anim.busy * 10) / 10,
    };
    if (mode === 'every host open') {
      clickMs = [];
      for (let i = 0; i < 7; i++) clickMs.push(await clickToMotion(page, reqs[i]!.from, reqs[i]!.to));
    }
  }
  clickMs.sort((a, z) => a - z);
  const out = {
    packets: reqs.length,
    cloudM: results,
    clickToMotionMs: { median: Math.round(clickMs[3]!), all: clickMs.map((x) => Math.round(x)) },
  };
  if (json) console.log(JSON.stringify(out));
  else {
    for (const [mode, r] of Object.entries(results))
      console.log(
        `cloud M, ${mode}: ${r.animFps} fps (main thread ${r.animMs} ms a frame) with ${reqs.length} flows animating (${r.packetsDrawn} packets drawn per frame on average) vs ${r.restFps} fps (${r.restMs} ms) at rest -> ratio ${r.ratio}   (target >= 0.9)`,
      );
    console.log(
      `click to motion (second click to the first frame drawing the new flow, median of 7): ${out.clickToMotionMs.median} ms   [${out.clickToMotionMs.all.join(', ')}]   (target < 100 ms)`,
    );
  }
  if (b.errors.length) console.log(`console errors: ${b.errors.join(' | ')}`);
} finally {
  await b.close();
  server.stop();
}
