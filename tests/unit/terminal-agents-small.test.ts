// The small ones of issue 18 (points 5 and 7), whole outputs for the demo cloud written from the real
// captures (9506hqwy/openstack_study_notes) and neutron's code, never from the simulator's output:
// br-int's neighbour-advertisement anti-spoofing flows, the tap's noqueue qdisc, every field of
// `openstack router show`, and `ovs-ofctl -O OpenFlow13 dump-flows`.
import { describe, expect, it } from 'vitest';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, loadExample } from './helpers';

const t = loadExample('two-networks-one-router');
const compute1: Where = { host: 'compute1', namespace: null };
const sh = (where: Where, line: string) => runLine(cloud(t), where, line).stdout;
const port = (name: string) => t.ports.find((p) => p.name === name)!;
const dev = (prefix: string, id: string) => (prefix + id).slice(0, 14);
const vm1 = port('vm1-port');
const qvo = dev('qvo', vm1.id);
/** the port's link-local address, modified EUI-64 of fa:16:3e:xx:yy:zz */
const lla = (mac: string) => {
  const [, , , a, b, c] = mac.split(':');
  return `fe80::f816:3eff:fe${a}:${Number.parseInt(`${b}${c}`, 16).toString(16)}`;
};
/** the cookie the agent gave a bridge's flows, read from its first flow */
const cookieOf = (br: string) => /cookie=(0x[0-9a-f]+)/.exec(sh(compute1, `ovs-ofctl dump-flows ${br}`))![1]!;
const stats = (cookie: string, table: number) =>
  ` cookie=${cookie}, duration=0.000s, table=${table}, n_packets=0, n_bytes=0, `;

describe("br-int's anti-spoofing flows for a VM port", () => {
  it('include the neighbour advertisement for its link-local address, into table 24 and then 25', () => {
    const c = cookieOf('br-int');
    const f = (table: number, rest: string) => `${stats(c, table)}${rest}`;
    expect(sh(compute1, 'ovs-ofctl dump-flows br-int')).toBe(
      [
        f(0, 'priority=65535,dl_vlan=4095 actions=drop'),
        f(0, `priority=10,icmp6,in_port="${qvo}",icmp_type=136 actions=resubmit(,24)`),
        f(0, `priority=10,arp,in_port="${qvo}" actions=resubmit(,24)`),
        f(0, `priority=9,in_port="${qvo}" actions=resubmit(,25)`),
        f(0, 'priority=0 actions=resubmit(,58)'),
        f(23, 'priority=0 actions=drop'),
        f(
          24,
          `priority=2,icmp6,in_port="${qvo}",icmp_type=136,nd_target=${lla(vm1.mac_address)} actions=resubmit(,25)`,
        ),
        f(
          24,
          `priority=2,arp,in_port="${qvo}",arp_spa=${vm1.fixed_ips[0]!.ip_address} actions=resubmit(,25)`,
        ),
        f(24, 'priority=0 actions=drop'),
        f(25, `priority=2,in_port="${qvo}",dl_src=${vm1.mac_address} actions=resubmit(,30)`),
        f(30, 'priority=0 actions=resubmit(,58)'),
        f(31, 'priority=0 actions=resubmit(,58)'),
        f(58, 'priority=0 actions=resubmit(,60)'),
        f(60, 'priority=3 actions=NORMAL'),
        f(62, 'priority=3 actions=NORMAL'),
        '',
      ].join('\n'),
    );
  });
});

