// Checks across resources: segmentation ids, where servers run, floating IPs, router gateways and
// interfaces, references by id or name, and ids. Each refusal must name the path and the value.
import { describe, expect, it } from 'vitest';
import { accept, expectError, expectRefused, minimalInput, type RawTopology, withNet2 } from './model-input';

const net1 = (t: RawTopology) => t.networks[1];

describe('segmentation ids', () => {
  // ML2 type drivers: a VXLAN VNI is 24 bits (1..2^24-1), a VLAN id 1..4094 (0 and 4095 are reserved).
  it.each([
    ['vxlan', 0],
    ['vxlan', 2 ** 24],
    ['vxlan', -5],
    ['vlan', 0],
    ['vlan', 4095],
  ] as const)('refuses %s segment %i as out of range', (type, seg) => {
    const range = type === 'vxlan' ? '1 to 16777215' : '1 to 4094';
    expectRefused(
      (t) => Object.assign(net1(t), { 'provider:network_type': type, 'provider:segmentation_id': seg }),
      {
        path: 'networks[1].provider:segmentation_id',
        value: seg,
        message: new RegExp(`out of range for ${type} \\(${range}\\)`),
      },
    );
  });

  it.each([
    ['vxlan', 1],
    ['vxlan', 2 ** 24 - 1],
    ['vlan', 1],
    ['vlan', 4094],
  ] as const)('accepts %s segment %i at the edge of the range', (type, seg) => {
    const t = minimalInput();
    Object.assign(net1(t), { 'provider:network_type': type, 'provider:segmentation_id': seg });
    expect(accept(t).networks[1]?.['provider:segmentation_id']).toBe(seg);
  });

  it('refuses a VNI used by two VXLAN networks', () => {
    expectRefused(
      (t) => t.networks.push({ name: 'net2', project_id: 'demo', 'provider:segmentation_id': 101 }),
      { path: 'networks[2].provider:segmentation_id', value: 101, message: /used by another vxlan network/ },
    );
  });

  it('refuses a VLAN id used twice on one physical network, and accepts it on another', () => {
    const vlan = (name: string, physnet: string) => ({
      name,
      project_id: 'demo',
      'provider:network_type': 'vlan',
      'provider:physical_network': physnet,
      'provider:segmentation_id': 200,
    });
    expectRefused((t) => t.networks.push(vlan('a', 'provider'), vlan('b', 'provider')), {
      path: 'networks[3].provider:segmentation_id',
      value: 200,
      message: /used by another vlan network/,
    });
    const t = minimalInput();
    t.options = {
      bridge_mappings: [
        { physical_network: 'provider', bridge: 'br-ex' },
        { physical_network: 'physnet2', bridge: 'br-vlan' },
      ],
    };
    t.networks.push(vlan('a', 'provider'), vlan('b', 'physnet2'));
    expect(accept(t).networks.filter((n) => n['provider:segmentation_id'] === 200)).toHaveLength(2);
  });

  it('refuses a segmentation id on a flat network, and an override out of range', () => {
    expectRefused((t) => (t.networks[0]['provider:segmentation_id'] = 5), {
      path: 'networks[0].provider:segmentation_id',
      value: 5,
      message: /must be null for a flat network/,
    });
    expectRefused(
      (t) => (t.hosts[0].segmentation_overrides = [{ network_id: 'net1', segmentation_id: 2 ** 24 }]),
      {
        path: 'hosts[0].segmentation_overrides[0].segmentation_id',
        value: 2 ** 24,
        message: /out of range for vxlan/,
      },
    );
  });
});

describe('hosts', () => {
  it('refuses a server on a network host: Nova schedules servers on compute hosts', () => {
    expectRefused((t) => (t.servers[0].host = 'network1'), {
      path: 'servers[0].host',
      value: 'network1',
      message: /is a network host; servers run only on compute hosts/,
    });
  });

  it('refuses a server on a host that does not exist', () => {
    expectRefused((t) => (t.servers[0].host = 'compute9'), {
      path: 'servers[0].host',
      value: 'compute9',
      message: /refers to no host/,
    });
  });

  it('refuses two hosts with one name or one tunnel IP', () => {
    expectRefused((t) => (t.hosts[1].name = 'compute1'), {
      path: 'hosts[1].name',
      value: 'compute1',
      message: /used by another host/,
    });
    expectRefused((t) => (t.hosts[1].tunnel_ip = '10.0.0.11'), {
      path: 'hosts[1].tunnel_ip',
      value: '10.0.0.11',
      message: /used by another host/,
    });
  });

  it('refuses a router port bound to a compute host: the L3 agent runs on network hosts', () => {
    expectRefused((t) => (t.ports[0]['binding:host_id'] = 'compute1'), {
      path: 'ports[0].binding:host_id',
      value: 'compute1',
      message: /must be a network host/,
    });
  });
});

