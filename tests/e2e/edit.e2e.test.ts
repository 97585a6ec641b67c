// Building a cloud by drag and drop, as a user does it: from an empty cloud to the article's scenario
// (two compute hosts, a network host, two networks on a router with a gateway, a VM on each), then a
// ping from vm1 to vm2. Then undo and redo, a reload that keeps the work, deleting with an explanation,
// and a form that refuses a bad value at the field.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

interface EditState {
  doc: Topology;
  past: number;
  future: number;
}

const state = (p: Page) =>
  p.evaluate(() => (window as unknown as { __neutronEdit: { state(): EditState } }).__neutronEdit.state());

const devices = (p: Page) =>
  p.$$eval('.react-flow__node [data-device]', (els) => els.map((e) => e.getAttribute('data-device') ?? ''));

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

/** Drags a palette item onto the canvas (HTML5 drag and drop), at a point of a node or the pane. */
async function dropItem(p: Page, kind: string, onto: Locator, at = { x: 40, y: 14 }) {
  await settled(onto);
  await p.locator(`[data-testid="palette-${kind}"]`).dragTo(onto, { targetPosition: at, force: true });
}

/** Drags from a node's connect dot onto another node (logical view). */
async function connect(p: Page, from: string, to: string) {
  const dot = await settled(p.locator(`[data-testid="${from}"] .edit-handle`));
  const canvas = (await p.locator('.canvas').boundingBox())!;
  await p.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
  await p.mouse.down();
  // away from the canvas edges first: React Flow pans the canvas under a connection dragged there
  await p.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  let target = (await p.locator(`[data-testid="${to}"]`).boundingBox())!;
  await p.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 5 });
  target = (await p.locator(`[data-testid="${to}"]`).boundingBox())!;
  await p.mouse.move(target.x + target.width / 2, target.y + target.height / 2);
  await p.mouse.up();
}

