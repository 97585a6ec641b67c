// An ML2/OVN cloud as a user meets it: open examples/ovn.json, see each chassis with br-int only and
// Geneve tunnels labelled with their tunnel keys, send a ping and read its Geneve hop (the datapath's
// key and the logical ports of the option), then run ovn-trace in the terminal. What the page shows is
// checked against the core run here on the same file.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopologyText, realize } from '../../src/sim';
import type { OvnDb } from '../../src/sim/realize/ovn/db';
import { openApp } from './app';
import type { Browser } from './harness';

const file = readFileSync('examples/ovn.json');
const loaded = loadTopologyText(file.toString('utf8'));
if (!loaded.ok) throw new Error('examples/ovn.json does not load');
const t = loaded.topology;
const db = realize(t).ovn as OvnDb;
const keyOf = (net: string) =>
  db.datapathByName.get(`neutron-${t.networks.find((n) => n.name === net)!.id}`)!.tunnel_key;
const port = (name: string) => t.ports.find((p) => p.name === name)!;

async function openOvn(page: Page) {
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'ovn.json', mimeType: 'application/json', buffer: file });
  await page.waitForSelector('[data-device^="ovn-"]', { timeout: 20_000 });
}

describe('an ML2/OVN cloud', () => {
  let b: Browser;
  let page: Page;
  beforeAll(async () => {
    b = await openApp();
    page = b.page;
    await openOvn(page);
  });
  afterAll(async () => {
    await b.close();
  });

  it('draws each chassis with br-int only, and Geneve tunnels labelled with their keys', async () => {
    const names = await page.$$eval('.react-flow__node [data-device]', (els) =>
      els.map((e) => e.getAttribute('data-device') ?? ''),
    );
    expect(names.filter((n) => n === 'br-int')).toHaveLength(3);
    expect(names.some((n) => n === 'br-tun' || n.startsWith('qbr') || n.startsWith('qrouter-'))).toBe(false);
    expect(names.filter((n) => /^ovn-[0-9a-f]{6}-0$/.test(n))).toHaveLength(6);
    // vm1 (net1) and vm2 (net2) route to each other on their own chassis: the tunnel between them
    // carries both networks' keys. React Flow draws the edges once it has measured the nodes, a frame
    // or more after them: the labels are waited for.
    await expect
      .poll(() => page.$$eval('.edge-label--tunnel', (els) => els.map((e) => e.textContent ?? '')))
      .toContain(`Geneve key ${[keyOf('net1'), keyOf('net2')].sort((x, y) => x - y).join(', ')}`);
  });

  it("sends a ping across the router and shows its Geneve hop with net2's key and the logical ports", async () => {
    await page.locator('[data-testid="send-from"]').selectOption('vm1');
    await page.locator('[data-testid="send-to"]').fill('vm2');
    await page.locator('[data-testid="send-go"]').click();
    await expect.poll(() => page.locator('[data-testid="flow-1"]').textContent()).toContain('delivered');
    const row = page.locator('.ev-row', { hasText: 'encapsulate in Geneve' }).first();
    await row.click();
    const action = page.getByTestId('hop-action');
    await expect.poll(() => action.textContent()).toMatch(/encapsulate in Geneve, VNI \d+/);
    expect(await action.textContent()).toContain(`VNI ${keyOf('net2')}`);
    const dp = db.datapaths.get(keyOf('net2'))!;
    const out = dp.ports.get(port('vm2-port').id)!.tunnel_key;
    const changes = await page.getByTestId('hop-changes').textContent();
    expect(changes).toContain(`encap geneve vni ${keyOf('net2')}`);
    expect(changes).toContain(`outport 0x${out.toString(16)}`);
    const headers = await page.getByTestId('hop-headers').textContent();
    expect(headers).toContain('Geneve');
    expect(headers).toContain('6081');
    // the key under the canvas names the tunnel OVN uses, not VXLAN
    const key = await page.locator('.packet-key').textContent();
    expect(key).toContain('Geneve');
    expect(key).not.toContain('VXLAN');
  });

  it('shows the logical flow that decided a br-int hop, with the OpenFlow table it became', async () => {
    const row = page.locator('.ev-row', { hasText: "to router1's interface 192.168.2.1/24" }).first();
    await row.click();
    const rule = await page.getByTestId('hop-rule').first().textContent();
    expect(rule).toMatch(/13\. lr_in_ip_routing: ip4\.dst == 192\.168\.2\.0\/24, priority 74/);
    expect(rule).toContain('OpenFlow table=21');
  });

  it('runs ovn-trace in the terminal and prints the pipelines the ping crossed', async () => {
    await page.getByRole('tab', { name: 'Terminal' }).click();
    const input = page.locator('[data-testid="terminal-input"]');
    await input.waitFor();
    const vm1 = port('vm1-port');
    const line = `ovn-trace 'inport == "${vm1.id}" && eth.src == ${vm1.mac_address} && eth.dst == ${port('router1-net1').mac_address} && ip4.src == ${vm1.fixed_ips[0]!.ip_address} && ip4.dst == ${port('vm2-port').fixed_ips[0]!.ip_address} && ip.ttl == 64'`;
    const done = Number(await page.locator('[data-testid="terminal"]').getAttribute('data-done'));
    await input.click();
    await input.fill(line);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (k) => Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-done')) > k,
      done,
    );
    const out = await page.$$eval('[data-testid="terminal-log"] > [data-kind="out"]', (els) =>
      els.map((e) => e.textContent ?? '').join('\n'),
    );
    expect(out).toContain(
      `ingress(dp="neutron-${t.networks.find((n) => n.name === 'net1')!.id}", inport="${vm1.id}")`,
    );
    expect(out).toMatch(/13\. lr_in_ip_routing: ip4\.dst == 192\.168\.2\.0\/24, priority 74/);
    expect(out).toContain(`/* output to "${port('vm2-port').id}", type "" */`);
  });
});
