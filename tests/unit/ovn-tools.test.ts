// The terminal on an ML2/OVN cloud (neutron-facts-beyond §3.1, §3.4, §3.5, §3.8): ovn-nbctl show,
// ovn-sbctl show, ovn-trace, ovs-vsctl show, ovs-ofctl dump-flows br-int, ip netns.
import { describe, expect, it } from 'vitest';
import type { OvnDb } from '../../src/sim/realize/ovn/db';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, loadExample } from './helpers';

const t = loadExample('ovn');
const c = cloud(t);
const db = c.plane.ovn as OvnDb;
const at = (host: string): Where => ({ host, namespace: null });
const sh = (line: string, host = 'compute1') =>
  runLine({ topology: t, plane: c.plane, state: c.state }, at(host), line);
const port = (name: string) => t.ports.find((p) => p.name === name)!;
const net = (name: string) => t.networks.find((n) => n.name === name)!;
const lines = (s: string) => s.split('\n').filter(Boolean);

describe('ovn-nbctl show', () => {
  const out = sh('ovn-nbctl show').stdout;
  it('prints each switch as switch <uuid> (neutron-<id>) (aka <name>) with its ports', () => {
    const ls = db.nb.switches.find((s) => s.aka === 'net1')!;
    expect(out).toContain(`switch ${ls.uuid} (neutron-${net('net1').id}) (aka net1)\n`);
    const vm1 = port('vm1-port');
    expect(out).toContain(
      `    port ${vm1.id} (aka vm1-port)\n        addresses: ["${vm1.mac_address} ${vm1.fixed_ips[0]!.ip_address}"]\n`,
    );
    const rp = port('router1-net1');
    // a router port: type and router-port, no addresses line (its only address is "router")
    expect(out).toContain(
      `    port ${rp.id} (aka router1-net1)\n        type: router\n        router-port: lrp-${rp.id}\n`,
    );
  });
  it('prints each router with its ports, the gateway chassis, and its NAT rows', () => {
    const lr = db.nb.routers[0]!;
    const gw = lr.ports.find((p) => p.gateway_chassis.length)!;
    expect(out).toContain(`router ${lr.uuid} (neutron-${t.routers[0]!.id}) (aka router1)\n`);
    expect(out).toContain(
      `    port ${gw.name}\n        mac: "${gw.mac}"\n        networks: ["${gw.networks[0]}"]\n        gateway chassis: [${gw.gateway_chassis[0]!.chassis}]\n`,
    );
    const fip = t.floatingips[0]!;
    expect(out).toMatch(
      new RegExp(
        `    nat [0-9a-f-]{36}\\n        external ip: "${fip.floating_ip_address}"\\n        logical ip: "${fip.fixed_ip_address}"\\n        logical port: "${fip.port_id}"\\n        type: "dnat_and_snat"\\n`,
      ),
    );
  });
});

describe('ovn-sbctl show', () => {
  it('prints each chassis with its Geneve encap and the ports bound there', () => {
    const out = sh('ovn-sbctl show').stdout;
    const ch = db.chassis.find((x) => x.hostname === 'network1')!;
    const cr = [...db.ports.values()].find((b) => b.type === 'chassisredirect')!;
    expect(out).toContain(
      `Chassis "${ch.name}"\n    hostname: network1\n    Encap geneve\n        ip: "10.0.1.11"\n        options: {csum="true"}\n    Port_Binding ${cr.logical_port}\n`,
    );
    // a bare uuid is quoted by OVSDB
    expect(out).toContain(`    Port_Binding "${port('vm2-port').id}"\n`);
  });
  it('lists the logical flows of a datapath with their tables and stage names', () => {
    const out = sh(`ovn-sbctl lflow-list neutron-${net('net1').id}`).stdout;
    expect(out).toContain(`Datapath: "neutron-${net('net1').id}" aka "net1"`);
    expect(out).toMatch(
      / {2}table=27\(ls_in_l2_lkup\s*\), priority=50 {3}, match=\(eth\.dst == [0-9a-f:]+\), action=\(outport = "[0-9a-f-]+"; output;\)/,
    );
  });
});

