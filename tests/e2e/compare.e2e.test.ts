// The backend switch, a router's type and the compare view as a user meets them (issue 14 points 6 and
// 7, issue 15 points 5 and 6): switch the demo to ML2/OVN from the top and undo it; a switch the core
// refuses says the field and value and changes nothing; make the L3 HA example's router legacy in its
// form, send, make it HA again and send again; open the compare view, pick variants and read that the
// legacy router crosses network1 twice and OVN not at all.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

const noticeText = (p: Page) => p.locator('.notices').textContent();
const count = (p: Page, role: string) => p.locator(`.dev--${role}`).count();

async function send(p: Page, from: string, to: string, sends: number): Promise<void> {
  await p.getByTestId('send-from').selectOption(from);
  await p.getByTestId('send-to').fill(to);
  await p.getByTestId('send-go').click();
  await expect.poll(() => p.locator('[data-testid="ev-send"]').count(), { timeout: 15_000 }).toBe(sends);
  await expect
    .poll(() => p.locator('[data-testid="ev-send"]').last().textContent(), { timeout: 15_000 })
    .toContain('delivered');
}

/** The hosts of the router namespaces the newest send's rows passed. */
async function routedOn(p: Page): Promise<string[]> {
  const flow = await p.locator('[data-testid="ev-send"]').last().getAttribute('data-flow');
  const rows = await p.$$eval(`.ev-row[data-flow="${flow}"]`, (els) =>
    els.map((e) => ({
      host: e.getAttribute('data-host') ?? '',
      device: e.getAttribute('data-device') ?? '',
    })),
  );
  return [...new Set(rows.filter((r) => r.device.startsWith('qrouter-')).map((r) => r.host))].sort();
}

describe('the backend, from the top of the view', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
  });
  afterAll(async () => {
    await b.close();
  });

  it('switches the demo to ML2/OVN: no qbr or qrouter any more; undo brings them back', async () => {
    const backend = p.getByTestId('backend');
    expect(await backend.inputValue()).toBe('ovs-hybrid');
    expect(await count(p, 'qbr')).toBe(2);
    await backend.selectOption({ label: 'ML2/OVN' });
    await expect.poll(() => noticeText(p)).toContain('The cloud now runs ML2/OVN');
    await expect.poll(() => count(p, 'qbr')).toBe(0);
    expect(await count(p, 'qrouter')).toBe(0);
    expect(await backend.inputValue()).toBe('ovn');
    await p.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(() => count(p, 'qbr')).toBe(2);
    expect(await count(p, 'qrouter')).toBe(1);
    expect(await backend.inputValue()).toBe('ovs-hybrid');
    // and the openvswitch firewall: the taps straight on br-int, the router where it was
    await backend.selectOption({ label: 'ML2/OVS + openvswitch firewall' });
    await expect.poll(() => count(p, 'qbr')).toBe(0);
    expect(await count(p, 'qrouter')).toBe(1);
    await p.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(() => count(p, 'qbr')).toBe(2);
  });

  it('a switch the core refuses names the field and value, and the cloud stays as it was', async () => {
    // an MTU that fits VXLAN (1450) and not Geneve (1442)
    const doc = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
    doc.networks.find((n: { name: string }) => n.name === 'net1').mtu = 1448;
    const loaded = await p.evaluate(
      (d) => (window as unknown as { __neutron: { load(j: unknown): Promise<unknown> } }).__neutron.load(d),
      doc,
    );
    expect(loaded).toBeNull();
    await p.getByTestId('backend').selectOption({ label: 'ML2/OVN' });
    await expect.poll(() => noticeText(p)).toMatch(/Not changed: .*MTU.*net1.*1448.*geneve/i);
    expect(await p.getByTestId('backend').inputValue()).toBe('ovs-hybrid');
    expect(await count(p, 'qbr')).toBe(2);
    expect(b.errors).toEqual([]);
  });

  it('legacy against distributed: legacy crosses the network node twice, DVR not at all', async () => {
    await p.getByTestId('compare-open').click();
    const view = p.getByTestId('compare-view');
    // legacy and distributed routers under the cloud's own backend, whatever was chosen before
    const want = new Set(['legacy', 'distributed', 'ML2/OVS + iptables_hybrid']);
    for (const name of [
      'legacy',
      'distributed',
      'HA',
      'distributed + HA',
      'ML2/OVS + iptables_hybrid',
      'ML2/OVS + openvswitch firewall',
      'ML2/OVN',
    ]) {
      const button = view.getByRole('button', { name, exact: true });
      if ((await button.getAttribute('aria-pressed')) !== String(want.has(name))) await button.click();
    }
    await expect.poll(() => view.getByTestId('compare-go').textContent()).toBe('Compare 2 variants');
    await view.getByTestId('compare-go').click();
    const table = view.getByTestId('compare-table');
    await expect
      .poll(() => table.locator('tr[data-row="network"] td').allTextContents())
      .toEqual(['crossed 2× (network1)', 'not crossed']);
    const routed = await table.locator('tr[data-row="routing"] td').allTextContents();
    expect(routed[1]).toContain('compute1 qrouter-');
    expect(routed[1]).not.toContain('network1');
    await p.keyboard.press('Escape');
    expect(b.errors).toEqual([]);
  });
});

