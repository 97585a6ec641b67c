// ovs-vsctl, ovs-ofctl, ovs-appctl and brctl in the simulated terminal, against the bridges the OVS
// agent and os-vif build for two-networks-one-router (neutron-facts §2, §3, §4, §12).
import { describe, expect, it } from 'vitest';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, hex, loadExample } from './helpers';

const t = loadExample('two-networks-one-router');
const fresh = () => cloud(t);
const sh = (c: ReturnType<typeof cloud>, where: Where, line: string) =>
  runLine({ topology: c.topology, plane: c.plane, state: c.state }, where, line);
const host = (name: string): Where => ({ host: name, namespace: null });
const lines = (s: string) => s.split('\n').filter(Boolean);
const tunnelIp = (name: string) => t.hosts.find((h) => h.name === name)!.tunnel_ip;

const net = (name: string) => t.networks.find((n) => n.name === name)!;
const router = t.routers[0]!;
const server = (name: string) => t.servers.find((s) => s.name === name)!;
const portOf = (vm: string) => t.ports.find((p) => p.device_id === server(vm).id)!;
const routerPort = (netName: string) =>
  t.ports.find((p) => p.device_id === router.id && p.network_id === net(netName).id)!;
const dev = (prefix: string, portId: string) => (prefix + portId).slice(0, 14);

/** The lines of one bridge's block in `ovs-vsctl show`. */
function bridgeBlock(show: string, bridge: string): string[] {
  const all = show.split('\n');
  const start = all.indexOf(`    Bridge ${bridge}`);
  expect(start).toBeGreaterThan(0);
  const end = all.findIndex((l, i) => i > start && /^ {4}\S/.test(l));
  return all.slice(start + 1, end);
}

/** The lines of one port's block inside a bridge block. */
function portBlock(block: string[], port: string): string[] {
  const start = block.indexOf(`        Port ${port}`);
  expect(start, `Port ${port}`).toBeGreaterThanOrEqual(0);
  const end = block.findIndex((l, i) => i > start && /^ {8}\S/.test(l));
  return block.slice(start + 1, end < 0 ? undefined : end);
}

