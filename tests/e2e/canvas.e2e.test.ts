// The canvas as a newcomer meets it: the article's cloud, drawn with every device under its real name.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
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
const ip = (h: string, t: Topology = topo) => t.hosts.find((x) => x.name === h)!.tunnel_ip;
const example = (name: string): Topology => {
  const r = loadTopologyText(readFileSync(`examples/${name}.json`, 'utf8'));
  if (!r.ok) throw new Error(`${name} does not load`);
  return r.topology;
};

/** Types a line into the terminal as a user does; returns the lines it printed. */
async function typeLine(page: Page, line: string): Promise<string[]> {
  const terminal = page.locator('[data-testid="terminal"]');
  await page.waitForSelector('[data-testid="terminal-input"]');
  const n = Number(await terminal.getAttribute('data-done'));
  const before = await page.locator('[data-testid="terminal-log"] > [data-kind]').count();
  await page.locator('[data-testid="terminal-input"]').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (k) => Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-done')) > k,
    n,
  );
  const out = await page.$$eval('[data-testid="terminal-log"] > [data-kind="out"]', (els) =>
    els.map((e) => ({ i: [...(e.parentElement?.children ?? [])].indexOf(e), text: e.textContent ?? '' })),
  );
  return out
    .filter((o) => o.i > before)
    .flatMap((o) => o.text.split('\n'))
    .filter(Boolean);
}

interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface DrawnTunnel {
  id: string;
  /** points along the drawn path every 2 units of its length, in screen pixels */
  pts: { x: number; y: number }[];
}

/** Every tunnel's drawn path, read with getPointAtLength, and the boxes of the VXLAN port nodes. */
async function tunnelPaths(b: Browser): Promise<{ tunnels: DrawnTunnel[]; ports: Record<string, Rect> }> {
  return b.page.evaluate(() => {
    const ports: Record<string, Rect> = {};
    for (const n of document.querySelectorAll('.react-flow__node'))
      if (n.querySelector('.dev--vxlan')) {
        const r = n.getBoundingClientRect();
        ports[n.getAttribute('data-id') ?? ''] = {
          left: r.left,
          right: r.right,
          top: r.top,
          bottom: r.bottom,
        };
      }
    const tunnels = [...document.querySelectorAll<SVGPathElement>('path[id^="edge-path-tunnel:"]')].map(
      (p) => {
        const m = p.getScreenCTM()!;
        const len = p.getTotalLength();
        const pts: { x: number; y: number }[] = [];
        for (let l = 0; l < len + 2; l += 2) {
          const q = p.getPointAtLength(Math.min(l, len)).matrixTransform(m);
          pts.push({ x: q.x, y: q.y });
        }
        return { id: p.id.slice('edge-path-'.length), pts };
      },
    );
    return { tunnels, ports };
  });
}

const inside = (p: { x: number; y: number }, r: Rect, by: number) =>
  p.x > r.left - by && p.x < r.right + by && p.y > r.top - by && p.y < r.bottom + by;

/**
 * A tunnel between hosts A and B starts at A's port toward B (vxlan-<B's tunnel IP in hex>) and ends
 * at B's port toward A, and no point of it lies in another VXLAN port's box.
 */
