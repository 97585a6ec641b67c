// What ML2/OVN builds (neutron-facts-beyond §3.1-§3.3, §3.5-§3.7): the Northbound rows named as the
// Neutron OVN driver names them, the Southbound bindings, and on each chassis br-int only.
import { describe, expect, it } from 'vitest';
import type { OvnDb } from '../../src/sim/realize/ovn/db';
import { cloud, loadExample, variant } from './helpers';

const t = loadExample('ovn');
const c = cloud(t);
const db = c.plane.ovn as OvnDb;
const onHost = (h: string) => [...c.plane.devices.values()].filter((d) => d.host === h);
const port = (name: string) => t.ports.find((p) => p.name === name)!;

describe('each chassis', () => {
  it('has br-int only, with the VM taps straight on it: no br-tun, qbr, qvb, qvo, qrouter or qdhcp', () => {
    for (const h of ['compute1', 'compute2', 'network1']) {
      const names = onHost(h).map((d) => d.name);
      expect(names).toContain('br-int');
      expect(names.some((n) => /^(br-tun|qbr|qvb|qvo|qrouter-|qdhcp-|snat-|fip-)/.test(n))).toBe(false);
    }
    const br = c.plane.devices.get('compute1|br-int');
    if (br?.kind !== 'ovn-bridge') throw new Error('no OVN br-int');
    const tap = `tap${port('vm1-port').id.slice(0, 11)}`;
    expect(br.ports.get(tap)?.type).toBe('system');
    expect(c.plane.links.get('compute1|br-int')?.get(tap)?.device).toBe(`compute1|${tap}`);
  });

  it('has a Geneve tunnel to every other chassis, named ovn-<6 characters of its name>-<n>', () => {
    const br = c.plane.devices.get('compute1|br-int');
    if (br?.kind !== 'ovn-bridge') throw new Error('no OVN br-int');
    const tunnels = [...br.ports.values()].filter((p) => p.type === 'geneve');
    expect(tunnels).toHaveLength(2);
    for (const p of tunnels) {
      const remote = db.chassis.find((x) => x.ip === p.options?.remote_ip)!;
      expect(p.name).toBe(`ovn-${remote.name.slice(0, 6)}-0`);
      expect(p.options).toEqual({ csum: 'true', key: 'flow', remote_ip: remote.ip });
    }
  });

  it('has an ovnmeta-<network> namespace for each network with a VM on it, and the gateway chassis none', () => {
    const net = (n: string) => t.networks.find((x) => x.name === n)!.id;
    const ns = (h: string) =>
      onHost(h)
        .filter((d) => d.kind === 'namespace')
        .map((d) => d.name);
    expect(ns('compute1')).toEqual([`ovnmeta-${net('net1')}`]);
    expect(ns('compute2')).toEqual([`ovnmeta-${net('net2')}`]);
    expect(ns('network1')).toEqual([]);
    const meta = c.plane.devices.get(`compute1|ovnmeta-${net('net1')}`);
    if (meta?.kind !== 'namespace') throw new Error('no ovnmeta namespace');
    const iface = meta.stack.ifaces.get(`tap${net('net1').slice(0, 10)}1`)!;
    const metaPort = t.ports.find(
      (p) => p.device_owner === 'network:distributed' && p.network_id === net('net1'),
    )!;
    expect(iface.mac).toBe(metaPort.mac_address);
    expect(iface.addrs.map((a) => a.ip)).toEqual(['169.254.169.254', metaPort.fixed_ips[0]!.ip_address]);
  });

  it('puts the provider bridge only where ovn-bridge-mappings are needed', () => {
    expect(onHost('network1').some((d) => d.name === 'br-ex')).toBe(true);
    expect(onHost('compute1').some((d) => d.name === 'br-ex')).toBe(false);
    const dist = cloud(variant('ovn', (i) => (i.options.enable_distributed_floating_ip = true)));
    expect(dist.plane.devices.has('compute1|br-ex')).toBe(true);
  });
});

