// firewall_driver = openvswitch (neutron-facts-beyond §4): the VM's tap straight on br-int, the
// security groups as flows in br-int's tables 60-94 with the sheet's numbers and priorities, conntrack
// in one zone per network per host, and drops that name the table, the flow and the rule lacking.
import { describe, expect, it } from 'vitest';
import { flowText } from '../../src/sim/devices/openflow/flow';
import type { OvsBridge } from '../../src/sim/realize/dataplane';
import { deviceFingerprint } from '../../src/sim/view/fingerprint';
import { cloud, hopsOf, loadExample, packetId, path, variant } from './helpers';

const t = loadExample('ovs-firewall');
const c0 = cloud(t);
const server = (name: string) => t.servers.find((s) => s.name === name)!;
const portOf = (vm: string) => t.ports.find((p) => p.device_id === server(vm).id)!;
const tap = (vm: string) => `tap${portOf(vm).id.slice(0, 11)}`;
const brInt = (host: string) => c0.plane.devices.get(`${host}|br-int`) as OvsBridge;
const dump = (host: string) => brInt(host).flows.all().map(flowText);
const ofport = (host: string, port: string) => brInt(host).ports.get(port)!.ofport;
const hx = (n: number) => `0x${n.toString(16)}`;

describe('the example', () => {
  it('is the demo cloud with firewall_driver openvswitch', () => {
    const demo = loadExample('two-networks-one-router');
    expect(t.options.firewall_driver).toBe('openvswitch');
    expect(demo.options.firewall_driver).toBe('iptables_hybrid');
    expect(t.ports.map((p) => p.id)).toEqual(demo.ports.map((p) => p.id));
  });
});

describe('plumbing: no hybrid plug', () => {
  it('has no qbr, qvb or qvo: the tap is an access port of br-int in the local VLAN', () => {
    const names = [...c0.plane.devices.values()].map((d) => d.name);
    expect(names.filter((n) => /^(qbr|qvb|qvo)/.test(n))).toEqual([]);
    expect([...c0.plane.devices.values()].some((d) => d.kind === 'linux-bridge')).toBe(false);
    const vm1tap = tap('vm1');
    const port = brInt('compute1').ports.get(vm1tap)!;
    expect(port.tag).toBe(c0.plane.hosts.get(server('vm1').host)!.localVlans.get(portOf('vm1').network_id));
    expect(port.type).toBe('system');
    // the tap joins the VM to br-int directly
    expect(c0.plane.links.get(`compute1|${vm1tap}`)?.get('br')).toEqual({
      device: 'compute1|br-int',
      port: vm1tap,
    });
  });

  it('leaves out the agent’s ARP anti-spoofing tables 24 and 25: the driver guards ARP itself', () => {
    const flows = dump('compute1');
    expect(flows.filter((f) => /^table=(24|25),/.test(f) && f.includes('tap'))).toEqual([]);
    expect(flows.some((f) => /^table=0, priority=(9|10),/.test(f))).toBe(false);
    // the hybrid driver's cloud has them
    const hybrid = cloud(loadExample('two-networks-one-router'));
    const b = hybrid.plane.devices.get('compute1|br-int') as OvsBridge;
    expect(b.flows.all().some((f) => f.table === 24 && f.priority === 2)).toBe(true);
  });
});

