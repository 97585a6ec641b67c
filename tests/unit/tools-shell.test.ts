// The terminal's shell: which commands each place has, `sudo`, `ip netns exec` into commands the
// caller provides (ping), pipes into grep/head/wc, quoting, and tab completion.
import { describe, expect, it } from 'vitest';
import { completions } from '../../src/sim/tools/completions';
import type { ToolResult, Where } from '../../src/sim/tools/context';
import { parseCommandLine, runLine, runTool } from '../../src/sim/tools/shell';
import { cloud, loadExample } from './helpers';

const t = loadExample('two-networks-one-router');
const c = cloud(t);
const ctx = { topology: c.topology, plane: c.plane, state: c.state };
const network1: Where = { host: 'network1', namespace: null };
const vm1: Where = { host: null, namespace: null, vm: 'vm1' };
const qrouter = `qrouter-${t.routers[0]!.id}`;
const dhcpNamespaces = t.networks
  .filter((n) => t.subnets.some((s) => s.network_id === n.id && s.enable_dhcp))
  .map((n) => `qdhcp-${n.id}`);

describe('runTool', () => {
  it('says "command not found" as bash on a host and as busybox sh in a CirrOS guest', () => {
    expect(runTool(ctx, network1, ['frobnicate'])).toEqual({
      stdout: '',
      stderr: 'bash: frobnicate: command not found\n',
      exitCode: 127,
    });
    // a guest has ip and route, not the OpenStack host tools
    expect(runTool(ctx, vm1, ['ovs-vsctl', 'show'])).toMatchObject({
      exitCode: 127,
      stderr: '-sh: ovs-vsctl: not found\n',
    });
    expect(runTool(ctx, vm1, ['ip', 'r']).exitCode).toBe(0);
    expect(runTool(ctx, vm1, ['hostname']).stdout).toBe('vm1\n');
    expect(runTool(ctx, network1, ['hostname']).stdout).toBe('network1\n');
    expect(runTool(ctx, network1, []).stdout).toBe('');
  });

  it('runs in the namespace where says, and refuses a namespace that is not on the host', () => {
    const inNs = runTool(ctx, { host: 'network1', namespace: qrouter }, ['ip', '-4', 'a']);
    expect(inNs.stdout).toContain(' qr-');
    expect(runTool(ctx, { host: 'compute1', namespace: qrouter }, ['ip', 'a'])).toMatchObject({
      exitCode: 1,
      stderr: `Cannot open network namespace "${qrouter}": No such file or directory\n`,
    });
  });

  it('sudo runs the command; ip netns exec runs any command inside, a missing one as iproute2 reports it', () => {
    expect(runTool(ctx, network1, ['sudo', 'ip', 'netns']).stdout).toBe(
      runTool(ctx, network1, ['ip', 'netns']).stdout,
    );
    const nat = runTool(ctx, network1, [
      'sudo',
      'ip',
      'netns',
      'exec',
      qrouter,
      'iptables',
      '-t',
      'nat',
      '-S',
    ]);
    expect(nat.stdout).toContain('-A neutron-l3-agent-snat -j neutron-l3-agent-float-snat');
    expect(runTool(ctx, network1, ['ip', 'netns', 'exec', qrouter, 'frob'])).toMatchObject({
      exitCode: 1,
      stderr: 'exec of "frob" failed: No such file or directory\n',
    });
  });

  it('passes commands it does not implement (ping) to the caller, with the namespace they run in', () => {
    const seen: { where: Where; argv: readonly string[] }[] = [];
    const ping = (where: Where, argv: readonly string[]): ToolResult => {
      seen.push({ where, argv });
      return { stdout: 'PING\n', stderr: '', exitCode: 0 };
    };
    const r = runTool(ctx, network1, ['ip', 'netns', 'exec', qrouter, 'ping', '-c', '1', '192.168.1.1'], {
      external: { ping },
    });
    expect(r.stdout).toBe('PING\n');
    expect(seen).toEqual([
      { where: { host: 'network1', namespace: qrouter }, argv: ['-c', '1', '192.168.1.1'] },
    ]);
    expect(runTool(ctx, vm1, ['ping', 'x'], { external: { ping } }).exitCode).toBe(0);
    expect(seen[1]!.where).toEqual(vm1);
  });

  it('reports a place that does not exist', () => {
    expect(runTool(ctx, { host: 'nohost', namespace: null }, ['ip', 'a']).exitCode).not.toBe(0);
    expect(runTool(ctx, { host: null, namespace: null, vm: 'nope' }, ['ip', 'a']).exitCode).not.toBe(0);
  });
});