describe("a router's type, in its form", () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
  });
  afterAll(async () => {
    await b.close();
  });

  it('HA to legacy and back: the physical view rebuilds, and the same send goes through one, then the active, router', async () => {
    await p.getByTestId('file-menu').click();
    await p.getByRole('menuitem', { name: 'Example: L3 HA' }).click();
    await p.waitForSelector('[data-testid="host-network2"]');
    await expect.poll(() => count(p, 'qrouter')).toBe(2);
    const events = p.getByRole('button', { name: /Events$/ });
    if ((await events.getAttribute('aria-expanded')) !== 'true') await events.click();
    await send(p, 'vm1', 'vm2', 1);
    const active = await routedOn(p);
    expect(active).toHaveLength(1);

    await p.getByTestId('edit-toggle').click();
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.getByTestId('router-router1').click();
    const type = p.getByTestId('form-router').getByTestId('field-router-type');
    expect(await type.inputValue()).toBe('ha');
    await type.selectOption({ label: 'legacy' });
    await expect.poll(() => type.inputValue()).toBe('legacy');
    await p.getByRole('button', { name: 'Physical' }).click();
    await expect.poll(() => count(p, 'qrouter')).toBe(1);
    expect(await p.locator('.dev--qrouter', { hasText: 'HA' }).count()).toBe(0);
    await send(p, 'vm1', 'vm2', 2);
    expect(await routedOn(p)).toHaveLength(1);

    await p.getByRole('button', { name: 'Logical' }).click();
    await p.getByTestId('router-router1').click();
    await type.selectOption({ label: 'HA' });
    await p.getByRole('button', { name: 'Physical' }).click();
    await expect.poll(() => count(p, 'qrouter')).toBe(2);
    await send(p, 'vm1', 'vm2', 3);
    expect(await routedOn(p)).toEqual(active);
    expect(b.errors).toEqual([]);
  });

  it('a type the core refuses is said under the field, and nothing changes', async () => {
    // the demo has one network host: HA needs two
    await p.getByTestId('file-menu').click();
    await p.getByTestId('new-default').click();
    await p.waitForSelector('[data-testid="host-compute1"]');
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.getByTestId('router-router1').click();
    const type = p.getByTestId('form-router').getByTestId('field-router-type');
    await type.selectOption({ label: 'HA' });
    const error = p.locator('[data-testid="form-router"] .field.has-error .field__error');
    await expect
      .poll(() => error.textContent())
      .toMatch(/router router1 is highly available.*only network1 does/);
    expect(await type.inputValue()).toBe('legacy');
    await p.getByRole('button', { name: 'Physical' }).click();
    expect(await count(p, 'qrouter')).toBe(1);
  });
});

describe('the compare view', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
  });
  afterAll(async () => {
    await b.close();
  });

  it('vm1 -> vm2 under legacy and HA routers and ML2/OVN: the difference at a glance, the cloud untouched', async () => {
    await p.getByTestId('send-from').selectOption('vm1');
    await p.getByTestId('send-to').fill('vm2');
    await p.getByTestId('compare-open').click();
    const view = p.getByTestId('compare-view');
    expect(await view.getByTestId('compare-from').inputValue()).toBe('vm1');
    expect(await view.getByTestId('compare-to').inputValue()).toBe('vm2');
    // legacy and HA routers, under the cloud's backend and under OVN
    await view.getByRole('button', { name: 'distributed', exact: true }).click();
    await view.getByRole('button', { name: 'ML2/OVS + iptables_hybrid', exact: true }).click();
    await view.getByRole('button', { name: 'ML2/OVN', exact: true }).click();
    await expect.poll(() => view.getByTestId('compare-go').textContent()).toBe('Compare 4 variants');
    await view.getByTestId('compare-go').click();
    const table = view.getByTestId('compare-table');
    await table.waitFor();
    const heads = await table.locator('thead th').allTextContents();
    expect(heads.map((h) => h.replace(/(delivered|refused).*$/, ''))).toEqual([
      'legacy routers, ML2/OVS + iptables_hybridthe others are set against this one',
      'HA routers, ML2/OVS + iptables_hybrid',
      'legacy routers, ML2/OVN',
      'HA routers, ML2/OVN',
    ]);
    const network = await table.locator('tr[data-row="network"] td').allTextContents();
    expect(network[0]).toBe('crossed 2× (network1)');
    expect(network[1]).toMatch(/routers\[0\]\.ha = true: router router1 is highly available/);
    expect(network[2]).toBe('not crossed');
    // the OVN cell is marked as reading otherwise than the first
    expect(await table.locator('tr[data-row="network"] td.changed').allTextContents()).toEqual([
      'not crossed',
    ]);
    const tunnels = await table.locator('tr[data-row="tunnels"] td').allTextContents();
    expect(tunnels[0]).toContain('VXLAN VNI 101 compute1 → network1, VXLAN VNI 102 network1 → compute2');
    expect(tunnels[1]).toMatch(/Geneve key \d+ compute1 → compute2/);
    const routed = await table.locator('tr[data-row="routing"] td').allTextContents();
    expect(routed[0]).toContain('network1 qrouter-');
    expect(routed[1]).toContain('compute1 br-int: logical router router1');
    const filtered = await table.locator('tr[data-row="filtering"] td').allTextContents();
    expect(filtered[0]).toContain('compute1 qbr');
    expect(filtered[1]).toContain('ACL of security group default');

    // the cloud is as it was: no step to undo, no send in the event list, the same backend
    await p.keyboard.press('Escape');
    await expect.poll(() => view.count()).toBe(0);
    expect(await p.getByTestId('backend').inputValue()).toBe('ovs-hybrid');
    expect(await p.getByRole('button', { name: /^Undo/ }).isDisabled()).toBe(true);
    expect(await p.locator('[data-testid="ev-send"]').count()).toBe(0);
    expect(b.errors).toEqual([]);
  });
});
