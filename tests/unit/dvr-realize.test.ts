// DVR realized (issue #14, point 1; neutron-facts-beyond §1.2-§1.5): the namespaces and their ports on
// each host, the ip rules and tables, the static ARP and proxy ARP, the NAT, and the br-int/br-tun/br-phys
// flows of enable_distributed_routing. Expected values are written from the facts sheet, not read back.
import { describe, expect, it } from 'vitest';
import type { OvsBridge, StackDevice } from '../../src/sim';
import { flowText } from '../../src/sim/devices/openflow/flow';
import { dvrMacs } from '../../src/sim/model/dvr';
import { cloud, hex, loadExample } from './helpers';

const t = loadExample('dvr');
const c = cloud(t);
const router = t.routers[0]!;
const port = (name: string) => t.ports.find((p) => p.name === name)!;
const owned = (owner: string) => t.ports.filter((p) => p.device_owner === owner);
const ip = (name: string) => port(name).fixed_ips[0]!.ip_address;
const ns = (host: string, name: string) => c.plane.devices.get(`${host}|${name}`) as StackDevice | undefined;
const flows = (host: string, br: string) =>
  (c.plane.devices.get(`${host}|${br}`) as OvsBridge).flows.all().map(flowText);
const ipInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const qrouter = `qrouter-${router.id}`;
const snat = `snat-${router.id}`;
const pub = t.networks.find((n) => n.name === 'public')!;
const fip = `fip-${pub.id}`;
const macs = dvrMacs(t);
const q1 = `qr-${port('router1-net1').id.slice(0, 11)}`;
const q2 = `qr-${port('router1-net2').id.slice(0, 11)}`;
const rfp = `rfp-${router.id.slice(0, 10)}`;
const fpr = `fpr-${router.id.slice(0, 10)}`;
const vm1Fip = t.floatingips[0]!.floating_ip_address;
const sgOn = (net: string) =>
  owned('network:router_centralized_snat').find(
    (p) => t.networks.find((n) => n.id === p.network_id)?.name === net,
  )!;
const fgOf = (host: string) =>
  owned('network:floatingip_agent_gateway').find((p) => p['binding:host_id'] === host)!;

