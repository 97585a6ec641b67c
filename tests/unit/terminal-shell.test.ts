// The terminal's own reading of a line (quotes, pipes, `sudo`, `ip netns exec <ns>`), its Tab
// completion (common prefix, candidate lists, the names ping takes) and its places (prompts, the picker,
// what a canvas selection opens).
import { describe, expect, it } from 'vitest';
import { applyCompletion, commonPrefix, terminalCandidates } from '../../src/logic/terminal/complete';
import {
  placeGroups,
  placeOfSelection,
  promptOf,
  sendSource,
  shortNamespace,
  whereOf,
} from '../../src/logic/terminal/places';
import { parseLine, unwrap } from '../../src/logic/terminal/words';
import { planeView, realize } from '../../src/sim';
import { loadExample } from './helpers';

describe('parseLine and unwrap', () => {
  it('splits words with quotes and backslashes, and a pipeline at unquoted bars', () => {
    expect(parseLine(`ovs-ofctl dump-flows br-tun | grep "tun_id=0x65" | wc -l`).stages).toEqual([
      ['ovs-ofctl', 'dump-flows', 'br-tun'],
      ['grep', 'tun_id=0x65'],
      ['wc', '-l'],
    ]);
    expect(parseLine(`grep 'a|b' x\\ y`).stages).toEqual([['grep', 'a|b', 'x y']]);
  });

  it('takes sudo and ip netns exec <ns> (abbreviated too) off a command', () => {
    expect(unwrap(['sudo', 'ip', 'netns', 'exec', 'qrouter-1', 'ping', '-c', '1', 'x'])).toEqual({
      namespace: 'qrouter-1',
      argv: ['ping', '-c', '1', 'x'],
      missingNamespace: false,
    });
    expect(unwrap(['ip', 'net', 'e', 'qdhcp-2', 'sudo', 'bash']).argv).toEqual(['bash']);
    expect(unwrap(['ip', 'netns', 'exec'])).toMatchObject({ missingNamespace: true });
    // `ip n` is ip neigh, not netns
    expect(unwrap(['ip', 'n', 'exec', 'x']).namespace).toBeNull();
  });
});

describe('completion', () => {
  it('completes one candidate with a space, several to their common prefix and lists them', () => {
    expect(applyCompletion('ip netns exec qr', ['qrouter-5f1b'])).toEqual({
      before: 'ip netns exec qrouter-5f1b ',
      list: [],
    });
    expect(applyCompletion('ovs-', ['ovs-vsctl', 'ovs-ofctl', 'ovs-appctl'])).toEqual({
      before: 'ovs-',
      list: ['ovs-appctl', 'ovs-ofctl', 'ovs-vsctl'],
    });
    expect(applyCompletion('ip netns exec q', ['qdhcp-a1', 'qdhcp-a2'])).toEqual({
      before: 'ip netns exec qdhcp-a',
      list: ['qdhcp-a1', 'qdhcp-a2'],
    });
    expect(applyCompletion('frob', [])).toEqual({ before: 'frob', list: [] });
    expect(commonPrefix(['abc', 'abd', 'ab'])).toBe('ab');
  });

  it('adds ping, traceroute, sleep and the builtins as commands, and server and outside names after ping', () => {
    const hostNames = ['vm1', 'vm2', 'internet'];
    expect(terminalCandidates({ before: 'p', hostNames, onHost: false })).toEqual(['ping']);
    expect(terminalCandidates({ before: '', hostNames, onHost: true })).toEqual([
      'ping',
      'traceroute',
      'sleep',
      'clear',
      'exit',
      'help',
      'history',
    ]);
    expect(terminalCandidates({ before: 'ping -c 2 vm', hostNames, onHost: false })).toEqual(['vm1', 'vm2']);
    expect(terminalCandidates({ before: 'ping -c ', hostNames, onHost: false })).toEqual([]);
    expect(terminalCandidates({ before: 'ip netns exec qrouter-x ', hostNames, onHost: true })).toEqual([
      'ping',
      'traceroute',
      'sleep',
      'bash',
    ]);
    expect(
      terminalCandidates({ before: 'ip netns exec qrouter-x traceroute i', hostNames, onHost: true }),
    ).toEqual(['internet']);
  });
});

