// An HA router fails over, as a user would see it (issue 14, points 4 and 5): open the L3 HA example, ping
// the internet from vm1, stop the L3 agent on the active network node from the Faults tab, ping again,
// and read in the event list that the echo request is now routed on the other network node, after that
// node's gratuitous ARPs; then the same with the snat namespace of a distributed HA router.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipToInt, loadTopologyText } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

/** The host keepalived makes active: the highest address on the HA network (priorities are equal). */
function hosts(example = 'l3-ha'): { active: string; backup: string } {
  const r = loadTopologyText(readFileSync(`examples/${example}.json`, 'utf8'));
  if (!r.ok) throw new Error('example does not load');
  const ha = r.topology.ports
    .filter((p) => p.device_owner === 'network:router_ha_interface')
    .sort((a, b) => ipToInt(b.fixed_ips[0]!.ip_address) - ipToInt(a.fixed_ips[0]!.ip_address));
  return { active: ha[0]!['binding:host_id']!, backup: ha[1]!['binding:host_id']! };
}

interface Row {
  host: string;
  device: string;
  kind: string;
  packet: string;
  text: string;
}

/** The event list's rows of the newest send. */
async function lastFlowRows(page: Page): Promise<Row[]> {
  const flow = await page.locator('[data-testid="ev-send"]').last().getAttribute('data-flow');
  return page.$$eval(`.ev-row[data-flow="${flow}"]`, (els) =>
    els.map((e) => ({
      host: e.getAttribute('data-host') ?? '',
      device: e.getAttribute('data-device') ?? '',
      kind: e.getAttribute('data-kind') ?? '',
      packet: e.getAttribute('data-packet') ?? '',
      text: e.querySelector('.ev-pkt')?.textContent ?? '',
    })),
  );
}

/** The hosts of the namespaces (qrouter- unless said) the echo request was routed in. */
function routedOn(rows: Row[], prefix = 'qrouter-'): string[] {
  const echo = rows.find((r) => r.text.startsWith('echo request'))!.packet;
  return [
    ...new Set(rows.filter((r) => r.packet === echo && r.device.startsWith(prefix)).map((r) => r.host)),
  ];
}

async function ping(page: Page, sends: number, from = 'vm1'): Promise<void> {
  await page.locator('[data-testid="send-from"]').selectOption(from);
  await page.locator('[data-testid="send-to"]').fill('internet');
  await page.locator('[data-testid="send-go"]').click();
  await expect.poll(() => page.locator('[data-testid="ev-send"]').count(), { timeout: 15_000 }).toBe(sends);
  await expect
    .poll(() => page.locator('[data-testid="ev-send"]').last().textContent(), { timeout: 15_000 })
    .toContain('delivered');
}

