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
    await panel.locator('[data-testid="fault-send"]').click();
    await expect.poll(() => outcome.textContent()).toContain('delivered');
  });
});
