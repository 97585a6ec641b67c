// The verdict names the real end, as a user reads it (issue #13, point 4): a routing loop is called one
// in the flow's headline and on the hop where the TTL ran out; a failed ARP is blamed on the device that
// refused it, not on a flooded copy discarded on the way.
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

type Raw = Record<string, any>;
const file = (name: string): Raw => JSON.parse(readFileSync(`examples/${name}`, 'utf8'));

/** router1 and a second router each send 10.99.0.0/16 to the other over net2, as in the issue. */
function loopCloud(): Raw {
  const t = file('two-networks-one-router.json');
  t.routers[0].routes = [{ destination: '10.99.0.0/16', nexthop: '192.168.2.254' }];
  t.routers.push({
    name: 'router2',
    project_id: 'demo',
    routes: [{ destination: '10.99.0.0/16', nexthop: '192.168.2.1' }],
  });
  t.ports.push({
    name: 'router2-port',
    network_id: 'net2',
    device_owner: 'network:router_interface',
    device_id: 'router2',
    fixed_ips: [{ subnet_id: 'subnet2', ip_address: '192.168.2.254' }],
  });
  return t;
}

async function sendFromBar(p: Page, from: string, to: string): Promise<void> {
  await p.locator('[data-testid="send-from"]').selectOption(from);
  await p.locator('[data-testid="send-to"]').fill(to);
  await p.locator('[data-testid="send-go"]').click();
}

describe('the verdict a user reads', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('a routing loop: named in the headline, and on the hop where the TTL ran out', async () => {
    const p = b.page;
    await load(p, loopCloud());
    await p.waitForSelector('[data-testid="host-compute1"]');
    await sendFromBar(p, 'vm1', '10.99.1.1');
    const flow = p.locator('[data-testid="flow-1"]');
    const sentence = 'routing loop between router1 and router2 for 10.99.0.0/16, TTL exceeded at router2';
    await expect.poll(() => flow.locator('[data-testid="flow-outcome"]').textContent()).toBe(sentence);
    await expect(flow.textContent()).resolves.not.toContain('no route');
    // the headline leads to the hop; the event list marks it as the drop
    await flow.locator('.flow__main').click();
    const insp = p.locator('[data-testid="hop-inspector"]');
    await expect.poll(() => insp.locator('[data-testid="hop-drop"]').textContent()).toContain(sentence);
    await expect(insp.getAttribute('data-device')).resolves.toMatch(/qrouter-/);
    await expect.poll(() => p.locator('.ev-row.is-drop[data-flow="1"]').count()).toBeGreaterThan(0);
  });

  it('a failed ARP: blamed on the underlay that refused it, not on br-tun flooding elsewhere', async () => {
    const p = b.page;
    const t = file('same-network-two-hosts.json');
    for (const h of t.hosts) if (h.name === 'compute2') h.underlay_connected = false;
    await load(p, t);
    await p.waitForSelector('[data-testid="host-compute1"]');
    await p.getByRole('button', { name: 'Clear', exact: true }).click();
    await sendFromBar(p, 'vm1', 'vm2');
    // flows keep their numbers after Clear: this is the second send
    const outcome = p.locator('[data-testid="flow-2"] [data-testid="flow-outcome"]');
    await expect.poll(() => outcome.textContent()).toContain('underlay');
    await expect(outcome.textContent()).resolves.not.toContain('no tunnel to flood');
    expect(b.errors).toEqual([]);
  });
});