describe('ovs-vsctl show', () => {
  it('on compute1: br-int with the qvo access port tagged with the local VLAN, patch ports, a vxlan port to network1', () => {
    const c = fresh();
    const r = sh(c, host('compute1'), 'ovs-vsctl show');
    expect(r.exitCode).toBe(0);
    const out = r.stdout;
    expect(lines(out)[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(lines(out).at(-1)).toBe('    ovs_version: "3.3.0"');
    const lvid = c.plane.hosts.get('compute1' as never)!.localVlans.get(net('net1').id)!;
    const brInt = bridgeBlock(out, 'br-int');
    const qvo = dev('qvo', portOf('vm1').id);
    // the local VLAN is the Port's tag (neutron-facts §3); a qvo is a plain system interface
    expect(portBlock(brInt, qvo)).toEqual([`            tag: ${lvid}`, `            Interface ${qvo}`]);
    expect(portBlock(brInt, 'patch-tun')).toEqual([
      '            Interface patch-tun',
      '                type: patch',
      '                options: {peer=patch-int}',
    ]);
    const brTun = bridgeBlock(out, 'br-tun');
    expect(portBlock(brTun, 'patch-int')).toContain('                options: {peer=patch-tun}');
    // vxlan-<remote IP in hex> (neutron-facts §1), options exactly as §12 shows them
    const vx = `vxlan-${hex(tunnelIp('network1'))}`;
    expect(portBlock(brTun, vx)).toEqual([
      `            Interface ${vx}`,
      '                type: vxlan',
      `                options: {df_default="true", egress_pkt_mark="0", in_key=flow, local_ip="${tunnelIp('compute1')}", out_key=flow, remote_ip="${tunnelIp('network1')}"}`,
    ]);
    // l2population: no tunnel to compute2, which shares no network with compute1
    expect(out).not.toContain(`vxlan-${hex(tunnelIp('compute2'))}`);
    expect(out).toContain('        fail_mode: secure');
  });

  it('on network1: qr- and DHCP tap ports as internal ports tagged per network, qg- on br-int, br-ex behind int-br-ex', () => {
    const c = fresh();
    const out = sh(c, host('network1'), 'ovs-vsctl show').stdout;
    const lv = c.plane.hosts.get('network1' as never)!.localVlans;
    const brInt = bridgeBlock(out, 'br-int');
    for (const name of ['net1', 'net2']) {
      const qr = dev('qr-', routerPort(name).id);
      expect(portBlock(brInt, qr)).toEqual([
        `            tag: ${lv.get(net(name).id)}`,
        `            Interface ${qr}`,
        '                type: internal',
      ]);
      const dhcp = t.ports.find((p) => p.device_owner === 'network:dhcp' && p.network_id === net(name).id)!;
      expect(portBlock(brInt, dev('tap', dhcp.id))[0]).toBe(`            tag: ${lv.get(net(name).id)}`);
    }
    // since Stein the gateway port is on br-int (neutron-facts §2)
    const qg = dev('qg-', t.ports.find((p) => p.device_owner === 'network:router_gateway')!.id);
    expect(portBlock(brInt, qg)[0]).toBe(`            tag: ${lv.get(net('public').id)}`);
    expect(portBlock(brInt, 'int-br-ex')).toContain('                options: {peer=phy-br-ex}');
    expect(portBlock(bridgeBlock(out, 'br-ex'), 'phy-br-ex')).toContain(
      '                options: {peer=int-br-ex}',
    );
    const brTun = bridgeBlock(out, 'br-tun');
    for (const h of ['compute1', 'compute2'])
      expect(portBlock(brTun, `vxlan-${hex(tunnelIp(h))}`).at(-1)).toContain(`remote_ip="${tunnelIp(h)}"`);
  });

  it('list-br, list-ports and errors as ovs-vsctl words them', () => {
    const c = fresh();
    expect(sh(c, host('network1'), 'ovs-vsctl list-br').stdout).toBe('br-ex\nbr-int\nbr-tun\n');
    expect(lines(sh(c, host('compute1'), 'ovs-vsctl list-ports br-int').stdout)).toEqual(
      ['patch-tun', dev('qvo', portOf('vm1').id)].sort(),
    );
    expect(sh(c, host('compute1'), 'ovs-vsctl list-ports br-nope')).toMatchObject({
      exitCode: 1,
      stderr: 'ovs-vsctl: no bridge named br-nope\n',
    });
    expect(sh(c, host('compute1'), 'ovs-vsctl frob')).toMatchObject({
      exitCode: 1,
      stderr: "ovs-vsctl: unknown command 'frob'; use --help for help\n",
    });
  });
});

describe('ovs-ofctl dump-flows', () => {
  const dumpLine =
    /^ cookie=0x[0-9a-f]+, duration=\d+\.\d{3}s, table=\d+, n_packets=0, n_bytes=0, (hard_timeout=\d+, )?priority=\d+/;

  it('br-tun table 4 turns VNI 101 (tun_id=0x65) into the local VLAN of net1', () => {
    const c = fresh();
    const r = sh(c, host('compute1'), 'ovs-ofctl dump-flows br-tun');
    expect(r.exitCode).toBe(0);
    for (const l of lines(r.stdout)) expect(l).toMatch(dumpLine);
    const lvid = c.plane.hosts.get('compute1' as never)!.localVlans.get(net('net1').id)!;
    const vni = net('net1')['provider:segmentation_id']!;
    expect(vni.toString(16)).toBe('65');
    expect(lines(r.stdout)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `table=4, n_packets=0, n_bytes=0, priority=1,tun_id=0x${vni.toString(16)} actions=mod_vlan_vid:${lvid},resubmit\\(,10\\)$`,
        ),
      ),
    );
    // no learned flow before traffic
    expect(lines(r.stdout).filter((l) => l.includes('hard_timeout=300, priority=1,vlan_tci='))).toEqual([]);
  });

  it("after a ping br-tun also shows the table-20 flow learned from the tunnel (the agent's cookie, hard_timeout=300)", () => {
    const c = fresh();
    c.send({ from: 'vm1', to: 'vm2' });
    // a flow learned again is modified: ovs-ofctl then shows its hard_age beside its duration
    const out = lines(sh(c, host('compute1'), 'ovs-ofctl dump-flows br-tun').stdout).map((l) =>
      l.replace(/hard_age=\d+, /, ''),
    );
    const lvid = c.plane.hosts.get('compute1' as never)!.localVlans.get(net('net1').id)!;
    const learned = out.filter((l) => l.includes('hard_timeout=300, priority=1,vlan_tci='));
    expect(learned).toHaveLength(1);
    // the learn action gives what it learns the agent's cookie, the one every flow of the bridge has
    const cookieOf = (l: string) => /^ cookie=(0x[0-9a-f]+),/.exec(l)![1];
    const learn = out.find((l) => l.includes('actions=learn('))!;
    expect(cookieOf(learned[0]!)).toBe(cookieOf(learn));
    expect(cookieOf(learn)).not.toBe('0x0');
    expect(learn).toContain(`learn(table=20,hard_timeout=300,priority=1,cookie=${cookieOf(learn)},`);
    // learned from the reply that came from network1: the router's qr- MAC on net1, back out the same tunnel
    expect(learned[0]).toMatch(dumpLine);
    expect(learned[0]).toContain(
      `table=20, n_packets=0, n_bytes=0, hard_timeout=300, priority=1,vlan_tci=0x${lvid.toString(16).padStart(4, '0')}/0x0fff,dl_dst=${routerPort('net1').mac_address} actions=load:0->NXM_OF_VLAN_TCI[],load:0x65->NXM_NX_TUN_ID[],output:"vxlan-${hex(tunnelIp('network1'))}"`,
    );
    // listed inside table 20, between the l2pop flows (priority 2) and the default (priority 0)
    const t20 = out.filter((l) => l.includes(' table=20,')).map((l) => Number(/priority=(\d+)/.exec(l)![1]));
    expect(t20).toEqual([...t20].sort((a, b) => b - a));
  });

  it('filters by table, --no-stats drops the counters, errors as ovs-ofctl words them', () => {
    const c = fresh();
    const t22 = lines(sh(c, host('network1'), 'ovs-ofctl dump-flows br-tun table=22').stdout);
    expect(t22.length).toBeGreaterThan(0);
    expect(t22.every((l) => l.includes(' table=22,'))).toBe(true);
    expect(sh(c, host('network1'), 'ovs-ofctl --no-stats dump-flows br-int').stdout).not.toContain(
      'n_packets',
    );
    // and, as ofp-print.c does without statistics, the table of table-0 flows
    const quiet = lines(sh(c, host('network1'), 'ovs-ofctl --no-stats dump-flows br-tun').stdout);
    expect(quiet.find((l) => l.includes('in_port="patch-int"'))).toMatch(/^ cookie=0x[0-9a-f]+, priority=1,/);
    expect(quiet.filter((l) => l.includes(' table=22, ')).length).toBeGreaterThan(0);
    expect(quiet.some((l) => l.includes('table=0,'))).toBe(false);
    expect(sh(c, host('network1'), 'ovs-ofctl dump-flows br-nope')).toMatchObject({
      exitCode: 1,
      stderr: 'ovs-ofctl: br-nope is not a bridge or a socket\n',
    });
    expect(sh(c, host('network1'), 'ovs-ofctl dump-flows').stderr).toBe(
      "ovs-ofctl: 'dump-flows' command requires at least 1 arguments\n",
    );
  });

  it('ovs-ofctl show numbers the ports as the bridge does', () => {
    const c = fresh();
    const out = sh(c, host('compute1'), 'ovs-ofctl show br-tun').stdout;
    expect(out).toContain(' 1(patch-int): addr:');
    expect(out).toContain(` 2(vxlan-${hex(tunnelIp('network1'))}): addr:`);
    expect(out).toMatch(/^ LOCAL\(br-tun\): addr:/m);
  });
});