describe('places', () => {
  const t = loadExample('two-networks-one-router');
  const view = planeView(t, realize(t));
  const router = t.routers[0]!;
  const qrouter = `qrouter-${router.id}`;
  const vm1 = t.servers.find((s) => s.name === 'vm1')!;

  it('prompts as the place’s shell would', () => {
    expect(promptOf({ target: { kind: 'host', host: 'network1' }, namespace: null })).toBe(
      'root@network1:~# ',
    );
    expect(promptOf({ target: { kind: 'host', host: 'network1' }, namespace: qrouter })).toBe(
      `(${shortNamespace(qrouter)}) root@network1:~# `,
    );
    expect(shortNamespace(qrouter)).toBe(`qrouter-${router.id.slice(0, 8)}`);
    expect(promptOf({ target: { kind: 'vm', serverId: vm1.id }, namespace: null })).toBe('$ ');
    expect(promptOf({ target: { kind: 'outside', name: 'internet' }, namespace: null })).toBe(
      'root@internet:~# ',
    );
  });

  it('lists each host with its namespaces, the VM consoles and the outside hosts', () => {
    const groups = placeGroups(t, view);
    expect(groups.map((g) => g.label)).toEqual([
      'Host compute1',
      'Host compute2',
      'Host network1',
      'VM consoles',
      'Outside the cloud',
    ]);
    const network1 = groups.find((g) => g.label === 'Host network1')!;
    expect(network1.options.map((o) => o.place.namespace)).toEqual([
      null,
      qrouter,
      ...t.networks
        .filter((n) => t.subnets.some((s) => s.network_id === n.id && s.enable_dhcp))
        .map((n) => `qdhcp-${n.id}`)
        .sort(),
    ]);
    expect(network1.options[1]!.label).toContain('(router1)');
  });

  it('maps canvas selections and places to where the core runs and what a send starts from', () => {
    const ns = view.devices.find((d) => d.name === qrouter)!;
    const qr = view.devices.find((d) => d.name.startsWith('qr-'))!;
    const brTun = view.devices.find((d) => d.name === 'br-tun' && d.host === 'compute1')!;
    const vmDev = view.devices.find((d) => d.serverId === vm1.id)!;
    expect(placeOfSelection({ kind: 'device', id: ns.id }, t, view)).toEqual({
      target: { kind: 'host', host: 'network1' },
      namespace: qrouter,
    });
    expect(placeOfSelection({ kind: 'device', id: qr.id }, t, view)?.namespace).toBe(qrouter);
    expect(placeOfSelection({ kind: 'device', id: brTun.id }, t, view)).toEqual({
      target: { kind: 'host', host: 'compute1' },
      namespace: null,
    });
    expect(placeOfSelection({ kind: 'device', id: vmDev.id }, t, view)?.target).toEqual({
      kind: 'vm',
      serverId: vm1.id,
    });
    expect(placeOfSelection({ kind: 'router', id: router.id }, t, view)?.namespace).toBe(qrouter);
    const inNs = { target: { kind: 'host' as const, host: 'network1' }, namespace: qrouter };
    expect(whereOf(inNs)).toEqual({ host: 'network1', namespace: qrouter });
    expect(sendSource(inNs, t)).toEqual({ from: `router:${router.id}` });
    expect(sendSource({ target: { kind: 'host', host: 'network1' }, namespace: null }, t)).toBeNull();
    expect(sendSource({ target: { kind: 'vm', serverId: vm1.id }, namespace: null }, t)).toEqual({
      from: 'vm1',
      fromId: vm1.id,
    });
  });
});
