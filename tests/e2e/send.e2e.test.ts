// Sending by clicking, the animation, playback and the hop inspector, as a class would use them: the
// default cloud, vm1 clicked then vm2; what the event list shows is checked against the core's own
// trace for the same send.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopologyText, newSimState, realize, type SendRequest, send, type Trace } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

const text = readFileSync('examples/two-networks-one-router.json', 'utf8');

/** The core's traces for a sequence of sends on a fresh state, as the worker computes them. */
function coreTraces(...reqs: SendRequest[]): Trace[] {
  const r = loadTopologyText(text);
  if (!r.ok) throw new Error('example does not load');
  const plane = realize(r.topology);
  const state = newSimState();
  return reqs.map((req) => {
    const s = send(r.topology, plane, state, req);
    if (!s.ok) throw new Error(s.error);
    return s.trace;
  });
}

interface Row {
  seq: number;
  device: string;
  host: string;
  kind: string;
}

async function rows(page: Page, flow: number): Promise<Row[]> {
  return page.$$eval(`.ev-row[data-flow="${flow}"]`, (els) =>
    els.map((e) => ({
      seq: Number(e.getAttribute('data-seq')),
      device: e.getAttribute('data-device') ?? '',
      host: e.getAttribute('data-host') ?? '',
      kind: e.getAttribute('data-kind') ?? '',
    })),
  );
}

type Hooks = {
  state(): { flows: number; clock: number; playing: boolean; drawn: number };
  inkIn(r: { x: number; y: number; width: number; height: number }): { ink: number; red: number };
};

async function inkOver(page: Page, selector: string, pad = 30): Promise<{ ink: number; red: number }> {
  const box = (await page.locator(selector).first().boundingBox())!;
  const r = { x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad };
  return page.evaluate(
    (rect) => (window as unknown as { __neutronSend: Hooks }).__neutronSend.inkIn(rect),
    r,
  );
}

const canvasImage = (page: Page) =>
  page.evaluate(() => document.querySelector<HTMLCanvasElement>('canvas.packet-layer')!.toDataURL());

const inspectorSeq = async (page: Page) =>
  Number(await page.locator('[data-testid="hop-inspector"]').getAttribute('data-seq'));

