// The terminal on a cloud with the openvswitch firewall (neutron-facts-beyond §4): the tap is a port
// of br-int, br-int's dump shows the firewall's tables, and there is no qbr and no iptables chain of
// the agent on a compute host.
import { describe, expect, it } from 'vitest';
import { inspectDevice } from '../../src/sim';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, loadExample } from './helpers';

const t = loadExample('ovs-firewall');
const c = cloud(t);
const sh = (host: string, line: string) => {
  const where: Where = { host, namespace: null };
  const r = runLine({ topology: c.topology, plane: c.plane, state: c.state }, where, line);
  expect(r.exitCode, `${line}: ${r.stderr}`).toBe(0);
  return r.stdout;
};
const port = t.ports.find((p) => p.name === 'vm1-port')!;
const tap = `tap${port.id.slice(0, 11)}`;

describe('the terminal with the openvswitch firewall', () => {
  it('ovs-vsctl show: the tap is a port of br-int with the local VLAN as its tag', () => {
    const show = sh('compute1', 'ovs-vsctl show').split('\n');
    const br = show.indexOf('    Bridge br-int');
    const next = show.findIndex((l, i) => i > br && l.startsWith('    Bridge '));
    const block = show.slice(br, next);
    const at = block.indexOf(`        Port ${tap}`);
    expect(at).toBeGreaterThan(0);
    expect(block.slice(at + 1, at + 3)).toEqual(['            tag: 1', `            Interface ${tap}`]);
    expect(show.some((l) => /Port "?qvo/.test(l))).toBe(false);
  });

  it('ovs-ofctl dump-flows br-int shows the firewall tables, 60 and 71 to 94', () => {
    const tables = new Set(
      sh('compute1', 'ovs-ofctl dump-flows br-int')
        .split('\n')
        .flatMap((l) => /table=(\d+),/.exec(l)?.[1] ?? []),
    );
    for (const n of ['60', '71', '72', '73', '81', '82', '91', '92', '93', '94']) expect(tables).toContain(n);
    // table 24 keeps only its default drop: no anti-spoofing flow for the tap
    expect(sh('compute1', 'ovs-ofctl dump-flows br-int table=24')).not.toContain('priority=2');
    const rules = sh('compute1', 'ovs-ofctl dump-flows br-int table=82,tcp').split('\n').filter(Boolean);
    expect(rules).toHaveLength(2);
    expect(rules[1]).toMatch(
      new RegExp(
        `table=82, n_packets=0, n_bytes=0, priority=77,ct_state=\\+new-est,tcp,reg5=0x2,tp_dst=22 actions=ct\\(commit,zone=NXM_NX_REG6\\[0\\.\\.15\\]\\),output:"${tap}",resubmit\\(,92\\)$`,
      ),
    );
  });

  it('ovs-ofctl show br-int: the tap with the MAC libvirt gives it', () => {
    expect(sh('compute1', 'ovs-ofctl show br-int')).toContain(
      `(${tap}): addr:fe${port.mac_address.slice(2)}`,
    );
  });

  it('brctl show: no qbr bridge', () => {
    expect(sh('compute1', 'brctl show')).toBe('bridge name\tbridge id\t\tSTP enabled\tinterfaces\n');
  });

  it('iptables -S on a compute host: no neutron-openvswi chains', () => {
    expect(sh('compute1', 'iptables -S')).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n');
    // the hybrid driver's host has them
    const hybrid = cloud(loadExample('two-networks-one-router'));
    const r = runLine(
      { topology: hybrid.topology, plane: hybrid.plane, state: hybrid.state },
      { host: 'compute1', namespace: null },
      'iptables -S',
    );
    expect(r.stdout).toContain('-N neutron-openvswi-sg-chain');
  });

  it('ip link: the tap is enslaved to ovs-system, not to a qbr', () => {
    const link = sh('compute1', 'ip link');
    expect(link).toMatch(new RegExp(`^\\d+: ${tap}: .* master ovs-system state UNKNOWN`, 'm'));
    expect(link).not.toMatch(/qbr|qvb|qvo/);
  });

  it("br-int's inspector lists the firewall's connections with their zone, the local VLAN", () => {
    const fresh = cloud(t);
    const before = inspectDevice(fresh.topology, fresh.plane, fresh.state, 'compute1|br-int')!;
    expect(before.sections.some((x) => x.title.startsWith('Connections'))).toBe(false);
    fresh.send({ from: 'vm1', to: 'vm2' });
    const after = inspectDevice(fresh.topology, fresh.plane, fresh.state, 'compute1|br-int')!;
    const conns = after.sections.find((x) => x.title === 'Connections (firewall zones)')!;
    const vm1 = port.fixed_ips[0]!.ip_address;
    expect(conns.lines).toHaveLength(1);
    expect(conns.lines[0]).toMatch(
      new RegExp(
        `^icmp +1 \\d+ src=${vm1.replaceAll('.', '\\.')} dst=192\\.168\\.2\\.\\d+ .* \\[ASSURED\\] mark=0 zone=1$`,
      ),
    );
  });
});
