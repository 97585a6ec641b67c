// A small handle on sending and playback for end-to-end tests and the benchmark
// (scripts/bench-ui-send.ts), on window.__neutronSend. It goes through the same store actions as the
// dock's buttons. Load another cloud with window.__neutron.load(json) (src/ui/app/test-hooks.ts).
//
//   await __neutronSend.send({ from: 'vm1', to: 'vm2' })   -> { verdict, hops } or null
//   await __neutronSend.sendMany([{ from, to }, ...])      -> how many traces came back
//   __neutronSend.timing()   -> performance.now() of the last send's request, trace and first frame
//   __neutronSend.state()    -> flows, playhead, playing, packets drawn in the last frame
//   __neutronSend.pause() / play() / clear() / setSpeed(x) / keepEarlier(on)
//   __neutronSend.inkIn({ x, y, width, height })  -> packet pixels drawn in that client rectangle
//                                                    (ink: any, red: the colour of a drop)
//   __neutronSend.dots()     -> where the packets' dots are in the last frame, in canvas pixels
//   __neutronSend.frameClock() -> the playhead that last frame was drawn at
//   __neutronSend.labels()   -> the packet labels and drop callouts of the last frame, in client
//                               pixels, each with the node it is about
import type { SendRequest } from '../../sim';
import { playhead, sendTiming, usePlayback } from '../../store/playback-store';
import { drawnCount, lastDots, lastFrame, lastLabels, type PlacedLabel } from './scene';

export interface SendHooks {
  send(req: SendRequest): Promise<{ verdict: string; hops: number } | null>;
  sendMany(reqs: SendRequest[]): Promise<number>;
  timing(): { requested: number; traced: number; firstFrame: number };
  state(): { flows: number; clock: number; playing: boolean; drawn: number };
  pause(): void;
  play(): void;
  clear(): void;
  setSpeed(x: number): void;
  /** "keep earlier flows playing": sends play together instead of one at a time */
  keepEarlier(on: boolean): void;
  inkIn(r: { x: number; y: number; width: number; height: number }): { ink: number; red: number };
  labels(): PlacedLabel[];
  dots(): { x: number; y: number }[];
  frameClock(): number;
  frameView(): { x: number; y: number; zoom: number };
}

/** The last frame's labels, moved from the packet canvas's pixels to the page's. */
function labels(): PlacedLabel[] {
  const box = document.querySelector('canvas.packet-layer')?.getBoundingClientRect();
  if (!box) return [];
  return lastLabels.map((l) => ({ ...l, x: l.x + box.x, y: l.y + box.y }));
}

/** Pixels the packet layer drew in a client rectangle. */
function inkIn(r: { x: number; y: number; width: number; height: number }): { ink: number; red: number } {
  const el = document.querySelector<HTMLCanvasElement>('canvas.packet-layer');
  const ctx = el?.getContext('2d');
  if (!el || !ctx) return { ink: 0, red: 0 };
  const box = el.getBoundingClientRect();
  const k = el.width / box.width;
  const x = Math.max(0, Math.round((r.x - box.x) * k));
  const y = Math.max(0, Math.round((r.y - box.y) * k));
  const w = Math.min(el.width - x, Math.round(r.width * k));
  const h = Math.min(el.height - y, Math.round(r.height * k));
  if (w <= 0 || h <= 0) return { ink: 0, red: 0 };
  const d = ctx.getImageData(x, y, w, h).data;
  let ink = 0;
  let red = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3]! < 40) continue;
    ink++;
    if (d[i]! > 190 && d[i + 1]! < 90 && d[i + 2]! < 90) red++;
  }
  return { ink, red };
}

export function installSendHooks(): void {
  const pb = () => usePlayback.getState();
  const hooks: SendHooks = {
    async send(req) {
      const t = await pb().send(req);
      return t ? { verdict: t.verdict, hops: t.hops.length } : null;
    },
    async sendMany(reqs) {
      const traces = await Promise.all(reqs.map((r) => pb().send(r)));
      return traces.filter(Boolean).length;
    },
    timing: () => ({ ...sendTiming }),
    state: () => ({
      flows: pb().flows.length,
      clock: playhead.clock,
      playing: pb().playing,
      drawn: drawnCount.packets,
    }),
    pause: () => pb().pause(),
    play: () => pb().play(),
    clear: () => pb().clear(),
    setSpeed: (x) => pb().setSpeed(x),
    keepEarlier: (on) => pb().setKeepEarlier(on),
    inkIn,
    labels,
    dots: () => lastDots.map((d) => ({ ...d })),
    frameClock: () => lastFrame.clock,
    frameView: () => ({ x: lastFrame.x, y: lastFrame.y, zoom: lastFrame.zoom }),
  };
  (window as unknown as { __neutronSend: SendHooks }).__neutronSend = hooks;
}
