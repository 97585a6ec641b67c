// iptables -S and iptables-save in the simulated terminal: the L3 agent's nat rules in the qrouter
// (neutron-facts §8) and the hybrid firewall's filter table on a compute host (§11).
import { describe, expect, it } from 'vitest';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, loadExample, variant } from './helpers';

const t = loadExample('two-networks-one-router');
const fresh = () => cloud(t);
type Cloud = ReturnType<typeof cloud>;
const sh = (c: Cloud, where: Where, line: string) =>
  runLine({ topology: c.topology, plane: c.plane, state: c.state }, where, line);
const lines = (s: string) => s.split('\n').filter(Boolean);
const dev = (prefix: string, portId: string) => (prefix + portId).slice(0, 14);

const router = t.routers[0]!;
const qrouter: Where = { host: 'network1', namespace: `qrouter-${router.id}` };
const fip = t.floatingips[0]!;
const gwPort = t.ports.find((p) => p.device_owner === 'network:router_gateway')!;
const qg = dev('qg-', gwPort.id);
const gwIp = gwPort.fixed_ips[0]!.ip_address;

describe('iptables -t nat -S in the qrouter namespace', () => {
  const out = () => lines(sh(fresh(), qrouter, 'iptables -t nat -S').stdout);

  it('DNATs the floating IP to the fixed IP (PREROUTING and OUTPUT) and SNATs the fixed IP to it', () => {
    const rules = out();
    expect(fip.fixed_ip_address).toBe(t.ports.find((p) => p.id === fip.port_id)!.fixed_ips[0]!.ip_address);
    expect(rules).toContain(
      `-A neutron-l3-agent-PREROUTING -d ${fip.floating_ip_address}/32 -j DNAT --to-destination ${fip.fixed_ip_address}`,
    );
    expect(rules).toContain(
      `-A neutron-l3-agent-OUTPUT -d ${fip.floating_ip_address}/32 -j DNAT --to-destination ${fip.fixed_ip_address}`,
    );
    expect(rules).toContain(
      `-A neutron-l3-agent-float-snat -s ${fip.fixed_ip_address}/32 -j SNAT --to-source ${fip.floating_ip_address} --random-fully`,
    );
  });

  it('SNATs everything else leaving qg- to the router gateway IP, after float-snat', () => {
    const rules = out();
    const snat = rules.filter((r) => r.startsWith('-A neutron-l3-agent-snat '));
    expect(snat[0]).toBe('-A neutron-l3-agent-snat -j neutron-l3-agent-float-snat');
    expect(snat).toContain(`-A neutron-l3-agent-snat -o ${qg} -j SNAT --to-source ${gwIp} --random-fully`);
    expect(rules).toContain(
      `-A neutron-l3-agent-POSTROUTING ! -o ${qg} -m conntrack ! --ctstate DNAT -j ACCEPT`,
    );
    expect(rules).toContain('-A POSTROUTING -j neutron-postrouting-bottom');
  });

  it('prints policies, then chain declarations sorted as libiptc keeps them, then the rules', () => {
    const rules = out();
    expect(rules.slice(0, 4)).toEqual([
      '-P PREROUTING ACCEPT',
      '-P INPUT ACCEPT',
      '-P OUTPUT ACCEPT',
      '-P POSTROUTING ACCEPT',
    ]);
    const declared = rules.filter((r) => r.startsWith('-N ')).map((r) => r.slice(3));
    expect(declared).toEqual([...declared].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(declared).toContain('neutron-l3-agent-float-snat');
    const firstRule = rules.findIndex((r) => r.startsWith('-A '));
    expect(rules.slice(firstRule).every((r) => r.startsWith('-A '))).toBe(true);
    // every rule's chain is built in or declared
    for (const r of rules.slice(firstRule)) {
      const chain = r.split(' ')[1]!;
      expect(['PREROUTING', 'OUTPUT', 'POSTROUTING', ...declared]).toContain(chain);
    }
  });

  it('-S <chain> prints one chain; an unknown chain is an error', () => {
    const c = fresh();
    expect(lines(sh(c, qrouter, 'iptables -t nat -S neutron-l3-agent-float-snat').stdout)).toEqual([
      '-N neutron-l3-agent-float-snat',
      `-A neutron-l3-agent-float-snat -s ${fip.fixed_ip_address}/32 -j SNAT --to-source ${fip.floating_ip_address} --random-fully`,
    ]);
    expect(sh(c, qrouter, 'iptables -t nat -S nope')).toMatchObject({
      exitCode: 1,
      stderr: 'iptables: No chain/target/match by that name.\n',
    });
  });
});

describe('iptables-save in the qrouter namespace', () => {
  it('has the mangle table with the external ingress mark on qg- and the nat table, each closed by COMMIT', () => {
    const out = lines(sh(fresh(), qrouter, 'iptables-save').stdout);
    const tables = out.filter((l) => l.startsWith('*'));
    expect(tables).toEqual(['*raw', '*nat', '*mangle', '*filter']);
    expect(out.filter((l) => l === 'COMMIT')).toHaveLength(4);
    // external_ingress_mark 0x2 on packets entering through qg- (neutron-facts §8)
    expect(out).toContain(`-A neutron-l3-agent-mark -i ${qg} -j MARK --set-xmark 0x2/0xffff`);
    expect(out).toContain(':PREROUTING ACCEPT [0:0]');
    expect(out).toContain(':neutron-l3-agent-snat - [0:0]');
    const nat = out.slice(out.indexOf('*nat'), out.indexOf('COMMIT', out.indexOf('*nat')));
    expect(nat).toContain(
      `-A neutron-l3-agent-PREROUTING -d ${fip.floating_ip_address}/32 -j DNAT --to-destination ${fip.fixed_ip_address}`,
    );
    expect(
      lines(sh(fresh(), qrouter, 'iptables-save -t nat').stdout).filter((l) => l.startsWith('*')),
    ).toEqual(['*nat']);
  });
});

describe('the filter table of a compute host', () => {
  const portOf = (tp: typeof t, vm: string) =>
    tp.ports.find((p) => p.device_id === tp.servers.find((s) => s.name === vm)!.id)!;

  it('holds the hybrid firewall chains of the VM port, matched with physdev on its tap', () => {
    const c = fresh();
    const rules = lines(sh(c, { host: 'compute1', namespace: null }, 'iptables -S').stdout);
    const port = portOf(t, 'vm1');
    const tap = dev('tap', port.id);
    const short = port.id.slice(0, 10);
    expect(rules.slice(0, 3)).toEqual(['-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT']);
    for (const letter of ['i', 'o', 's']) expect(rules).toContain(`-N neutron-openvswi-${letter}${short}`);
    expect(rules).toContain('-A FORWARD -j neutron-openvswi-FORWARD');
    expect(
      rules.some(
        (r) =>
          r.includes(`--physdev-out ${tap} --physdev-is-bridged`) &&
          r.endsWith(`-j neutron-openvswi-i${short}`),
      ),
    ).toBe(true);
    // anti-spoofing: the port's IP with its MAC
    expect(
      rules.some((r) =>
        r.startsWith(
          `-A neutron-openvswi-s${short} -s ${port.fixed_ips[0]!.ip_address}/32 -m mac --mac-source ${port.mac_address.toUpperCase()}`,
        ),
      ),
    ).toBe(true);
    // the ssh rule of the default group
    expect(rules).toContain(`-A neutron-openvswi-i${short} -p tcp -m tcp --dport 22 -j RETURN`);
    // a network host has no VM port: no port chains (its agent's skeleton and trusted ports are in
    // iptables-agents.test.ts)
    expect(sh(c, { host: 'network1', namespace: null }, 'iptables -S').stdout).not.toContain(
      'neutron-openvswi-i',
    );
  });

  it('merges the ports of two VMs on one host: one FORWARD jump, both ports jumps, one final ACCEPT', () => {
    const both = variant('two-networks-one-router', (input) => {
      input.servers[1].host = 'compute1';
    });
    const c = cloud(both);
    const rules = lines(sh(c, { host: 'compute1', namespace: null }, 'iptables -S').stdout);
    // the agent's chains hooked into the built-in ones once, the shared filter-top first
    expect(rules.filter((r) => r.startsWith('-A FORWARD '))).toEqual([
      '-A FORWARD -j neutron-filter-top',
      '-A FORWARD -j neutron-openvswi-FORWARD',
    ]);
    expect(rules.filter((r) => r.startsWith('-A INPUT '))).toEqual(['-A INPUT -j neutron-openvswi-INPUT']);
    expect(rules.filter((r) => r.startsWith('-A OUTPUT '))).toEqual([
      '-A OUTPUT -j neutron-filter-top',
      '-A OUTPUT -j neutron-openvswi-OUTPUT',
    ]);
    expect(rules).toContain('-N neutron-openvswi-local');
    expect(rules).toContain('-A neutron-filter-top -j neutron-openvswi-local');
    // what each VM sends to the host goes through its egress chain
    const input = rules.filter((r) => r.startsWith('-A neutron-openvswi-INPUT '));
    expect(input).toHaveLength(2);
    for (const vm of ['vm1', 'vm2']) {
      const id = portOf(both, vm).id;
      expect(input.filter((r) => r.includes(`--physdev-in ${dev('tap', id)} `))).toEqual([
        expect.stringMatching(new RegExp(`-j neutron-openvswi-o${id.slice(0, 10)}$`)),
      ]);
    }
    const sg = rules.filter((r) => r.startsWith('-A neutron-openvswi-sg-chain '));
    expect(sg).toHaveLength(5);
    expect(sg.at(-1)).toBe('-A neutron-openvswi-sg-chain -j ACCEPT');
    for (const vm of ['vm1', 'vm2']) {
      const tap = dev('tap', portOf(both, vm).id);
      expect(sg.filter((r) => r.includes(tap))).toHaveLength(2);
    }
    expect(rules.filter((r) => r.startsWith('-A neutron-openvswi-sg-fallback '))).toHaveLength(1);
    const save = sh(c, { host: 'compute1', namespace: null }, 'iptables-save').stdout;
    expect(save).toMatch(
      /^\*filter\n:INPUT ACCEPT \[0:0\]\n:FORWARD ACCEPT \[0:0\]\n:OUTPUT ACCEPT \[0:0\]\n/m,
    );
  });
});

describe('iptables errors', () => {
  it('answers as iptables does', () => {
    const c = fresh();
    expect(sh(c, qrouter, 'iptables')).toMatchObject({
      exitCode: 2,
      stderr:
        "iptables v1.8.10 (legacy): no command specified\nTry `iptables -h' or 'iptables --help' for more information.\n",
    });
    const badTable = sh(c, qrouter, 'iptables -t frob -S');
    expect(badTable.exitCode).toBe(3);
    expect(badTable.stderr).toContain("can't initialize iptables table `frob': Table does not exist");
    expect(sh(c, qrouter, 'iptables --frob').stderr).toMatch(/unknown option "--frob"/);
    expect(sh(c, qrouter, 'iptables -A INPUT -j DROP').exitCode).not.toBe(0);
    expect(sh(c, { host: null, namespace: null, vm: 'vm1' }, 'iptables -S')).toMatchObject({
      exitCode: 127,
      stderr: '-sh: iptables: not found\n',
    });
  });
});
