// Cloud L (100 hosts, 2,000 VMs, 200 networks, 50 routers) in the browser, used as a user would: opened
// from a file, its hosts drawn as summaries; a VM found by its name, an IP, a MAC or a device name is
// selected and brought into view; a send between two VMs, with path focus, shows only the hosts it
// visited. Speed is measured by scripts/bench-ui-canvas.ts, not here.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopology, Session, type Topology } from '../../src/sim';
import { generateCloud, PRESETS } from '../../src/sim/model/generate';
import { openApp } from './app';
import type { Browser } from './harness';

const raw = generateCloud(PRESETS.L);
const topo: Topology = (() => {
  const r = loadTopology(raw);
  if (!r.ok) throw new Error('cloud L does not load');
  return r.topology;
})();
const hostOf = (vm: string) => topo.servers.find((s) => s.name === vm)!.host;
const portOf = (vm: string) => {
  const s = topo.servers.find((x) => x.name === vm)!;
  return topo.ports.find((p) => p.device_id === s.id)!;
};

/** Whether the node's box lies within the canvas on screen. */
async function inView(page: Page, selector: string): Promise<boolean> {
  const node = await page.locator(selector).first().boundingBox();
  const pane = await page.locator('.react-flow').boundingBox();
  if (!node || !pane) return false;
  return (
    node.x >= pane.x &&
    node.y >= pane.y &&
    node.x + node.width <= pane.x + pane.width &&
    node.y + node.height <= pane.y + pane.height
  );
}

async function search(page: Page, text: string, expectLabel: string) {
  const box = page.getByRole('combobox', { name: 'Search the cloud' });
  await box.fill(text);
  // the hits of the search, not the options of the backend's select beside it
  const hits = page.getByRole('listbox', { name: 'Found' }).getByRole('option');
  await expect.poll(() => hits.first().textContent()).toContain(expectLabel);
  await box.press('Enter');
}