describe('ovs-ofctl -O OpenFlow13 dump-flows', () => {
  it("prints br-tun's flows in OpenFlow 1.3 syntax: goto_table, push_vlan and set_field, pop_vlan", () => {
    const c = cookieOf('br-tun');
    const f = (table: number, rest: string) => `${stats(c, table)}${rest}`;
    const vx = 'vxlan-0a00010b'; // toward network1, 10.0.1.11
    const net1 = t.networks.find((n) => n.name === 'net1')!;
    const dhcp1 = t.ports.find((p) => p.device_owner === 'network:dhcp' && p.network_id === net1.id)!;
    expect(sh(compute1, 'ovs-ofctl -O OpenFlow13 dump-flows br-tun')).toBe(
      [
        f(0, 'priority=1,in_port="patch-int" actions=goto_table:2'),
        f(0, `priority=1,in_port="${vx}" actions=goto_table:4`),
        f(0, 'priority=0 actions=drop'),
        f(2, 'priority=0,dl_dst=00:00:00:00:00:00/01:00:00:00:00:00 actions=goto_table:20'),
        f(2, 'priority=0,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=goto_table:22'),
        f(3, 'priority=0 actions=drop'),
        f(4, 'priority=1,tun_id=0x65 actions=push_vlan:0x8100,set_field:4097->vlan_vid,goto_table:10'),
        f(4, 'priority=0 actions=drop'),
        f(6, 'priority=0 actions=drop'),
        f(
          10,
          `priority=1 actions=learn(table=20,hard_timeout=300,priority=1,cookie=${c},NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0->NXM_OF_VLAN_TCI[],load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[]),output:"patch-int"`,
        ),
        f(
          20,
          `priority=2,dl_vlan=1,dl_dst=${port('router1-net1').mac_address} actions=pop_vlan,set_field:0x65->tun_id,output:"${vx}"`,
        ),
        f(
          20,
          `priority=2,dl_vlan=1,dl_dst=${dhcp1.mac_address} actions=pop_vlan,set_field:0x65->tun_id,output:"${vx}"`,
        ),
        f(20, 'priority=0 actions=goto_table:22'),
        f(22, `priority=1,dl_vlan=1 actions=pop_vlan,set_field:0x65->tun_id,output:"${vx}"`),
        f(22, 'priority=0 actions=drop'),
        '',
      ].join('\n'),
    );
  });

  it('without -O it keeps the OpenFlow 1.0 forms of the same flows', () => {
    const out = sh(compute1, 'ovs-ofctl dump-flows br-tun');
    expect(out).toContain('priority=1,tun_id=0x65 actions=mod_vlan_vid:1,resubmit(,10)');
    expect(out).not.toContain('goto_table');
  });
});

describe("a VM's tap on its host", () => {
  it('has the noqueue qdisc libvirt gives it', () => {
    const tap = dev('tap', vm1.id);
    const out = sh(compute1, `ip link show ${tap}`);
    expect(out.replace(/^\d+: /, 'N: ')).toBe(
      `N: ${tap}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master ${dev('qbr', vm1.id)} state UNKNOWN group default qlen 1000\n    link/ether fe${vm1.mac_address.slice(2)} brd ff:ff:ff:ff:ff:ff\n`,
    );
  });
});

describe('openstack router show', () => {
  it('prints every field the API returns, sorted as the client sorts them', () => {
    const r = t.routers[0]!;
    const gw = r.external_gateway_info!;
    const ifaces = ['router1-net1', 'router1-net2'].map((n) => {
      const p = port(n);
      return `{"port_id": "${p.id}", "ip_address": "${p.fixed_ips[0]!.ip_address}", "subnet_id": "${p.fixed_ips[0]!.subnet_id}"}`;
    });
    const fields: [string, string][] = [
      ['admin_state_up', 'UP'],
      ['availability_zone_hints', ''],
      ['availability_zones', 'nova'],
      ['created_at', '2026-12-07T10:00:00Z'],
      ['description', ''],
      ['distributed', 'False'],
      ['enable_ndp_proxy', 'None'],
      [
        'external_gateway_info',
        `{"network_id": "${gw.network_id}", "external_fixed_ips": [{"subnet_id": "${gw.external_fixed_ips[0]!.subnet_id}", "ip_address": "${gw.external_fixed_ips[0]!.ip_address}"}], "enable_snat": true}`,
      ],
      ['flavor_id', 'None'],
      ['ha', 'False'],
      ['id', r.id],
      ['interfaces_info', `[${ifaces.join(', ')}]`],
      ['name', 'router1'],
      ['project_id', r.project_id],
      ['revision_number', '4'],
      ['routes', ''],
      ['status', 'ACTIVE'],
      ['tags', ''],
      ['tenant_id', r.project_id],
      ['updated_at', '2026-12-07T10:00:00Z'],
    ];
    const w = Math.max(...fields.map(([, v]) => v.length));
    const bar = `+-------------------------+${'-'.repeat(w + 2)}+`;
    const row = (k: string, v: string) => `| ${k.padEnd(23)} | ${v.padEnd(w)} |`;
    expect(sh({ host: 'network1', namespace: null }, 'openstack router show router1')).toBe(
      [bar, row('Field', 'Value'), bar, ...fields.map(([k, v]) => row(k, v)), bar, ''].join('\n'),
    );
  });
});