describe('floating IPs', () => {
  it('refuses a floating IP from a network that is not external', () => {
    expectRefused((t) => (t.floatingips[0].floating_network_id = 'net1'), {
      path: 'floatingips[0].floating_network_id',
      value: 'net1',
      message: /not external/,
    });
  });

  it('refuses a floating IP for a port whose router has no gateway', () => {
    expectRefused((t) => delete t.routers[0].external_gateway_info, {
      path: 'floatingips[0].port_id',
      value: 'vm1-port',
      message: /no router has both an interface on the port's subnet and a gateway on public/,
    });
  });

  it('refuses a floating IP for a port whose router has its gateway on another external network', () => {
    expectRefused(
      (t) => {
        t.networks.push({ name: 'public2', project_id: 'admin', 'router:external': true });
        t.subnets.push({ name: 'public2-subnet', network_id: 'public2', cidr: '198.51.100.0/24' });
        t.routers[0].external_gateway_info.network_id = 'public2';
      },
      { path: 'floatingips[0].port_id', value: 'vm1-port', message: /cannot be reached from public/ },
    );
  });

  it('refuses a floating IP for a port on a network no router is attached to', () => {
    expectRefused((t) => (withNet2(t).floatingips[0].port_id = 'vm2-port'), {
      path: 'floatingips[0].port_id',
      value: 'vm2-port',
      message: /no router has both an interface/,
    });
  });

  it('refuses a second floating IP for the same fixed IP, and a fixed IP the port does not have', () => {
    expectRefused((t) => t.floatingips.push({ floating_network_id: 'public', port_id: 'vm1-port' }), {
      path: 'floatingips[1].port_id',
      value: 'vm1-port',
      message: /already has a floating IP/,
    });
    expectRefused((t) => (t.floatingips[0].fixed_ip_address = '10.1.0.77'), {
      path: 'floatingips[0].fixed_ip_address',
      value: '10.1.0.77',
      message: /not an address of port vm1-port/,
    });
  });

  it('ties an accepted floating IP to the router that connects the port to the external network', () => {
    const topo = accept(minimalInput());
    expect(topo.floatingips[0]?.router_id).toBe(topo.routers[0]?.id);
  });

  it("gives a floating IP its port's project, or the project the file names", () => {
    const topo = accept(minimalInput());
    const demo = topo.projects.find((p) => p.name === 'demo')!;
    expect(topo.floatingips[0]?.project_id).toBe(demo.id);
    const t = minimalInput();
    t.floatingips[0].project_id = 'admin';
    const admin = accept(t).projects.find((p) => p.name === 'admin')!;
    expect(accept(t).floatingips[0]?.project_id).toBe(admin.id);
  });
});

describe('routers', () => {
  it('refuses interfaces on overlapping subnets on one router', () => {
    expectRefused(
      (t) => {
        withNet2(t, '10.1.0.128/25');
        t.ports.push({
          network_id: 'net2',
          device_owner: 'network:router_interface',
          device_id: 'router1',
          fixed_ips: [{ subnet_id: 'subnet2' }],
        });
      },
      {
        path: 'routers[0]',
        value: 'router1',
        message:
          /interfaces on overlapping subnets subnet1 \(10\.1\.0\.0\/24\) and subnet2 \(10\.1\.0\.128\/25\)/,
      },
    );
  });

  it('accepts the same overlapping subnets on two different routers (Neutron checks per router)', () => {
    const t = withNet2(minimalInput(), '10.1.0.128/25');
    t.subnets[2].gateway_ip = '10.1.0.129';
    t.routers.push({ name: 'router2', project_id: 'demo' });
    t.ports.push({
      network_id: 'net2',
      device_owner: 'network:router_interface',
      device_id: 'router2',
      fixed_ips: [{ subnet_id: 'subnet2' }],
    });
    expect(accept(t).routers).toHaveLength(2);
  });

  it('refuses a router with two gateway ports, naming both', () => {
    const gateway = { network_id: 'public', device_owner: 'network:router_gateway', device_id: 'router1' };
    expectRefused((t) => t.ports.push({ ...gateway }, { ...gateway }), {
      path: 'routers[0]',
      value: 'router1',
      message: /has 2 gateway ports \(ports\[2\], ports\[3\]\); a router has one gateway/,
    });
  });

  it('refuses a gateway port for a router without external_gateway_info', () => {
    expectRefused(
      (t) => {
        delete t.routers[0].external_gateway_info;
        t.floatingips = [];
        t.ports.push({ network_id: 'public', device_owner: 'network:router_gateway', device_id: 'router1' });
      },
      {
        path: 'ports[2].device_owner',
        value: 'network:router_gateway',
        message: /has no external_gateway_info/,
      },
    );
  });

  it('refuses a gateway on an internal network and an interface on an external one', () => {
    expectRefused((t) => (t.routers[0].external_gateway_info.network_id = 'net1'), {
      path: 'routers[0].external_gateway_info.network_id',
      value: 'net1',
      message: /not external/,
    });
    expectRefused(
      (t) => {
        t.ports[0].network_id = 'public';
        t.ports[0].fixed_ips = [{ subnet_id: 'public-subnet' }];
      },
      { path: 'ports[0].network_id', value: 'public', message: /attach it as the router gateway/ },
    );
  });
});