describe('the Northbound database', () => {
  it('names switches and routers neutron-<id>, router ports lrp-<port id>, VIF ports by their id', () => {
    expect(db.nb.switches.map((s) => s.name)).toEqual(t.networks.map((n) => `neutron-${n.id}`));
    const r = db.nb.routers[0]!;
    expect(r.name).toBe(`neutron-${t.routers[0]!.id}`);
    expect(r.ports.map((p) => p.name).sort()).toEqual(
      t.ports
        .filter((p) => p.device_id === t.routers[0]!.id)
        .map((p) => `lrp-${p.id}`)
        .sort(),
    );
    const net1 = db.nb.switches.find((s) => s.aka === 'net1')!;
    const vif = net1.ports.find((p) => p.name === port('vm1-port').id)!;
    expect(vif.type).toBe('');
    expect(vif.addresses).toEqual([
      `${port('vm1-port').mac_address} ${port('vm1-port').fixed_ips[0]!.ip_address}`,
    ]);
    expect(vif.options['requested-chassis']).toBe('compute1');
    const rp = net1.ports.find((p) => p.type === 'router')!;
    expect(rp.addresses).toEqual(['router']);
    expect(rp.options['router-port']).toBe(`lrp-${rp.name}`);
    expect(net1.ports.find((p) => p.type === 'localport')).toBeTruthy();
    const pub = db.nb.switches.find((s) => s.aka === 'public')!;
    expect(pub.ports.find((p) => p.type === 'localnet')?.options).toEqual({ network_name: 'provider' });
  });

  it('has a gateway chassis row lrp-<id>_<chassis> with its priority, SNAT and dnat_and_snat NAT rows', () => {
    const r = db.nb.routers[0]!;
    const gw = r.ports.find((p) => p.gateway_chassis.length)!;
    const net1Chassis = db.chassis.find((x) => x.hostname === 'network1')!.name;
    expect(gw.gateway_chassis).toEqual([
      { name: `${gw.name}_${net1Chassis}`, chassis: net1Chassis, host: 'network1', priority: 1 },
    ]);
    const gwIp = gw.networks[0]!.split('/')[0];
    expect(r.nat.filter((n) => n.type === 'snat').map((n) => [n.external_ip, n.logical_ip])).toEqual([
      [gwIp, '192.168.1.0/24'],
      [gwIp, '192.168.2.0/24'],
    ]);
    const fip = t.floatingips[0]!;
    expect(r.nat.find((n) => n.type === 'dnat_and_snat')).toMatchObject({
      external_ip: fip.floating_ip_address,
      logical_ip: fip.fixed_ip_address,
      logical_port: fip.port_id,
      external_mac: null,
    });
    expect(r.static_routes).toEqual([{ ip_prefix: '0.0.0.0/0', nexthop: '172.24.4.1', ext_gw: true }]);
  });

  it('makes a port group pg_<sg id with _> per security group with an ACL per rule, and neutron_pg_drop', () => {
    const sg = t.security_groups.find((g) => g.name === 'default' && g.rules.length === 4)!;
    const pg = db.nb.portGroups.find((g) => g.sgId === sg.id)!;
    expect(pg.name).toBe(`pg_${sg.id.replace(/-/g, '_')}`);
    expect(pg.acls.map((a) => [a.direction, a.priority, a.action])).toEqual([
      ['from-lport', 1002, 'allow-related'],
      ['to-lport', 1002, 'allow-related'],
      ['to-lport', 1002, 'allow-related'],
      ['to-lport', 1002, 'allow-related'],
    ]);
    expect(pg.acls[3]!.m.t).toBe(
      `outport == @${pg.name} && ip4 && ip4.src == 0.0.0.0/0 && tcp && tcp.dst == 22`,
    );
    const drop = db.nb.portGroups.find((g) => g.name === 'neutron_pg_drop')!;
    expect(drop.acls.map((a) => [a.direction, a.priority, a.action, a.m.t])).toEqual([
      ['from-lport', 1001, 'drop', 'inport == @neutron_pg_drop && ip'],
      ['to-lport', 1001, 'drop', 'outport == @neutron_pg_drop && ip'],
    ]);
  });
});

describe('the Southbound database', () => {
  it('binds VIFs to their chassis and the cr-lrp port to the gateway chassis', () => {
    expect(db.ports.get(port('vm1-port').id)?.chassis).toBe('compute1');
    const cr = [...db.ports.values()].filter((b) => b.type === 'chassisredirect');
    expect(cr).toHaveLength(1);
    expect(cr[0]!.logical_port).toMatch(/^cr-lrp-/);
    expect(cr[0]!.chassis).toBe('network1');
  });

  it('writes the logical flows of every datapath in the stages of OVN 24.03', () => {
    for (const dp of db.datapaths.values()) {
      expect(dp.flows.length).toBeGreaterThan(10);
      for (const f of dp.flows) {
        if (dp.kind === 'switch' && f.pipeline === 'ingress') expect(f.stage.startsWith('ls_in_')).toBe(true);
        if (dp.kind === 'router' && f.pipeline === 'egress') expect(f.stage.startsWith('lr_out_')).toBe(true);
      }
    }
    const net1 = db.datapathByName.get(`neutron-${t.networks.find((n) => n.name === 'net1')!.id}`)!;
    expect(net1.flows.find((f) => f.stage === 'ls_in_l2_lkup')?.table).toBe(27);
    expect(net1.flows.find((f) => f.stage === 'ls_out_acl_eval')?.table).toBe(4);
    const r = db.datapathByName.get(`neutron-${t.routers[0]!.id}`)!;
    expect(r.flows.find((f) => f.stage === 'lr_in_gw_redirect' && f.priority === 50)?.actions).toMatch(
      /^outport = "cr-lrp-[0-9a-f-]+"; next;$/,
    );
    expect(r.flows.find((f) => f.stage === 'lr_in_arp_resolve')?.table).toBe(17);
  });
});