function expectOwnPorts(drawn: { tunnels: DrawnTunnel[]; ports: Record<string, Rect> }, t: Topology) {
  expect(drawn.tunnels.length).toBeGreaterThan(0);
  for (const tunnel of drawn.tunnels) {
    const [ha, hb] = tunnel.id.replace('tunnel:', '').split('~') as [string, string];
    const own = [`${ha}|vxlan-${hex(ip(hb, t))}`, `${hb}|vxlan-${hex(ip(ha, t))}`];
    const [pa, pb] = own.map((id) => drawn.ports[id]);
    expect(pa && pb, `${tunnel.id}: ports ${own.join(', ')} drawn`).toBeTruthy();
    const first = tunnel.pts[0]!;
    const last = tunnel.pts[tunnel.pts.length - 1]!;
    const startsAtOwn =
      (inside(first, pa!, 1.5) && inside(last, pb!, 1.5)) ||
      (inside(first, pb!, 1.5) && inside(last, pa!, 1.5));
    expect(startsAtOwn, `${tunnel.id} runs from ${own[0]} to ${own[1]}`).toBe(true);
    for (const [id, r] of Object.entries(drawn.ports)) {
      if (own.includes(id)) continue;
      const hit = tunnel.pts.find((p) => inside(p, r, -1));
      expect(hit, `${tunnel.id} passes behind ${id}`).toBeUndefined();
    }
  }
}

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
    expected.push(
      `vxlan-${hex(ip('network1'))}`,
      `vxlan-${hex(ip('compute1'))}`,
      `vxlan-${hex(ip('compute2'))}`,
    );
    for (const n of expected) expect(names, n).toContain(n);
    for (const h of ['compute1', 'compute2', 'network1'])
      expect(await b.page.locator(`[data-testid="host-${h}"]`).count()).toBe(1);
    // edges come a frame or more after the nodes React Flow measures
    await expect
      .poll(() => b.page.locator('.edge-label--tunnel').allTextContents())
      .toEqual(expect.arrayContaining(['VNI 101', 'VNI 102']));
    expect(b.errors).toEqual([]);
  });
  it('draws the patch ports, int-br-ex/phy-br-ex and the host NICs, named as ovs-vsctl show and ip addr name them', async () => {
    const page = b.page;
    /** the chips drawn on a bridge node */
    const chips = (id: string) =>
      page.$$eval(`.react-flow__node[data-id="${id}"] [data-port]`, (els) =>
        els.map((e) => e.getAttribute('data-port') ?? ''),
      );
    for (const h of ['compute1', 'compute2', 'network1']) {
      expect(await chips(`${h}|br-int`), h).toContain('patch-tun');
      expect(await chips(`${h}|br-tun`), h).toEqual(['patch-int']);
      // the underlay NIC with the host's tunnel IP
      const nic = page.locator(`[data-testid="nic-${h}-eth0"]`);
      await expect(nic.textContent()).resolves.toBe(`eth0${ip(h)}/24`);
    }
    expect((await chips('network1|br-int')).sort()).toEqual(['int-br-ex', 'patch-tun']);
    const brEx = await chips('network1|br-ex');
    expect(brEx).toContain('phy-br-ex');
    // the compute hosts have no provider bridge, so no int-br-ex either
    expect(await chips('compute1|br-int')).toEqual(['patch-tun']);
    // the links end on the chips: a packet crossing from br-int to br-tun (or br-ex) follows the drawn
    // path of the edge between the two bridges, from one chip to the other
    const ends = (edge: string, from: string, to: string) =>
      page.evaluate(
        ([e, f, t]) => {
          const path = document.getElementById(`edge-path-${e}`) as unknown as SVGPathElement;
          const m = path.getScreenCTM()!;
          const a = path.getPointAtLength(0).matrixTransform(m);
          const z = path.getPointAtLength(path.getTotalLength()).matrixTransform(m);
          const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
          const near = (p: DOMPoint, r: DOMRect) =>
            p.x > r.left - 1.5 && p.x < r.right + 1.5 && p.y > r.top - 1.5 && p.y < r.bottom + 1.5;
          const [rf, rt] = [box(f!), box(t!)];
          return (near(a, rf) && near(z, rt)) || (near(a, rt) && near(z, rf));
        },
        [edge, from, to],
      );
    for (const h of ['compute1', 'network1'])
      await expect(
        ends(
          `e:${h}|br-int--${h}|br-tun`,
          `.react-flow__node[data-id="${h}|br-int"] [data-port="patch-tun"]`,
          `.react-flow__node[data-id="${h}|br-tun"] [data-port="patch-int"]`,
        ),
        h,
      ).resolves.toBe(true);
    await expect(
      ends(
        'e:network1|br-ex--network1|br-int',
        '.react-flow__node[data-id="network1|br-int"] [data-port="int-br-ex"]',
        '.react-flow__node[data-id="network1|br-ex"] [data-port="phy-br-ex"]',
      ),
    ).resolves.toBe(true);

    // the terminal on network1 names the same ports and NICs
    await page.getByRole('tab', { name: 'Terminal' }).click();
    const show = await typeLine(page, 'ovs-vsctl show');
    const ports: Record<string, string[]> = {};
    let bridge = '';
    for (const [i, line] of show.entries()) {
      const br = /^ {4}Bridge (\S+)$/.exec(line);
      if (br) bridge = br[1]!;
      const port = /^ {8}Port (\S+)$/.exec(line);
      if (!port) continue;
      const type = /^ {16}type: (\S+)$/.exec(show[i + 2] ?? '')?.[1] ?? 'system';
      // patch ports everywhere, and the system port of br-ex: the NIC (a system port of br-int is a qvo)
      if (type === 'patch' || (type === 'system' && bridge === 'br-ex'))
        ports[bridge] = [...(ports[bridge] ?? []), port[1]!];
    }
    expect((await chips('network1|br-int')).sort()).toEqual(ports['br-int']!.sort());
    expect(await chips('network1|br-tun')).toEqual(ports['br-tun']);
    expect(brEx.sort()).toEqual(ports['br-ex']!.sort());
    const addr = (await typeLine(page, 'ip -4 addr show eth0')).join('\n');
    expect(addr).toContain(`inet ${ip('network1')}/24 `);
    await page.getByRole('tab', { name: 'Inspector' }).click();
    expect(b.errors).toEqual([]);
  });

  it('runs each tunnel from its own VXLAN port, never behind another one', async () => {
    const drawn = await tunnelPaths(b);
    // l2population: compute1 and compute2 share no network, so each has a tunnel to network1 only
    expect(drawn.tunnels.map((t) => t.id).sort()).toEqual([
      'tunnel:compute1~network1',
      'tunnel:compute2~network1',
    ]);
    expectOwnPorts(drawn, topo);
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

  it('selects a VM on a click without folding anything; its own button folds and shows the chain', async () => {
    const page = b.page;
    const qbr = page.locator(`[data-device="qbr${vm1port}"]`);
    const drawn = () => page.locator('.react-flow__node [data-device]').count();
    await expect(qbr.count()).resolves.toBe(1);
    const before = await drawn();
    // a click on the VM's name: the inspector shows it, the chain stays as it was
    await page.locator('[data-device="vm1"] .dev__name').click();
    await expect.poll(() => page.locator('.react-flow__node.selected [data-device="vm1"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="inspector"]').textContent()).toContain('vm1');
    await page.waitForTimeout(300);
    expect(await drawn()).toBe(before);
    expect(await qbr.count()).toBe(1);
    // the fold button: at least 24 px to hit (at 100 % zoom), says what it does, and folds the four
    // devices into the VM
    const fold = page.getByRole('button', { name: /^Fold the tap, qbr, qvb and qvo of vm1$/ });
    const box = (await fold.boundingBox())!;
    const zoom = await page.evaluate(
      () => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a,
    );
    expect(box.height / zoom).toBeGreaterThanOrEqual(24);
    expect(box.width / zoom).toBeGreaterThanOrEqual(24);
    await expect(fold.getAttribute('aria-expanded')).resolves.toBe('true');
    await fold.click();
    await expect.poll(() => qbr.count()).toBe(0);
    expect(await drawn()).toBe(before - 4);
    await expect(page.locator('[data-testid="fold-vm1"]').textContent()).resolves.toBe('▸');
    const show = page.getByRole('button', { name: /^Show the tap, qbr, qvb and qvo of vm1$/ });
    await expect(show.getAttribute('aria-expanded')).resolves.toBe('false');
    // clicking the folded VM still only selects it
    await page.locator('[data-testid="device-vm2"] .dev__name').click();
    await page.locator('[data-device="vm1"] .dev__name').click();
    await page.waitForTimeout(300);
    expect(await qbr.count()).toBe(0);
    await show.click();
    await expect.poll(() => qbr.count()).toBe(1);
    expect(await drawn()).toBe(before);
    expect(b.errors).toEqual([]);
  });

  it('folds a host into a summary on a double-click, and opens it again', async () => {
    const page = b.page;
    const label = page.locator('[data-testid="host-compute2"] .host__name');
    await label.dblclick();
    await expect.poll(() => page.locator('[data-device="vm2"]').count()).toBe(0);
    await expect(page.locator('[data-testid="host-compute2"]').textContent()).resolves.toContain('1 VMs');
    await label.dblclick();
    await expect.poll(() => page.locator('[data-device="vm2"]').count()).toBe(1);
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

describe("lesson 3's cloud: one network on two hosts and the network host", () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
    await b.page.getByTestId('file-menu').click();
    await b.page.getByTestId('new-same-network-two-hosts').click();
    await b.page.waitForSelector('.react-flow__node[data-id="compute2|vxlan-0a00010b"]');
    await b.page.getByRole('button', { name: 'Fit', exact: true }).click();
  });
  afterAll(async () => {
    await b.close();
  });

  it('runs the three tunnels each from its own VXLAN port, none behind another port', async () => {
    const drawn = await tunnelPaths(b);
    expect(drawn.tunnels.map((t) => t.id).sort()).toEqual([
      'tunnel:compute1~compute2',
      'tunnel:compute1~network1',
      'tunnel:compute2~network1',
    ]);
    expect(Object.keys(drawn.ports)).toHaveLength(6);
    expectOwnPorts(drawn, example('same-network-two-hosts'));
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

  it('runs the tunnels between the two rows through a gap, from their own ports, behind no other port', async () => {
    const drawn = await tunnelPaths(b);
    const rows = drawn.tunnels.map((t) => t.id);
    // compute2 sits alone on the second row: its tunnels cross between the rows
    expect(rows.some((id) => id.includes('compute2'))).toBe(true);
    expectOwnPorts(drawn, example('two-projects-floating-ips'));
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
