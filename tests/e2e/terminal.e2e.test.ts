// The terminal as a user types into it, on the default cloud: what it prints is checked against the core
// run in this process on the same topology (the names of namespaces, routes, VXLAN ports and flows
// derived from examples/two-networks-one-router.json), then Tab, the history, an unknown command, and
// ping and traceroute from vm1's console, which send packets that animate on the canvas.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopologyText, newSimState, realize, runLine, type Where } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

const text = readFileSync('examples/two-networks-one-router.json', 'utf8');
const loaded = loadTopologyText(text);
if (!loaded.ok) throw new Error('the example does not load');
const topology = loaded.topology;
const ctx = { topology, plane: realize(topology), state: newSimState() };
/** The core's answer on a fresh cloud, as the terminal shows it (without the last newline). */
const core = (where: Where, line: string) => runLine(ctx, where, line).stdout.replace(/\n$/, '');

const router = topology.routers[0]!;
/** A VM's address as the core gave it, escaped for a regular expression. */
const ipOf = (vm: string) => {
  const id = topology.servers.find((x) => x.name === vm)!.id;
  return topology.ports.find((x) => x.device_id === id)!.fixed_ips[0]!.ip_address;
};
const reIp = (vm: string) => ipOf(vm).replaceAll('.', '\\.');
const qrouter = `qrouter-${router.id}`;
const dhcpNamespaces = topology.networks
  .filter((n) => topology.subnets.some((s) => s.network_id === n.id && s.enable_dhcp))
  .map((n) => `qdhcp-${n.id}`);
/** vxlan-0a00011f: the port to a host, named after its tunnel IP in hex */
const vxlanTo = (host: string) => {
  const ip = topology.hosts.find((h) => h.name === host)!.tunnel_ip;
  return `vxlan-${ip
    .split('.')
    .map((x) => Number(x).toString(16).padStart(2, '0'))
    .join('')}`;
};

interface Shown {
  kind: string;
  text: string;
}

const input = (page: Page) => page.locator('[data-testid="terminal-input"]');

async function blocks(page: Page): Promise<Shown[]> {
  return page.$$eval('[data-testid="terminal-log"] > [data-kind]', (els) =>
    els.map((e) => ({ kind: e.getAttribute('data-kind') ?? '', text: e.textContent ?? '' })),
  );
}

const done = async (page: Page) =>
  Number(await page.locator('[data-testid="terminal"]').getAttribute('data-done'));

/** Types a line as a user does and waits for the command to finish; returns what it printed. */
async function typeLine(page: Page, line: string, timeout = 15_000): Promise<Shown[]> {
  const before = (await blocks(page)).length;
  const n = await done(page);
  await input(page).click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (k) => Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-done')) > k,
    n,
    { timeout },
  );
  const after = await blocks(page);
  expect(after[before]).toMatchObject({ kind: 'cmd' });
  expect(after[before]!.text.endsWith(line)).toBe(true);
  return after.slice(before + 1);
}

const outText = (shown: Shown[]) =>
  shown
    .filter((b) => b.kind === 'out')
    .map((b) => b.text)
    .join('\n');

async function pick(page: Page, label: string) {
  await page.locator('[data-testid="terminal-place"]').selectOption({ label });
  await expect(page.locator('[data-testid="terminal-where"]').textContent()).resolves.toBeTruthy();
}