describe('an HA router', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('fails over when the L3 agent on the active node stops: the next ping goes through the other node', async () => {
    const page = b.page;
    const { active, backup } = hosts();
    await page.getByTestId('file-menu').click();
    await page.getByRole('menuitem', { name: 'Example: L3 HA' }).click();
    await page.waitForSelector('[data-testid="host-network2"]');
    // the physical view draws both namespaces, one active, one standby
    await expect.poll(() => page.locator('.dev--qrouter', { hasText: 'HA' }).count()).toBe(2);
    await expect.poll(() => page.locator('.dev--ha-active').count()).toBe(1);
    await expect.poll(() => page.locator('.dev--ha-standby').count()).toBe(1);
    expect(await page.locator('.dev--ha-standby').textContent()).toContain('HA standby');
    expect(await page.locator('.dev--ha-active').getAttribute('title')).toContain(`on ${active}`);

    const events = page.getByRole('button', { name: /Events$/ });
    if ((await events.getAttribute('aria-expanded')) !== 'true') await events.click();
    await ping(page, 1);
    expect(routedOn(await lastFlowRows(page))).toEqual([active]);

    await page.getByRole('tab', { name: 'Faults' }).click();
    const panel = page.locator('[data-testid="faults-panel"]');
    await panel.locator('[data-testid="fault-kind"]').selectOption('l3-ha');
    expect(await panel.locator('[data-testid="fault-target"]').textContent()).toBe(
      `router1 (active on ${active})`,
    );
    await panel.locator('[data-testid="fault-apply"]').click();
    await expect
      .poll(() => panel.locator('[data-testid="faults-active"]').textContent())
      .toContain(`the l3 agent on ${active} is stopped`);

    await ping(page, 2);
    const rows = await lastFlowRows(page);
    expect(routedOn(rows)).toEqual([backup]);
    // the new active node announced the router's addresses before the ping went
    const garps = rows.filter((r) => r.text.startsWith('gratuitous ARP'));
    expect(garps.length).toBeGreaterThan(0);
    expect(garps[0]!.host).toBe(backup);
    expect(rows.findIndex((r) => r.text.startsWith('gratuitous ARP'))).toBeLessThan(
      rows.findIndex((r) => r.text.startsWith('echo request')),
    );
    // and the physical view says so: one namespace left, active, on the other node
    await expect.poll(() => page.locator('.dev--ha-standby').count()).toBe(0);
    expect(await page.locator('.dev--ha-active').getAttribute('title')).toContain(`on ${backup}`);
    expect(b.errors).toEqual([]);
  });

  it('a distributed HA router: its snat namespace fails over, the computes keep routing', async () => {
    const page = b.page;
    const { active, backup } = hosts('dvr-ha');
    await page.getByTestId('file-menu').click();
    await page.getByRole('menuitem', { name: 'Example: DVR HA' }).click();
    await page.waitForSelector('[data-testid="host-network2"]');
    // the snat namespaces carry the HA state; the qrouter namespaces, on every host, none
    await expect.poll(() => page.locator('.dev--snat.dev--ha-active').count()).toBe(1);
    await expect.poll(() => page.locator('.dev--snat.dev--ha-standby').count()).toBe(1);
    expect(await page.locator('.dev--qrouter.dev--ha-active').count()).toBe(0);
    expect(await page.locator('.dev--ha-active').getAttribute('title')).toContain(`on ${active}`);

    const events = page.getByRole('button', { name: /Events$/ });
    if ((await events.getAttribute('aria-expanded')) !== 'true') await events.click();
    const before = await page.locator('[data-testid="ev-send"]').count();
    // vm2 has no floating IP: routed on compute2, then SNATed in the active snat namespace
    await ping(page, before + 1, 'vm2');
    let rows = await lastFlowRows(page);
    expect(routedOn(rows)).toEqual(['compute2']);
    expect(rows.some((r) => r.device.startsWith('snat-') && r.host === active)).toBe(true);

    await page.getByRole('tab', { name: 'Faults' }).click();
    const panel = page.locator('[data-testid="faults-panel"]');
    await panel.locator('[data-testid="fault-kind"]').selectOption('l3-ha');
    expect(await panel.locator('[data-testid="fault-target"]').textContent()).toBe(
      `router1 (active on ${active})`,
    );
    await panel.locator('[data-testid="fault-apply"]').click();
    await expect
      .poll(() => panel.locator('[data-testid="faults-active"]').textContent())
      .toContain(`the l3 agent on ${active} is stopped`);

    await ping(page, before + 2, 'vm2');
    rows = await lastFlowRows(page);
    expect(routedOn(rows)).toEqual(['compute2']);
    expect(rows.some((r) => r.device.startsWith('snat-') && r.host === active)).toBe(false);
    const garps = rows.filter((r) => r.text.startsWith('gratuitous ARP'));
    expect(garps.length).toBeGreaterThan(0);
    // announced from the snat namespace that took over, before the ping
    expect(garps[0]!.host).toBe(backup);
    expect([...new Set(garps.filter((g) => g.device.startsWith('snat-')).map((g) => g.host))]).toEqual([
      backup,
    ]);
    expect(rows.findIndex((r) => r.text.startsWith('gratuitous ARP'))).toBeLessThan(
      rows.findIndex((r) => r.text.startsWith('echo request')),
    );
    await expect.poll(() => page.locator('.dev--snat.dev--ha-standby').count()).toBe(0);
    expect(await page.locator('.dev--snat.dev--ha-active').getAttribute('title')).toContain(`on ${backup}`);
    expect(b.errors).toEqual([]);
  });
});
