// Building without fighting the editor, as a user (issue 12, points 6 and 8): a connect handle is
// grabbed at its edge and dragged to a network near the canvas's edge, and the view holds still; a
// second router joins a network that has a gateway router and the notice says where; a refusal names
// the routers and the subnet; a rule switched from tcp to icmp drops its port; a VM dropped on br-int
// (over the edges drawn there) or on another VM lands on that host; text typed but not applied survives
// a reload.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

const state = (p: Page) =>
  p.evaluate(() =>
    (window as unknown as { __neutronEdit: { state(): { doc: Topology } } }).__neutronEdit.state(),
  );
const doc = async (p: Page) => (await state(p)).doc;
const named = <T extends { name: string }>(list: T[], name: string) => list.find((x) => x.name === name)!;
const viewport = (p: Page) => p.locator('.react-flow__viewport').getAttribute('style');

/** The viewport once the view has framed itself (a loaded machine lays the logical view out late). */
async function stillViewport(p: Page): Promise<string | null> {
  let was = await viewport(p);
  for (let i = 0; i < 30; i++) {
    // the edit panel's room taken from the canvas makes it fit again (EditLayer fitIfNeeded), animated
    await new Promise((r) => setTimeout(r, 500));
    const now = await viewport(p);
    if (now === was) return now;
    was = now;
  }
  throw new Error('the view kept moving');
}

/** Waits until a locator's box stops moving (after an edit the canvas may fit itself, animated). */
async function settled(l: Locator) {
  await new Promise((r) => setTimeout(r, 450));
  let box = await l.boundingBox();
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const again = await l.boundingBox();
    if (box && again && Math.abs(again.x - box.x) < 0.5 && Math.abs(again.y - box.y) < 0.5) return again;
    box = again;
  }
  throw new Error('the canvas did not settle');
}

/** Presses a node's connect handle 2 px inside its left edge and drags it, as a hand would, onto `to`. */
async function dragFromHandleEdge(p: Page, from: string, to: string) {
  const handle = await settled(p.locator(`[data-testid="${from}"] .edit-handle`));
  const target = (await p.getByTestId(to).boundingBox())!;
  await p.mouse.move(handle.x + 2, handle.y + handle.height / 2);
  await p.mouse.down();
  await p.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 15 });
  // the pointer rests on the network a moment, as a hand does before letting go
  await new Promise((r) => setTimeout(r, 500));
  const during = await viewport(p);
  await p.mouse.up();
  return { handle, during };
}

const noticeText = (p: Page) => p.locator('.notices').textContent();