describe('the namespaces of a distributed router (§1.1, §1.2)', () => {
  it('a qrouter namespace on each host, with the same qr- ports, MACs and addresses', () => {
    for (const host of ['compute1', 'compute2', 'network1']) {
      const d = ns(host, qrouter)!;
      expect(d.stack.ifaces.get(q1)).toMatchObject({
        mac: port('router1-net1').mac_address,
        addrs: [{ ip: '192.168.1.1', prefix: 24 }],
      });
      expect(d.stack.ifaces.get(q2)).toMatchObject({
        mac: port('router1-net2').mac_address,
        addrs: [{ ip: '192.168.2.1', prefix: 24 }],
      });
    }
  });

  it('snat-<router> only on the dvr_snat host, with an sg- port per subnet and qg-', () => {
    expect(ns('compute1', snat)).toBeUndefined();
    expect(ns('compute2', snat)).toBeUndefined();
    const s = ns('network1', snat)!;
    const sg1 = sgOn('net1');
    expect(s.stack.ifaces.get(`sg-${sg1.id.slice(0, 11)}`)).toMatchObject({
      mac: sg1.mac_address,
      addrs: [{ ip: sg1.fixed_ips[0]!.ip_address, prefix: 24 }],
    });
    const gw = owned('network:router_gateway')[0]!;
    expect(s.stack.ifaces.get(`qg-${gw.id.slice(0, 11)}`)?.addrs).toEqual([
      { ip: gw.fixed_ips[0]!.ip_address, prefix: 24 },
    ]);
    expect(s.stack.routes.map((r) => r.text)).toContain(
      `default via 172.24.4.1 dev qg-${gw.id.slice(0, 11)} proto static`,
    );
    // the router namespace of a compute has no qg- and no default route
    const q = ns('compute1', qrouter)!;
    expect([...q.stack.ifaces.keys()].some((n) => n.startsWith('qg-'))).toBe(false);
    expect(q.stack.routes.some((r) => r.dst.prefix === 0)).toBe(false);
  });

  it('fip-<external network> on each compute, with its fg- port and the rfp-/fpr- pair on 169.254.64.0/31', () => {
    expect(ns('network1', fip)).toBeUndefined();
    for (const host of ['compute1', 'compute2']) {
      const f = ns(host, fip)!;
      const fg = fgOf(host);
      expect(f.stack.ifaces.get(`fg-${fg.id.slice(0, 11)}`)?.addrs).toEqual([
        { ip: fg.fixed_ips[0]!.ip_address, prefix: 24 },
      ]);
      expect(f.stack.proxyArp?.has(`fg-${fg.id.slice(0, 11)}`)).toBe(true);
      expect(f.stack.ifaces.get(fpr)?.addrs).toEqual([{ ip: '169.254.64.1', prefix: 31 }]);
      expect(ns(host, qrouter)!.stack.ifaces.get(rfp)?.addrs).toEqual([{ ip: '169.254.64.0', prefix: 31 }]);
      // the veth: rfp- in the router namespace is linked to fpr- in the fip namespace
      expect(c.plane.links.get(`${host}|${qrouter}`)?.get(rfp)).toEqual({
        device: `${host}|${fip}`,
        port: fpr,
      });
      // each side knows the other's MAC
      expect(f.stack.staticNeigh?.get('169.254.64.0')).toEqual({
        mac: ns(host, qrouter)!.stack.ifaces.get(rfp)!.mac,
        iface: fpr,
      });
      expect(ns(host, qrouter)!.stack.staticNeigh?.get('169.254.64.1')).toEqual({
        mac: f.stack.ifaces.get(fpr)!.mac,
        iface: rfp,
      });
    }
  });
});

describe('ip rules and tables (§1.5)', () => {
  const rules = (host: string, name: string) =>
    ns(host, name)!.stack.rules!.map(
      (r) => `${r.priority}: from ${r.fromText ?? 'all'}${r.iif ? ` iif ${r.iif}` : ''} lookup ${r.table}`,
    );

  it('the router namespace: main first, then the floating IP of the host, then SNAT per subnet', () => {
    const n1 = ipInt('192.168.1.1');
    const n2 = ipInt('192.168.2.1');
    expect(rules('compute1', qrouter)).toEqual([
      '0: from all lookup local',
      '32766: from all lookup main',
      '32767: from all lookup default',
      `32768: from ${ip('vm1-port')} lookup 16`,
      `${n1}: from 192.168.1.1/24 lookup ${n1}`,
      `${n2}: from 192.168.2.1/24 lookup ${n2}`,
    ]);
    // compute2's instance has no floating IP: no rule to table 16
    expect(rules('compute2', qrouter).some((r) => r.includes('lookup 16'))).toBe(false);
    const q = ns('compute1', qrouter)!.stack;
    expect(q.tables?.get(16)?.map((r) => r.text)).toEqual([`default via 169.254.64.1 dev ${rfp}`]);
    expect(q.tables?.get(n1)?.map((r) => r.text)).toEqual([
      `default via ${sgOn('net1').fixed_ips[0]!.ip_address} dev ${q1}`,
    ]);
    expect(q.tables?.get(n2)?.map((r) => r.text)).toEqual([
      `default via ${sgOn('net2').fixed_ips[0]!.ip_address} dev ${q2}`,
    ]);
  });

  it('the fip namespace: iif fpr- to the table of the fpr- address, out fg- to the external gateway', () => {
    const n = ipInt('169.254.64.1');
    expect(n).toBe(2852012033);
    expect(rules('compute1', fip)).toContain(`${n}: from all iif ${fpr} lookup ${n}`);
    const f = ns('compute1', fip)!.stack;
    const fg = `fg-${fgOf('compute1').id.slice(0, 11)}`;
    expect(f.tables?.get(n)?.map((r) => r.text)).toEqual([`default via 172.24.4.1 dev ${fg}`]);
    // the way back to the floating IP, on the host of its instance only
    expect(f.routes.map((r) => r.text)).toContain(`${vm1Fip} via 169.254.64.0 dev ${fpr}`);
    expect(ns('compute2', fip)!.stack.routes.some((r) => r.text.startsWith(vm1Fip))).toBe(false);
  });
});

