// Provider networks as a user meets them (issue 13, point 1): a file opened from the File menu, a ping
// sent from the send bar and read in the event list and the hop inspector; an outside host on the
// external VLAN's subnet, drawn wired to the provider network in both views.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

/** File ▾ → Open file…, and the file picked in the browser's file chooser. */
async function openFromFileMenu(p: Page, name: string, text: string): Promise<void> {
  await p.getByTestId('file-menu').click();
  const chooser = p.waitForEvent('filechooser');
  await p.getByTestId('open-file').click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

async function sendFromBar(p: Page, from: string, to: string): Promise<void> {
  const sel = p.getByTestId('send-from');
  const label = (await sel.locator('option').allTextContents()).find((o) => o.startsWith(`${from} `))!;
  await sel.selectOption({ label });
  await p.getByTestId('send-to').fill(to);
  await p.getByTestId('send-go').click();
}

interface Row {
  seq: number;
  host: string;
  device: string;
  kind: string;
  packet: string;
  what: string;
  discarded: boolean;
}

/** The event list's rows of a send, as drawn. */
const rowsOf = (p: Page, flow: number): Promise<Row[]> =>
  p.$$eval(`.ev-row[data-flow="${flow}"]`, (els) =>
    els.map((e) => ({
      seq: Number(e.getAttribute('data-seq')),
      host: e.getAttribute('data-host') ?? '',
      device: e.getAttribute('data-device') ?? '',
      kind: e.getAttribute('data-kind') ?? '',
      packet: e.getAttribute('data-packet') ?? '',
      what: e.querySelector('.ev-what')?.textContent ?? '',
      discarded: e.classList.contains('is-discard'),
    })),
  );

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A node's box on screen, by its React Flow id. */
async function nodeBox(p: Page, id: string): Promise<Rect> {
  const b = await p.locator(`.react-flow__node[data-id="${id}"]`).boundingBox();
  if (!b) throw new Error(`no node ${id} drawn`);
  return { x: b.x, y: b.y, w: b.width, h: b.height };
}

/** The two ends of the edges drawn between two nodes, on screen. */
function edgeEnds(p: Page, a: string, b: string) {
  return p.$$eval(
    '.react-flow__edge',
    (els, [a, b]) =>
      els.flatMap((g) => {
        const id = g.getAttribute('data-id') ?? '';
        const ends = id.replace(/^[a-z]+:/, '').split('--');
        if (!(ends.includes(a!) && ends.includes(b!))) return [];
        const path = g.querySelector<SVGPathElement>('path.net-edge')!;
        const m = path.getScreenCTM()!;
        const at = (len: number) => {
          const q = path.getPointAtLength(len);
          return { x: m.a * q.x + m.c * q.y + m.e, y: m.b * q.x + m.d * q.y + m.f };
        };
        return [[at(0), at(path.getTotalLength())]];
      }),
    [a, b],
  );
}

/** Waits until the camera stops moving (a view change or Fit animates it). */
async function settled(p: Page, id: string): Promise<void> {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await nodeBox(p, id));
        const same = now === last;
        last = now;
        return same;
      },
      { interval: 200, timeout: 5000 },
    )
    .toBe(true);
}

const touches = (pt: { x: number; y: number }, r: Rect, slack = 4) =>
  pt.x >= r.x - slack && pt.x <= r.x + r.w + slack && pt.y >= r.y - slack && pt.y <= r.y + r.h + slack;

/** An edge is drawn between the two nodes, one end on each. */
async function expectWired(p: Page, a: string, b: string): Promise<void> {
  const [ra, rb] = [await nodeBox(p, a), await nodeBox(p, b)];
  const ends = await edgeEnds(p, a, b);
  expect(ends, `an edge between ${a} and ${b}`).toHaveLength(1);
  const [s, t] = ends[0]!;
  expect(
    (touches(s!, ra) && touches(t!, rb)) || (touches(s!, rb) && touches(t!, ra)),
    `the edge ${a}–${b} runs from one box to the other`,
  ).toBe(true);
}