describe('building a cloud directly', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
    await p.getByTestId('edit-toggle').click();
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.waitForSelector('[data-testid="server-vm1"] .edit-handle');
  });
  afterAll(async () => {
    await b.close();
  });

  it('grabs a connect handle at its edge and plugs vm1 into net2, at the canvas edge, without a pan', async () => {
    const before = await stillViewport(p);
    const { handle, during } = await dragFromHandleEdge(p, 'server-vm1', 'network-net2');
    expect(handle.width).toBeGreaterThanOrEqual(24);
    expect(handle.height).toBeGreaterThanOrEqual(24);
    expect(during).toBe(before);
    await expect
      .poll(async () => {
        const d = await doc(p);
        const vm1 = named(d.servers, 'vm1').id;
        return d.ports
          .filter((x) => x.device_id === vm1)
          .map((x) => d.networks.find((n) => n.id === x.network_id)?.name);
      })
      .toEqual(['net1', 'net2']);
    await p.keyboard.press('Control+z');
    await expect
      .poll(async () => (await doc(p)).ports.filter((x) => x.device_owner === 'compute:nova').length)
      .toBe(2);
  });

  it('joins a second router to net1, which router1 already routes, and says at which address', async () => {
    await p.locator('[data-testid="palette-router"]').dragTo(p.locator('.react-flow__pane'), {
      targetPosition: { x: 120, y: 120 },
      force: true,
    });
    await p.waitForSelector('[data-testid="router-router2"] .edit-handle');
    await dragFromHandleEdge(p, 'router-router2', 'network-net1');
    await expect
      .poll(() => noticeText(p))
      .toMatch(/router2 joins subnet1 at 192\.168\.1\.\d+; the gateway \.1 belongs to router1\./);
    const d = await doc(p);
    const ip = (router: string) =>
      d.ports.find(
        (x) =>
          x.device_id === named(d.routers, router).id &&
          x.device_owner === 'network:router_interface' &&
          x.network_id === named(d.networks, 'net1').id,
      )?.fixed_ips[0]?.ip_address;
    expect(ip('router1')).toBe('192.168.1.1');
    expect((await noticeText(p)) ?? '').toContain(`at ${ip('router2')};`);
  });

  it("refuses router1's gateway address for router2 naming both routers and the subnet", async () => {
    await p.getByTestId('router-router2').click();
    const field = p.getByTestId('form-router').getByLabel('on subnet1 (net1)');
    await field.fill('192.168.1.1');
    await field.press('Enter');
    const error = p.locator('[data-testid="form-router"] .field.has-error .field__error');
    await expect.poll(() => error.textContent()).toContain("router router1's interface on subnet subnet1");
    const text = (await error.textContent()) ?? '';
    expect(text).not.toMatch(/\w\[\d+\]/);
    expect(text).not.toMatch(/\b(\w+) \1\b/i);
    await field.press('Escape');
  });

  it('switches a new rule from tcp to icmp, and port 22 does not stay as the ICMP type', async () => {
    await p.locator('.edit-section > summary', { hasText: 'Security groups' }).click();
    const group = p.locator('[data-testid^="group-default-"]').first();
    await group.locator('summary').click();
    const rules = group.locator('.rule-row');
    const n = await rules.count();
    await group.getByRole('button', { name: '+ Add a rule' }).click();
    await expect.poll(() => rules.count()).toBe(n + 1);
    const row = rules.nth(n);
    await expect.poll(() => row.getByLabel('ports').inputValue()).toBe('22');
    await row.getByLabel('Protocol').selectOption('icmp');
    await expect.poll(() => row.getByLabel('type').inputValue()).toBe('');
    const rule = (await doc(p)).security_groups.find((g) => g.name === 'default')!.rules.at(-1)!;
    expect(rule).toMatchObject({ protocol: 'icmp', port_range_min: null, port_range_max: null });
  });

  it('puts a VM dropped on another VM on that VM’s host', async () => {
    await p.locator('[data-testid="palette-vm"]').dragTo(p.getByTestId('server-vm2'), { force: true });
    await expect.poll(async () => (await doc(p)).servers.length).toBe(3);
    expect((await doc(p)).servers.at(-1)!.host).toBe('compute2');
  });

  it('puts a VM dropped on br-int, where the edges into it lie over it, on that host', async () => {
    await p.getByRole('button', { name: 'Physical' }).click();
    const host = p.getByTestId('host-compute2');
    await settled(host);
    // a point of compute2 around br-int where what the pointer is over is an edge, not a device
    const spot = await p.evaluate(() => {
      const hostBox = document.querySelector('[data-testid="host-compute2"]')!.getBoundingClientRect();
      const brint = [...document.querySelectorAll('.react-flow__node')].find(
        (n) => n.getAttribute('data-id') === 'compute2|br-int',
      )!;
      const r = brint.getBoundingClientRect();
      for (let y = r.top - 12; y < r.bottom + 12; y += 2)
        for (let x = r.left; x < r.right; x += 2) {
          const el = document.elementFromPoint(x, y);
          if (el && !el.closest('.react-flow__node') && y > hostBox.top && y < hostBox.bottom)
            return { x, y, over: el.getAttribute('class') ?? el.tagName };
        }
      return null;
    });
    expect(spot, 'an edge over br-int').not.toBeNull();
    const box = (await host.boundingBox())!;
    await p.locator('[data-testid="palette-vm"]').dragTo(host, {
      targetPosition: { x: spot!.x - box.x, y: spot!.y - box.y },
      force: true,
    });
    await expect.poll(async () => (await doc(p)).servers.length).toBe(4);
    expect((await doc(p)).servers.at(-1)!.host).toBe('compute2');
    expect((await noticeText(p)) ?? '').not.toContain('Drop the VM onto a compute host');
  });

  it('keeps text typed in a field, not applied, across a reload, and applies it on Enter', async () => {
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.getByTestId('server-vm1').click();
    const name = p.getByTestId('field-server-name');
    await name.fill('web-1');
    await p.reload();
    await p.waitForSelector('[data-testid="field-server-name"]', { timeout: 20_000 });
    await expect.poll(() => name.inputValue()).toBe('web-1');
    expect(named((await doc(p)).servers, 'vm1')).toBeTruthy();
    await expect(p.locator('.field.is-draft .field__hint').textContent()).resolves.toContain(
      'not applied yet',
    );
    await name.press('Enter');
    await expect.poll(async () => (await doc(p)).servers.map((s) => s.name)).toContain('web-1');
    await expect.poll(() => p.locator('.field.is-draft').count()).toBe(0);
    // applied, it is no draft any more: another reload offers nothing
    await p.reload();
    await p.waitForSelector('[data-testid="host-compute1"]', { timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await p.locator('.field.is-draft').count()).toBe(0);
    expect(b.errors).toEqual([]);
  });
});
