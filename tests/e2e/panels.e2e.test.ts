// The right-hand panel and the event list in front of a class (issue #11): the panel widens by its
// left edge (mouse and keys) and keeps its width across a reload, long rules wrap, the rule that
// decided a hop is in view on a laptop screen, the event list filters by kind and host without
// renumbering, and the hop inspector shows the layers read in and written out. Expected values come
// from the core's own trace of the same send.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopologyText, newSimState, realize, send, type Trace, type TraceHop } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

/** The core's trace of vm1 -> vm2 on a fresh cloud: the app's first send is the same. */
function corePing(): Trace {
  const r = loadTopologyText(readFileSync('examples/two-networks-one-router.json', 'utf8'));
  if (!r.ok) throw new Error('example does not load');
  const s = send(r.topology, realize(r.topology), newSimState(), { from: 'vm1', to: 'vm2' });
  if (!s.ok) throw new Error(s.error);
  return s.trace;
}

const trace = corePing();
const request = trace.probes[0]!.request!;
const onRequest = trace.hops.filter((h) => h.packet === request);
/** br-int on compute1 tagging the echo request from vm1 */
const brIntTags = onRequest.find(
  (h) => h.device === 'br-int' && h.changes.some((c) => c.startsWith('push vlan')),
)!;
/** br-tun on compute1 sending it into the tunnel: strips the VLAN, sets the VNI */
const brTunSets = onRequest.find(
  (h) => h.device === 'br-tun' && h.changes.some((c) => c.startsWith('set tunnel')),
)!;
const parentOf = (h: TraceHop) => trace.hops.find((x) => x.seq === h.parent)!;
const childOf = (h: TraceHop) => trace.hops.find((x) => x.parent === h.seq)!;

const panelWidth = async (page: Page) =>
  (await page.locator('[data-testid="right-panel"]').boundingBox())!.width;

async function sendPing(page: Page): Promise<void> {
  await page.locator('[data-testid="send-from"]').selectOption('vm1');
  await page.locator('[data-testid="send-to"]').fill('vm2');
  await page.locator('[data-testid="send-go"]').click();
  await page.locator(`.ev-row[data-seq="${brTunSets.seq}"]`).waitFor();
  await page.locator('[data-testid="play"]').click(); // pause: the tests pick hops themselves
}

describe('the side panel widens and keeps its width', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('names every tab in full at 1280 wide, wrapping them onto a second row rather than cutting one', async () => {
    const page = b.page;
    const tabs = page.locator('[data-testid="right-panel"] [role="tab"]');
    expect(await tabs.count()).toBeGreaterThan(4);
    const cut = await tabs.evaluateAll((els) =>
      els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
    );
    expect(cut).toEqual([]);
    for (const name of ['Inspector', 'Hop', 'Lesson', 'Faults', 'Terminal', 'Drift'])
      await expect.poll(() => page.getByRole('tab', { name, exact: true }).isVisible()).toBe(true);
  });

  it('drags wider by its left edge; the canvas refits to the room left; a reload keeps the width', async () => {
    const page = b.page;
    const sep = page.getByRole('separator', { name: 'Width of the side panel' });
    expect(await sep.getAttribute('aria-orientation')).toBe('vertical');
    const before = await panelWidth(page);
    expect(Number(await sep.getAttribute('aria-valuenow'))).toBe(Math.round(before));
    const box = (await sep.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x - 120, y, { steps: 4 });
    await page.mouse.move(x - 260, y, { steps: 4 });
    await page.mouse.up();
    const after = await panelWidth(page);
    expect(after).toBeGreaterThan(before + 250);
    expect(after).toBeLessThan(before + 270);
    expect(Number(await sep.getAttribute('aria-valuenow'))).toBe(Math.round(after));
    // the cloud is fitted again to the narrower canvas: compute2, on the right, is not under the panel
    const canvas = (await page.locator('section.canvas').boundingBox())!;
    await expect
      .poll(async () => {
        const host = (await page.locator('.react-flow__node[data-id="host:compute2"]').boundingBox())!;
        return host.x + host.width;
      })
      .toBeLessThanOrEqual(canvas.x + canvas.width);
    await page.waitForTimeout(400); // the width is saved shortly after the drag
    await page.reload();
    await page.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
    expect(await panelWidth(page)).toBe(after);
  });

  it('moves with the arrow keys while focused, without stepping the playback', async () => {
    const page = b.page;
    await sendPing(page);
    const counter = await page.locator('[data-testid="step-counter"]').textContent();
    const sep = page.getByRole('separator', { name: 'Width of the side panel' });
    await sep.focus();
    const w0 = await panelWidth(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => panelWidth(page)).toBe(w0 - 16);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => panelWidth(page)).toBe(w0 + 16);
    expect(await page.locator('[data-testid="step-counter"]').textContent()).toBe(counter);
    await page.keyboard.press('Home');
    await expect.poll(() => sep.getAttribute('aria-valuenow')).toBe(await sep.getAttribute('aria-valuemin'));
    await page.keyboard.press('End');
    await expect.poll(() => sep.getAttribute('aria-valuenow')).toBe(await sep.getAttribute('aria-valuemax'));
    expect(b.errors).toEqual([]);
  });
});