describe('building the article’s cloud by drag and drop', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
  });
  afterAll(async () => {
    await b.close();
  });

  it('starts from an empty cloud', async () => {
    await p.getByTestId('file-menu').click();
    await p.getByTestId('new-empty').click();
    await expect.poll(async () => (await state(p)).doc.hosts.length).toBe(0);
    await expect(p.getByTestId('empty-hint').textContent()).resolves.toContain('Edit');
    await p.getByTestId('edit-toggle').click();
    await expect(p.getByTestId('empty-hint').textContent()).resolves.toContain('Compute host');
  });

  it('drops two compute hosts and a network host onto the physical view', async () => {
    const pane = p.locator('.react-flow__pane');
    await dropItem(p, 'compute-host', pane, { x: 200, y: 200 });
    await p.waitForSelector('[data-testid="host-compute1"]');
    await dropItem(p, 'compute-host', pane, { x: 200, y: 200 });
    await dropItem(p, 'network-host', pane, { x: 200, y: 200 });
    await p.waitForSelector('[data-testid="host-network1"]');
    await p.waitForSelector('[data-testid="host-compute2"]');
  });

  it('places a VM only on a compute host', async () => {
    await dropItem(p, 'vm', p.getByTestId('host-network1'));
    await new Promise((r) => setTimeout(r, 400));
    expect((await state(p)).doc.servers).toEqual([]);
    await dropItem(p, 'vm', p.getByTestId('host-compute1'));
    await p.waitForSelector('[data-device="vm1"]');
    await dropItem(p, 'vm', p.getByTestId('host-compute2'));
    await p.waitForSelector('[data-device="vm2"]');
    const doc = (await state(p)).doc;
    expect(doc.servers.map((s) => [s.name, s.host])).toEqual([
      ['vm1', 'compute1'],
      ['vm2', 'compute2'],
    ]);
  });

  it('adds two networks, an external network and a router; DHCP appears, no qrouter yet', async () => {
    const pane = p.locator('.react-flow__pane');
    for (const kind of ['network', 'network', 'external-network', 'router'])
      await dropItem(p, kind, pane, { x: 60, y: 60 });
    await expect.poll(async () => (await state(p)).doc.routers.length).toBe(1);
    const names = await devices(p);
    expect(names.filter((n) => n.startsWith('qdhcp-'))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith('qrouter-'))).toHaveLength(0);
    // no port on the networks yet: no tunnels
    expect(await p.locator('.edge-label--tunnel').count()).toBe(0);
  });

  it('connects the VMs and the router in the logical view, and vm1 reaches vm2', async () => {
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.waitForSelector('[data-testid="network-net2"]');
    await connect(p, 'server-vm1', 'network-net1');
    await expect
      .poll(async () => (await state(p)).doc.ports.filter((x) => x.device_owner === 'compute:nova').length)
      .toBe(1);
    await connect(p, 'server-vm2', 'network-net2');
    await connect(p, 'router-router1', 'network-net1');
    await connect(p, 'router-router1', 'network-net2');
    await connect(p, 'router-router1', 'network-public');
    await expect
      .poll(async () => (await state(p)).doc.routers[0]!.external_gateway_info?.network_id ?? null)
      .not.toBeNull();
    const doc = (await state(p)).doc;
    const net = (id: string) => doc.networks.find((n) => n.id === id)!.name;
    expect(
      doc.ports
        .filter((x) => x.device_owner === 'compute:nova')
        .map((x) => net(x.network_id))
        .sort(),
    ).toEqual(['net1', 'net2']);
    expect(
      doc.ports
        .filter((x) => x.device_owner === 'network:router_interface')
        .map((x) => net(x.network_id))
        .sort(),
    ).toEqual(['net1', 'net2']);
    expect(
      doc.ports.find((x) => x.device_owner === 'network:router_interface')?.fixed_ips[0]?.ip_address,
    ).toMatch(/\.1$/);
    // send with the send bar under the canvas, as a user would
    await p.locator('[data-testid="send-from"]').selectOption('vm1');
    await p.locator('[data-testid="send-to"]').fill('vm2');
    await p.locator('[data-testid="send-proto"]').selectOption('icmp');
    await p.locator('[data-testid="send-go"]').click();
    const flow = p.locator('.flows [data-testid^="flow-"]').last();
    await expect
      .poll(() => flow.textContent(), { timeout: 10_000 })
      .toMatch(/64 bytes from \d+\.\d+\.\d+\.\d+: icmp_seq=1 ttl=63/);
  });

  it('shows in the physical view what the agents built: the qrouter namespace and the tunnels', async () => {
    await p.getByRole('button', { name: 'Physical' }).click();
    await p.waitForSelector('[data-device="vm1"]');
    const names = await devices(p);
    expect(names.filter((n) => n.startsWith('qrouter-'))).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('qr-'))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith('qg-'))).toHaveLength(1);
    await expect.poll(() => p.locator('.edge-label--tunnel').count()).toBe(2);
    expect(b.errors).toEqual([]);
  });

  it('undoes and redoes the edits one by one', async () => {
    const before = await state(p);
    expect(before.past).toBeGreaterThanOrEqual(14);
    await p.getByTestId('undo').click();
    await expect.poll(async () => (await state(p)).doc.routers[0]!.external_gateway_info).toBeNull();
    await p.keyboard.press('Control+z');
    await expect.poll(async () => (await state(p)).past).toBe(before.past - 2);
    await p.keyboard.press('Control+Shift+z');
    await p.getByTestId('redo').click();
    await expect.poll(async () => (await state(p)).future).toBe(0);
    expect((await state(p)).doc).toEqual(before.doc);
  });

  it('keeps the work, and its undo steps, across a reload', async () => {
    const before = await state(p);
    await new Promise((r) => setTimeout(r, 400)); // the autosave is debounced
    await p.reload();
    await p.waitForSelector('[data-testid="host-compute2"]');
    const after = await state(p);
    expect(after.doc).toEqual(before.doc);
    expect(after.past).toBe(Math.min(before.past, 30));
    await p.getByTestId('undo').click();
    await expect.poll(async () => (await state(p)).doc.routers[0]?.external_gateway_info ?? null).toBeNull();
    await p.getByTestId('redo').click();
    await expect.poll(async () => (await state(p)).doc).toEqual(before.doc);
  });

  it('moves a VM to another host by dragging it there', async () => {
    if (!(await p.getByTestId('edit-panel').count())) await p.getByTestId('edit-toggle').click();
    const vm = p.locator('.react-flow__node:has(> [data-device="vm1"])');
    const from = await settled(p.locator('[data-device="vm1"]'));
    const to = (await p.getByTestId('host-compute2').boundingBox())!;
    await p.mouse.move(from.x + 20, from.y + 10);
    await p.mouse.down();
    await p.mouse.move(from.x + 60, from.y + 40, { steps: 4 });
    await p.mouse.move(to.x + to.width / 2, to.y + 30, { steps: 10 });
    await p.mouse.up();
    await expect
      .poll(async () => (await state(p)).doc.servers.find((s) => s.name === 'vm1')?.host)
      .toBe('compute2');
    await expect.poll(() => vm.getAttribute('data-id')).toMatch(/^compute2\|/);
    await p.keyboard.press('Control+z');
    await expect
      .poll(async () => (await state(p)).doc.servers.find((s) => s.name === 'vm1')?.host)
      .toBe('compute1');
  });

  it('deletes a network after saying what goes with it; undo brings it back', async () => {
    const before = await state(p);
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.getByTestId('network-net1').click();
    await p.keyboard.press('Delete');
    const dialog = p.getByTestId('confirm-delete');
    await expect(dialog.textContent()).resolves.toMatch(/router1's interface 192\.168\.\d+\.1 on net1/);
    await expect(dialog.textContent()).resolves.toContain("vm1's port");
    await expect(dialog.textContent()).resolves.toContain('DHCP port');
    await p.getByTestId('confirm-delete-yes').click();
    await expect.poll(async () => (await state(p)).doc.networks.map((n) => n.name)).not.toContain('net1');
    await p.keyboard.press('Control+z');
    await expect.poll(async () => (await state(p)).doc).toEqual(before.doc);
  });

  it('refuses a bad CIDR at the field, naming the value, and leaves the cloud as it was', async () => {
    const before = await state(p);
    await p.getByTestId('network-net2').click();
    const cidr = p.locator('[data-testid^="field-cidr-"]').first();
    await cidr.fill('192.168.2.7/24');
    await cidr.press('Enter');
    const error = p.locator('.field.has-error .field__error').first();
    await expect.poll(() => error.textContent()).toContain('"192.168.2.7/24" is not a valid IPv4 CIDR');
    expect((await state(p)).doc).toEqual(before.doc);
    await cidr.fill('10.20.0.0/24');
    await cidr.press('Enter');
    await expect.poll(async () => (await state(p)).doc.subnets.map((s) => s.cidr)).toContain('10.20.0.0/24');
    await expect(p.locator('.field.has-error').count()).resolves.toBe(0);
    await p.keyboard.press('Escape');
    await p.getByTestId('undo').click();
    await expect.poll(async () => (await state(p)).doc).toEqual(before.doc);
  });

  it('lists the keyboard shortcuts in a help panel', async () => {
    await p.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await p.keyboard.press('?');
    const help = p.getByTestId('help-dialog');
    await expect(help.textContent()).resolves.toContain('Ctrl+Z');
    await p.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
    expect(b.errors).toEqual([]);
  });
});
