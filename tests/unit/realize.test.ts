// What the agents build, checked against neutron-facts.md §1-§11.
import { describe, expect, it } from 'vitest';
import {
  flowText,
  loadTopologyText,
  type OvsBridge,
  runTool,
  type StackDevice,
  type Topology,
} from '../../src/sim';
import { cloud, exampleText, hex, loadExample, packetId, variant } from './helpers';

const base = 'two-networks-one-router';
const t = loadExample(base);
const c = cloud(t);
const dev = <T>(id: string) => c.plane.devices.get(id) as T;
const flows = (host: string, br: string) => dev<OvsBridge>(`${host}|${br}`).flows.all().map(flowText);

describe('device names (neutron-facts §1)', () => {
  it('names VIF devices prefix + the first 11 characters of the port id', () => {
    const port = t.ports.find((p) => p.name === 'vm1-port')!;
    for (const prefix of ['tap', 'qbr', 'qvb', 'qvo']) {
      const name = `${prefix}${port.id.slice(0, 11)}`;
      expect(name).toHaveLength(14);
      expect(c.plane.devices.has(`compute1|${name}`)).toBe(true);
    }
  });
  it('names namespaces with the full uuid and tunnel ports with the remote IP in hex', () => {
    const router = t.routers[0]!;
    expect(c.plane.devices.has(`network1|qrouter-${router.id}`)).toBe(true);
    for (const n of t.networks.filter((x) => !x['router:external']))
      expect(c.plane.devices.has(`network1|qdhcp-${n.id}`)).toBe(true);
    expect(c.plane.devices.has(`compute1|vxlan-${hex('10.0.1.11')}`)).toBe(true);
    expect(`vxlan-${hex('172.16.0.11')}`).toBe('vxlan-ac10000b');
  });
});

describe('br-int and local VLANs (neutron-facts §3, §5)', () => {
  it('tags each port with its network local VLAN, allocated per host from 1', () => {
    const brInt = dev<OvsBridge>('network1|br-int');
    const lv = c.plane.hosts.get('network1' as never)!.localVlans;
    expect([...lv.values()].sort()).toEqual([1, 2, 3]);
    for (const p of brInt.ports.values()) {
      if (p.networkId) expect(p.tag).toBe(lv.get(p.networkId));
      else expect(p.tag).toBeNull();
    }
  });
  it('installs anti-spoofing flows for VM ports and NORMAL in table 60', () => {
    const port = t.ports.find((p) => p.name === 'vm1-port')!;
    const qvo = `qvo${port.id.slice(0, 11)}`;
    const f = flows('compute1', 'br-int');
    expect(f).toContain(`table=0, priority=10,arp,in_port="${qvo}" actions=resubmit(,24)`);
    expect(f).toContain(
      `table=24, priority=2,arp,in_port="${qvo}",arp_spa=${port.fixed_ips[0]!.ip_address} actions=resubmit(,25)`,
    );
    expect(f).toContain(
      `table=25, priority=2,in_port="${qvo}",dl_src=${port.mac_address} actions=resubmit(,30)`,
    );
    expect(f).toContain('table=60, priority=3 actions=NORMAL');
  });
  it('a port that is down sits in the dead VLAN and its frames are dropped', () => {
    const down = variant(base, (i) => {
      i.ports.find((p: { name: string }) => p.name === 'vm2-port').admin_state_up = false;
    });
    const dc = cloud(down);
    const port = down.ports.find((p) => p.name === 'vm2-port')!;
    expect(
      (dc.plane.devices.get('compute2|br-int') as OvsBridge).ports.get(`qvo${port.id.slice(0, 11)}`)!.tag,
    ).toBe(4095);
    const trace = dc.send({ from: 'vm1', to: 'vm2' });
    expect(trace.verdict).toBe('dropped');
  });
});