describe('flows (neutron-facts-beyond §4)', () => {
  const vm1 = tap('vm1');
  const p = ofport('compute1', vm1);
  const lvid = brInt('compute1').ports.get(vm1)!.tag!;
  const mac = portOf('vm1').mac_address;
  const ip = portOf('vm1').fixed_ips[0]!.ip_address;
  const flows = dump('compute1');
  const has = (f: string) => expect(flows).toContain(f);

  it('table 60 tells egress (in_port) from ingress (the MAC on the local VLAN), loading reg5 and reg6', () => {
    has(
      `table=60, priority=100,in_port="${vm1}" actions=load:${hx(p)}->NXM_NX_REG5[],load:${hx(lvid)}->NXM_NX_REG6[],resubmit(,71)`,
    );
    has(
      `table=60, priority=90,dl_vlan=${lvid},dl_dst=${mac} actions=load:${hx(p)}->NXM_NX_REG5[],load:${hx(lvid)}->NXM_NX_REG6[],strip_vlan,resubmit(,81)`,
    );
    has('table=60, priority=3 actions=NORMAL');
  });

  it('table 71 lets out ARP and IP from the port’s own addresses, sending IP to conntrack in zone reg6', () => {
    has(`table=71, priority=110,ct_state=+trk actions=ct_clear,resubmit(,71)`);
    has(
      `table=71, priority=95,arp,reg5=${hx(p)},in_port="${vm1}",dl_src=${mac},arp_spa=${ip} actions=resubmit(,94)`,
    );
    has(
      `table=71, priority=80,udp,reg5=${hx(p)},in_port="${vm1}",dl_src=${mac},nw_src=0.0.0.0,tp_src=68,tp_dst=67 actions=resubmit(,73)`,
    );
    has(`table=71, priority=70,udp,reg5=${hx(p)},in_port="${vm1}",tp_src=67,tp_dst=68 actions=resubmit(,93)`);
    has(
      `table=71, priority=65,ip,reg5=${hx(p)},in_port="${vm1}",dl_src=${mac},nw_src=${ip} actions=ct(table=72,zone=NXM_NX_REG6[0..15])`,
    );
    has(`table=71, priority=10,reg5=${hx(p)},in_port="${vm1}" actions=ct_clear,resubmit(,93)`);
    has('table=71, priority=0 actions=drop');
  });

  it('tables 72 and 82 hold the rules at 70 + offset, with the conntrack flows at 50 and 40', () => {
    // egress any (offset 4): 74; ingress icmp (5): 75; ingress tcp 22 (7): 77, the sheet's example
    has(`table=72, priority=74,ct_state=+est-rel-rpl,ip,reg5=${hx(p)} actions=resubmit(,73)`);
    has(`table=72, priority=74,ct_state=+new-est,ip,reg5=${hx(p)} actions=resubmit(,73)`);
    has(
      `table=82, priority=75,ct_state=+new-est,icmp,reg5=${hx(p)} actions=ct(commit,zone=NXM_NX_REG6[0..15]),output:"${vm1}",resubmit(,92)`,
    );
    has(
      `table=82, priority=77,ct_state=+new-est,tcp,reg5=${hx(p)},tp_dst=22 actions=ct(commit,zone=NXM_NX_REG6[0..15]),output:"${vm1}",resubmit(,92)`,
    );
    has(`table=82, priority=77,ct_state=+est-rel-rpl,tcp,reg5=${hx(p)},tp_dst=22 actions=output:"${vm1}"`);
    for (const [table, accept] of [
      [72, 'resubmit(,94)'],
      [82, `output:"${vm1}"`],
    ]) {
      has(`table=${table}, priority=50,ct_state=+inv+trk actions=resubmit(,93)`);
      has(`table=${table}, priority=50,ct_mark=0x1,reg5=${hx(p)} actions=resubmit(,93)`);
      has(
        `table=${table}, priority=50,ct_state=+est-rel+rpl,ct_zone=${lvid},ct_mark=0,reg5=${hx(p)} actions=${accept}`,
      );
      has(
        `table=${table}, priority=50,ct_state=-new-est+rel-inv,ct_zone=${lvid},ct_mark=0,reg5=${hx(p)} actions=${accept}`,
      );
      has(`table=${table}, priority=40,ct_state=-est,reg5=${hx(p)} actions=resubmit(,93)`);
      has(
        `table=${table}, priority=40,ct_state=+est,ip,reg5=${hx(p)} actions=ct(commit,zone=NXM_NX_REG6[0..15],exec(load:0x1->NXM_NX_CT_MARK[]))`,
      );
    }
  });

  it('a rule with a remote group is a conjunction: the rule on the port, the members on the network', () => {
    // the default group's "ingress from members" rule: offset 0, the first conjunction ids 8 and 9
    has(`table=82, priority=70,ct_state=+est-rel-rpl,ip,reg5=${hx(p)} actions=conjunction(8,2/2)`);
    has(`table=82, priority=70,ct_state=+new-est,ip,reg5=${hx(p)} actions=conjunction(9,2/2)`);
    has(
      `table=82, priority=70,conj_id=8,ct_state=+est-rel-rpl,ip,reg5=${hx(p)} actions=load:0x8->NXM_NX_REG7[],output:"${vm1}"`,
    );
    has(
      `table=82, priority=70,conj_id=9,ct_state=+new-est,ip,reg5=${hx(p)} actions=load:0x9->NXM_NX_REG7[],ct(commit,zone=NXM_NX_REG6[0..15]),output:"${vm1}",resubmit(,92)`,
    );
    // every member of the group, vm2 on the other host too, is a source of dimension 1
    for (const vm of ['vm1', 'vm2'])
      has(
        `table=82, priority=70,ct_state=+new-est,ip,reg6=${hx(lvid)},nw_src=${portOf(vm).fixed_ips[0]!.ip_address} actions=conjunction(9,1/2)`,
      );
  });

  it('table 73 hands a frame for a port of this host to its ingress, and commits what leaves', () => {
    has(
      `table=73, priority=100,reg6=${hx(lvid)},dl_dst=${mac} actions=load:${hx(p)}->NXM_NX_REG5[],resubmit(,81)`,
    );
    has(
      `table=73, priority=90,ct_state=+new-est,ip,reg5=${hx(p)} actions=ct(commit,zone=NXM_NX_REG6[0..15]),resubmit(,91)`,
    );
    has(`table=73, priority=80,reg5=${hx(p)} actions=resubmit(,94)`);
  });

  it('table 81 lets ARP and DHCP replies in, and sends IP to conntrack, then to 82', () => {
    has(`table=81, priority=100,arp,reg5=${hx(p)} actions=output:"${vm1}"`);
    has(`table=81, priority=95,udp,reg5=${hx(p)},tp_src=67,tp_dst=68 actions=output:"${vm1}"`);
    has(`table=81, priority=90,ct_state=-trk,ip,reg5=${hx(p)} actions=ct(table=82,zone=NXM_NX_REG6[0..15])`);
    has(`table=81, priority=80,ct_state=+trk,reg5=${hx(p)} actions=resubmit(,82)`);
  });

  it('tables 91 to 94 accept, drop and switch NORMAL', () => {
    has('table=91, priority=1 actions=resubmit(,94)');
    has('table=92, priority=0 actions=drop');
    has('table=93, priority=0 actions=drop');
    has('table=94, priority=1 actions=NORMAL');
  });

  it('trusts router and DHCP ports: from them straight to 73, then NORMAL', () => {
    const net = dump('network1');
    const qr = [...brInt('network1').ports.values()].find((x) => x.name.startsWith('qr-'))!;
    expect(net).toContain(
      `table=60, priority=100,in_port="${qr.name}" actions=load:${hx(qr.ofport)}->NXM_NX_REG5[],load:${hx(qr.tag!)}->NXM_NX_REG6[],resubmit(,73)`,
    );
    expect(net).toContain(`table=73, priority=80,reg5=${hx(qr.ofport)} actions=resubmit(,94)`);
    // and never filters them: no table 71 flow for it
    expect(net.filter((f) => f.startsWith('table=71') && f.includes(qr.name))).toEqual([]);
  });
});

