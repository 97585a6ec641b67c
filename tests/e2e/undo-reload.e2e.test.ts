// Undo survives reloads, whatever the cloud's size: a cloud of 2,000 VMs (generated as the benchmark's
// cloud L) opened from a file, then another file, then the page reloaded: undo brings the 2,000 VMs back.
// The undo button's title says how many steps are kept.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../../src/sim';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { openApp } from './app';
import type { Browser } from './harness';

const state = (p: Page) =>
  p.evaluate(() =>
    (
      window as unknown as { __neutronEdit: { state(): { doc: Topology; past: number } } }
    ).__neutronEdit.state(),
  );
const servers = async (p: Page) => (await state(p)).doc?.servers.length ?? 0;
const undoTitle = (p: Page) => p.getByTestId('undo').getAttribute('title');

async function openFile(p: Page, name: string, text: string) {
  await p
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

describe('undo across a reload', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('brings a 2,000-VM cloud back after another file and a reload', async () => {
    const p = b.page;
    await openFile(p, 'cloud-l.json', JSON.stringify(generateCloud(PRESETS.L)));
    await expect.poll(() => servers(p), { timeout: 60_000 }).toBe(2000);
    await openFile(p, 'small.json', readFileSync('examples/two-networks-one-router.json', 'utf8'));
    await expect.poll(() => servers(p), { timeout: 60_000 }).toBe(2);
    await expect.poll(() => undoTitle(p)).toContain('Undo open small.json');
    expect(await undoTitle(p)).toContain('2 undo steps kept');
    // what is saved is written as the user goes; the test waits for IndexedDB to finish writing it
    await p.evaluate(() =>
      (window as unknown as { __neutron: { historySaved?(): Promise<void> } }).__neutron.historySaved?.(),
    );
    await p.reload();
    await p.waitForSelector('.react-flow__node', { timeout: 30_000 });
    expect(await servers(p)).toBe(2);
    await expect.poll(() => undoTitle(p)).toContain('Undo open small.json');
    expect(await undoTitle(p)).toContain('2 undo steps kept');
    await p.getByTestId('undo').click();
    await expect.poll(() => servers(p), { timeout: 60_000 }).toBe(2000);
    expect(await undoTitle(p)).toContain('Undo open cloud-l.json');
    expect(b.errors).toEqual([]);
  }, 180_000);
});