describe('br-tun (neutron-facts §4, §7)', () => {
  it('maps each VNI to the local VLAN and floods only to hosts that have the network (l2population)', () => {
    const f = flows('compute1', 'br-tun');
    expect(f).toContain('table=4, priority=1,tun_id=0x65 actions=mod_vlan_vid:1,resubmit(,10)');
    expect(f).toContain(
      `table=22, priority=1,dl_vlan=1 actions=strip_vlan,load:0x65->NXM_NX_TUN_ID[],output:"vxlan-${hex('10.0.1.11')}"`,
    );
    // compute1 has no port on net2, so it has no tunnel to compute2
    expect([...dev<OvsBridge>('compute1|br-tun').ports.keys()].sort()).toEqual([
      'patch-int',
      `vxlan-${hex('10.0.1.11')}`,
    ]);
    expect(f.some((x) => x.includes('tun_id=0x66'))).toBe(false);
  });
  it('builds a full mesh and floods everywhere without l2population', () => {
    const mesh = cloud(variant(base, (i) => (i.options = { l2population: false })));
    const tun = mesh.plane.devices.get('compute1|br-tun') as OvsBridge;
    expect(tun.ports.size).toBe(3);
    expect(tun.flows.all().some((f) => f.table === 20 && f.priority === 2)).toBe(false);
    expect(mesh.send({ from: 'vm1', to: 'vm2' }).verdict).toBe('delivered');
  });
  it('learns where a MAC lives into table 20 (the learn action of table 10)', () => {
    const fresh = cloud(t);
    fresh.send({ from: 'vm1', to: 'vm2' });
    const learned = fresh.state.learned.get('compute1|br-tun')!.flows().map(flowText);
    const iface = t.ports.find((p) => p.name === 'router1-net1')!;
    expect(learned).toContain(
      `table=20, hard_timeout=300, priority=1,vlan_tci=0x0001/0x0fff,dl_dst=${iface.mac_address} actions=load:0->NXM_OF_VLAN_TCI[],load:0x65->NXM_NX_TUN_ID[],output:"vxlan-${hex('10.0.1.11')}"`,
    );
  });
  it('answers ARP locally when the ARP responder is on', () => {
    const t2 = variant('same-network-two-hosts', (i) => (i.options = { arp_responder: true }));
    const trace = cloud(t2).send({ from: 'vm1', to: 'vm2' });
    expect(trace.verdict).toBe('delivered');
    const reply = trace.hops.find((h) => h.packet === packetId(trace, /ARP reply/))!;
    expect(reply).toMatchObject({ device: 'br-tun', host: 'compute1' });
    // the native driver's order (neutron-facts §7): arp_op first, the Ethernet rewrite after the ARP one
    const actions = /^table=21, priority=1,arp,dl_vlan=1,arp_tpa=\S+ actions=(.*)$/
      .exec(reply.rule!)![1]!
      .split(',');
    expect(actions.map((a) => a.replace(/0x[0-9a-f]{8,}|([0-9a-f]{2}:){5}[0-9a-f]{2}/, 'X'))).toEqual([
      'load:0x2->NXM_OF_ARP_OP[]',
      'move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[]',
      'move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[]',
      'load:X->NXM_NX_ARP_SHA[]',
      'load:X->NXM_OF_ARP_SPA[]',
      'move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]',
      'mod_dl_src:X',
      'IN_PORT',
    ]);
  });
});

describe('l2population entries (neutron-facts §7)', () => {
  it('give a port with two fixed IPs one unicast flow and an ARP responder entry for each IP', () => {
    const two = variant('two-subnets-one-network', (i) => (i.options = { arp_responder: true }));
    const dhcp = two.ports.find((p) => p.device_owner === 'network:dhcp')!;
    expect(dhcp.fixed_ips).toHaveLength(2);
    const flows = runTool(cloud(two), { host: 'compute1', namespace: null }, [
      'ovs-ofctl',
      'dump-flows',
      'br-tun',
    ]).stdout.split('\n');
    for (const f of dhcp.fixed_ips)
      expect(
        flows.filter((l) => l.includes('table=21,') && l.includes(`arp_tpa=${f.ip_address} `)),
      ).toHaveLength(1);
    expect(
      flows.filter((l) => l.includes('table=20,') && l.includes(`dl_dst=${dhcp.mac_address} `)),
    ).toHaveLength(1);
  });
});

