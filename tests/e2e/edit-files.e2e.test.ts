// Never losing work through files and links: a broken or hostile file is refused with the reason and
// the cloud stays as it was; a tampered share link too; a good link opens a copy; the cloud saves as a
// file and exports as PNG and SVG; names from a file are shown as text, never run.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Topology } from '../../src/sim';
import { openApp } from './app';
import { type Browser, openBrowser } from './harness';

const state = (p: Page) =>
  p.evaluate(() =>
    (
      window as unknown as { __neutronEdit: { state(): { doc: Topology; past: number } } }
    ).__neutronEdit.state(),
  );

const example = readFileSync('examples/two-networks-one-router.json', 'utf8');

async function importFile(p: Page, name: string, text: string) {
  await p
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

describe('files and links', () => {
  let b: Browser;
  let p: Page;
  let original: Topology;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
    original = (await state(p)).doc;
  });
  afterAll(async () => {
    await b.close();
  });

  it('refuses a truncated file, says why, and leaves the cloud as it was', async () => {
    await importFile(p, 'cut.json', example.slice(0, 700));
    const report = p.getByTestId('report-dialog');
    await expect.poll(() => report.textContent()).toContain('“cut.json” was not opened');
    await expect(report.textContent()).resolves.toContain('is not valid JSON');
    await expect(report.textContent()).resolves.toContain('Your cloud is unchanged.');
    await report.getByRole('button', { name: 'Close' }).click();
    expect((await state(p)).doc).toEqual(original);
  });

  it('refuses a file with a wrong value, naming the field and the value', async () => {
    const bad = JSON.parse(example);
    bad.subnets[1].cidr = '192.168.1.5/24';
    bad.hosts.push({ name: 'compute3', role: 'storage', tunnel_ip: '10.0.1.33' });
    await importFile(p, 'bad.json', JSON.stringify(bad));
    const report = p.getByTestId('report-dialog');
    await expect.poll(() => report.textContent()).toContain('hosts[3].role');
    await p.keyboard.press('Escape');
    expect((await state(p)).doc).toEqual(original);
    const worse = JSON.parse(example);
    worse.subnets[1].cidr = '192.168.1.5/24';
    await importFile(p, 'worse.json', JSON.stringify(worse));
    await expect.poll(() => report.textContent()).toContain('subnets[1].cidr');
    await expect(report.textContent()).resolves.toContain('"192.168.1.5/24"');
    await expect(report.textContent()).resolves.toContain('192.168.1.0/24 is recommended');
    await p.keyboard.press('Escape');
    expect((await state(p)).doc).toEqual(original);
  });

  it('refuses files that are not topologies at all', async () => {
    for (const [name, text, why] of [
      ['empty.json', '', 'is empty'],
      ['list.json', '[1, 2, 3]', 'expected a JSON object'],
      [
        'proto.json',
        '{"__proto__": {"polluted": 1}, "format": "neutron-explorer/topology", "version": 1, "hosts": []}',
        '__proto__',
      ],
      ['image.png', '\u0089PNG\r\n\u001a\n\u0000\u0000', 'is not valid JSON'],
      // refused plainly, as the others, before the worker's structured clone overflows its stack
      ['deep.json', `{"hosts": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 'is nested too deeply'],
    ]) {
      await importFile(p, name!, text!);
      const report = p.getByTestId('report-dialog');
      await expect.poll(() => report.textContent(), { message: name }).toContain(why);
      await p.keyboard.press('Escape');
      expect((await state(p)).doc).toEqual(original);
    }
    expect(await p.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('polluted');
  });

  it('shows names from a file as text, never as markup', async () => {
    const hostile = JSON.parse(example);
    hostile.name = '<img src=x onerror="window.__pwned=1">';
    hostile.servers[0].name = '<b onmouseover="window.__pwned=2">vm1</b>';
    hostile.ports[2].device_id = hostile.servers[0].name;
    await importFile(p, 'hostile.json', JSON.stringify(hostile));
    await expect.poll(() => p.locator('.cloud-name').textContent()).toBe(hostile.name);
    await p.getByRole('button', { name: 'Logical' }).click();
    await expect.poll(() => p.locator('.res__name').allTextContents()).toContain(hostile.servers[0].name);
    expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await p.locator('.res__name b').count()).toBe(0);
    await p.getByRole('button', { name: 'Physical' }).click();
    // the import is one undo step
    await p.getByTestId('undo').click();
    await expect.poll(async () => (await state(p)).doc).toEqual(original);
  });

  it('shares the cloud as a link; a tampered link is refused and the cloud stays as it was', async () => {
    await p.getByTestId('file-menu').click();
    await p.getByTestId('share-link').click();
    const url = await p.getByLabel('Share link').inputValue();
    expect(url).toContain('#cloud=');
    await p.keyboard.press('Escape');
    const [base, packed] = url.split('#cloud=') as [string, string];
    const tampered = `${base}#cloud=${packed.slice(0, 40)}${packed.slice(41, packed.length / 2)}`;
    await p.goto(tampered);
    const report = p.getByTestId('report-dialog');
    await expect.poll(() => report.textContent()).toContain('The shared link could not be opened');
    await expect(report.textContent()).resolves.toContain('(link)');
    await p.keyboard.press('Escape');
    expect((await state(p)).doc).toEqual(original);
    expect(new URL(p.url()).hash).toBe('');
    // a tampered link opened first thing in a new browser: the demo opens, and the reason is given
    const other = await openBrowser();
    try {
      await other.page.goto(`${inject('baseUrl')}#cloud=${'A'.repeat(500)}`);
      await expect
        .poll(() => other.page.getByTestId('report-dialog').textContent(), { timeout: 15_000 })
        .toContain('(link)');
      await other.page.keyboard.press('Escape');
      await other.page.waitForSelector('[data-testid="host-compute2"]');
      // the good link, pasted into the address bar of the open app, brings the same cloud
      await other.page.goto(url);
      await expect.poll(async () => (await state(other.page)).past, { timeout: 15_000 }).toBe(1);
      expect((await state(other.page)).doc).toEqual(original);
      expect(other.errors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('saves the cloud as a file that opens to the same cloud', async () => {
    await p.getByTestId('file-menu').click();
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('save-file').click()]);
    expect(download.suggestedFilename()).toBe('two-networks-one-router.json');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(text)).toEqual(original);
  });

  it('exports the canvas as PNG and SVG', async () => {
    for (const kind of ['png', 'svg'] as const) {
      await p.getByTestId('file-menu').click();
      const [download] = await Promise.all([
        p.waitForEvent('download'),
        p.getByTestId(`export-${kind}`).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`two-networks-one-router.physical.${kind}`);
      const data = readFileSync((await download.path())!);
      expect(data.length).toBeGreaterThan(5000);
      if (kind === 'png') expect(data.subarray(1, 4).toString()).toBe('PNG');
      else expect(data.toString('utf8', 0, 200)).toContain('<svg');
    }
    expect(b.errors).toEqual([]);
  });

  it('starts with the demo, and says so, when the saved cloud is damaged', async () => {
    // damaged while the app is away (leaving, the app saves once more): written before the next start
    await b.context.addInitScript(() => {
      if (sessionStorage.getItem('damaged')) return;
      sessionStorage.setItem('damaged', '1');
      localStorage.setItem(
        'neutron-explorer:cloud:v2',
        '{"rev":9,"by":"t1","doc":{"format": "neutron-explor',
      );
    });
    await p.reload();
    await p.waitForSelector('[data-testid="host-compute1"]');
    await expect
      .poll(() => p.locator('.notice').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('Your saved cloud could not be read')]));
    expect((await state(p)).doc.name).toBe('Two networks, one router');
    expect(await p.evaluate(() => localStorage.getItem('neutron-explorer:unreadable-save'))).toContain(
      'neutron-explor',
    );
    expect(b.errors).toEqual([]);
  });
});
