// The terminal store against the real core (the Session the worker runs, in-process): commands answer
// from the live model, namespaces are entered and left, Tab completes, ping and traceroute send through
// the playback store and print as the tools do, Ctrl+C stops a ping.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Place } from '../../src/logic/terminal/places';
import { runLine, type Session } from '../../src/sim';
import { useApp } from '../../src/store/app-store';
import { usePanel } from '../../src/store/panel-store';
import { usePlayback } from '../../src/store/playback-store';
import { type Block, currentPlace, terminalPace, useTerminal } from '../../src/store/terminal-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
const t = () => useTerminal.getState();
const doc = () => useApp.getState().doc!;
const network1: Place = { target: { kind: 'host', host: 'network1' }, namespace: null };
const vm1 = (): Place => ({
  target: { kind: 'vm', serverId: doc().servers.find((s) => s.name === 'vm1')!.id },
  namespace: null,
});

/** The address the cloud gave a port (named in the file, or the router's gateway port). */
const ipOf = (name: string) =>
  doc().ports.find((p) => p.name === name || (!name && p.device_owner === 'network:router_gateway'))!
    .fixed_ips[0]!.ip_address;
const re = (ip: string) => ip.replaceAll('.', '\\.');

/** What the current terminal shows after block `from`, as text. */
function shown(from = 0): Block[] {
  const s = t().sessions[t().current!]!;
  return s.blocks.slice(from);
}
const count = () => t().sessions[t().current!]!.blocks.length;
const out = (blocks: Block[]) =>
  blocks
    .filter((b) => b.kind === 'out')
    .map((b) => b.text)
    .join('\n');

beforeAll(async () => {
  expect(await useApp.getState().applyTopology(example, { history: false })).toBeNull();
});

beforeEach(async () => {
  useTerminal.setState({ sessions: {}, current: null, history: [] });
  usePlayback.getState().clear();
  await usePlayback.getState().resetState();
  terminalPace.scale = 0;
});

afterEach(() => {
  terminalPace.scale = 1;
});