describe('the qdhcp namespace (neutron-facts §9)', () => {
  it('has a default route via the subnet gateway on its tap, as DeviceManager.setup adds it', () => {
    const dhcp = t.ports.find((p) => p.device_owner === 'network:dhcp')!;
    const gw = t.subnets.find((x) => x.id === dhcp.fixed_ips[0]!.subnet_id)!.gateway_ip;
    const routes = runTool(cloud(t), { host: 'network1', namespace: `qdhcp-${dhcp.network_id}` }, [
      'ip',
      'route',
    ]).stdout;
    expect(routes).toMatch(
      new RegExp(`^default via ${gw} dev tap${dhcp.id.slice(0, 11)} proto static$`, 'm'),
    );
  });
});

describe('the qrouter namespace (neutron-facts §8)', () => {
  it('has qr- ports on the gateway IPs, the qg- port, connected routes and the default route', () => {
    const router = t.routers[0]!;
    const ns = dev<StackDevice>(`network1|qrouter-${router.id}`);
    const addrs = [...ns.stack.ifaces.values()].flatMap((i) =>
      i.addrs.map((a) => `${i.name.slice(0, 3)}${a.ip}/${a.prefix}`),
    );
    const gw = router.external_gateway_info!.external_fixed_ips[0]!.ip_address;
    expect(addrs).toEqual(
      expect.arrayContaining([
        'qr-192.168.1.1/24',
        'qr-192.168.2.1/24',
        `qg-${gw}/24`,
        `qg-${t.floatingips[0]!.floating_ip_address}/32`,
      ]),
    );
    const routes = ns.stack.routes.map((r) => r.text);
    // neutron-facts §8: `default via 10.51.0.1 dev qg-gwport proto static`
    const qg = [...ns.stack.ifaces.keys()].find((k) => k.startsWith('qg-'));
    expect(routes).toContain(`default via 172.24.4.1 dev ${qg} proto static`);
    expect(routes.filter((r) => r.includes('proto kernel scope link'))).toHaveLength(3);
    expect(ns.stack.arpIgnore).toBe(1);
    expect(ns.stack.forwarding).toBe(true);
  });
  it('does not exist for a router with no interface and no gateway', () => {
    const empty = cloud(variant(base, (i) => i.routers.push({ name: 'empty', project_id: 'demo' })));
    const id = empty.topology.routers.find((r) => r.name === 'empty')!.id;
    expect([...empty.plane.devices.keys()].some((k) => k.includes(`qrouter-${id}`))).toBe(false);
  });
});

describe('DHCP (neutron-facts §9)', () => {
  it('dnsmasq in qdhcp answers DISCOVER and REQUEST with the port address and the network MTU', () => {
    const trace = cloud(t).send({ from: 'vm1', to: '', proto: 'dhcp' });
    expect(trace.verdict).toBe('delivered');
    const vm1 = t.ports.find((p) => p.name === 'vm1-port')!;
    expect(trace.probes[0]!.summary).toBe(
      `DHCPACK: ${vm1.fixed_ips[0]!.ip_address}/24 router 192.168.1.1 mtu 1450 lease 86400s from 192.168.1.2`,
    );
    expect(trace.packets.map((p) => p.label.split(' ').slice(0, 2).join(''))).toEqual([
      'DHCPDISCOVER',
      'DHCPOFFER',
      'DHCPREQUEST',
      'DHCPACK',
    ]);
  });
  it('gets no answer when the DHCP agent is stopped', () => {
    const stopped = variant(
      base,
      (i) => (i.hosts.find((h: { name: string }) => h.name === 'network1').agents_down = ['dhcp']),
    );
    const trace = cloud(stopped).send({ from: 'vm1', to: '', proto: 'dhcp' });
    expect(trace.verdict).toBe('dropped');
    expect(trace.reason).toMatch(/DHCP agent is stopped/);
  });
});