describe('the hop inspector at 1280x800, the event list open', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp({ width: 1280, height: 800 });
    await sendPing(b.page);
  });
  afterAll(async () => {
    await b.close();
  });

  const inspector = () => b.page.locator('[data-testid="hop-inspector"]');

  it('shows "Rule that decided" without scrolling on the br-int hop', async () => {
    const page = b.page;
    await page.locator(`.ev-row[data-seq="${brIntTags.seq}"]`).click();
    await expect.poll(() => inspector().getAttribute('data-seq')).toBe(String(brIntTags.seq));
    const heading = (await inspector().getByRole('heading', { name: 'Rule that decided' }).boundingBox())!;
    const body = (await page.locator('.tab-body').boundingBox())!;
    expect(await page.locator('.tab-body').evaluate((e) => e.scrollTop)).toBe(0);
    expect(heading.y).toBeGreaterThanOrEqual(body.y);
    expect(heading.y + heading.height).toBeLessThanOrEqual(Math.min(body.y + body.height, 800));
    expect((await inspector().locator('[data-testid="hop-rule"]').first().textContent())?.trim()).toBe(
      brIntTags.rule,
    );
  });

  it('wraps a long flow instead of cutting it: the learn flow of br-tun on network1', async () => {
    const page = b.page;
    const learn = onRequest.find((h) => h.rule?.includes('learn('))!;
    expect(learn.rule!.length).toBeGreaterThan(150);
    await page.locator(`.ev-row[data-seq="${learn.seq}"]`).click();
    const rule = inspector().locator('[data-testid="hop-rule"]').first();
    await expect.poll(() => rule.textContent()).toBe(learn.rule);
    const fit = await rule.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    // and the box stays inside the panel
    const panel = (await page.locator('[data-testid="right-panel"]').boundingBox())!;
    const box = (await rule.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
  });

  it('wraps the flows and routes of the device inspector too', async () => {
    const page = b.page;
    await page.locator('.react-flow__node[data-id="network1|br-tun"]').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const flows = page.locator('[data-testid="inspector"] [data-section="Flows"] pre');
    await expect.poll(() => flows.textContent()).toContain('learn(');
    const fit = await flows.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    // a flow is still one line of ovs-ofctl for whoever copies it
    expect(
      (await flows.textContent())!.split('\n').some((l) => l.startsWith('table=10,') && l.includes('learn(')),
    ).toBe(true);
  });

  it('shows the layers read in and written out: br-tun takes VLAN 1 in and sends the VNI out', async () => {
    const page = b.page;
    await page.getByRole('tab', { name: 'Hop' }).click();
    await page.locator(`.ev-row[data-seq="${brTunSets.seq}"]`).click();
    await inspector().getByRole('tab', { name: 'In / out layers' }).click();
    const io = inspector().locator('[data-testid="hop-inout"]');
    const read = (key: string) => io.locator(`[data-io-field="${key}"]`).textContent();
    const prev = parentOf(brTunSets);
    await expect.poll(() => read('in.port.port')).toBe(brTunSets.in);
    expect(await read('in.port.from')).toBe(prev.device);
    expect(await read('in.eth.802.1Q VLAN')).toBe(String(prev.frame.eth.vlan));
    expect(await read('out.eth.802.1Q VLAN')).toBe('untagged');
    expect(await read('out.port.port')).toBe(brTunSets.out);
    // the VNI the next hop, the VXLAN port, writes in its header
    expect(await read('out.tunnel.VNI')).toBe(String(childOf(brTunSets).frame.vxlan!.vni));
    // a structured list for screen readers: two ordered lists of layers under their headings
    expect(await io.getByRole('heading', { name: /^In layers/ }).count()).toBe(1);
    expect(await io.getByRole('heading', { name: /^Out layers/ }).count()).toBe(1);
    expect(await io.locator('ol > li').count()).toBeGreaterThan(4);
    // the rule that decided sits on layer 2, where an OpenFlow flow acts
    expect(await io.locator('[data-testid="inout-out"] [data-io-layer="eth"] pre').textContent()).toBe(
      brTunSets.rule,
    );
  });

  it('and br-int takes the frame in untagged and puts it out in its local VLAN', async () => {
    const page = b.page;
    await page.locator(`.ev-row[data-seq="${brIntTags.seq}"]`).click();
    const io = inspector().locator('[data-testid="hop-inout"]');
    const read = (key: string) => io.locator(`[data-io-field="${key}"]`).textContent();
    await expect.poll(() => read('in.port.port')).toBe(brIntTags.in);
    expect(await read('in.eth.802.1Q VLAN')).toBe('untagged');
    expect(await read('out.eth.802.1Q VLAN')).toBe(String(brIntTags.frame.eth.vlan));
    await inspector().getByRole('tab', { name: 'Headers' }).click();
    expect(b.errors).toEqual([]);
  });
});

