// What the core of issue #13 changed, as a user sees it: the mangle MARK that a qrouter puts on what
// comes in at its qg- port is one of the hop's rules in the hop inspector (point 5); a compute host
// that runs the DHCP agent shows its qdhcp namespace on the physical view (point 6).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

const load = (p: Page, json: unknown) =>
  p.evaluate(
    (j) => (window as unknown as { __neutron: { load(x: unknown): Promise<unknown> } }).__neutron.load(j),
    json,
  );

describe('the core in the UI', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('the hop where a packet enters the router at qg- lists the mangle MARK among its rules', async () => {
    const p = b.page;
    await p.locator('[data-testid="send-from"]').selectOption('internet');
    await p.locator('[data-testid="send-to"]').fill('vm1');
    await p.locator('[data-testid="send-proto"]').selectOption('tcp');
    await p.locator('[data-testid="send-port"]').fill('22');
    await p.locator('[data-testid="send-go"]').click();
    await expect.poll(() => p.locator('[data-testid="flow-1"]').textContent()).toContain('delivered');
    // the event list's row at the qrouter namespace that took the SYN in at its qg- port
    // (its device column reads qrouter-…, its packet TCP SYN; the qg- port's row only mentions it)
    const row = p.locator('.ev-row[data-flow="1"]', { hasText: /network1qrouter-\S*TCP SYN / }).first();
    await row.click();
    const rules = p.locator('[data-testid="hop-inspector"] [data-testid="hop-rule"]');
    await expect
      .poll(async () => (await rules.allTextContents()).join('\n'))
      .toMatch(/-A neutron-l3-agent-mark -i qg-[0-9a-f-]+ -j MARK --set-xmark 0x2\/0xffff/);
  });

  it('a compute host running the DHCP agent draws its qdhcp namespace', async () => {
    const p = b.page;
    await load(p, JSON.parse(readFileSync('examples/provider-vlan.json', 'utf8')));
    await p.waitForSelector('[data-testid="host-compute1"]');
    for (const host of ['compute1', 'compute2'])
      await expect
        .poll(() =>
          p.locator(`[data-testid="host-${host}"]`).evaluate((el) => {
            // a host's devices are drawn inside its box: find those whose box lies within it
            const box = el.getBoundingClientRect();
            return [...document.querySelectorAll('.react-flow__node [data-device]')]
              .filter((d) => {
                const r = d.getBoundingClientRect();
                return (
                  r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom
                );
              })
              .map((d) => d.getAttribute('data-device') ?? '');
          }),
        )
        .toEqual(expect.arrayContaining([expect.stringMatching(/^qdhcp-/)]));
    expect(b.errors).toEqual([]);
  });
});