describe('references by id or name', () => {
  it.each<[string, (t: RawTopology) => void, string, string, string]>([
    [
      'a subnet network',
      (t) => (t.subnets[1].network_id = 'nett1'),
      'subnets[1].network_id',
      'nett1',
      'network',
    ],
    ['a network project', (t) => (net1(t).project_id = 'dmeo'), 'networks[1].project_id', 'dmeo', 'project'],
    ['a port server', (t) => (t.ports[1].device_id = 'vm9'), 'ports[1].device_id', 'vm9', 'server'],
    ['a port router', (t) => (t.ports[0].device_id = 'r9'), 'ports[0].device_id', 'r9', 'router'],
    [
      'a fixed IP subnet',
      (t) => (t.ports[0].fixed_ips[0].subnet_id = 'subnet9'),
      'ports[0].fixed_ips[0].subnet_id',
      'subnet9',
      'subnet',
    ],
    [
      'a port security group',
      (t) => (t.ports[1].security_groups = ['web']),
      'ports[1].security_groups[0]',
      'web',
      'security group',
    ],
    [
      'a floating IP port',
      (t) => (t.floatingips[0].port_id = 'vm9-port'),
      'floatingips[0].port_id',
      'vm9-port',
      'port',
    ],
    [
      'a floating IP network',
      (t) => (t.floatingips[0].floating_network_id = 'pubic'),
      'floatingips[0].floating_network_id',
      'pubic',
      'network',
    ],
    [
      'a router gateway network',
      (t) => (t.routers[0].external_gateway_info.network_id = 'ext'),
      'routers[0].external_gateway_info.network_id',
      'ext',
      'network',
    ],
    [
      'a rule remote group',
      (t) =>
        (t.security_groups = [
          { name: 'web', project_id: 'demo', rules: [{ direction: 'ingress', remote_group_id: 'dbs' }] },
        ]),
      'security_groups[0].rules[0].remote_group_id',
      'dbs',
      'security group',
    ],
    [
      'a segmentation override network',
      (t) => (t.hosts[0].segmentation_overrides = [{ network_id: 'net7', segmentation_id: 7 }]),
      'hosts[0].segmentation_overrides[0].network_id',
      'net7',
      'network',
    ],
    [
      'a floating IP project',
      (t) => (t.floatingips[0].project_id = 'dmeo'),
      'floatingips[0].project_id',
      'dmeo',
      'project',
    ],
    [
      'an outside world network',
      (t) => (t.outside = [{ network_id: 'internet' }]),
      'outside[0].network_id',
      'internet',
      'network',
    ],
  ])('refuses %s that does not exist', (_, change, path, value, kind) => {
    expectRefused(change, {
      path,
      value,
      message: new RegExp(`refers to no ${kind} \\(no ${kind} has that`),
    });
  });

  it("finds a port's security group by name in the port's project first, then among all groups", () => {
    const t = minimalInput();
    t.security_groups = [
      { name: 'web', project_id: 'demo', rules: [] },
      { name: 'web', project_id: 'admin', rules: [] },
      { name: 'ops', project_id: 'admin', rules: [] },
    ];
    t.ports[1].security_groups = ['web', 'ops'];
    const topo = accept(t);
    const [web, , ops] = topo.security_groups;
    expect(topo.ports.find((p) => p.name === 'vm1-port')?.security_groups).toEqual([web!.id, ops!.id]);
  });

  it('refuses a name two networks share, and accepts the id instead', () => {
    const id = '6f1d3a52-0c2b-4d8e-9a47-1b2c3d4e5f60';
    const errors = expectRefused((t) => t.networks.push({ name: 'net1', project_id: 'demo' }), {
      path: 'subnets[1].network_id',
      value: 'net1',
      message: /ambiguous: 2 networks have that name; use the id/,
    });
    expectError(errors, { path: 'ports[1].network_id', value: 'net1', message: /ambiguous/ });
    const t = minimalInput();
    net1(t).id = id;
    t.networks.push({ name: 'net1', project_id: 'demo' });
    t.subnets[1].network_id = id;
    for (const p of t.ports) p.network_id = p.network_id === 'net1' ? id : p.network_id;
    expect(accept(t).subnets[1]?.network_id).toBe(id);
  });
});

describe('ids', () => {
  it('refuses an id that is not a UUID, and one used twice for the same kind', () => {
    expectRefused((t) => (net1(t).id = 'net-1'), {
      path: 'networks[1].id',
      value: 'net-1',
      message: /is not a UUID/,
    });
    const id = '11111111-1111-4111-8111-111111111111';
    expectRefused(
      (t) => {
        t.networks[0].id = id;
        net1(t).id = id;
      },
      { path: 'networks[1].id', value: id, message: /used by another network; ids must be unique/ },
    );
  });
});
