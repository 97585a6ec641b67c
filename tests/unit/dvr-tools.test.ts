// The terminal on a DVR cloud (issue #14, point 8): `ip netns` lists qrouter-, fip- and snat- where they
// are, `ip rule` and `ip route show table N` show the policy routing of neutron-facts-beyond §1.5,
// `ip neigh` the permanent entries of §1.2, `ovs-ofctl dump-flows` the DVR tables of §1.4, and
// openstack reports the distributed router and its ports as Neutron does.
import { describe, expect, it } from 'vitest';
import { dvrMacs } from '../../src/sim/model/dvr';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, loadExample } from './helpers';

const t = loadExample('dvr');
const c = cloud(t);
const sh = (host: string, line: string, namespace: string | null = null) =>
  runLine({ topology: c.topology, plane: c.plane, state: c.state }, { host, namespace } as Where, line);
const lines = (s: string) => s.split('\n').filter(Boolean);
const router = t.routers[0]!;
const qrouter = `qrouter-${router.id}`;
const snat = `snat-${router.id}`;
const fip = `fip-${t.networks.find((n) => n.name === 'public')!.id}`;
const port = (name: string) => t.ports.find((p) => p.name === name)!;
const ip = (name: string) => port(name).fixed_ips[0]!.ip_address;
const netns = (host: string) => lines(sh(host, 'ip netns').stdout).map((l) => l.replace(/ \(id: \d+\)$/, ''));
const rfp = `rfp-${router.id.slice(0, 10)}`;
const fpr = `fpr-${router.id.slice(0, 10)}`;

describe('ip netns on a DVR cloud', () => {
  it('lists qrouter- and fip- on the computes, qrouter- and snat- on the network node', () => {
    expect(netns('compute1').sort()).toEqual([fip, qrouter].sort());
    expect(netns('compute2').sort()).toEqual([fip, qrouter].sort());
    const n = netns('network1');
    expect(n).toContain(snat);
    expect(n).toContain(qrouter);
    expect(n).not.toContain(fip);
  });
});

describe('ip rule and ip route show table N', () => {
  it('in the router namespace of compute1', () => {
    const out = sh('compute1', `ip netns exec ${qrouter} ip rule`);
    expect(out.exitCode).toBe(0);
    expect(lines(out.stdout)).toEqual([
      '0:\tfrom all lookup local',
      '32766:\tfrom all lookup main',
      '32767:\tfrom all lookup default',
      `32768:\tfrom ${ip('vm1-port')} lookup 16`,
      '3232235777:\tfrom 192.168.1.1/24 lookup 3232235777',
      '3232236033:\tfrom 192.168.2.1/24 lookup 3232236033',
    ]);
    expect(sh('compute1', 'ip route show table 16', qrouter).stdout).toBe(
      `default via 169.254.64.1 dev ${rfp}\n`,
    );
    const sg1 = t.ports.find(
      (p) =>
        p.device_owner === 'network:router_centralized_snat' && p.network_id === port('vm1-port').network_id,
    )!;
    expect(sh('compute1', 'ip route show table 3232235777', qrouter).stdout).toBe(
      `default via ${sg1.fixed_ips[0]!.ip_address} dev qr-${port('router1-net1').id.slice(0, 11)}\n`,
    );
    // the main table has no default route: north-south leaves by the rules
    expect(sh('compute1', 'ip route', qrouter).stdout).not.toContain('default');
    expect(sh('compute1', 'ip route show table main', qrouter).stdout).toBe(
      sh('compute1', 'ip route', qrouter).stdout,
    );
  });

  it('in the fip namespace, and as the root namespace and a bad table read', () => {
    expect(lines(sh('compute1', `ip netns exec ${fip} ip rule`).stdout)).toContain(
      `2852012033:\tfrom all iif ${fpr} lookup 2852012033`,
    );
    const fg = t.ports.find(
      (p) => p.device_owner === 'network:floatingip_agent_gateway' && p['binding:host_id'] === 'compute1',
    )!;
    expect(sh('compute1', 'ip route show table 2852012033', fip).stdout).toBe(
      `default via 172.24.4.1 dev fg-${fg.id.slice(0, 11)}\n`,
    );
    expect(lines(sh('compute1', 'ip rule').stdout)).toHaveLength(3);
    expect(sh('compute1', 'ip route show table 99', qrouter)).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
    expect(sh('compute1', 'ip route show table foo', qrouter).exitCode).not.toBe(0);
  });

  it('ip neigh shows the permanent ARP entries; ip addr shows the rfp-/fpr- veth across namespaces', () => {
    const neigh = lines(sh('compute1', 'ip neigh', qrouter).stdout);
    expect(neigh).toContain(
      `${ip('vm2-port')} dev qr-${port('router1-net2').id.slice(0, 11)} lladdr ${port('vm2-port').mac_address} PERMANENT`,
    );
    expect(neigh.some((l) => l.startsWith('169.254.64.1 dev rfp-') && l.endsWith('PERMANENT'))).toBe(true);
    const a = sh('compute1', 'ip addr', qrouter).stdout;
    expect(a).toMatch(new RegExp(`\\d+: ${rfp}@if\\d+: `));
    expect(a).toContain(`inet 169.254.64.0/31 scope global ${rfp}`);
    expect(sh('compute1', 'ip addr', fip).stdout).toContain(`inet 169.254.64.1/31 scope global ${fpr}`);
  });
});

describe('ovs-ofctl dump-flows shows the DVR tables', () => {
  const macs = dvrMacs(t);
  it('br-tun table 1 and table 9, br-int table 1 and 60', () => {
    const t1 = lines(sh('compute1', 'ovs-ofctl dump-flows br-tun table=1').stdout);
    expect(t1.some((l) => l.includes(`actions=mod_dl_src:${macs.get('compute1' as never)}`))).toBe(true);
    expect(t1.every((l) => l.includes('table=1,'))).toBe(true);
    const t9 = sh('compute1', 'ovs-ofctl dump-flows br-tun table=9').stdout;
    expect(t9).toContain(`dl_src=${macs.get('compute2' as never)} actions=output:"patch-int"`);
    const int = sh('compute2', 'ovs-ofctl dump-flows br-int').stdout;
    expect(int).toContain(`table=1, n_packets=0, n_bytes=0, priority=20,dl_vlan=`);
    expect(int).toContain(`priority=20,dl_vlan=`);
    expect(int).toMatch(/table=60, .*priority=20,.*actions=pop_vlan,output:/);
  });
});

describe('openstack on a DVR cloud', () => {
  it('reports the router distributed and its interfaces as Neutron does', () => {
    expect(sh('compute1', 'openstack router show router1 -f value -c distributed').stdout).toBe('True\n');
    const owner = sh('compute1', `openstack port show ${port('router1-net1').id} -f value -c device_owner`);
    expect(owner.stdout).toBe('network:router_interface_distributed\n');
    expect(sh('compute1', `openstack port show ${port('router1-net1').id} -f value -c status`).stdout).toBe(
      'ACTIVE\n',
    );
    expect(
      sh('compute1', `openstack port show ${port('router1-net1').id} -f value -c binding_vif_type`).stdout,
    ).toBe('distributed\n');
    const csnat = lines(
      sh('compute1', 'openstack port list --device-owner network:router_centralized_snat -f value -c ID')
        .stdout,
    );
    expect(csnat).toHaveLength(2);
    const onC2 = sh('compute1', 'openstack port list --host compute2 -f value -c ID').stdout;
    expect(onC2).toContain(port('router1-net1').id);
  });
});