describe('runLine', () => {
  it('splits words with quotes and backslashes as a shell does', () => {
    expect(parseCommandLine(`ip  netns exec "a b" 'c d' e\\ f`)).toEqual([
      'ip',
      'netns',
      'exec',
      'a b',
      'c d',
      'e f',
    ]);
    expect(parseCommandLine('   ')).toEqual([]);
    expect(parseCommandLine(`grep ""`)).toEqual(['grep', '']);
  });

  it('pipes output through grep, head, tail and wc', () => {
    const all = runLine(ctx, network1, 'ovs-ofctl dump-flows br-tun').stdout.split('\n').filter(Boolean);
    const t22 = runLine(ctx, network1, 'ovs-ofctl dump-flows br-tun | grep table=22');
    expect(t22.stdout.split('\n').filter(Boolean)).toEqual(all.filter((l) => l.includes('table=22')));
    expect(runLine(ctx, network1, 'ovs-ofctl dump-flows br-tun | wc -l').stdout).toBe(`${all.length}\n`);
    expect(runLine(ctx, network1, 'ovs-ofctl dump-flows br-tun | head -n 2').stdout).toBe(
      `${all.slice(0, 2).join('\n')}\n`,
    );
    expect(runLine(ctx, network1, 'ip netns | grep -c qdhcp').stdout).toBe(`${dhcpNamespaces.length}\n`);
    expect(runLine(ctx, network1, "ip netns | grep -v 'qdhcp' | tail -1").stdout).toMatch(/^qrouter-/);
    // grep with no match exits 1, as in a shell
    expect(runLine(ctx, network1, 'ip netns | grep nothing-like-this').exitCode).toBe(1);
    expect(runLine(ctx, network1, 'ip netns |').exitCode).toBe(2);
  });
});

describe('completions', () => {
  it('completes command words by place', () => {
    expect(completions(ctx, network1, 'ovs-')).toEqual(['ovs-appctl', 'ovs-ofctl', 'ovs-vsctl']);
    expect(completions(ctx, vm1, 'o')).toEqual([]);
    expect(completions(ctx, vm1, '')).toContain('ip');
    expect(completions(ctx, network1, 'ovs-ofctl dump-flows br-tun | g')).toEqual(['grep']);
  });

  it('completes namespace names after ip netns exec, then the command inside', () => {
    expect(completions(ctx, network1, 'ip netns exec ')).toEqual([qrouter, ...dhcpNamespaces].sort());
    expect(completions(ctx, network1, 'ip netns exec qr')).toEqual([qrouter]);
    expect(completions(ctx, network1, `ip netns exec ${qrouter} ipt`)).toEqual(['iptables', 'iptables-save']);
    expect(completions(ctx, network1, 'ip -n qd')).toEqual(dhcpNamespaces.sort());
    expect(completions(ctx, { host: 'compute1', namespace: null }, 'ip netns exec ')).toEqual([]);
  });

  it('completes bridges, devices, tables and chains', () => {
    expect(completions(ctx, network1, 'ovs-ofctl dump-flows br-')).toEqual(['br-ex', 'br-int', 'br-tun']);
    expect(completions(ctx, { host: 'compute1', namespace: null }, 'ovs-vsctl list-ports ')).toEqual([
      'br-int',
      'br-tun',
    ]);
    const vm1Port = t.ports.find((p) => p.device_id === t.servers.find((s) => s.name === 'vm1')!.id)!;
    expect(completions(ctx, { host: 'compute1', namespace: null }, 'brctl showmacs ')).toEqual([
      `qbr${vm1Port.id}`.slice(0, 14),
    ]);
    expect(completions(ctx, { host: 'compute1', namespace: null }, 'ip addr show dev qv')).toEqual([
      `qvb${vm1Port.id}`.slice(0, 14),
      `qvo${vm1Port.id}`.slice(0, 14),
    ]);
    expect(completions(ctx, network1, 'iptables -t n')).toEqual(['nat']);
    expect(
      completions(ctx, { host: 'network1', namespace: qrouter }, 'iptables -t nat -S neutron-l3-agent-f'),
    ).toEqual(['neutron-l3-agent-float-snat']);
  });

  it('completes openstack commands and the names and ids of resources', () => {
    expect(completions(ctx, network1, 'openstack ')).toEqual([
      'floating',
      'network',
      'port',
      'router',
      'server',
      'subnet',
    ]);
    expect(completions(ctx, network1, 'openstack floating ')).toEqual(['ip']);
    expect(completions(ctx, network1, 'openstack floating ip ')).toEqual(['list', 'show']);
    expect(completions(ctx, network1, 'openstack server show vm')).toEqual(['vm1', 'vm2']);
    const net1 = t.networks.find((n) => n.name === 'net1')!;
    expect(completions(ctx, network1, `openstack network show ${net1.id.slice(0, 6)}`)).toEqual([net1.id]);
    expect(completions(ctx, network1, 'openstack network list -f ')).toEqual(['table', 'value']);
  });
});