describe('cloud L in the browser', () => {
  let b: Browser;
  let page: Page;
  beforeAll(async () => {
    b = await openApp();
    page = b.page;
    await page.getByTestId('file-input').setInputFiles({
      name: 'L.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(raw)),
    });
    await page.waitForSelector('[data-testid="host-compute96"]', { timeout: 30_000 });
  });
  afterAll(async () => {
    await b.close();
  });

  it('draws its 100 hosts as summaries with their counts, no device inside them', async () => {
    await expect.poll(() => page.locator('.react-flow__node-host').count()).toBe(100);
    expect(await page.locator('.react-flow__node-host [data-device]').count()).toBe(0);
    const vms = topo.servers.filter((s) => s.host === 'compute7').length;
    const summary = await page.getByTestId('host-compute7').textContent();
    expect(summary).toContain(`${vms} VMs`);
    expect(summary).toMatch(/tunnels to \d+ hosts/);
  });

  it('fitted, far out: a summary keeps its name and VM count and drops its tunnel IP; the legend names a few networks', async () => {
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await expect.poll(() => page.locator('.react-flow').getAttribute('class')).toContain('is-far');
    const host = page.getByTestId('host-compute7');
    await expect.poll(() => host.locator('.host__tep').isVisible()).toBe(false);
    expect(await host.locator('.host__name').isVisible()).toBe(true);
    expect(await host.locator('.host__counts').isVisible()).toBe(true);
    // 201 networks would cover the canvas: 8 are named, the rest offered
    expect(await page.locator('.legend__net').count()).toBe(8);
    await expect(page.locator('.legend__more').textContent()).resolves.toBe(
      `${topo.networks.length - 8} more networks`,
    );
    // at 1280x800 the legend wraps onto two rows: the fit leaves it room, no host is under it
    const legend = (await page.locator('.legend').boundingBox())!;
    expect(legend.height).toBeGreaterThan(60);
    await expect
      .poll(async () => {
        const boxes = await page
          .locator('.react-flow__node-host')
          .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
        return boxes.filter(
          (h) =>
            h.left < legend.x + legend.width &&
            legend.x < h.right &&
            h.top < legend.y + legend.height &&
            legend.y < h.bottom,
        ).length;
      })
      .toBe(0);
  });

  it('finds a VM by its name: selected, its host opened, in view', async () => {
    await search(page, 'vm1234', 'vm1234');
    const vm = '[data-testid="device-vm1234"]';
    await expect.poll(() => page.locator(vm).getAttribute('class')).toContain('is-selected');
    await expect.poll(() => inView(page, vm)).toBe(true);
    // its host is open: its bridges are drawn
    expect(await page.locator(`.react-flow__node[data-id="${hostOf('vm1234')}|br-int"]`).count()).toBe(1);
  });

  it('finds a VM by an IP and by a MAC of its port', async () => {
    const ip = portOf('vm321').fixed_ips[0]!.ip_address;
    await search(page, ip, 'vm321');
    await expect
      .poll(() => page.locator('[data-testid="device-vm321"]').getAttribute('class'))
      .toContain('is-selected');
    await expect.poll(() => inView(page, '[data-testid="device-vm321"]')).toBe(true);
    const mac = portOf('vm1777').mac_address;
    await search(page, mac.toUpperCase(), 'vm1777');
    await expect
      .poll(() => page.locator('[data-testid="device-vm1777"]').getAttribute('class'))
      .toContain('is-selected');
    await expect.poll(() => inView(page, '[data-testid="device-vm1777"]')).toBe(true);
  });

  it('finds a device by its name: the qvo of a VM, its chain unfolded', async () => {
    const qvo = `qvo${portOf('vm888').id.slice(0, 11)}`;
    await search(page, qvo, qvo);
    const sel = `[data-testid="device-${qvo}"]`;
    await expect.poll(() => page.locator(sel).getAttribute('class')).toContain('is-selected');
    await expect.poll(() => inView(page, sel)).toBe(true);
  });

  it('with path focus, shows only the hosts a send between two VMs visited', async () => {
    // two VMs of one network on two hosts: the ping crosses the one tunnel between their hosts
    // (neutron-facts §2); its ARP request also floods, with l2population, to every host with a port on
    // that network, where the copies are discarded, as the event list hides them by default
    const a = topo.servers.find((s) => s.name === 'vm10')!;
    const net = portOf('vm10').network_id;
    const b2 = topo.servers.find(
      (s) => s.host !== a.host && topo.ports.some((p) => p.device_id === s.id && p.network_id === net),
    )!;
    const session = new Session();
    session.load(raw);
    const r = session.send({ from: a.name, to: b2.name });
    if (!r.ok) throw new Error(r.error);
    expect(r.trace.verdict).toBe('delivered');
    const reached = new Set(r.trace.hops.map((h) => h.host).filter((h): h is string => !!h));
    expect(reached.size).toBeGreaterThan(2);
    expect(reached.size).toBeLessThan(100);
    const shownHosts = () =>
      page
        .locator('.react-flow__node-host [data-testid^="host-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('host-', '')).sort());

    await page.locator('[data-testid="send-from"]').selectOption(a.name);
    await page.locator('[data-testid="send-to"]').fill(b2.name);
    await page.locator('[data-testid="send-go"]').click();
    await expect
      .poll(() => page.getByTestId('flow-1').textContent(), { timeout: 20_000 })
      .toContain('delivered');
    await page.getByRole('button', { name: 'Path focus' }).click();
    await expect.poll(shownHosts).toEqual([a.host, b2.host].sort());
    await expect(page.getByTestId('path-focus-said').textContent()).resolves.toContain('2 of 100 hosts');
    // both VMs are drawn, and the tunnel between their hosts
    expect(await page.locator(`[data-testid="device-${a.name}"]`).count()).toBe(1);
    expect(await page.locator(`[data-testid="device-${b2.name}"]`).count()).toBe(1);
    const tunnel = `tunnel:${[a.host, b2.host].sort().join('~')}`;
    expect(await page.locator(`.react-flow__edge[data-id="${tunnel}"]`).count()).toBe(1);
    // with the discarded copies shown, every host the flood reached
    await page.getByLabel('show discarded copies').check();
    await expect.poll(shownHosts).toEqual([...reached].sort());
    await page.getByLabel('show discarded copies').uncheck();
    // off again: every host is back
    await page.getByRole('button', { name: 'Path focus' }).click();
    await expect.poll(() => page.locator('.react-flow__node-host').count()).toBe(100);
  });
});