describe('faults of the underlay', () => {
  it('drops a VXLAN packet that no longer fits a lowered underlay MTU (df_default=true)', () => {
    const small = variant(
      base,
      (i) => (i.hosts.find((h: { name: string }) => h.name === 'compute1').underlay_mtu = 1400),
    );
    const c2 = cloud(small);
    expect(c2.send({ from: 'vm1', to: 'vm2' }).verdict).toBe('delivered');
    const big = c2.send({ from: 'vm1', to: 'vm2', size: 1400 });
    expect(big.verdict).toBe('dropped');
    expect(big.dropped).toMatchObject({ host: 'compute1', device: `vxlan-${hex('10.0.1.11')}` });
    expect(big.reason).toMatch(/exceeds the underlay MTU 1400/);
  });
  it('loses everything to and from a host cut off the underlay', () => {
    const cut = variant(
      base,
      (i) => (i.hosts.find((h: { name: string }) => h.name === 'compute2').underlay_connected = false),
    );
    const trace = cloud(cut).send({ from: 'vm1', to: 'vm2' });
    expect(trace.verdict).toBe('dropped');
    expect(
      trace.hops.some((h) => h.kind === 'underlay' && h.drop?.reason.includes('compute2 is cut off')),
    ).toBe(true);
  });
  it('drops at br-tun table 4 when one host believes in another VNI', () => {
    const wrong = variant(
      base,
      (i) =>
        (i.hosts.find((h: { name: string }) => h.name === 'compute2').segmentation_overrides = [
          { network_id: 'net2', segmentation_id: 999 },
        ]),
    );
    const trace = cloud(wrong).send({ from: 'vm1', to: 'vm2' });
    expect(trace.verdict).toBe('dropped');
    expect(
      trace.hops.some(
        (h) =>
          h.host === 'compute2' && h.device === 'br-tun' && h.rule === 'table=4, priority=0 actions=drop',
      ),
    ).toBe(true);
  });
});

describe('the DHCP port follows the DHCP-enabled subnets', () => {
  const dhcpPort = (t: ReturnType<typeof loadExample>, net: string) =>
    t.ports.find(
      (p) => p.device_owner === 'network:dhcp' && p.network_id === t.networks.find((n) => n.name === net)!.id,
    );
  /** The example once saved (every id, address and port written out), changed and loaded again. */
  const savedThen = (change: (saved: Topology) => void) => {
    const saved = structuredClone(loadExample(base));
    change(saved);
    const r = loadTopologyText(JSON.stringify(saved));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.topology;
  };
  it('gets an address on a DHCP subnet added to its network', () => {
    const t = savedThen((i) => {
      const net1 = i.networks.find((n) => n.name === 'net1')!.id;
      // biome-ignore lint/suspicious/noExplicitAny: a terse subnet, as a file may give it
      (i.subnets as any[]).push({ name: 's3', network_id: net1, cidr: '192.168.9.0/24' });
    });
    const port = dhcpPort(t, 'net1')!;
    const s3 = t.subnets.find((s) => s.name === 's3')!;
    expect(port.fixed_ips.map((f) => f.subnet_id)).toContain(s3.id);
    expect(port.fixed_ips.find((f) => f.subnet_id === s3.id)!.ip_address).toBe('192.168.9.2');
  });
  it('goes when DHCP is turned off on its last subnet (a saved cloud keeps its DHCP port)', () => {
    const t = savedThen((i) => {
      expect(dhcpPort(i, 'net1')).toBeDefined();
      i.subnets.find((s) => s.name === 'subnet1')!.enable_dhcp = false;
    });
    expect(dhcpPort(t, 'net1')).toBeUndefined();
    expect(cloud(t).plane.index.dhcpByNetwork.has(t.networks.find((n) => n.name === 'net1')!.id)).toBe(false);
  });
});

