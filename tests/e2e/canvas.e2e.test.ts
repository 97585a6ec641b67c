// The canvas as a newcomer meets it: the article's cloud, drawn with every device under its real name.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopologyText, type Topology } from '../../src/sim';
import { deviceNames, openApp } from './app';
import type { Browser } from './harness';

const topo: Topology = (() => {
  const r = loadTopologyText(readFileSync('examples/two-networks-one-router.json', 'utf8'));
  if (!r.ok) throw new Error('example does not load');
  return r.topology;
})();
const hex = (ip: string) =>
  ip
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .join('');

describe('the default scenario', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('draws every device of the article under its real name, with no console errors', async () => {
    const names = new Set(await deviceNames(b));
    const router = topo.routers[0]!;
    const expected = ['vm1', 'vm2', 'br-int', 'br-tun', 'br-ex', `qrouter-${router.id}`];
    for (const p of topo.ports) {
      const id = p.id.slice(0, 11);
      if (p.device_owner === 'compute:nova')
        for (const pre of ['tap', 'qbr', 'qvb', 'qvo']) expected.push(`${pre}${id}`);
      if (p.device_owner === 'network:router_interface') expected.push(`qr-${id}`);
      if (p.device_owner === 'network:router_gateway') expected.push(`qg-${id}`);
      if (p.device_owner === 'network:dhcp') expected.push(`tap${id}`, `qdhcp-${p.network_id}`);
    }
    const ip = (h: string) => topo.hosts.find((x) => x.name === h)!.tunnel_ip;
    expected.push(
      `vxlan-${hex(ip('network1'))}`,
      `vxlan-${hex(ip('compute1'))}`,
      `vxlan-${hex(ip('compute2'))}`,
    );
    for (const n of expected) expect(names, n).toContain(n);
    for (const h of ['compute1', 'compute2', 'network1'])
      expect(await b.page.locator(`[data-testid="host-${h}"]`).count()).toBe(1);
    await expect(b.page.locator('.edge-label--tunnel').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['VNI 101', 'VNI 102']),
    );
    expect(b.errors).toEqual([]);
  });
});

describe('exploring the canvas', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });
  const vm1port = topo.ports.find((p) => p.name === 'vm1-port')!.id.slice(0, 11);

  it('folds and unfolds a VM chain with a click', async () => {
    const qbr = b.page.locator(`[data-device="qbr${vm1port}"]`);
    await expect(qbr.count()).resolves.toBe(1);
    await b.page.locator('[data-device="vm1"]').click();
    await expect.poll(() => qbr.count()).toBe(0);
    await expect(b.page.locator('[data-device="vm1"]').textContent()).resolves.toContain('tap·qbr·qvb·qvo');
    await b.page.locator('[data-device="vm1"]').click();
    await expect.poll(() => qbr.count()).toBe(1);
  });

  it("shows br-tun's flows and the qrouter's routes in the inspector", async () => {
    await b.page.locator('.react-flow__node[data-id="compute1|br-tun"]').click();
    const inspector = b.page.locator('[data-testid="inspector"]');
    await expect.poll(() => inspector.textContent()).toContain('ovs-ofctl dump-flows br-tun');
    const flows = await inspector.locator('[data-section="Flows"] pre').textContent();
    expect(flows).toContain('table=4, priority=1,tun_id=0x65 actions=mod_vlan_vid:1,resubmit(,10)');
    expect(flows).toContain(
      'table=22, priority=1,dl_vlan=1 actions=strip_vlan,load:0x65->NXM_NX_TUN_ID[],output:"vxlan-0a00010b"',
    );
    const router = topo.routers[0]!;
    await b.page.locator(`[data-device="qrouter-${router.id}"]`).click();
    await expect
      .poll(() => inspector.locator('[data-section="Routes"] pre').textContent())
      .toContain('default via 172.24.4.1 dev qg-');
    const routes = await inspector.locator('[data-section="Routes"] pre').textContent();
    expect(routes).toContain('192.168.1.0/24 dev qr-');
    expect(routes).toContain('192.168.2.0/24 dev qr-');
  });

  it('keeps the selection when switching views', async () => {
    await b.page.locator('[data-device="vm2"]').click();
    await b.page.getByRole('button', { name: 'Logical' }).click();
    await b.page.waitForSelector('[data-testid="server-vm2"]');
    await expect
      .poll(() => b.page.locator('.react-flow__node.selected [data-testid="server-vm2"]').count())
      .toBe(1);
    await b.page.locator('[data-testid="router-router1"]').click();
    await b.page.getByRole('button', { name: 'Physical' }).click();
    const router = topo.routers[0]!;
    await expect
      .poll(() => b.page.locator(`.react-flow__node.selected [data-device="qrouter-${router.id}"]`).count())
      .toBe(1);
    expect(b.errors).toEqual([]);
  });

  it('shows every address on the logical view’s wires whole, clear of the nodes and network bars', async () => {
    const page = b.page;
    await page.getByRole('button', { name: 'Logical' }).click();
    try {
      await page.waitForSelector('[data-testid="router-router1"]');
      // the router's gateway and its two interfaces
      await expect
        .poll(() => page.locator('.edge-label').allTextContents())
        .toEqual(
          expect.arrayContaining(['192.168.1.1', '192.168.2.1', expect.stringMatching(/^172\.24\.4\./)]),
        );
      const covered = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('.react-flow__node')].map((n) =>
          n.getBoundingClientRect(),
        );
        return [...document.querySelectorAll('.edge-label')].flatMap((l) => {
          const r = l.getBoundingClientRect();
          const hit = boxes.some(
            (n) =>
              r.left < n.right - 1 && n.left + 1 < r.right && r.top < n.bottom - 1 && n.top + 1 < r.bottom,
          );
          return hit ? [l.textContent] : [];
        });
      });
      expect(covered).toEqual([]);
    } finally {
      await page.getByRole('button', { name: 'Physical' }).click();
    }
  });

  it('recovers when the simulation worker dies, with the cloud intact', async () => {
    const before = (await deviceNames(b)).sort();
    await b.page.locator('.react-flow__node[data-id="network1|br-int"]').click();
    await b.page.evaluate(() =>
      (window as unknown as { __neutronSim: { kill(): void } }).__neutronSim.kill(),
    );
    await expect
      .poll(() => b.page.locator('.notice').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('your cloud is back')]));
    expect((await deviceNames(b)).sort()).toEqual(before);
    await b.page.locator('.react-flow__node[data-id="compute2|br-tun"]').click();
    await expect
      .poll(() => b.page.locator('[data-testid="inspector"] [data-section="Flows"] pre').textContent())
      .toContain('tun_id=0x66');
    expect(b.errors).toEqual([]);
  });
});