describe('the ARP table and the NAT (§1.2, §1.5)', () => {
  it('knows every port of its subnets but the router interfaces, SNAT ports included', () => {
    const neigh = ns('compute1', qrouter)!.stack.staticNeigh!;
    expect(neigh.get(ip('vm2-port'))).toEqual({ mac: port('vm2-port').mac_address, iface: q2 });
    expect(neigh.get(ip('vm1-port'))).toEqual({ mac: port('vm1-port').mac_address, iface: q1 });
    const sg2 = sgOn('net2');
    expect(neigh.get(sg2.fixed_ips[0]!.ip_address)).toEqual({ mac: sg2.mac_address, iface: q2 });
    expect(neigh.has('192.168.1.1')).toBe(false);
  });

  it('DNATs the floating IP in by rfp-, SNATs its fixed IP, and has no default SNAT on the compute', () => {
    const nat = ns('compute1', qrouter)!.stack.nat!;
    const text = [...nat.chains.values()].flat().map((r) => r.text);
    expect(text).toContain(
      `-A neutron-l3-agent-PREROUTING -d ${vm1Fip}/32 -i ${rfp} -j DNAT --to-destination ${ip('vm1-port')}`,
    );
    expect(text).toContain(
      `-A neutron-l3-agent-float-snat -s ${ip('vm1-port')}/32 -j SNAT --to-source ${vm1Fip} --random-fully`,
    );
    expect(text).toContain(
      `-A neutron-l3-agent-POSTROUTING ! -o ${rfp} -m conntrack ! --ctstate DNAT -j ACCEPT`,
    );
    expect(text.some((r) => / -o qg-/.test(r))).toBe(false);
    const snatText = [...ns('network1', snat)!.stack.nat!.chains.values()].flat().map((r) => r.text);
    const gw = owned('network:router_gateway')[0]!;
    expect(snatText).toContain(
      `-A neutron-l3-agent-snat -o qg-${gw.id.slice(0, 11)} -j SNAT --to-source ${gw.fixed_ips[0]!.ip_address} --random-fully`,
    );
  });
});

