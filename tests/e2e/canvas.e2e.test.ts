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