describe('the view as the user left it', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('keeps a moved node where it was put, and the theme, across a reload', async () => {
    const page = b.page;
    const node = page.locator('.react-flow__node[data-id="host:compute2"]');
    const before = (await node.boundingBox())!;
    await page.mouse.move(before.x + 40, before.y + 12);
    await page.mouse.down();
    await page.mouse.move(before.x + 140, before.y + 72, { steps: 8 });
    await page.mouse.up();
    const moved = (await node.boundingBox())!;
    expect(moved.x - before.x).toBeGreaterThan(50);
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    // the layout is saved shortly after a change: wait until it is, with the theme in it
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('neutron-explorer:layout:v1') ?? ''))
      .toContain('"theme":"dark"');
    await page.reload();
    await page.waitForSelector('[data-testid="host-compute1"]');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    // relative to compute1, which did not move, compute2 stays where it was dropped
    const a = (await page.locator('.react-flow__node[data-id="host:compute1"]').boundingBox())!;
    const c = (await node.boundingBox())!;
    // hosts start on one row (the same y); compute2 was dropped lower, and stays lower
    expect(c.y - a.y).toBeGreaterThan(20);
  });
});

describe('a cloud of four hosts, two rows high', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
    await b.page.getByTestId('file-menu').click();
    await b.page.getByTestId('new-two-projects-floating-ips').click();
    await b.page.waitForSelector('.react-flow__node[data-id="host:network2"]');
  });
  afterAll(async () => {
    await b.close();
  });

  /** The canvas nodes that lie under an element floating over the canvas. */
  const nodesUnder = (page: Browser['page'], selector: string) =>
    page.evaluate((sel) => {
      const over = document.querySelector(sel)!.getBoundingClientRect();
      return [...document.querySelectorAll('.react-flow__node')]
        .filter((n) => {
          const r = n.getBoundingClientRect();
          return r.left < over.right && over.left < r.right && r.top < over.bottom && over.top < r.bottom;
        })
        .map((n) => n.getAttribute('data-id'));
    }, selector);

  it('fits the whole cloud above the legend, and shows no overview while all of it is on screen', async () => {
    const page = b.page;
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await expect.poll(() => nodesUnder(page, '.legend')).toEqual([]);
    expect(await page.locator('.overview').count()).toBe(0);
    // the outside world, drawn lowest, is on screen
    const internet = (await page.locator('.react-flow__node[data-id^="outside:"]').first().boundingBox())!;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    expect(internet.y + internet.height).toBeLessThanOrEqual(pane.y + pane.height);
  });

  it('shows the overview once part of the cloud is off screen; a click on it moves the view', async () => {
    const page = b.page;
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
    await expect.poll(() => page.locator('.overview').count()).toBe(1);
    const viewport = () =>
      page.evaluate(() => getComputedStyle(document.querySelector('.react-flow__viewport')!).transform);
    const before = await viewport();
    const map = (await page.locator('.overview').boundingBox())!;
    await page.mouse.click(map.x + map.width * 0.9, map.y + map.height * 0.9);
    await expect.poll(viewport).not.toBe(before);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await expect.poll(() => page.locator('.overview').count()).toBe(0);
  });

  it('names every bridge in full, even where br-tun and br-ex share a row', async () => {
    const cut = await b.page.evaluate(() =>
      [...document.querySelectorAll('.dev--br-int, .dev--br-tun, .dev--br-phys')]
        .map((d) => d.querySelector('.dev__name') as HTMLElement)
        .filter((n) => n.scrollWidth > n.clientWidth)
        .map((n) => n.textContent),
    );
    expect(await b.page.locator('.dev--br-phys').count()).toBeGreaterThan(0);
    expect(cut).toEqual([]);
  });
});