describe('options', () => {
  it('accepts the native openvswitch firewall; iptables_hybrid stays the default', () => {
    const input = JSON.parse(exampleText(base));
    expect(input.options?.firewall_driver).toBeUndefined();
    const hybrid = loadTopologyText(JSON.stringify(input));
    expect(hybrid.ok && hybrid.topology.options.firewall_driver).toBe('iptables_hybrid');
    input.options = { firewall_driver: 'openvswitch' };
    const r = loadTopologyText(JSON.stringify(input));
    expect(r.ok && r.topology.options.firewall_driver).toBe('openvswitch');
  });
  it('refuses a firewall driver Neutron does not have, naming the field and the value', () => {
    const input = JSON.parse(exampleText(base));
    input.options = { firewall_driver: 'noop' };
    const r = loadTopologyText(JSON.stringify(input));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: 'options.firewall_driver' });
  });
});

describe('DHCP renewal', () => {
  it('sends a REQUEST from the leased address straight to dnsmasq, which acknowledges it', () => {
    const vm1 = t.ports.find((p) => p.name === 'vm1-port')!.fixed_ips[0]!.ip_address;
    const trace = cloud(t).send({ from: 'vm1', to: '', proto: 'dhcp', dhcp: 'renew' });
    expect(trace.verdict).toBe('delivered');
    const dhcp = trace.packets.filter((p) => p.kind === 'dhcp').map((p) => p.label);
    expect(dhcp).toEqual([`DHCP REQUEST ${vm1} > 192.168.1.2`, `DHCP ACK 192.168.1.2 > ${vm1}`]);
    expect(trace.packets.some((p) => p.label.startsWith('ARP request who-has 192.168.1.2'))).toBe(true);
  });
});

describe('flow counters', () => {
  it('count the packets and bytes each flow matched, as dump-flows shows them', () => {
    const c2 = cloud(t);
    const iface = t.ports.find((p) => p.name === 'router1-net1')!;
    const flowLine = () =>
      runTool(c2, { host: 'compute1', namespace: null }, ['ovs-ofctl', 'dump-flows', 'br-tun'])
        .stdout.split('\n')
        .find((l) => l.includes('priority=2') && l.includes(`dl_dst=${iface.mac_address}`))!;
    expect(flowLine()).toContain('n_packets=0, n_bytes=0');
    c2.send({ from: 'vm1', to: 'vm2', count: 2 });
    // the echo requests of both pings go to the router's MAC through this l2population flow
    const m = /n_packets=(\d+), n_bytes=(\d+)/.exec(flowLine())!;
    expect(Number(m[1])).toBe(2);
    expect(Number(m[2])).toBe(2 * 102); // 98-byte frames, tagged (+4) when br-tun sees them
  });

  it('of a learned flow carry on when each reply learns it again', () => {
    // without l2population, table 20 holds only what table 10 learned: the router's MAC, from the first reply
    const noL2pop = variant(base, (i) => (i.options = { l2population: false }));
    const c3 = cloud(noL2pop);
    const iface = noL2pop.ports.find((p) => p.name === 'router1-net1')!;
    c3.send({ from: 'vm1', to: 'vm2', count: 3 });
    const learned = runTool(c3, { host: 'compute1', namespace: null }, ['ovs-ofctl', 'dump-flows', 'br-tun'])
      .stdout.split('\n')
      .filter((l) => l.includes('table=20,') && l.includes(`dl_dst=${iface.mac_address}`));
    expect(learned).toHaveLength(1);
    // the three echo requests went out through it, while the three replies refreshed it
    expect(learned[0]).toContain('n_packets=3, n_bytes=306,');
  });
});