describe('ovn-trace', () => {
  const vm1 = port('vm1-port');
  const gwMac = port('router1-net1').mac_address;
  const flow = `inport == "${vm1.id}" && eth.src == ${vm1.mac_address} && eth.dst == ${gwMac} && ip4.src == ${vm1.fixed_ips[0]!.ip_address} && ip4.dst == ${port('vm2-port').fixed_ips[0]!.ip_address} && ip.ttl == 64 && icmp4.type == 8`;
  const out = sh(`ovn-trace '${flow}'`).stdout;
  const ls = lines(out);

  it('starts with the microflow in OpenFlow syntax', () => {
    expect(ls[0]).toMatch(/^# icmp,reg14=0x[0-9a-f]+,vlan_tci=0x0000,dl_src=fa:16:3e:/);
  });
  it('prints the passes switch, router, switch with their stages, and the outputs', () => {
    const heads = ls.filter((l) => /^(ingress|egress)\(/.test(l));
    expect(heads.map((h) => h.slice(0, h.indexOf('('))).join(' ')).toBe(
      'ingress egress ingress egress ingress egress',
    );
    expect(heads[0]).toBe(`ingress(dp="neutron-${net('net1').id}", inport="${vm1.id}")`);
    expect(ls).toContain(
      `13. lr_in_ip_routing: ip4.dst == 192.168.2.0/24, priority 74, uuid ${ls.find((l) => l.startsWith('13. lr_in_ip_routing'))!.slice(-8)}`,
    );
    expect(ls).toContain('    ip.ttl--;');
    expect(ls).toContain(`    /* output to "lrp-${port('router1-net2').id}", type "patch" */`);
    expect(ls.at(-1)).toBe(`    /* output to "${port('vm2-port').id}", type "" */`);
    expect(ls).toContain('    ct_next(ct_state=est|trk /* default (use --ct to customize) */)');
  });
  it('takes --ct new, and changes nothing in the cloud', () => {
    const before = c.state.conntrack.size;
    const out2 = sh(`ovn-trace --ct new '${flow}'`).stdout;
    expect(out2).toContain('    ct_next(ct_state=new|trk)');
    expect(c.state.conntrack.size).toBe(before);
  });
  it('refuses a microflow without inport, and an unknown port', () => {
    expect(sh(`ovn-trace 'ip4.dst == 1.2.3.4'`).stderr).toMatch(/must specify inport/);
    expect(sh(`ovn-trace 'inport == "nope"'`).stderr).toMatch(/unknown logical port "nope"/);
  });
  it('is not available on a cloud that runs the OVS agent', () => {
    const ovs = cloud(loadExample('two-networks-one-router'));
    const r = runLine(
      { topology: ovs.topology, plane: ovs.plane, state: ovs.state },
      at('compute1'),
      'ovn-nbctl show',
    );
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/ovnnb_db\.sock: database connection failed/);
  });
});

describe('on a chassis', () => {
  it('ovs-vsctl show: br-int, secure, no controller, Geneve ports and the tap', () => {
    const out = sh('ovs-vsctl show').stdout;
    expect(out).toContain('    Bridge br-int\n        fail_mode: secure\n        datapath_type: system\n');
    expect(out).not.toContain('Controller');
    expect(out).not.toContain('br-tun');
    const remote = db.chassis.find((x) => x.hostname === 'compute2')!;
    expect(out).toContain(
      `        Port ovn-${remote.name.slice(0, 6)}-0\n            Interface ovn-${remote.name.slice(0, 6)}-0\n                type: geneve\n                options: {csum="true", key=flow, remote_ip="10.0.1.32"}\n`,
    );
    const tap = `tap${port('vm1-port').id.slice(0, 11)}`;
    expect(out).toContain(`        Port ${tap}\n            Interface ${tap}\n`);
  });

  it('ovs-ofctl dump-flows br-int: table 0 loads the logical port, tunnels resubmit to 40, lflows at 8+stage', () => {
    const br = c.plane.devices.get('compute1|br-int');
    if (br?.kind !== 'ovn-bridge') throw new Error('no OVN br-int');
    const tap = `tap${port('vm1-port').id.slice(0, 11)}`;
    const b = db.ports.get(port('vm1-port').id)!;
    const t0 = sh('ovs-ofctl dump-flows br-int table=0').stdout;
    expect(t0).toContain(
      `priority=100,in_port="${tap}" actions=load:0x${br.zones.get(b.logical_port)!.toString(16)}->NXM_NX_REG13[0..15],load:0x${b.dp.toString(16)}->OXM_OF_METADATA[],load:0x${b.tunnel_key.toString(16)}->NXM_NX_REG14[],resubmit(,8)`,
    );
    expect(t0).toMatch(
      /in_port="ovn-[0-9a-f]{6}-0" actions=move:NXM_NX_TUN_ID\[0\.\.23\]->OXM_OF_METADATA\[0\.\.23\],.*resubmit\(,40\)/,
    );
    const l2 = sh('ovs-ofctl dump-flows br-int table=35').stdout;
    const lflow = db.datapaths
      .get(b.dp)!
      .flows.find(
        (f) => f.stage === 'ls_in_l2_lkup' && f.match.t === `eth.dst == ${port('vm1-port').mac_address}`,
      )!;
    expect(l2).toContain(
      ` cookie=0x${lflow.uuid.slice(0, 8)}, duration=0.000s, table=35, n_packets=0, n_bytes=0, priority=50,metadata=0x${b.dp.toString(16)},dl_dst=${port('vm1-port').mac_address} actions=load:0x${b.tunnel_key.toString(16)}->NXM_NX_REG15[],resubmit(,37)`,
    );
    // is_chassis_resident: the gateway flows are installed on the gateway chassis only
    const gwMac = db.nb.routers[0]!.ports.find((p) => p.gateway_chassis.length)!.mac;
    expect(sh('ovs-ofctl dump-flows br-int table=8').stdout).not.toContain(`dl_dst=${gwMac}`);
    expect(sh('ovs-ofctl dump-flows br-int table=8', 'network1').stdout).toContain(`dl_dst=${gwMac}`);
  });

  it('ip netns lists only the ovnmeta- namespaces', () => {
    expect(sh('ip netns').stdout).toBe(`ovnmeta-${net('net1').id} (id: 0)\n`);
    expect(sh('ip netns', 'network1').stdout).toBe('');
  });
});
