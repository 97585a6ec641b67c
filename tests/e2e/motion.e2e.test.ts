// Reduced motion (issue #19, point 5): with prefers-reduced-motion the packets step from device to
// device: within one step of playback nothing moves. Without it, they glide (the control that shows
// this test can fail).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

interface Hooks {
  send(r: unknown): Promise<unknown>;
  setSpeed(x: number): void;
  clear(): void;
  state(): { clock: number };
  dots(): { x: number; y: number }[];
  frameClock(): number;
}

/** Samples, every 25 ms for a while, where the last frame drew the packets' dots and the step of the
 * playhead it drew them at (not the playhead now, which may be a step ahead of the frame), with the
 * canvas's pan and zoom: the view fitting itself again (the dock opening) moves the dots on screen but
 * is no packet moving. */
async function samples(p: Page): Promise<{ step: number; at: string }[]> {
  return p.evaluate(async () => {
    const h = (window as unknown as { __neutronSend: Hooks }).__neutronSend;
    h.clear();
    h.setSpeed(1);
    await h.send({ from: 'vm1', to: 'vm2' });
    const out: { step: number; at: string }[] = [];
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const packets = h
        .dots()
        .map((d) => `${Math.round(d.x)},${Math.round(d.y)}`)
        .sort()
        .join(' ');
      const view = (document.querySelector('.react-flow__viewport') as HTMLElement | null)?.style.transform;
      out.push({ step: Math.floor(h.frameClock()), at: packets && `${packets} @ ${view}` });
    }
    return out;
  });
}

/** How many steps show the packets in more than one place, the view staying where it was. */
function movingSteps(s: { step: number; at: string }[]): number {
  const byStep = new Map<string, Set<string>>();
  for (const x of s) {
    if (!x.at) continue;
    const [dots, view] = x.at.split(' @ ');
    const key = `${x.step} @ ${view}`;
    const set = byStep.get(key) ?? new Set();
    set.add(dots!);
    byStep.set(key, set);
  }
  return [...byStep.values()].filter((v) => v.size > 1).length;
}

describe('motion', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('glides by default, steps from device to device under reduced motion', async () => {
    const p = b.page;
    await p.emulateMedia({ reducedMotion: 'no-preference' });
    expect(movingSteps(await samples(p))).toBeGreaterThan(0);
    await p.emulateMedia({ reducedMotion: 'reduce' });
    const still = await samples(p);
    expect(still.filter((x) => x.at).length).toBeGreaterThan(10);
    expect(movingSteps(still)).toBe(0);
  });
});
