// The openvswitch firewall as a user meets it: open examples/ovs-firewall.json as a file, send, and
// read in the event list that the VM's tap goes straight to br-int (no qbr, qvb or qvo) and that a
// blocked port is dropped in br-int, naming the firewall's table (neutron-facts-beyond §4).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopologyText } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

const text = readFileSync('examples/ovs-firewall.json', 'utf8');
const loaded = loadTopologyText(text);
if (!loaded.ok) throw new Error('the example does not load');
const t = loaded.topology;
const tapOf = (vm: string) =>
  `tap${t.ports.find((p) => p.device_id === t.servers.find((s) => s.name === vm)!.id)!.id.slice(0, 11)}`;

interface Row {
  flow: number;
  device: string;
  host: string;
  what: string;
  drop: boolean;
}

async function rows(page: Page): Promise<Row[]> {
  return page.$$eval('.ev-row[data-flow]', (els) =>
    els.map((e) => ({
      flow: Number(e.getAttribute('data-flow')),
      device: e.getAttribute('data-device') ?? '',
      host: e.getAttribute('data-host') ?? '',
      what: e.querySelector('.ev-what')?.textContent ?? '',
      drop: e.classList.contains('is-drop'),
    })),
  );
}

async function formSend(page: Page, from: string, to: string, proto = 'icmp', port = 0) {
  await page.getByTestId('send-from').selectOption(from);
  await page.getByTestId('send-proto').selectOption(proto);
  await page.getByTestId('send-to').fill(to);
  if (port) await page.getByTestId('send-port').fill(String(port));
  await page.getByTestId('send-go').click();
}

describe('the openvswitch firewall example', () => {
  let b: Browser;
  let page: Page;
  beforeAll(async () => {
    b = await openApp();
    page = b.page;
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'ovs-firewall.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  });
  afterAll(async () => {
    await b.close();
  });

  it('draws the hosts without qbr, qvb or qvo: the tap stands between the VM and br-int', async () => {
    await expect.poll(() => page.locator('.cloud-name').textContent()).toContain('(openvswitch firewall)');
    await expect.poll(() => page.locator(`[data-device="${tapOf('vm1')}"]`).count()).toBe(1);
    const names = await page.$$eval('.react-flow__node [data-device]', (els) =>
      els.map((e) => e.getAttribute('data-device') ?? ''),
    );
    expect(names.filter((n) => /^(qbr|qvb|qvo)/.test(n))).toEqual([]);
  });

  it('a ping goes from the tap straight to br-int, and br-int says which rule let it out', async () => {
    await formSend(page, 'vm1', 'vm2');
    const events = page.getByTestId('event-list');
    await expect
      .poll(async () => (await rows(page)).some((r) => r.device === 'vm2' && r.host === 'compute2'))
      .toBe(true);
    await expect.poll(() => events.isVisible()).toBe(true);
    const all = (await rows(page)).filter((r) => r.host === 'compute1');
    const tap = tapOf('vm1');
    // every frame vm1's tap passes on goes next to br-int
    const i = all.findIndex((r) => r.device === tap && /on to br-int/.test(r.what));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(all[i + 1]?.device).toBe('br-int');
    expect(all.some((r) => /^(qbr|qvb|qvo)/.test(r.device))).toBe(false);
    expect(
      all.some(
        (r) =>
          r.device === 'br-int' &&
          /egress allowed by security group rule .*table 72 \(RULES_EGRESS_TABLE\)/.test(r.what),
      ),
    ).toBe(true);
  });

  it('TCP to a port no rule opens is dropped in br-int, naming the firewall table', async () => {
    await formSend(page, 'internet', 'vm1', 'tcp', 80);
    await expect.poll(async () => (await rows(page)).filter((r) => r.drop).length).toBeGreaterThan(0);
    const drop = (await rows(page)).filter((r) => r.drop).at(-1)!;
    expect(drop).toMatchObject({ device: 'br-int', host: 'compute1' });
    expect(drop.what).toContain(
      "no ingress rule of the port's security groups (default) allows TCP to port 80",
    );
    expect(drop.what).toContain('table 82 (RULES_INGRESS_TABLE)');
    expect(drop.what).toContain('table 93 (DROPPED_TRAFFIC_TABLE)');
  });
});
