// Shared by the UI benchmarks (bench-ui-canvas.ts, bench-ui-send.ts, profile-canvas.ts): the main
// thread's busy time, and the canvas moves. A round of moves pans with the mouse, then zooms in and
// out with the wheel. A pan starts on empty canvas, the nearest empty spot to
// the middle: pressed on a node, the mouse would drag that node instead of panning, and the app and
// the bare React Flow page would not be doing the same thing.
import type { Page } from 'playwright-core';

/**
 * Starts counting the main thread's busy time (the DevTools Performance domain's TaskDuration); the
 * function returned stops and gives the milliseconds counted. At the 60 fps cap, busy milliseconds
 * per frame tell two pages apart when their frame rates cannot.
 */
export async function mainThreadBusy(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () =>
    (
      (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
    ).metrics.find((m) => m.name === 'TaskDuration')!.value;
  const b0 = await busy();
  return async () => {
    const ms = ((await busy()) - b0) * 1000;
    await cdp.detach();
    return ms;
  };
}

/** Found once, before anything is measured: it hit-tests thousands of points. */
export async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  return page.evaluate((b) => {
    const cx = b.x + b.width / 2;
    const cy = b.y + b.height / 2;
    let best = { x: cx, y: cy, d: Number.POSITIVE_INFINITY };
    for (let y = b.y + 20; y < b.y + b.height - 20; y += 12)
      for (let x = b.x + 20; x < b.x + b.width - 20; x += 12) {
        const el = document.elementFromPoint(x, y);
        const d = Math.hypot(x - cx, y - cy);
        if (el?.classList.contains('react-flow__pane') && d < best.d) best = { x, y, d };
      }
    return { x: best.x, y: best.y };
  }, box);
}

export async function moveAround(page: Page, rounds: number, start: { x: number; y: number }): Promise<void> {
  const { x: cx, y: cy } = start;
  for (let round = 0; round < rounds; round++) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; i < 40; i++)
      await page.mouse.move(cx + Math.sin(i / 6) * 220, cy + Math.cos(i / 6) * 120, { steps: 2 });
    await page.mouse.up();
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, i < 6 ? -120 : 120);
      await page.waitForTimeout(16);
    }
  }
}

/** Loads a cloud in the app (window.__neutron), opens every host if asked, and fits it. */
export async function loadCloud(page: Page, cloud: unknown, open: boolean): Promise<void> {
  await page.evaluate(
    (c) => (window as unknown as { __neutron: { load(j: unknown): Promise<unknown> } }).__neutron.load(c),
    cloud,
  );
  if (open)
    await page.evaluate(() =>
      (window as unknown as { __neutron: { expandAllHosts(): void } }).__neutron.expandAllHosts(),
    );
  await page.waitForTimeout(800);
  await page.click('button:has-text("Fit")');
  await page.waitForTimeout(600);
}
