// Breaking the cloud from the Faults tab: the next send fails where and why it should, the fault is
// saved with the cloud, and undo heals it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

describe('faults', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
  });
  afterAll(async () => {
    await b.close();
  });

  it('a lowered MTU drops the full-size packet at the tunnel, survives a reload, and undo heals it', async () => {
    const page = b.page;
    await page.getByRole('tab', { name: 'Faults' }).click();
    const panel = page.locator('[data-testid="faults-panel"]');
    await panel.locator('[data-testid="fault-kind"]').selectOption('mtu');
    await panel.locator('[data-testid="fault-target"]').selectOption('compute1');
    const send = panel.locator('[data-testid="fault-send"]');
    await expect(send.textContent()).resolves.toContain('1450-byte packets');
    await send.click();
    await expect
      .poll(() => panel.locator('[data-testid="fault-outcome"]').textContent())
      .toContain('delivered');
    await panel.locator('[data-testid="fault-apply"]').click();
    await expect
      .poll(() => panel.locator('[data-testid="faults-active"]').textContent())
      .toContain("compute1's underlay MTU is 1400");
    await send.click();
    await expect
      .poll(() => panel.locator('[data-testid="fault-outcome"]').textContent())
      .toContain('exceeds the underlay MTU 1400');
    expect(await panel.locator('[data-testid="fault-outcome"]').textContent()).toContain(
      'at compute1/vxlan-',
    );

    await page.reload();
    await page.waitForSelector('[data-testid="host-compute1"]');
    await page.getByRole('tab', { name: 'Faults' }).click();
    await expect
      .poll(() => panel.locator('[data-testid="faults-active"]').textContent())
      .toContain("compute1's underlay MTU is 1400");

    await panel.locator('[data-testid="fault-undo"]').click();
    await expect.poll(() => panel.locator('[data-testid="faults-active"]').count()).toBe(0);
    await panel.locator('[data-testid="fault-kind"]').selectOption('mtu');
    await panel.locator('[data-testid="fault-target"]').selectOption('compute1');
    await panel.locator('[data-testid="fault-send"]').click();
    await expect
      .poll(() => panel.locator('[data-testid="fault-outcome"]').textContent())
      .toContain('delivered');
    expect(b.errors).toEqual([]);
  });

  it('a removed security group rule drops at the qbr and names the fallback rule', async () => {
    const page = b.page;
    const panel = page.locator('[data-testid="faults-panel"]');
    await panel.locator('[data-testid="fault-kind"]').selectOption('sg-rule');
    const icmp = await panel
      .locator('[data-testid="fault-target"] option', { hasText: 'ingress icmp' })
      .first()
      .getAttribute('value');
    await panel.locator('[data-testid="fault-target"]').selectOption(icmp!);
    await panel.locator('[data-testid="fault-apply"]').click();
    await panel.locator('[data-testid="fault-send"]').click();
    const outcome = panel.locator('[data-testid="fault-outcome"]');
    await expect.poll(() => outcome.textContent()).toContain('security group: no ingress rule');
    expect(await outcome.textContent()).toContain('neutron-openvswi-sg-fallback');
    await panel.locator('[data-testid="fault-undo"]').click();
    // the drop explained was of the broken cloud: undo takes it away
    await expect.poll(() => outcome.count()).toBe(0);
    await panel.locator('[data-testid="fault-send"]').click();
    await expect.poll(() => outcome.textContent()).toContain('delivered');
  });

  it("a lowered MTU's message counts bytes as the event list and the hop inspector do", async () => {
    const page = b.page;
    const panel = page.locator('[data-testid="faults-panel"]');
    await panel.locator('[data-testid="fault-kind"]').selectOption('mtu');
    await panel.locator('[data-testid="fault-target"]').selectOption('compute1');
    await panel.locator('[data-testid="fault-apply"]').click();
    await expect
      .poll(() => panel.locator('[data-testid="fault-send"]').textContent())
      .toContain('Send to see it');
    await panel.locator('[data-testid="fault-send"]').click();
    const outcome = panel.locator('[data-testid="fault-outcome"]');
    await expect.poll(() => outcome.textContent()).toContain('dropped');
    const said = (await outcome.textContent())!;
    const effect = (await panel.locator('[data-testid="fault-effect"]').textContent())!;
    // the event list: the tunnel port's drop, with the size of the VXLAN packet
    const drop = page.locator('.ev-row.is-drop').last();
    await expect.poll(() => drop.getAttribute('data-device')).toMatch(/^vxlan-/);
    const action = (await drop.locator('.ev-what').textContent())!;
    const outer = Number(/VXLAN packet of (\d+) bytes/.exec(action)?.[1]);
    const mtu = Number(/(\d+)-byte MTU/.exec(action)?.[1]);
    // the hop inspector: the inner IP packet's length
    await drop.click();
    await page.getByRole('tab', { name: 'Hop' }).click();
    const inner = Number(
      await page.locator('[data-testid="hop-inspector"] [data-field="ip.length"]').first().textContent(),
    );
    expect([inner, outer, mtu]).toEqual([1450, 1500, 1400]);
    for (const text of [said, effect]) {
      expect(text).toContain(`${inner}-byte IP packet plus ${outer - inner} bytes`);
      expect(text).toContain(`${outer}-byte underlay packet`);
      expect(text).toContain(`${mtu}`);
      // no other byte count than those
      for (const m of text.matchAll(/(\d+)(?=-byte| bytes)/g))
        expect([inner, outer, outer - inner, mtu]).toContain(Number(m[1]));
    }
    // back on the Faults tab, the outcome is still there; the top bar's undo takes it away
    await page.getByRole('tab', { name: 'Faults' }).click();
    await expect.poll(() => outcome.textContent()).toContain('dropped');
    await page.locator('[data-testid="undo"]').click();
    await expect.poll(() => outcome.count()).toBe(0);
    await expect.poll(() => panel.locator('[data-testid="faults-active"]').count()).toBe(0);
  });

  it('a refused fault says why beside it, offers the interface that can go, and Ctrl+Z clears the drop', async () => {
    const page = b.page;
    const panel = page.locator('[data-testid="faults-panel"]');
    await panel.locator('[data-testid="fault-kind"]').selectOption('router-interface');
    const where = panel.locator('[data-testid="fault-target"]');
    const net1 = await where.locator('option', { hasText: 'router1 on net1' }).getAttribute('value');
    await where.selectOption(net1!);
    await panel.locator('[data-testid="fault-apply"]').click();
    const refusal = panel.locator('[data-testid="fault-refusal"]');
    await expect.poll(() => refusal.textContent()).toContain("router1's interface on net1 (192.168.1.1)");
    const text = (await refusal.textContent())!;
    expect(text).toMatch(/Not broken: .*is required by floating IP \d+\.\d+\.\d+\.\d+ of vm1/);
    expect(await refusal.getAttribute('role')).toBe('alert');
    // nothing broke: no send is offered as if it had, and nothing was added to undo
    expect(await panel.locator('[data-testid="fault-send"]').count()).toBe(0);
    expect(await panel.locator('[data-testid="fault-undo"]').isDisabled()).toBe(true);
    expect(await where.locator('option', { hasText: 'router1 on net1' }).count()).toBe(1);
    // the interface no floating IP needs is offered, and a click detaches it
    const instead = refusal.locator('[data-testid="fault-instead"]');
    expect(await instead.allTextContents()).toEqual([
      await where.locator('option', { hasText: 'router1 on net2' }).textContent(),
    ]);
    await instead.click();
    await expect.poll(() => refusal.count()).toBe(0);
    await expect
      .poll(() => panel.textContent())
      .toContain('detach a router interface: router1 on net2 (192.168.2.1) (undo to heal it)');
    expect(await where.locator('option', { hasText: 'router1 on net2' }).count()).toBe(0);
    const send = panel.locator('[data-testid="fault-send"]');
    await expect(send.textContent()).resolves.toContain('Send to see it: ping vm2');
    await send.click();
    const outcome = panel.locator('[data-testid="fault-outcome"]');
    await expect.poll(() => outcome.textContent()).toContain('no ARP reply for 192.168.2.1');
    await page.keyboard.press('Control+z');
    await expect.poll(() => outcome.count()).toBe(0);
    await expect.poll(() => where.locator('option', { hasText: 'router1 on net2' }).count()).toBe(1);
    expect(b.errors).toEqual([]);
  });
});
