// ML2/OVN in the model (neutron-facts-beyond §3.1, §3.2, §3.7): the option, Geneve networks, gateway
// chassis with priorities, no DHCP ports but metadata ports, and the refusals that name the option.
import { describe, expect, it } from 'vitest';
import { loadTopologyText } from '../../src/sim';
import { gatewayChassisOf } from '../../src/sim/model/ovn';
import { exampleText, loadExample } from './helpers';

// biome-ignore lint/suspicious/noExplicitAny: tests reach into the raw JSON freely
function load(change: (input: any) => void) {
  const input = JSON.parse(exampleText('ovn'));
  change(input);
  return loadTopologyText(JSON.stringify(input));
}

describe('options.mechanism_driver', () => {
  it('defaults to openvswitch, with distributed floating IPs off', () => {
    const t = loadExample('two-networks-one-router');
    expect(t.options.mechanism_driver).toBe('openvswitch');
    expect(t.options.enable_distributed_floating_ip).toBe(false);
  });

  it('makes tenant networks geneve with an MTU of 1442 under ovn', () => {
    const t = loadExample('ovn');
    const net1 = t.networks.find((n) => n.name === 'net1')!;
    expect(net1['provider:network_type']).toBe('geneve');
    expect(net1.mtu).toBe(1442);
    expect(t.networks.find((n) => n.name === 'public')!['provider:network_type']).toBe('flat');
  });

  it('refuses a vxlan network under ovn and a geneve network under openvswitch, naming the field', () => {
    const r = load((i) => {
      i.networks[1]['provider:network_type'] = 'vxlan';
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const e = r.errors.find((x) => x.path === 'networks[1].provider:network_type')!;
      expect(e.message).toMatch(/mechanism_driver is ovn/);
      expect(e.value).toBe('vxlan');
    }
    const back = load((i) => {
      i.options.mechanism_driver = 'openvswitch';
      i.networks[1]['provider:network_type'] = 'geneve';
    });
    expect(back.ok).toBe(false);
    if (!back.ok) expect(back.errors[0]!.path).toBe('networks[1].provider:network_type');
  });

  it('refuses an MTU above 1442 on a geneve network', () => {
    const r = load((i) => {
      i.networks[1].mtu = 1450;
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/minus 58 for Geneve/);
  });
});

describe('ports under ML2/OVN', () => {
  const t = loadExample('ovn');
  it('has no DHCP port, and one metadata port per network with DHCP, at the first pool address', () => {
    expect(t.ports.some((p) => p.device_owner === 'network:dhcp')).toBe(false);
    const meta = t.ports.filter((p) => p.device_owner === 'network:distributed');
    const withDhcp = t.networks.filter((n) => t.subnets.some((s) => s.network_id === n.id && s.enable_dhcp));
    expect(meta.map((p) => p.network_id).sort()).toEqual(withDhcp.map((n) => n.id).sort());
    for (const p of meta) {
      expect(p.device_id).toBe(`ovnmeta-${p.network_id}`);
      expect(p['binding:host_id']).toBeNull();
      const sub = t.subnets.find((s) => s.id === p.fixed_ips[0]!.subnet_id)!;
      expect(p.fixed_ips[0]!.ip_address).toBe(sub.allocation_pools[0]!.start);
    }
  });

  it('binds router interfaces nowhere and the gateway port to the gateway chassis', () => {
    const ifaces = t.ports.filter((p) => p.device_owner === 'network:router_interface');
    expect(ifaces.length).toBe(2);
    for (const p of ifaces) expect(p['binding:host_id']).toBeNull();
    const gw = t.ports.find((p) => p.device_owner === 'network:router_gateway')!;
    expect(gw['binding:host_id']).toBe('network1');
  });

  it('drops the DHCP ports of a file switched to ovn, and the metadata ports of one switched back', () => {
    const ovs = loadExample('two-networks-one-router');
    expect(ovs.ports.some((p) => p.device_owner === 'network:dhcp')).toBe(true);
    const r = loadTopologyText(
      JSON.stringify({
        ...ovs,
        options: { ...ovs.options, mechanism_driver: 'ovn' },
        networks: ovs.networks.map((n) =>
          n['provider:network_type'] === 'vxlan' ? { ...n, 'provider:network_type': 'geneve', mtu: 1442 } : n,
        ),
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.topology.ports.some((p) => p.device_owner === 'network:dhcp')).toBe(false);
    expect(r.topology.ports.filter((p) => p.device_owner === 'network:distributed')).toHaveLength(2);
    const back = loadTopologyText(
      JSON.stringify({
        ...t,
        options: { ...t.options, mechanism_driver: 'openvswitch' },
        networks: t.networks.map((n) =>
          n['provider:network_type'] === 'geneve' ? { ...n, 'provider:network_type': 'vxlan' } : n,
        ),
      }),
    );
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.topology.ports.some((p) => p.device_owner === 'network:distributed')).toBe(false);
    expect(back.topology.ports.filter((p) => p.device_owner === 'network:dhcp')).toHaveLength(2);
  });

  it('normalizes to a fixed point: the normalized cloud loads to itself', () => {
    const again = loadTopologyText(JSON.stringify(t));
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.topology).toEqual(t);
  });
});

describe('gateway chassis (Gateway_Chassis rows with priorities)', () => {
  const hosts = (i: { hosts: unknown[] }) => {
    i.hosts.push({ name: 'network2', role: 'network', tunnel_ip: '10.0.1.12' });
  };
  it('gives every router the candidates, highest priority first, spreading the first place', () => {
    const r = load((i) => {
      hosts(i);
      i.routers.push({
        name: 'router2',
        project_id: 'demo',
        external_gateway_info: { network_id: 'public' },
      });
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const gw = gatewayChassisOf(r.topology);
    const [r1, r2] = r.topology.routers;
    expect(gw.get(r1!.id)).toEqual([
      { host: 'network1', priority: 2 },
      { host: 'network2', priority: 1 },
    ]);
    expect(gw.get(r2!.id)).toEqual([
      { host: 'network2', priority: 2 },
      { host: 'network1', priority: 1 },
    ]);
    const port2 = r.topology.ports.find(
      (p) => p.device_id === r2!.id && p.device_owner === 'network:router_gateway',
    )!;
    expect(port2['binding:host_id']).toBe('network2');
  });

  it('moves the gateway port to the next chassis when the first is cut off the underlay', () => {
    const r = load((i) => {
      hosts(i);
      i.hosts[2].underlay_connected = false;
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const gw = r.topology.ports.find((p) => p.device_owner === 'network:router_gateway')!;
    expect(gw['binding:host_id']).toBe('network2');
  });

  it('takes every chassis when none is a gateway chassis, and honours enable_chassis_as_gw', () => {
    const none = load((i) => {
      i.hosts[2].enable_chassis_as_gw = false;
    });
    if (!none.ok) throw new Error(JSON.stringify(none.errors));
    expect(
      gatewayChassisOf(none.topology)
        .get(none.topology.routers[0]!.id)!
        .map((g) => g.host),
    ).toEqual(['compute1', 'compute2', 'network1']);
    const c2 = load((i) => {
      i.hosts[1].enable_chassis_as_gw = true;
    });
    if (!c2.ok) throw new Error(JSON.stringify(c2.errors));
    expect(
      gatewayChassisOf(c2.topology)
        .get(c2.topology.routers[0]!.id)!
        .map((g) => g.host),
    ).toEqual(['compute2', 'network1']);
  });
});

describe('warnings for options of the other driver', () => {
  it('says enable_distributed_floating_ip does nothing under openvswitch', () => {
    const input = JSON.parse(exampleText('two-networks-one-router'));
    input.options = { enable_distributed_floating_ip: true };
    const r = loadTopologyText(JSON.stringify(input));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings.join('\n')).toMatch(/enable_distributed_floating_ip is an ML2\/OVN option/);
  });
});