describe('the terminal store', () => {
  it('answers a command from the model, as the core formats it, with the prompt of the place', async () => {
    t().open(network1);
    const n = count();
    expect(await t().run('ip netns')).toBe(0);
    const [cmd, res] = shown(n);
    expect(cmd).toMatchObject({ kind: 'cmd', prompt: 'root@network1:~# ', text: 'ip netns' });
    const ctx = (await import('../../src/store/sim-client')).simClient() as unknown as { session: Session };
    const expected = runLine(
      ctx.session.current()!,
      { host: 'network1', namespace: null },
      'ip netns',
    ).stdout;
    expect(res).toMatchObject({ kind: 'out', text: expected.replace(/\n$/, '') });
    expect(await t().run('frobnicate')).toBe(127);
    expect(shown().at(-1)).toMatchObject({ kind: 'err', text: 'bash: frobnicate: command not found' });
    expect(t().history).toEqual(['ip netns', 'frobnicate']);
  });

  it('enters a namespace with ip netns exec <ns> bash and leaves it with exit', async () => {
    const qrouter = `qrouter-${doc().routers[0]!.id}`;
    t().open(network1);
    await t().run(`ip netns exec ${qrouter} bash`);
    expect(currentPlace()).toEqual({ ...network1, namespace: qrouter });
    await t().run('ip route');
    expect(out(shown().slice(-1))).toMatch(/^default via 172\.24\.4\.1 dev qg-\S+ proto static$/m);
    expect(shown().at(-2)!.prompt).toBe(`(qrouter-${doc().routers[0]!.id.slice(0, 8)}) root@network1:~# `);
    await t().run('exit');
    expect(currentPlace()).toEqual(network1);
    await t().run('ip netns exec qrouter-nope bash');
    expect(shown().at(-1)).toMatchObject({
      kind: 'err',
      text: 'Cannot open network namespace "qrouter-nope": No such file or directory',
    });
    // the picker takes the terminal into a namespace as an operator would get there
    t().open({ ...network1, namespace: qrouter });
    expect(shown().at(-1)).toMatchObject({ kind: 'cmd', text: `ip netns exec ${qrouter} bash` });
  });

  it('bash and sudo -i start a shell where they are; the picker leaves every shell to go back to the root', async () => {
    const qrouter = `qrouter-${doc().routers[0]!.id}`;
    t().open(network1);
    await t().run('sudo -i');
    await t().run(`ip netns exec ${qrouter} bash`);
    await t().run('bash');
    expect(t().sessions[t().current!]!.stack).toEqual([null, qrouter, qrouter]);
    expect(currentPlace()?.namespace).toBe(qrouter);
    const n = count();
    t().open(network1);
    expect(shown(n).map((b) => [b.prompt?.startsWith('(qrouter-') ?? false, b.text])).toEqual([
      [true, 'exit'],
      [true, 'exit'],
      [false, 'exit'],
    ]);
    expect(currentPlace()).toEqual(network1);
  });

  it('completes on Tab: one candidate in full, several to their common prefix, listed', async () => {
    const qrouter = `qrouter-${doc().routers[0]!.id}`;
    t().open(network1);
    expect(await t().complete('ip netns exec qr')).toBe(`ip netns exec ${qrouter} `);
    const n = count();
    expect(await t().complete('ovs-')).toBe('ovs-');
    expect(shown(n)).toEqual([
      expect.objectContaining({ kind: 'list', items: ['ovs-appctl', 'ovs-ofctl', 'ovs-vsctl'] }),
    ]);
    expect(await t().complete('pi')).toBe('ping ');
    expect(await t().complete(`ip netns exec ${qrouter} ping v`)).toBe(`ip netns exec ${qrouter} ping vm`);
  });

  it('pings from vm1’s console: the header, replies with ttl=63, the statistics; the send animates', async () => {
    t().open(vm1());
    usePanel.getState().setTab('terminal');
    const n = count();
    expect(await t().run('ping -c 3 vm2')).toBe(0);
    const text = out(shown(n));
    const vm2 = re(ipOf('vm2-port'));
    // vm1 boots CirrOS: its console's ping is BusyBox's
    expect(text).toMatch(new RegExp(`^PING vm2 \\(${vm2}\\): 56 data bytes$`, 'm'));
    expect(
      text.match(new RegExp(`^64 bytes from ${vm2}: seq=[012] ttl=63 time=\\d+\\.\\d{3} ms$`, 'gm')),
    ).toHaveLength(3);
    expect(text).toMatch(
      /^--- vm2 ping statistics ---\n3 packets transmitted, 3 packets received, 0% packet loss\nround-trip min\/avg\/max = [\d.]+\/[\d.]+\/[\d.]+ ms$/m,
    );
    const flows = usePlayback.getState().flows;
    expect(flows.at(-1)!.req).toMatchObject({ from: 'vm1', to: 'vm2', proto: 'icmp', count: 3, size: 84 });
    // the terminal keeps its tab while the packets play
    expect(usePanel.getState().tab).toBe('terminal');
  });

  it('says that a ping without -c sends 4', async () => {
    t().open(vm1());
    const n = count();
    await t().run(`ping ${ipOf('vm2-port')}`);
    expect(shown(n)[1]).toMatchObject({ kind: 'note', text: expect.stringContaining('sending 4') });
    expect(out(shown(n))).toContain('4 packets transmitted, 4 packets received');
  });

  it('pings from a qrouter namespace with ip netns exec, and refuses to send from a root namespace', async () => {
    const qrouter = `qrouter-${doc().routers[0]!.id}`;
    t().open(network1);
    const n = count();
    expect(await t().run(`sudo ip netns exec ${qrouter} ping -c 1 vm2`)).toBe(0);
    expect(out(shown(n))).toMatch(new RegExp(`64 bytes from ${re(ipOf('vm2-port'))}: icmp_seq=1 ttl=64 `));
    expect(usePlayback.getState().flows.at(-1)!.req.from).toBe(`router:${doc().routers[0]!.id}`);
    expect(await t().run('ping -c 1 vm2')).toBe(2);
    expect(shown().at(-1)!.kind).toBe('err');
    expect(await t().run('ping -c 1 nowhere')).toBe(2);
  });

  it('traceroutes from vm1 to the internet host: 192.168.1.1, 172.24.4.1, then the host', async () => {
    t().open(vm1());
    const n = count();
    expect(await t().run('traceroute -n internet')).toBe(0);
    const lines = out(shown(n)).split('\n');
    expect(lines[0]).toBe('traceroute to internet (203.0.113.10), 30 hops max, 46 byte packets');
    expect(lines.slice(1).map((l) => l.split(/\s+/)[2])).toEqual([
      '192.168.1.1',
      '172.24.4.1',
      '203.0.113.10',
    ]);
    expect(
      usePlayback
        .getState()
        .flows.slice(-3)
        .map((f) => f.req.ttl),
    ).toEqual([1, 2, 3]);
  });

  it('traceroute to a port the security group drops: * * * to the end, and a note of where the probes died', async () => {
    t().open({ target: { kind: 'outside', name: 'internet' }, namespace: null });
    const n = count();
    const flows = usePlayback.getState().flows.length;
    expect(await t().run('traceroute -n -m 8 vm1')).toBe(0);
    const lines = out(shown(n)).split('\n');
    expect(lines[0]).toBe('traceroute to vm1 (172.24.4.144), 8 hops max, 60 byte packets');
    expect(lines[1]).toMatch(/^ 1 {2}203\.0\.113\.1 /);
    // the second hop is router1's gateway port, on the external network
    expect(lines[2]).toMatch(new RegExp(`^ 2 {2}${re(ipOf(''))} `));
    expect(lines.slice(3)).toEqual([
      ' 3  * * *',
      ' 4  * * *',
      ' 5  * * *',
      ' 6  * * *',
      ' 7  * * *',
      ' 8  * * *',
    ]);
    expect(shown().at(-1)).toMatchObject({ kind: 'note', text: expect.stringContaining('security group') });
    // one send per hop up to the first that died
    expect(usePlayback.getState().flows.length - flows).toBe(3);
  });

  it('Ctrl+C stops a running ping, which prints its statistics so far', async () => {
    terminalPace.scale = 1;
    t().open(vm1());
    const n = count();
    const done = t().run('ping -c 5 vm2');
    await vi.waitFor(() => expect(out(shown(n))).toContain('seq=0 '), { timeout: 3000 });
    expect(t().sessions[t().current!]!.running).toBe(true);
    t().interrupt();
    expect(await done).toBe(0);
    const text = out(shown(n));
    expect(text).toContain('^C\n--- vm2 ping statistics ---');
    expect(text).toMatch(/^1 packets transmitted, 1 packets received/m);
    expect(t().sessions[t().current!]!.running).toBe(false);
  });

  it('Ctrl+C while the simulator still works on the send: ^C and nothing after it, as before a first packet', async () => {
    t().open(vm1());
    const n = count();
    const done = t().run('ping -c 5 vm2');
    // the send is in flight (the fake worker answers on a later turn): interrupt before it returns
    t().interrupt();
    expect(await done).toBe(130);
    expect(shown(n).filter((b) => b.kind !== 'cmd')).toMatchObject([{ kind: 'out', text: '^C' }]);
    expect(out(shown(n))).not.toContain('PING');
  });

  it('clear and Ctrl+L empty the screen; history, exit on a root shell logs out', async () => {
    t().open(network1);
    await t().run('hostname');
    await t().run('clear');
    expect(shown()).toEqual([]);
    await t().run('history');
    expect(out(shown())).toBe('    1  hostname\n    2  clear\n    3  history');
    t().clear();
    expect(shown()).toEqual([]);
    await t().run('exit');
    expect(out(shown())).toBe('logout');
  });
});