describe('VMs on a VLAN provider network, opened from a file', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('a ping from vm1 to vm2 leaves compute1 through br-provider on VLAN 101, with no VXLAN hop', async () => {
    const p = b.page;
    await openFromFileMenu(p, 'provider-vlan.json', readFileSync('examples/provider-vlan.json', 'utf8'));
    await expect.poll(() => p.locator('.react-flow__node[data-id="compute1|br-provider"]').count()).toBe(1);
    await sendFromBar(p, 'vm1', 'vm2');
    await expect
      .poll(() => p.getByTestId('flow-1').textContent(), { timeout: 20_000 })
      .toContain('delivered');
    await p.getByTestId('show-discarded').check();
    const rows = await rowsOf(p, 1);
    const echo = rows.filter((r) => r.kind === 'icmp');

    // out of compute1: br-provider swaps the local VLAN for the provider VLAN
    const out = echo.find((r) => r.host === 'compute1' && r.device === 'br-provider');
    expect(out?.what).toMatch(/^local VLAN \d+ leaves tagged 101;/);
    const lvid1 = /^local VLAN (\d+)/.exec(out!.what)![1];
    // into compute2: br-int swaps 101 back for its own local VLAN
    const into = echo.find((r) => r.host === 'compute2' && r.device === 'br-int');
    expect(into?.what).toMatch(/^frames tagged 101 from the provider network become local VLAN \d+;/);
    expect(into!.seq).toBeGreaterThan(out!.seq);

    // no tunnel anywhere: no VXLAN port, nothing on the underlay; br-tun only drops flooded copies
    expect(rows.filter((r) => r.device.startsWith('vxlan-') || r.device === 'underlay')).toEqual([]);
    const tun = rows.filter((r) => r.device === 'br-tun');
    expect(tun.length).toBeGreaterThan(0);
    expect(tun.every((r) => r.discarded && r.kind === 'arp')).toBe(true);
    expect(echo.some((r) => r.device.startsWith('qrouter-'))).toBe(false);

    // the hop inspector shows the flow that did it
    await p.locator(`.ev-row[data-flow="1"][data-seq="${out!.seq}"]`).click();
    const hop = p.getByTestId('hop-inspector');
    await expect.poll(() => hop.getAttribute('data-seq')).toBe(String(out!.seq));
    await expect
      .poll(() => hop.textContent())
      .toContain(`priority=4,in_port="phy-br-provider",dl_vlan=${lvid1} actions=mod_vlan_vid:101,NORMAL`);
    await expect.poll(() => hop.textContent()).toContain(`mod vlan ${lvid1} -> 101`);
    expect(b.errors).toEqual([]);
  });
});