describe('deferred firewall flows', () => {
  it('make no difference to what a bridge is: its fingerprint is the same before and after a send', () => {
    const a = cloud(t);
    const b = cloud(t);
    b.send({ from: 'vm1', to: 'vm2' });
    expect(deviceFingerprint(a.plane, 'compute1|br-int')).toBe(deviceFingerprint(b.plane, 'compute1|br-int'));
    expect(deviceFingerprint(a.plane, 'compute1|br-int')).not.toBe(
      deviceFingerprint(cloud(loadExample('two-networks-one-router')).plane, 'compute1|br-int'),
    );
  });
});

describe('remote groups', () => {
  // vm1's port in two groups, each admitting its own members: one flow per match carries both
  // conjunctions (neutron merges them), and a member of either group gets in, no one else
  const two = variant('ovs-firewall', (i) => {
    i.security_groups.push({
      name: 'web',
      project_id: 'demo',
      rules: [{ direction: 'egress' }, { direction: 'ingress', remote_group_id: 'web' }],
    });
    i.security_groups[0].rules = i.security_groups[0].rules.filter((r: { protocol?: string }) => !r.protocol);
    i.ports.find((p: { name: string }) => p.name === 'vm1-port').security_groups = ['default', 'web'];
    i.ports.find((p: { name: string }) => p.name === 'vm2-port').security_groups = ['web'];
  });

  it('merges the conjunctions of one match into one flow', () => {
    const c = cloud(two);
    const b = c.plane.devices.get('compute1|br-int') as OvsBridge;
    const dim2 = b.flows
      .all()
      .filter((f) => f.table === 82 && f.actions.some((a) => a.a === 'conjunction' && a.k === 2));
    expect(dim2.map(flowText)).toEqual([
      'table=82, priority=70,ct_state=+est-rel-rpl,ip,reg5=0x2 actions=conjunction(8,2/2),conjunction(16,2/2)',
      'table=82, priority=70,ct_state=+new-est,ip,reg5=0x2 actions=conjunction(9,2/2),conjunction(17,2/2)',
    ]);
  });

  it('lets a member of either group in, and no one else', () => {
    const c = cloud(two);
    // vm2 is a member of web only
    expect(c.send({ from: 'vm2', to: 'vm1', proto: 'tcp', port: 22 }).probes[0]!.outcome).toBe('established');
    const outside = c.send({ from: 'internet', to: 'vm1', proto: 'tcp', port: 22 });
    expect(outside.verdict).toBe('dropped');
    expect(outside.reason).toMatch(/no ingress rule of the port's security groups \(default, web\)/);
  });
});

describe('paths', () => {
  it('vm1 to vm2 across hosts and the router: tap straight to br-int, egress on compute1, ingress on compute2', () => {
    const trace = cloud(t).send({ from: 'vm1', to: 'vm2' });
    expect(trace.verdict).toBe('delivered');
    const echo = packetId(trace, /echo request/);
    expect(path(trace, echo).slice(0, 3)).toEqual([
      'vm1@compute1',
      `${tap('vm1')}@compute1`,
      'br-int@compute1',
    ]);
    expect(path(trace, echo).slice(-3)).toEqual([
      'br-int@compute2',
      `${tap('vm2')}@compute2`,
      'vm2@compute2',
    ]);
    const hops = hopsOf(trace, echo);
    const out = hops.find((h) => h.host === 'compute1' && h.device === 'br-int')!;
    expect(out.action).toMatch(
      /^egress allowed by security group rule \w{8} \(egress any\), table 72 \(RULES_EGRESS_TABLE\)/,
    );
    expect(out.trail!.map((f) => f.split(',')[0])).toEqual(
      expect.arrayContaining(['table=60', 'table=71', 'table=72', 'table=73', 'table=91', 'table=94']),
    );
    const inn = hops.find((h) => h.host === 'compute2' && h.device === 'br-int')!;
    expect(inn.action).toMatch(
      /ingress allowed by security group rule \w{8} \(ingress icmp from 0\.0\.0\.0\/0\), table 82/,
    );
    expect(inn.rule).toMatch(/^table=82, priority=75,ct_state=\+new-est,icmp,/);
    expect(inn.changes).toContain(`strip vlan ${brInt('compute2').ports.get(tap('vm2'))!.tag}`);
    // the reply passes on conntrack, in the network's zone of each host
    const reply = hopsOf(trace, packetId(trace, /echo reply/));
    const back = reply.find((h) => h.host === 'compute1' && h.device === 'br-int')!;
    expect(back.action).toMatch(/ingress allowed: conntrack ESTABLISHED \(zone 1\), table 82/);
    expect(back.rule).toMatch(/^table=82, priority=50,ct_state=\+est-rel\+rpl,ct_zone=1,ct_mark=0,/);
  });

  it('keeps one conntrack zone per network per host, the local VLAN', () => {
    const c = cloud(t);
    c.send({ from: 'vm1', to: 'vm2' });
    const zones = [...c.state.conntrack.keys()].filter((k) => k.startsWith('ovs:')).sort();
    expect(zones).toEqual(['ovs:compute1|br-int:zone1', 'ovs:compute2|br-int:zone1']);
  });

  it('same network, same host: table 73 hands the frame to the receiver’s ingress tables', () => {
    const same = variant('same-network-same-host', (i) => {
      i.options = { firewall_driver: 'openvswitch' };
    });
    const trace = cloud(same).send({ from: 'vm1', to: 'vm2' });
    expect(trace.verdict).toBe('delivered');
    const echo = hopsOf(trace, packetId(trace, /echo request/));
    const br = echo.find((h) => h.device === 'br-int')!;
    const tables = br.trail!.map((f) => Number(/^table=(\d+)/.exec(f)![1]));
    // egress then ingress, both in br-int, one conntrack lookup; 92 sees the first accepted packet
    expect(tables).toEqual([0, 58, 60, 71, 72, 73, 81, 82, 92]);
    expect(br.action).toMatch(/egress allowed .*table 72.*; ingress allowed .*table 82/);
    expect(path(trace, echo[0]!.packet).map((x) => x.split('@')[0]!.slice(0, 3))).toEqual([
      'vm1',
      'tap',
      'br-',
      'tap',
      'vm2',
    ]);
  });

  it('DHCP, SNAT and the floating IP in both directions work as with the hybrid driver', () => {
    const c = cloud(t);
    expect(c.send({ from: 'vm2', to: '', proto: 'dhcp' }).verdict).toBe('delivered');
    const snat = c.send({ from: 'vm2', to: 'internet' });
    expect(snat.verdict).toBe('delivered');
    expect(
      hopsOf(snat, packetId(snat, /echo request/)).some((h) => h.changes.some((x) => x.startsWith('SNAT'))),
    ).toBe(true);
    const fipIn = c.send({ from: 'internet', to: 'vm1', proto: 'tcp', port: 22 });
    expect(fipIn.probes[0]!.outcome).toBe('established');
    expect(c.send({ from: 'vm1', to: 'internet' }).verdict).toBe('delivered');
  });
});

describe('a security group drop', () => {
  it('names the table, the flow and the rule the port lacks', () => {
    const trace = cloud(t).send({ from: 'internet', to: 'vm1', proto: 'tcp', port: 80 });
    expect(trace.verdict).toBe('dropped');
    const p = ofport('compute1', tap('vm1'));
    expect(trace.dropped).toMatchObject({
      host: 'compute1',
      device: 'br-int',
      rule: `table=82, priority=40,ct_state=-est,reg5=${hx(p)} actions=resubmit(,93)`,
    });
    expect(trace.reason).toContain(
      `security group: no ingress rule of the port's security groups (default) allows TCP to port 80 from 203.0.113.10: table 82 (RULES_INGRESS_TABLE) flow priority=40,ct_state=-est,reg5=${hx(p)} sends it to table 93 (DROPPED_TRAFFIC_TABLE)`,
    );
    const hop = trace.hops.find((h) => h.seq === trace.dropped!.seq)!;
    expect(hop.trail!.at(-1)).toBe('table=93, priority=0 actions=drop');
  });

  it('after the SSH rule is removed, SSH is dropped in table 82 where it was accepted before', () => {
    const noSsh = variant('ovs-firewall', (i) => {
      const g = i.security_groups[0];
      g.rules = g.rules.filter((r: { port_range_min?: number }) => r.port_range_min !== 22);
    });
    const trace = cloud(noSsh).send({ from: 'internet', to: 'vm1', proto: 'tcp', port: 22 });
    expect(trace.verdict).toBe('dropped');
    expect(trace.reason).toMatch(
      /no ingress rule .* allows TCP to port 22 from 203\.0\.113\.10: table 82 \(RULES_INGRESS_TABLE\)/,
    );
    expect(dump('compute1').some((f) => f.includes('tp_dst=22'))).toBe(true);
    const b = cloud(noSsh).plane.devices.get('compute1|br-int') as OvsBridge;
    expect(b.flows.all().some((f) => f.match.tp_dst === 22)).toBe(false);
  });

  it('drops egress a rule does not allow, in table 72', () => {
    const noEgress = variant('ovs-firewall', (i) => {
      const g = i.security_groups[0];
      g.rules = g.rules.filter((r: { direction: string }) => r.direction !== 'egress');
    });
    const trace = cloud(noEgress).send({ from: 'vm1', to: 'internet' });
    expect(trace.verdict).toBe('dropped');
    expect(trace.dropped).toMatchObject({ host: 'compute1', device: 'br-int' });
    expect(trace.reason).toMatch(
      /no egress rule of the port's security groups \(default\) allows ICMP to 203\.0\.113\.10: table 72 \(RULES_EGRESS_TABLE\)/,
    );
  });
});