describe('breaking the cloud from the terminal', () => {
  const compute1: Place = { target: { kind: 'host', host: 'compute1' }, namespace: null };
  it('stops the DHCP agent with systemctl, and undo heals it', async () => {
    t().open(network1);
    expect(await t().run('systemctl stop neutron-dhcp-agent')).toBe(0);
    expect(doc().hosts.find((h) => h.name === 'network1')!.agents_down).toEqual(['dhcp']);
    expect(useApp.getState().past.at(-1)!.label).toMatch(/stop the DHCP agent/);
    await useApp.getState().undo();
    expect(doc().hosts.find((h) => h.name === 'network1')!.agents_down).toEqual([]);
  });
  it('stops the L3 agent with systemctl where it runs, and undo heals it', async () => {
    t().open(network1);
    expect(await t().run('systemctl stop neutron-l3-agent')).toBe(0);
    expect(doc().hosts.find((h) => h.name === 'network1')!.agents_down).toEqual(['l3']);
    expect(useApp.getState().past.at(-1)!.label).toMatch(/stop the L3 agent on network1/);
    await useApp.getState().undo();
    t().open(compute1);
    expect(await t().run('systemctl stop neutron-l3-agent')).toBe(1);
    expect(shown().at(-1)).toMatchObject({ kind: 'err', text: expect.stringMatching(/not found/) });
  });
  it('lowers the underlay MTU and cuts the underlay with ip link, then a ping shows the effect', async () => {
    t().open(compute1);
    expect(await t().run('ip link set dev eth0 mtu 1400')).toBe(0);
    expect(doc().hosts.find((h) => h.name === 'compute1')!.underlay_mtu).toBe(1400);
    t().open(vm1());
    await t().run('ping -c 1 -s 1422 vm2');
    expect(out(shown())).toMatch(/1 packets transmitted, 0 packets received/);
    await useApp.getState().undo();
    t().open(compute1);
    expect(await t().run('ip link set eth0 down')).toBe(0);
    expect(doc().hosts.find((h) => h.name === 'compute1')!.underlay_connected).toBe(false);
    await useApp.getState().undo();
  });
  it('sets a port down and removes a router interface with the openstack client', async () => {
    t().open(network1);
    expect(await t().run('openstack port set --disable vm2-port')).toBe(0);
    expect(doc().ports.find((p) => p.name === 'vm2-port')!.admin_state_up).toBe(false);
    expect(await t().run('openstack port set --enable vm2-port')).toBe(0);
    expect(await t().run('openstack router remove subnet router1 subnet2')).toBe(0);
    expect(doc().ports.some((p) => p.name === 'router1-net2')).toBe(false);
    // the interface a floating IP needs cannot go, as Neutron says
    expect(await t().run('openstack router remove subnet router1 subnet1')).toBe(1);
    expect(shown().at(-1)).toMatchObject({
      kind: 'err',
      text: expect.stringMatching(/required by floating IP/),
    });
    await useApp.getState().undo();
    await useApp.getState().undo();
    await useApp.getState().undo();
  });
});