describe('an outside host on the external VLAN network’s own subnet', () => {
  let b: Browser;
  const raw = JSON.parse(readFileSync('examples/external-vlan.json', 'utf8'));
  raw.outside[0].hosts.push({ name: 'nas', ip: '203.0.113.20' });
  beforeAll(async () => {
    b = await openApp();
    await openFromFileMenu(b.page, 'external-vlan-nas.json', JSON.stringify(raw));
    await b.page.locator('.react-flow__node[data-id="outside:nas"]').waitFor();
  });
  afterAll(async () => {
    await b.close();
  });

  it('physical: stands beside the provider network box, wired to it, nothing between them', async () => {
    const p = b.page;
    await p.getByRole('button', { name: 'Physical' }).click();
    await p.getByRole('button', { name: 'Fit', exact: true }).click();
    await settled(p, 'outside:nas');
    const nas = await nodeBox(p, 'outside:nas');
    const provider = await nodeBox(p, 'physnet:provider');
    // the same row
    expect(nas.y < provider.y + provider.h && provider.y < nas.y + nas.h).toBe(true);
    await expectWired(p, 'outside:nas', 'physnet:provider');
    // no other box in the row between them
    const [lo, hi] = nas.x < provider.x ? [nas.x + nas.w, provider.x] : [provider.x + provider.w, nas.x];
    const between = await p.$$eval(
      '.react-flow__node',
      (els, [lo, hi, top, bottom]) =>
        els.flatMap((e) => {
          const r = e.getBoundingClientRect();
          const inRow = r.top < bottom! && r.bottom > top!;
          return inRow && r.right > lo! + 1 && r.left < hi! - 1 ? [e.getAttribute('data-id')] : [];
        }),
      [lo, hi, nas.y, nas.y + nas.h],
    );
    expect(between).toEqual([]);
    // and not wired to the upstream router
    const up = (await p.locator('.react-flow__node[data-id^="upstream:"]').getAttribute('data-id'))!;
    expect(await edgeEnds(p, 'outside:nas', up)).toEqual([]);
  });

  it('logical: an edge from the host to the provider network’s bar', async () => {
    const p = b.page;
    await p.getByRole('button', { name: 'Logical' }).click();
    const bar = p.getByTestId('network-provider');
    await bar.waitFor();
    await settled(p, 'outside:nas');
    const barId = (await p.locator('.react-flow__node', { has: bar }).getAttribute('data-id')) as string;
    await expectWired(p, 'outside:nas', barId);
    const up = (await p.locator('.react-flow__node[data-id^="upstream:"]').getAttribute('data-id'))!;
    expect(await edgeEnds(p, 'outside:nas', up)).toEqual([]);
    // the host behind the upstream router stays wired to it
    await expectWired(p, 'outside:internet', up);
    expect(b.errors).toEqual([]);
  });

  it('vm1 reaches it through router1 and the VLAN, the upstream router not on the way', async () => {
    const p = b.page;
    await p.getByRole('button', { name: 'Physical' }).click();
    await sendFromBar(p, 'vm1', 'nas');
    // the first send in this window
    await expect
      .poll(() => p.getByTestId('flow-1').textContent(), { timeout: 20_000 })
      .toContain('delivered');
    const rows = await rowsOf(p, 1);
    // the echo request: the first ICMP packet of the send
    const request = rows.find((r) => r.kind === 'icmp')!.packet;
    const echo = rows.filter((r) => r.packet === request);
    expect(echo.some((r) => r.device.startsWith('qrouter-'))).toBe(true);
    expect(
      echo.some((r) => r.host === 'network1' && r.device === 'br-provider' && /tagged 101/.test(r.what)),
    ).toBe(true);
    expect(echo.filter((r) => r.device === 'upstream')).toEqual([]);
    expect(echo.at(-1)?.device).toBe('nas');
  });
});

describe('the provider-network lesson’s text', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('never breaks a line inside a device name such as int-br-provider', async () => {
    const p = b.page;
    await p.getByRole('button', { name: 'Lessons ▾' }).click();
    await p.getByRole('menuitem', { name: /^10\. / }).click();
    const panel = p.getByTestId('lesson-panel');
    for (let step = 0; ; step++) {
      await expect
        .poll(() => panel.locator('.lesson__title').textContent())
        .toMatch(new RegExp(`^${step + 1}\\. `));
      // each hyphenated word of the text, and the lines its letters are drawn on
      const broken = await panel.locator('.lesson__text').evaluate((el) => {
        const out: string[] = [];
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          for (const m of (n.textContent ?? '').matchAll(/[^\s-]+(?:-[^\s-]+)+/g)) {
            const r = document.createRange();
            r.setStart(n, m.index);
            r.setEnd(n, m.index + m[0].length);
            const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
            if (tops.size > 1) out.push(m[0]);
          }
        }
        return out;
      });
      expect(broken, `step ${step + 1}`).toEqual([]);
      const next = panel.getByRole('button', { name: 'Next →' });
      if (!(await next.count())) break;
      await next.click();
    }
    expect(b.errors).toEqual([]);
  });
});