describe('the flows of enable_distributed_routing (§1.4)', () => {
  const c1 = macs.get('compute1' as never)!;
  const c2 = macs.get('compute2' as never)!;
  const n1 = macs.get('network1' as never)!;
  const qrMac1 = port('router1-net1').mac_address;

  it('br-tun: through table 1, which drops frames for the gateway and gives routed frames the DVR MAC', () => {
    const f = flows('compute1', 'br-tun');
    expect(f).toContain('table=0, priority=1,in_port="patch-int" actions=resubmit(,1)');
    expect(f).not.toContain('table=0, priority=1,in_port="patch-int" actions=resubmit(,2)');
    expect(f).toContain(`table=1, priority=2,dl_vlan=1,dl_dst=${qrMac1} actions=drop`);
    expect(f).toContain(
      `table=1, priority=1,dl_vlan=1,dl_src=${qrMac1} actions=mod_dl_src:${c1},resubmit(,2)`,
    );
    expect(f).toContain('table=1, priority=0 actions=resubmit(,2)');
    expect(f).toContain('table=22, priority=3,arp,dl_vlan=1,arp_tpa=192.168.1.1 actions=drop');
    expect(f).toContain('table=4, priority=1,tun_id=0x65 actions=mod_vlan_vid:1,resubmit(,9)');
    expect(f).toContain(`table=9, priority=1,dl_src=${c2} actions=output:"patch-int"`);
    expect(f).toContain(`table=9, priority=1,dl_src=${n1} actions=output:"patch-int"`);
    expect(f).not.toContain(`table=9, priority=1,dl_src=${c1} actions=output:"patch-int"`);
    expect(f).toContain('table=9, priority=0 actions=resubmit(,10)');
  });

  it('br-tun: the ARP responder is on, and no host announces the gateway by l2population', () => {
    const f = flows('compute2', 'br-tun');
    expect(f).toContain('table=2, priority=1,arp,dl_dst=ff:ff:ff:ff:ff:ff actions=resubmit(,21)');
    expect(f.some((x) => x.includes(`dl_dst=${qrMac1}`) && x.startsWith('table=20'))).toBe(false);
    expect(f.some((x) => x.startsWith('table=21') && x.includes('arp_tpa=192.168.1.1'))).toBe(false);
    // an instance is announced as before
    expect(f.some((x) => x.startsWith('table=21') && x.includes(`arp_tpa=${ip('vm1-port')}`))).toBe(true);
  });

  it('br-int: frames of another host DVR MAC get the gateway MAC back and go straight to their port', () => {
    const f = flows('compute2', 'br-int');
    const vm2 = port('vm2-port');
    const qvo = `qvo${vm2.id.slice(0, 11)}`;
    const gwMac = port('router1-net2').mac_address;
    const lv = c.plane.hosts.get('compute2' as never)!.localVlans.get(vm2.network_id);
    expect(f).toContain(`table=0, priority=2,in_port="patch-tun",dl_src=${c1} actions=resubmit(,1)`);
    expect(f).toContain(`table=0, priority=5,in_port="patch-tun",dl_dst=${c2} actions=resubmit(,3)`);
    expect(f).toContain(
      `table=1, priority=20,dl_vlan=${lv},dl_dst=${vm2.mac_address} actions=mod_dl_src:${gwMac},resubmit(,58)`,
    );
    expect(f).toContain(
      `table=60, priority=20,dl_vlan=${lv},dl_dst=${vm2.mac_address} actions=pop_vlan,output:"${qvo}"`,
    );
    expect(f).toContain('table=1, priority=1 actions=drop');
    // the SNAT port on the dvr_snat host is served the same way
    const sg2 = sgOn('net2');
    expect(
      flows('network1', 'br-int').some(
        (x) => x.startsWith('table=60, priority=20') && x.endsWith(`output:"sg-${sg2.id.slice(0, 11)}"`),
      ),
    ).toBe(true);
  });

  it('br-ex: DVR tables 1, 2 and 3; a legacy cloud keeps the plain flows', () => {
    const f = flows('compute1', 'br-ex');
    expect(f).toContain('table=0, priority=2,in_port="phy-br-ex" actions=resubmit(,1)');
    expect(f).toContain('table=0, priority=1 actions=resubmit(,3)');
    expect(
      f.some(
        (x) =>
          x.startsWith('table=2, priority=4,in_port="phy-br-ex",dl_vlan=') &&
          x.endsWith('actions=strip_vlan,NORMAL'),
      ),
    ).toBe(true);
    expect(f).toContain(`table=3, priority=2,dl_src=${c2} actions=output:"phy-br-ex"`);
    const legacy = cloud(loadExample('two-networks-one-router'));
    const tun = (legacy.plane.devices.get('compute1|br-tun') as OvsBridge).flows.all().map(flowText);
    expect(tun).toContain('table=0, priority=1,in_port="patch-int" actions=resubmit(,2)');
    expect(tun.some((x) => x.startsWith('table=1,') || x.startsWith('table=9,'))).toBe(false);
    expect(hex('10.0.1.11')).toBe('0a00010b');
  });
});