describe('click to send in the default scenario', () => {
  let b: Browser;
  const [ping1] = coreTraces({ from: 'vm1', to: 'vm2' });
  const trace = ping1!;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('clicking vm1 then vm2 sends a ping; the event list shows the core trace hop for hop', async () => {
    const page = b.page;
    await page.getByRole('button', { name: '✉ Click to send' }).click();
    await expect(page.locator('[data-testid="send-hint"]').textContent()).resolves.toContain('source');
    await page.locator('[data-device="vm1"]').click();
    await expect(page.locator('[data-testid="send-hint"]').textContent()).resolves.toContain('vm1');
    await page.locator('[data-device="vm2"]').click();
    await expect.poll(() => page.locator('[data-testid="flow-1"]').textContent()).toContain('delivered');
    await expect(page.locator('[data-testid="flow-1"]').textContent()).resolves.toContain(
      trace.probes[0]!.summary,
    );
    // the packet moves: the canvas draws it and the playhead advances
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { __neutronSend: Hooks }).__neutronSend.state().drawn),
      )
      .toBeGreaterThan(0);
    const c0 = await page.evaluate(
      () => (window as unknown as { __neutronSend: Hooks }).__neutronSend.state().clock,
    );
    await page.waitForTimeout(700);
    const c1 = await page.evaluate(
      () => (window as unknown as { __neutronSend: Hooks }).__neutronSend.state().clock,
    );
    expect(c1).toBeGreaterThan(c0);

    // every hop of the core's trace, with the discarded flood copies shown
    await page.locator('[data-testid="show-discarded"]').check();
    const all = await rows(page, 1);
    expect(all.map((r) => r.seq)).toEqual(trace.hops.map((h) => h.seq));
    expect(all.map((r) => r.device)).toEqual(trace.hops.map((h) => h.device));
    expect(all.map((r) => r.host)).toEqual(trace.hops.map((h) => h.host ?? ''));
    // hidden by default: only copies that ended discarded, never the ping's own path
    await page.locator('[data-testid="show-discarded"]').uncheck();
    const shown = new Set((await rows(page, 1)).map((r) => r.seq));
    const hidden = trace.hops.filter((h) => !shown.has(h.seq));
    expect(hidden.length).toBeGreaterThan(0);
    for (const h of hidden)
      expect(h.fate === 'forward' || h.drop?.severity === 'discard', `#${h.seq}`).toBe(true);
    for (const h of trace.hops.filter((x) => x.fate === 'deliver' || x.drop?.severity === 'fatal'))
      expect(shown.has(h.seq)).toBe(true);
    expect(b.errors).toEqual([]);
  });

  it('animates the echo request to vm2 and the reply back to vm1', async () => {
    const page = b.page;
    const request = trace.probes[0]!.request!;
    const reply = trace.probes[0]!.answer!;
    const atVm2 = trace.hops.find((h) => h.packet === request && h.device === 'vm2' && h.fate === 'deliver')!;
    const atVm1 = trace.hops.find((h) => h.packet === reply && h.device === 'vm1' && h.fate === 'deliver')!;
    await page.locator(`.ev-row[data-flow="1"][data-seq="${atVm2.seq}"]`).click();
    await expect.poll(() => inspectorSeq(page)).toBe(atVm2.seq);
    await expect.poll(async () => (await inkOver(page, '[data-device="vm2"]')).ink).toBeGreaterThan(50);
    expect((await inkOver(page, '[data-device="vm1"]', 0)).ink).toBe(0);
    await page.locator(`.ev-row[data-flow="1"][data-seq="${atVm1.seq}"]`).click();
    await expect.poll(() => inspectorSeq(page)).toBe(atVm1.seq);
    await expect.poll(async () => (await inkOver(page, '[data-device="vm1"]')).ink).toBeGreaterThan(50);
    expect((await inkOver(page, '[data-device="vm2"]', 0)).ink).toBe(0);
  });

  it('steps back and forth through the hops; the two tunnel legs carry different VNIs', async () => {
    const page = b.page;
    const request = trace.probes[0]!.request!;
    const legs = trace.hops.filter((h) => h.packet === request && h.kind === 'vxlan-port' && h.frame.vxlan);
    expect(legs.length).toBe(2);
    await page.locator(`.ev-row[data-flow="1"][data-seq="${legs[0]!.seq}"]`).click();
    const vni = page.locator('[data-testid="hop-inspector"] [data-field="vxlan.VNI"]');
    await expect.poll(() => vni.textContent()).toBe(String(legs[0]!.frame.vxlan!.vni));
    await expect(page.locator('[data-layer="vxlan"]').getAttribute('class')).resolves.toContain('is-new');
    const first = await canvasImage(page);
    // forward one hop: the packet moves on, and the inspector follows
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expect.poll(() => inspectorSeq(page)).toBeGreaterThan(legs[0]!.seq);
    await expect.poll(() => canvasImage(page)).not.toBe(first);
    // and back: the same hop, the same picture
    await page.keyboard.press(',');
    await expect.poll(() => inspectorSeq(page)).toBe(legs[0]!.seq);
    await expect.poll(() => canvasImage(page)).toBe(first);
    // step on with the keyboard until the second leg
    const seen: number[] = [];
    for (let i = 0; i < 80 && (await inspectorSeq(page)) !== legs[1]!.seq; i++) {
      await page.keyboard.press('.');
      await expect.poll(() => inspectorSeq(page)).not.toBe(seen.at(-1) ?? legs[0]!.seq);
      seen.push(await inspectorSeq(page));
    }
    expect(seen.at(-1)).toBe(legs[1]!.seq);
    expect([...seen].sort((a, z) => a - z)).toEqual(seen);
    await expect.poll(() => vni.textContent()).toBe(String(legs[1]!.frame.vxlan!.vni));
    expect(legs[0]!.frame.vxlan!.vni).not.toBe(legs[1]!.frame.vxlan!.vni);
    // the rule is shown as an operator reads it
    await expect(page.locator('[data-testid="hop-rule"]').first().textContent()).resolves.toBe(legs[1]!.rule);
    // each port with the device at its other end: br-tun before the VXLAN port, the underlay after it
    const before = trace.hops.find((h) => h.seq === legs[1]!.parent)!;
    const after = trace.hops.find((h) => h.parent === legs[1]!.seq)!;
    await expect(page.getByTestId('hop-in').textContent()).resolves.toBe(`${legs[1]!.in} ← ${before.device}`);
    await expect(page.getByTestId('hop-out').textContent()).resolves.toBe(
      `${legs[1]!.out} → ${after.device}`,
    );
    expect(b.errors).toEqual([]);
  });

  it('a second ping needs no ARP; after "reset state" it does again', async () => {
    const page = b.page;
    await page.locator('[data-testid="send-go"]').click();
    await expect.poll(() => page.locator('[data-testid="flow-2"]').textContent()).toContain('delivered');
    await page.locator('[data-testid="show-discarded"]').check();
    // one story at a time: the first send finished when the second took the stage, and is folded
    await expect.poll(() => rows(page, 1)).toEqual([]);
    await page.locator('[data-testid="ev-send"][data-flow="1"]').click();
    expect((await rows(page, 1)).some((r) => r.kind === 'arp')).toBe(true);
    expect((await rows(page, 2)).some((r) => r.kind === 'arp')).toBe(false);
    expect((await rows(page, 2)).length).toBe(
      coreTraces({ from: 'vm1', to: 'vm2' }, { from: 'vm1', to: 'vm2' })[1]!.hops.length,
    );
    // Reset state sits in the panel of the send bar's clock
    await page.locator('[data-testid="wait-open"]').click();
    await page.locator('[data-testid="reset-state"]').click();
    await expect
      .poll(() => page.locator('.notice').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('State reset')]));
    await page.locator('[data-testid="send-go"]').click();
    await expect.poll(() => page.locator('[data-testid="flow-3"]').count()).toBe(1);
    expect((await rows(page, 3)).some((r) => r.kind === 'arp')).toBe(true);
    expect(b.errors).toEqual([]);
  });
});