describe('MAC tables', () => {
  it('ovs-appctl fdb/show br-int lists what NORMAL switching learned, by OpenFlow port and local VLAN', () => {
    const c = fresh();
    expect(sh(c, host('compute1'), 'ovs-appctl fdb/show br-int').stdout).toBe(
      ' port  VLAN  MAC                Age\n',
    );
    c.send({ from: 'vm1', to: 'vm2' });
    const out = lines(sh(c, host('compute1'), 'ovs-appctl fdb/show br-int').stdout);
    const brInt = c.plane.devices.get('compute1|br-int');
    if (brInt?.kind !== 'ovs-bridge') throw new Error('no br-int');
    const qvoPort = brInt.ports.get(dev('qvo', portOf('vm1').id))!.ofport;
    const lvid = c.plane.hosts.get('compute1' as never)!.localVlans.get(net('net1').id)!;
    expect(out.slice(1).map((l) => l.trim().split(/\s+/).slice(0, 3))).toContainEqual([
      String(qvoPort),
      String(lvid),
      portOf('vm1').mac_address,
    ]);
  });

  it('brctl show lists each qbr with its qvb and tap, sorted; brctl showmacs the bridge MAC table', () => {
    const c = fresh();
    const id = portOf('vm1').id;
    const out = sh(c, host('compute1'), 'brctl show').stdout;
    expect(out).toBe(
      `bridge name\tbridge id\t\tSTP enabled\tinterfaces\n${dev('qbr', id)}\t\t${out.split('\n')[1]!.split('\t')[2]}\tno\t\t${dev('qvb', id)}\n\t\t\t\t\t\t\t${dev('tap', id)}\n`,
    );
    expect(out.split('\n')[1]!.split('\t')[2]).toMatch(/^8000\.[0-9a-f]{12}$/);
    // no hybrid plug on the network node
    expect(sh(c, host('network1'), 'brctl show').stdout).toBe(
      'bridge name\tbridge id\t\tSTP enabled\tinterfaces\n',
    );
    c.send({ from: 'vm1', to: 'vm2' });
    const macs = sh(c, host('compute1'), `brctl showmacs ${dev('qbr', id)}`).stdout;
    expect(macs).toMatch(new RegExp(`^ +2\\t${portOf('vm1').mac_address}\\tno\\t`, 'm'));
    expect(sh(c, host('compute1'), 'brctl frob')).toMatchObject({
      exitCode: 1,
      stderr: 'never heard of command [frob]\n',
    });
  });
});