describe('the event list filter', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
    await sendPing(b.page);
  });
  afterAll(async () => {
    await b.close();
  });

  interface Row {
    seq: number;
    n: string;
    kind: string;
    host: string;
  }
  const rows = (page: Page): Promise<Row[]> =>
    page.$$eval('.ev-row[data-seq]', (els) =>
      els.map((e) => ({
        seq: Number(e.getAttribute('data-seq')),
        n: e.querySelector('.ev-seq')?.textContent ?? '',
        kind: e.getAttribute('data-kind') ?? '',
        host: e.getAttribute('data-host') ?? '',
      })),
    );

  it('filters to ARP: only the ARP rows stay, with the numbers they had', async () => {
    const page = b.page;
    const all = await rows(page);
    const arp = all.filter((r) => r.kind === 'arp');
    expect(arp.length).toBeGreaterThan(0);
    expect(arp.length).toBeLessThan(all.length);
    await page.getByRole('button', { name: 'ARP', exact: true }).click();
    await expect.poll(async () => (await rows(page)).length).toBe(arp.length);
    expect(await rows(page)).toEqual(arp);
    await expect(page.locator('[data-testid="ev-filter-hidden"]').textContent()).resolves.toBe(
      `${all.length - arp.length} rows hidden by the filter`,
    );
  });

  it('stepping still goes through every hop, the hidden ones too, one number at a time', async () => {
    const page = b.page;
    const arpSeqs = new Set((await rows(page)).map((r) => r.seq));
    const step = async () => {
      const text = (await page.locator('[data-testid="step-counter"]').textContent()) ?? '';
      return Number(/step (\d+)\//.exec(text)![1]);
    };
    const seen: number[] = [];
    let n = await step();
    // from where the playback stands to the echo request, past the ARP exchange
    while (seen.every((s) => arpSeqs.has(s)) && seen.length < 80) {
      await page.keyboard.press('.');
      await expect.poll(step).toBe(n + 1);
      n += 1;
      seen.push(Number(await page.locator('[data-testid="hop-inspector"]').getAttribute('data-seq')));
    }
    expect(seen.some((s) => !arpSeqs.has(s))).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by host, and with a kind too; "Show all" brings every row back', async () => {
    const page = b.page;
    await page.getByRole('button', { name: 'ARP', exact: true }).click(); // off again
    const all = await rows(page);
    await page.locator('[data-testid="ev-filter-host"]').selectOption('network1');
    const onNetwork1 = all.filter((r) => r.host === 'network1');
    await expect.poll(async () => (await rows(page)).length).toBe(onNetwork1.length);
    expect(await rows(page)).toEqual(onNetwork1);
    await page.getByRole('button', { name: 'ICMP', exact: true }).click();
    const both = onNetwork1.filter((r) => r.kind === 'icmp');
    expect(both.length).toBeGreaterThan(0);
    await expect.poll(async () => rows(page)).toEqual(both);
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(async () => rows(page)).toEqual(all);
    expect(await page.locator('[data-testid="ev-filter-hidden"]').count()).toBe(0);
    expect(b.errors).toEqual([]);
  });
});