describe('a drop', () => {
  let b: Browser;
  const [syn] = coreTraces({ from: 'internet', to: 'vm1', proto: 'tcp', port: 80 });
  const trace = syn!;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('TCP 80 from the internet to vm1 dies at its security group, shown where and why', async () => {
    expect(trace.verdict).toBe('dropped');
    const page = b.page;
    await page.locator('[data-testid="send-from"]').selectOption('internet');
    await page.locator('[data-testid="send-to"]').fill('vm1');
    await page.locator('[data-testid="send-proto"]').selectOption('tcp');
    await page.locator('[data-testid="send-port"]').fill('80');
    await page.locator('[data-testid="send-go"]').click();
    const flow = page.locator('[data-testid="flow-1"]');
    await expect.poll(() => flow.textContent()).toContain('dropped');
    await expect(flow.locator('[data-testid="flow-outcome"]').textContent()).resolves.toBe(trace.reason);
    // the flow's line leads to the hop that dropped it
    await flow.locator('.flow__main').click();
    const dropSeq = trace.dropped!.seq;
    await expect.poll(() => inspectorSeq(page)).toBe(dropSeq);
    const insp = page.locator('[data-testid="hop-inspector"]');
    await expect(insp.getAttribute('data-device')).resolves.toBe(trace.dropped!.device);
    await expect(insp.locator('[data-testid="hop-drop"]').textContent()).resolves.toContain(
      trace.hops.find((h) => h.seq === dropSeq)!.drop!.reason,
    );
    await expect(insp.locator('[data-testid="hop-rule"]').first().textContent()).resolves.toBe(
      trace.dropped!.rule,
    );
    await expect(insp.textContent()).resolves.toContain('iptables');
    await expect(
      page.locator(`.ev-row[data-flow="1"][data-seq="${dropSeq}"]`).getAttribute('class'),
    ).resolves.toContain('is-drop');
    // on the canvas: red, at the device that dropped it
    await expect
      .poll(async () => (await inkOver(page, `[data-device="${trace.dropped!.device}"]`)).red)
      .toBeGreaterThan(30);
    // the trace ends there: stepping on does not pass the drop
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expect.poll(() => inspectorSeq(page)).toBe(dropSeq);
    expect(b.errors).toEqual([]);
  });
});
