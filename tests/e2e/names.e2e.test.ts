// Two VMs called vm1, as a user meets them: the article's cloud with a third VM on compute2, renamed
// vm1 in its form (a warning, not a refusal). The send bar lists "vm1 (compute1)" and "vm1 (compute2)"
// and each send reaches the one it names; click to send takes the second vm1 as a source or a
// destination; `ping vm1` in vm2's console says there are two and works once one is named.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
example.servers.push({ name: 'vm3', project_id: 'demo', host: 'compute2' });
example.ports.push({ name: 'vm3-port', network_id: 'net2', device_id: 'vm3' });

const doc = (p: Page) =>
  p.evaluate(
    () => (window as unknown as { __neutronEdit: { state(): { doc: Topology } } }).__neutronEdit.state().doc,
  );

/** The hosts of the event list's rows for a device, in the newest send. */
async function hostsOf(p: Page, device: string): Promise<string[]> {
  return p.$$eval(
    '[data-testid="event-list"] .ev-row[data-flow]',
    (rows, dev) => {
      const newest = Math.max(...rows.map((r) => Number(r.getAttribute('data-flow'))));
      return rows
        .filter(
          (r) => Number(r.getAttribute('data-flow')) === newest && r.getAttribute('data-device') === dev,
        )
        .map((r) => r.getAttribute('data-host') ?? '');
    },
    device,
  );
}

const sendCount = (p: Page) => p.locator('[data-testid="ev-send"]').count();

