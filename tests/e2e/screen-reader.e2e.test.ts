// What a screen reader finds (issue #19, point 3), read through the accessibility roles and names as
// assistive technology reads them: canvas nodes named by device, host and kind; each step of playback
// said in one sentence by a polite live region; the event list a table with column headers; the hop's
// header layers a list.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

describe('for a screen reader', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
  });
  afterAll(async () => {
    await b.close();
  });

  it('names each canvas node by device, host and kind', async () => {
    const node = (name: string) => p.getByRole('group', { name, exact: true });
    expect(await node('br-int on compute1, OVS integration bridge').count()).toBe(1);
    expect(await node('br-tun on network1, OVS tunnel bridge').count()).toBe(1);
    expect(await node('vm2 on compute2, VM').count()).toBe(1);
    expect(await node('compute1, compute host, 1 VM').count()).toBe(1);
    // every node has a name, and it says what the node is, not only its id
    const names = await p
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(names.length).toBeGreaterThan(30);
    // a name, then its kind in words ("internet (203.0.113.0/24), internet")
    expect(names.filter((n) => !/^.+, [A-Za-z]/.test(n))).toEqual([]);
    // and is described by how to move on with the keyboard
    const desc = await p
      .locator('.react-flow__node')
      .first()
      .evaluate((e) => document.getElementById(e.getAttribute('aria-describedby')!)?.textContent);
    expect(desc).toContain('Arrow keys go to the nearest device');
  });

  it('says each step of playback in one sentence, politely', async () => {
    const live = p.getByTestId('step-announcer');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    expect(await live.getAttribute('role')).toBe('status');
    expect(await live.textContent()).toBe('');
    await p.getByTestId('send-from').selectOption('vm1');
    await p.getByTestId('send-to').fill('vm2');
    await p.getByTestId('send-go').click();
    await p.waitForSelector('[data-testid="hop-inspector"][data-seq]');
    const play = p.getByTestId('play');
    await expect.poll(() => play.getAttribute('aria-label')).toBe('Pause');
    await play.click();
    const inspector = p.getByTestId('hop-inspector');
    const said = async () => {
      const text = (await live.textContent())!;
      const device = (await inspector.getAttribute('data-device'))!;
      const n = (await inspector.getAttribute('data-number'))!;
      return { text, device, n };
    };
    for (let i = 0; i < 3; i++) {
      const before = (await live.textContent())!;
      await p.getByRole('button', { name: 'Step forward' }).click();
      await expect.poll(() => live.textContent()).not.toBe(before);
      const { text, device, n } = await said();
      // the step the inspector shows and the counter counts: its number, device, host, deed and rule
      const total = /\/(\d+)/.exec((await p.getByTestId('step-counter').textContent())!)![1];
      expect(text.startsWith(`Step ${n} of ${total}: `)).toBe(true);
      expect(text).toContain(` at ${device}`);
      expect(text).toMatch(/ on (compute1|compute2|network1): | at underlay: /);
      expect(text).toMatch(/; (rule .+|no rule)\.$/);
      // one sentence: the rule may hold dots (addresses), the words before it do not end one
      expect(text.split('; rule ')[0]!.replace(/\d\.\d/g, '')).not.toMatch(/\. /);
    }
    // a step on a bridge says the OpenFlow rule that decided
    for (let i = 0; i < 40 && !/ at br-tun on /.test((await live.textContent())!); i++)
      await p.getByRole('button', { name: 'Step forward' }).click();
    expect(await live.textContent()).toMatch(/ at br-tun on compute1: .*; rule table=\d+, priority=\d+/);
  });

  it('reads the event list as a table with column headers', async () => {
    const table = p.getByRole('table', { name: 'Hops of every send' });
    expect(await table.count()).toBe(1);
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers.map((h) => h.split(' · ')[0])).toEqual([
      'send',
      '#',
      'ms',
      'host',
      'device',
      'packet',
      'fate',
      'what happened',
    ]);
    // each hop is a row of cells under those headers, its number a button that shows it
    const row = table.locator('tr[data-device="br-int"][data-host="compute1"]').first();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toHaveLength(8);
    expect(cells[3]).toBe('compute1');
    expect(cells[4]).toBe('br-int');
    const seek = row.getByRole('button', { name: /^Hop \d+: show it$/ });
    const n = (await seek.textContent())!;
    await seek.focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.getByTestId('hop-inspector').getAttribute('data-number')).toBe(n);
    expect(Number(await table.getAttribute('aria-rowcount'))).toBeGreaterThan(10);
  });

  it("reads the hop's header layers as a list, outermost first", async () => {
    // a hop on the wire between hosts: the frame inside a VXLAN packet
    const vx = p.locator('tr[data-device^="vxlan-"][data-host="compute1"]').first();
    await vx.getByRole('button').focus();
    await p.keyboard.press('Enter');
    await p.getByRole('tab', { name: 'Headers' }).click();
    const list = p.getByRole('list', { name: 'Headers after this hop, outermost first' });
    const items = list.getByRole('listitem');
    expect(await items.count()).toBeGreaterThan(3);
    const titles = await list.getByRole('heading', { level: 4 }).allTextContents();
    expect(titles.length).toBe(await items.count());
    expect(titles[0]).toMatch(/^Outer Ethernet/);
    expect(titles.some((t) => /^VXLAN/.test(t))).toBe(true);
    // each layer's fields are a table of name and value
    const first = items.first().getByRole('rowheader');
    expect(await first.count()).toBeGreaterThan(1);
    expect(b.errors).toEqual([]);
  });
});