describe('the terminal in the default scenario', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await openApp();
    await b.page.getByRole('tab', { name: 'Terminal' }).click();
    await b.page.waitForSelector('[data-testid="terminal-input"]');
  });
  afterAll(async () => {
    await b.close();
  });

  it('opens on the network node with a root prompt', async () => {
    const page = b.page;
    await expect(page.locator('[data-testid="terminal"]').getAttribute('data-place')).resolves.toBe(
      'host:network1',
    );
    await expect(page.locator('.term-input .term-prompt').textContent()).resolves.toBe('root@network1:~# ');
    // the line has the keyboard as soon as the tab opens
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe(
      'terminal-input',
    );
  });

  it('ip netns on network1 lists the qrouter and qdhcp namespaces of the model', async () => {
    const shown = await typeLine(b.page, 'ip netns');
    const out = outText(shown);
    expect(out).toBe(core({ host: 'network1', namespace: null }, 'ip netns'));
    expect(out).toContain(`${qrouter} (id: `);
    for (const ns of dhcpNamespaces) expect(out).toContain(`${ns} (id: `);
  });

  it('Tab completes the namespace; ip route in the qrouter has the default route via 172.24.4.1 dev qg-', async () => {
    const page = b.page;
    await input(page).click();
    await page.keyboard.type('ip netns exec qr');
    await page.keyboard.press('Tab');
    await expect.poll(() => input(page).inputValue()).toBe(`ip netns exec ${qrouter} `);
    await page.keyboard.press('Control+U');
    const shown = await typeLine(page, `ip netns exec ${qrouter} ip route`);
    const out = outText(shown);
    expect(out).toBe(core({ host: 'network1', namespace: qrouter }, 'ip route'));
    expect(out).toMatch(/^default via 172\.24\.4\.1 dev qg-[0-9a-f]{8}-[0-9a-f]{2} proto static$/m);
  });

  it('Tab lists the candidates when several remain', async () => {
    const page = b.page;
    await input(page).click();
    await page.keyboard.type('ovs-');
    await page.keyboard.press('Tab');
    const list = page.locator('[data-testid="terminal-candidates"]').last();
    await expect
      .poll(() => list.locator('span').allTextContents())
      .toEqual(['ovs-appctl', 'ovs-ofctl', 'ovs-vsctl']);
    await page.keyboard.type('v');
    await page.keyboard.press('Tab');
    await expect.poll(() => input(page).inputValue()).toBe('ovs-vsctl ');
    await page.keyboard.press('Control+U');
  });

  it('entering the namespace changes the prompt; exit leaves it', async () => {
    const page = b.page;
    await typeLine(page, `ip netns exec ${qrouter} bash`);
    await expect(page.locator('.term-input .term-prompt').textContent()).resolves.toBe(
      `(qrouter-${router.id.slice(0, 8)}) root@network1:~# `,
    );
    const shown = await typeLine(page, 'ip r');
    expect(outText(shown)).toBe(core({ host: 'network1', namespace: qrouter }, 'ip r'));
    await typeLine(page, 'exit');
    await expect(page.locator('.term-input .term-prompt').textContent()).resolves.toBe('root@network1:~# ');
  });

  it('ovs-vsctl show on network1 has a VXLAN port to each compute host', async () => {
    const out = outText(await typeLine(b.page, 'ovs-vsctl show'));
    expect(out).toBe(core({ host: 'network1', namespace: null }, 'ovs-vsctl show'));
    for (const host of ['compute1', 'compute2']) {
      expect(out).toContain(`Port ${vxlanTo(host)}`);
      expect(out).toContain(`remote_ip="${topology.hosts.find((h) => h.name === host)!.tunnel_ip}"`);
    }
  });

  it('ovs-ofctl dump-flows br-tun on compute1 maps VNI 101 (tun_id=0x65)', async () => {
    const page = b.page;
    await pick(page, 'compute1 (compute node)');
    await expect(page.locator('.term-input .term-prompt').textContent()).resolves.toBe('root@compute1:~# ');
    const out = outText(await typeLine(page, 'ovs-ofctl dump-flows br-tun'));
    expect(out).toBe(core({ host: 'compute1', namespace: null }, 'ovs-ofctl dump-flows br-tun'));
    expect(out).toMatch(/table=4, .*tun_id=0x65 actions=mod_vlan_vid:\d+,resubmit\(,10\)/);
    expect(out).toContain(`output:"${vxlanTo('network1')}"`);
  });

  it('Up brings back the last command, Down the line being typed', async () => {
    const page = b.page;
    await input(page).click();
    await page.keyboard.type('hostn');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => input(page).inputValue()).toBe('ovs-ofctl dump-flows br-tun');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => input(page).inputValue()).toBe('ovs-vsctl show');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => input(page).inputValue()).toBe('hostn');
    await page.keyboard.press('Control+U');
    await page.keyboard.press('ArrowUp');
    const n = await done(page);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (k) => Number(document.querySelector('[data-testid="terminal"]')?.getAttribute('data-done')) > k,
      n,
    );
    const all = await blocks(page);
    expect(all.at(-2)!.text).toBe('root@compute1:~# ovs-ofctl dump-flows br-tun');
  });

  it('an unknown command answers as bash does', async () => {
    const shown = await typeLine(b.page, 'frobnicate --now');
    expect(shown).toEqual([{ kind: 'err', text: 'bash: frobnicate: command not found' }]);
  });

  it('Ctrl+L clears the screen', async () => {
    const page = b.page;
    await input(page).click();
    await page.keyboard.press('Control+L');
    await expect.poll(() => blocks(page)).toEqual([]);
  });

  it('ping -c 3 vm2 from vm1’s console prints replies with ttl=63 and animates the packets', async () => {
    const page = b.page;
    await pick(page, 'vm1 console');
    await expect(page.locator('.term-input .term-prompt').textContent()).resolves.toBe('$ ');
    const shown = await typeLine(page, 'ping -c 3 vm2');
    const out = outText(shown);
    // vm1 boots CirrOS: its console's ping is BusyBox's
    expect(out).toMatch(new RegExp(`^PING vm2 \\(${reIp('vm2')}\\): 56 data bytes$`, 'm'));
    const replies =
      out.match(new RegExp(`^64 bytes from ${reIp('vm2')}: seq=(\\d) ttl=63 time=\\d+\\.\\d{3} ms$`, 'gm')) ??
      [];
    expect(replies).toHaveLength(3);
    expect(out).toContain(
      '--- vm2 ping statistics ---\n3 packets transmitted, 3 packets received, 0% packet loss',
    );
    expect(out).toMatch(/^round-trip min\/avg\/max = [\d.]+\/[\d.]+\/[\d.]+ ms$/m);
    // the send went through the simulator: a flow in the event list, packets drawn; the terminal stays open
    await expect(page.locator('[data-testid="flows"]').textContent()).resolves.toContain('vm1 → vm2');
    await expect(page.getByRole('tab', { name: 'Terminal' }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
  });

  it('traceroute from vm1 to the internet host: first hop 192.168.1.1, last the host', async () => {
    const shown = await typeLine(b.page, 'traceroute internet');
    const lines = outText(shown).split('\n');
    // BusyBox traceroute sends 46-byte packets
    expect(lines[0]).toBe('traceroute to internet (203.0.113.10), 30 hops max, 46 byte packets');
    expect(lines[1]).toMatch(/^ 1 {2}192\.168\.1\.1 \(192\.168\.1\.1\)( {2}\d+\.\d{3} ms){3}$/);
    expect(lines.at(-1)).toMatch(/^ \d {2}203\.0\.113\.10 \(203\.0\.113\.10\)( {2}\d+\.\d{3} ms){3}$/);
  });

  it('Ctrl+C stops a running ping, which prints its statistics', async () => {
    const page = b.page;
    await input(page).click();
    // vm2's address, as the cloud gave it
    const vm2 = ipOf('vm2');
    await page.keyboard.type(`ping -c 20 ${vm2}`);
    await page.keyboard.press('Enter');
    // the first answer of this ping (earlier tests printed answers of their own)
    const sinceHeader = (out: string) => out.slice(out.lastIndexOf(`PING ${vm2} `));
    const ip = reIp('vm2');
    await expect
      .poll(async () => sinceHeader(outText(await blocks(page))), { timeout: 10_000 })
      .toMatch(new RegExp(`^PING ${ip} [^\\n]*\\n64 bytes from ${ip}: seq=0 ttl=63`));
    await expect(page.locator('[data-testid="terminal"]').getAttribute('data-running')).resolves.toBe('yes');
    await page.keyboard.press('Control+C');
    await expect.poll(() => page.locator('[data-testid="terminal"]').getAttribute('data-running')).toBe('no');
    const out = outText(await blocks(page));
    expect(out).toContain(`^C\n--- ${vm2} ping statistics ---`);
    expect(out).not.toContain('20 packets transmitted');
  });

  it('Alt+click on a namespace of the canvas opens a terminal in it', async () => {
    const page = b.page;
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.locator(`[data-device="${qrouter}"]`).click({ modifiers: ['Alt'] });
    await expect
      .poll(() => page.locator('[data-testid="terminal"]').getAttribute('data-place'))
      .toBe(`host:network1|${qrouter}`);
    await expect(page.locator('.term-input .term-prompt').textContent()).resolves.toBe(
      `(qrouter-${router.id.slice(0, 8)}) root@network1:~# `,
    );
    const shown = await typeLine(page, 'ip neigh');
    expect(shown.every((x) => x.kind === 'out')).toBe(true);
    // vm1 pinged vm2 through this router: the namespace has learned both
    for (const vm of ['vm1', 'vm2'])
      expect(outText(shown)).toMatch(
        new RegExp(`^${reIp(vm)} dev qr-\\S+ lladdr fa:16:3e:[0-9a-f:]{8} REACHABLE$`, 'm'),
      );
  });

  it('selecting a VM on the canvas offers a terminal on its console', async () => {
    const page = b.page;
    await page.locator('[data-device="vm2"]').click();
    await page.getByRole('button', { name: 'Open a terminal there' }).click();
    const vm2 = topology.servers.find((x) => x.name === 'vm2')!;
    await expect
      .poll(() => page.locator('[data-testid="terminal"]').getAttribute('data-place'))
      .toBe(`vm:${vm2.id}`);
    expect(outText(await typeLine(page, 'hostname'))).toBe('vm2');
  });

  it('openstack router remove subnet breaks vm1 → vm2 as an undoable edit', async () => {
    const page = b.page;
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await pick(page, 'network1 (network node)');
    const removed = await typeLine(page, 'openstack router remove subnet router1 subnet2');
    expect(removed.filter((x) => x.kind === 'err')).toEqual([]);
    await pick(page, 'vm1 console');
    const broken = outText(await typeLine(page, 'ping -c 1 vm2'));
    expect(broken).toContain('1 packets transmitted, 0 packets received');
    // undo heals it: the interface is back, the same ping is answered
    await page.getByTestId('undo').click();
    const healed = outText(await typeLine(page, 'ping -c 1 vm2'));
    expect(healed).toMatch(new RegExp(`^64 bytes from ${reIp('vm2')}: seq=0 ttl=63 `, 'm'));
  });

  it('printed no errors in the console', () => {
    expect(b.errors).toEqual([]);
  });
});