describe('two VMs called vm1', () => {
  let b: Browser;
  let p: Page;
  /** the second vm1, on compute2 (vm3 before the rename) */
  let second = '';
  let firstVm1 = '';
  const ipOf = async (serverId: string) =>
    (await doc(p)).ports.find((x) => x.device_id === serverId)!.fixed_ips[0]!.ip_address;

  beforeAll(async () => {
    b = await openApp();
    p = b.page;
    const errors = await p.evaluate(
      (t) => (window as unknown as { __neutron: { load(j: unknown): Promise<unknown> } }).__neutron.load(t),
      example,
    );
    expect(errors).toBeNull();
    await p.waitForSelector('[data-device="vm3"]');
    const d = await doc(p);
    second = d.servers.find((s) => s.name === 'vm3')!.id;
    firstVm1 = d.servers.find((s) => s.name === 'vm1')!.id;
  });
  afterAll(async () => {
    await b.close();
  });

  it('renaming vm3 to vm1 is kept, and the form warns that another server is called vm1, on compute1', async () => {
    await p.getByTestId('edit-toggle').click();
    await p.locator(`.react-flow__node[data-id="compute2|server:${second}"]`).click();
    const name = p.getByTestId('field-server-name');
    await name.fill('vm1');
    await name.press('Enter');
    await expect.poll(async () => (await doc(p)).servers.find((s) => s.id === second)?.name).toBe('vm1');
    await expect
      .poll(() => p.getByTestId('server-name-repeats').textContent())
      .toBe(
        'Another server is called vm1, on compute1: sends and the terminal tell them apart as vm1 (compute1) and vm1 (compute2).',
      );
    await expect(p.locator('.field.has-error').count()).resolves.toBe(0);
    await p.getByTestId('edit-toggle').click();
    // the send bar's source list shows a label that tells the two apart, whole
    const from = p.getByTestId('send-from');
    await from.selectOption({ label: 'vm1 (compute2)' });
    const fit = await from.evaluate((el) => {
      const s = el as HTMLSelectElement;
      const css = getComputedStyle(s);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${css.fontWeight} ${css.fontSize} ${css.fontFamily}`;
      const text = ctx.measureText(s.selectedOptions[0]!.text).width;
      // the box less its padding and the arrow's room (about one line's height)
      const room = s.clientWidth - Number.parseFloat(css.paddingLeft) - Number.parseFloat(css.paddingRight);
      return { text, room: room - Number.parseFloat(css.fontSize) };
    });
    expect(fit.text).toBeLessThanOrEqual(fit.room);
    await from.selectOption('');
  });

  it('the send bar lists vm1 (compute1) and vm1 (compute2); a send to each reaches that one', async () => {
    const options = await p.getByTestId('send-from').locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['vm1 (compute1)', 'vm1 (compute2)', 'vm2 (VM)']));
    await p.getByTestId('send-from').selectOption({ label: 'vm2 (VM)' });
    for (const [label, host] of [
      ['vm1 (compute2)', 'compute2'],
      ['vm1 (compute1)', 'compute1'],
    ] as const) {
      const sends = await sendCount(p);
      await p.getByTestId('send-to').fill(label);
      await p.getByTestId('send-go').click();
      await expect.poll(() => sendCount(p)).toBe(sends + 1);
      await expect
        .poll(() => p.locator('[data-testid="ev-send"]').last().textContent())
        .toContain(`vm2 → ${label}`);
      // the echo request and its reply pass the vm1 of that host, and no other
      await expect.poll(async () => [...new Set(await hostsOf(p, 'vm1'))]).toEqual([host]);
    }
    // the bare name is refused, with both
    await p.getByTestId('send-to').fill('vm1');
    await p.getByTestId('send-go').click();
    await expect
      .poll(() => p.locator('.notice, [role="alert"], [role="status"]').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('vm1 (compute1) and vm1 (compute2)')]));
  });

  it('click to send takes the second vm1, as destination and as source', async () => {
    await p.getByRole('button', { name: 'Physical' }).click();
    const node = (id: string) => p.locator(`.react-flow__node[data-id$="|server:${id}"]`);
    let sends = await sendCount(p);
    await p.getByRole('button', { name: /Click to send/ }).click();
    await p.locator('.react-flow__node:has(> [data-device="vm2"])').click();
    await node(second).click();
    await expect.poll(() => sendCount(p)).toBe(sends + 1);
    await expect.poll(async () => [...new Set(await hostsOf(p, 'vm1'))]).toEqual(['compute2']);

    // the second vm1 to the first: two things with one name, not "vm1 is the source"
    sends = await sendCount(p);
    await p.getByRole('button', { name: /Click to send/ }).click();
    await node(second).click();
    await expect.poll(() => node(second).locator('[data-send-from]').count()).toBe(1);
    await node(firstVm1).click();
    await expect.poll(() => sendCount(p)).toBe(sends + 1);
    await expect
      .poll(() => p.locator('[data-testid="ev-send"]').last().textContent())
      .toContain('vm1 (compute2) → vm1 (compute1)');
    const hosts = await hostsOf(p, 'vm1');
    expect(hosts[0]).toBe('compute2');
    expect(hosts).toContain('compute1');
  });

  it('ping vm1 in vm2’s console says there are two; ping "vm1 (compute2)" answers from it', async () => {
    await p.getByRole('tab', { name: 'Terminal' }).click();
    await p.waitForSelector('[data-testid="terminal-input"]');
    const place = p.getByTestId('terminal-place');
    const labels = await place.locator('option').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['vm1 (compute1) console', 'vm1 (compute2) console']));
    await place.selectOption({ label: 'vm2 console' });
    const input = p.getByTestId('terminal-input');
    const run = async (line: string) => {
      const done = Number(await p.getByTestId('terminal').getAttribute('data-done'));
      await input.click();
      await p.keyboard.type(line);
      await p.keyboard.press('Enter');
      await expect
        .poll(async () => Number(await p.getByTestId('terminal').getAttribute('data-done')), {
          timeout: 15_000,
        })
        .toBeGreaterThan(done);
      return p.$$eval('[data-testid="terminal-log"] > [data-kind]', (els) =>
        els.slice(-4).map((e) => ({ kind: e.getAttribute('data-kind'), text: e.textContent ?? '' })),
      );
    };
    const refused = await run('ping -c 1 vm1');
    const err = refused.find((x) => x.kind === 'err')?.text ?? '';
    expect(err).toContain("ping: vm1: More than one server exists with the name 'vm1'");
    expect(err).toContain(`vm1 (compute1)  ${await ipOf(firstVm1)}`);
    expect(err).toContain(`vm1 (compute2)  ${await ipOf(second)}`);
    const answered = await run("ping -c 1 'vm1 (compute2)'");
    const out = answered
      .filter((x) => x.kind === 'out')
      .map((x) => x.text)
      .join('\n');
    // a CirrOS console: BusyBox ping numbers its replies from seq=0
    expect(out).toContain(`64 bytes from ${await ipOf(second)}: seq=0 `);
    expect(b.errors).toEqual([]);
  });
});
