// What normalization fills in, checked against Neutron's rules on the shipped examples and on small
// random clouds: it is idempotent and deterministic for a seed, the DHCP port takes the first pool
// address, router interfaces the gateway_ip, MACs keep base_mac fa:16:3e and are unique, ids are UUIDs,
// and each project's default security group allows egress and ingress from its own members.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTopology, type Topology } from '../../src/sim';
import { exampleText } from './helpers';
import { accept, minimalInput, type RawTopology } from './model-input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NEUTRON_MAC = /^fa:16:3e(:[0-9a-f]{2}){3}$/;

const exampleNames = readdirSync(fileURLToPath(new URL('../../examples', import.meta.url)))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

const ip = (a: number) => `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;

interface NetPlan {
  prefix: number;
  vms: number;
  dhcp: boolean;
  routed: boolean;
  /** allocation pool starting at the network address + 3 instead of the default + 2 */
  shiftedPool: boolean;
}

/** A small cloud from a plan: what a user might write, in the terse form, with no address given. */
function cloudInput(plan: {
  seed: number;
  computes: number;
  projects: number;
  external: boolean;
  nets: NetPlan[];
}) {
  const t: RawTopology = {
    format: 'neutron-explorer/topology',
    version: 1,
    seed: plan.seed,
    hosts: [
      ...Array.from({ length: plan.computes }, (_, i) => ({
        name: `compute${i + 1}`,
        role: 'compute',
        tunnel_ip: `10.0.0.${11 + i}`,
      })),
      { name: 'network1', role: 'network', tunnel_ip: '10.0.0.100' },
    ],
    projects: Array.from({ length: plan.projects }, (_, i) => ({ name: `p${i + 1}` })),
    networks: [],
    subnets: [],
    routers: [{ name: 'r1', project_id: 'p1' }],
    servers: [],
    ports: [],
    floatingips: [],
  };
  if (plan.external) {
    t.networks.push({ name: 'public', project_id: 'p1', 'router:external': true });
    t.subnets.push({
      name: 'public-subnet',
      network_id: 'public',
      cidr: '172.24.4.0/24',
      enable_dhcp: false,
    });
    t.routers[0].external_gateway_info = { network_id: 'public' };
  }
  plan.nets.forEach((n, i) => {
    const project = `p${(i % plan.projects) + 1}`;
    const base = (10 << 24) | ((i + 1) << 16);
    const size = 2 ** (32 - n.prefix);
    const subnet: RawTopology = { name: `s${i}`, network_id: `n${i}`, cidr: `${ip(base)}/${n.prefix}` };
    subnet.enable_dhcp = n.dhcp;
    if (n.shiftedPool) subnet.allocation_pools = [{ start: ip(base + 3), end: ip(base + size - 2) }];
    t.networks.push({ name: `n${i}`, project_id: project });
    t.subnets.push(subnet);
    if (n.routed)
      t.ports.push({
        network_id: `n${i}`,
        device_owner: 'network:router_interface',
        device_id: 'r1',
        fixed_ips: [{ subnet_id: `s${i}` }],
      });
    for (let v = 0; v < n.vms; v++) {
      t.servers.push({ name: `vm${i}-${v}`, project_id: project, host: `compute${(v % plan.computes) + 1}` });
      t.ports.push({ name: `vm${i}-${v}-port`, network_id: `n${i}`, device_id: `vm${i}-${v}` });
      if (v === 0 && n.routed && plan.external)
        t.floatingips.push({ floating_network_id: 'public', port_id: `vm${i}-${v}-port` });
    }
  });
  return t;
}

const planArb = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  computes: fc.integer({ min: 1, max: 3 }),
  projects: fc.integer({ min: 1, max: 3 }),
  external: fc.boolean(),
  nets: fc.array(
    fc.record({
      // a /29 has 6 usable addresses: gateway, DHCP port and three VMs fit even with the shifted pool
      prefix: fc.integer({ min: 24, max: 29 }),
      vms: fc.integer({ min: 0, max: 3 }),
      dhcp: fc.boolean(),
      routed: fc.boolean(),
      shiftedPool: fc.boolean(),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

/** Every id Neutron would have made: projects, resources, security groups and their rules. */
function allIds(t: Topology): string[] {
  return [
    ...t.projects.map((x) => x.id),
    ...t.networks.map((x) => x.id),
    ...t.subnets.map((x) => x.id),
    ...t.routers.map((x) => x.id),
    ...t.ports.map((x) => x.id),
    ...t.servers.map((x) => x.id),
    ...t.floatingips.map((x) => x.id),
    ...t.security_groups.flatMap((g) => [g.id, ...g.rules.map((r) => r.id)]),
  ];
}

function renormalize(t: Topology): Topology {
  const again = loadTopology(JSON.parse(JSON.stringify(t)));
  if (!again.ok) throw new Error(JSON.stringify(again.errors));
  return again.topology;
}

describe('normalization is idempotent and deterministic', () => {
  it.each(exampleNames)('normalizing the normalized %s gives it back unchanged', (name) => {
    const once = accept(JSON.parse(exampleText(name)));
    expect(renormalize(once)).toStrictEqual(once);
  });

  it.each(exampleNames)('loading %s twice gives the same cloud, byte for byte', (name) => {
    expect(JSON.stringify(accept(JSON.parse(exampleText(name))))).toBe(
      JSON.stringify(accept(JSON.parse(exampleText(name)))),
    );
  });

  it('draws other ids and MACs from another seed, and keeps ids given in the file', () => {
    const a = accept(minimalInput());
    const other = minimalInput();
    other.seed = 8;
    const b = accept(other);
    expect(allIds(b).filter((id) => allIds(a).includes(id))).toEqual([]);
    expect(b.ports.map((p) => p.mac_address)).not.toEqual(a.ports.map((p) => p.mac_address));
    const given = minimalInput();
    given.networks[1].id = '0b6e3b8c-5f7a-4c2d-9e10-2a3b4c5d6e7f';
    expect(accept(given).networks[1]?.id).toBe('0b6e3b8c-5f7a-4c2d-9e10-2a3b4c5d6e7f');
  });

  it('holds on random small clouds: loads, same result twice, idempotent', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const once = accept(cloudInput(plan));
        expect(accept(cloudInput(plan))).toStrictEqual(once);
        expect(renormalize(once)).toStrictEqual(once);
      }),
      { numRuns: 60 },
    );
  });
});

describe('what Neutron fills in', () => {
  it('puts the DHCP port on the first pool address and router interfaces on the gateway_ip', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const t = accept(cloudInput(plan));
        plan.nets.forEach((n, i) => {
          const base = (10 << 24) | ((i + 1) << 16);
          const net = t.networks.find((x) => x.name === `n${i}`)!;
          const subnet = t.subnets.find((x) => x.name === `s${i}`)!;
          // Neutron's default gateway is the first address, and the default pool starts right after it.
          expect(subnet.gateway_ip).toBe(ip(base + 1));
          const dhcp = t.ports.filter((p) => p.network_id === net.id && p.device_owner === 'network:dhcp');
          expect(dhcp).toHaveLength(n.dhcp ? 1 : 0);
          if (n.dhcp) expect(dhcp[0]?.fixed_ips[0]?.ip_address).toBe(ip(base + (n.shiftedPool ? 3 : 2)));
          const ifaces = t.ports.filter(
            (p) => p.network_id === net.id && p.device_owner === 'network:router_interface',
          );
          expect(ifaces.map((p) => p.fixed_ips[0]?.ip_address)).toEqual(n.routed ? [ip(base + 1)] : []);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('splits the default pool around a gateway in mid-range, so the DHCP port takes .1', () => {
    const t = minimalInput();
    t.subnets[1].gateway_ip = '10.1.0.100';
    t.ports[0].fixed_ips = [{ subnet_id: 'subnet1', ip_address: '10.1.0.100' }];
    const topo = accept(t);
    expect(topo.subnets[1]?.allocation_pools).toEqual([
      { start: '10.1.0.1', end: '10.1.0.99' },
      { start: '10.1.0.101', end: '10.1.0.254' },
    ]);
    const dhcp = topo.ports.find((p) => p.device_owner === 'network:dhcp');
    expect(dhcp?.fixed_ips[0]?.ip_address).toBe('10.1.0.1');
  });

  it('gives the DHCP port the next free address when a port asked for the first one', () => {
    const t = minimalInput();
    t.ports[1].fixed_ips = [{ ip_address: '10.1.0.2' }];
    const dhcp = accept(t).ports.find((p) => p.device_owner === 'network:dhcp');
    expect(dhcp?.fixed_ips[0]?.ip_address).toBe('10.1.0.3');
  });

  it('gives every port a unique MAC under base_mac fa:16:3e, and every resource a unique UUID', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const t = accept(cloudInput(plan));
        const macs = t.ports.map((p) => p.mac_address);
        for (const mac of macs) expect(mac).toMatch(NEUTRON_MAC);
        expect(new Set(macs).size).toBe(macs.length);
        const ids = allIds(t);
        for (const id of ids) expect(id).toMatch(UUID);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 60 },
    );
  });

  it("creates each project's default group: all egress, and ingress from members of the group", () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const t = accept(cloudInput(plan));
        for (const project of t.projects) {
          const groups = t.security_groups.filter((g) => g.project_id === project.id && g.name === 'default');
          expect(groups).toHaveLength(1);
          const g = groups[0]!;
          const any = { ethertype: 'IPv4', protocol: null, port_range_min: null, port_range_max: null };
          expect(g.rules.map(({ id: _, ...r }) => r)).toEqual([
            { ...any, direction: 'egress', remote_ip_prefix: null, remote_group_id: null },
            { ...any, direction: 'ingress', remote_ip_prefix: null, remote_group_id: g.id },
          ]);
        }
        // A VM port with no groups named is in its project's default group.
        for (const s of t.servers) {
          const port = t.ports.find((p) => p.device_id === s.id)!;
          const own = t.security_groups.find((g) => g.project_id === s.project_id && g.name === 'default')!;
          expect(port.security_groups).toEqual([own.id]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('creates one gateway port per router with external_gateway_info, from the external pool', () => {
    const t = accept(minimalInput());
    const gw = t.ports.filter((p) => p.device_owner === 'network:router_gateway');
    expect(gw).toHaveLength(1);
    expect(gw[0]?.device_id).toBe(t.routers[0]?.id);
    // Neutron leaves the gateway port without a project (l3_db _create_router_gw_port).
    expect(gw[0]?.project_id).toBe('');
    const last = Number(gw[0]?.fixed_ips[0]?.ip_address.split('.')[3]);
    expect(gw[0]?.fixed_ips[0]?.ip_address.startsWith('172.24.4.')).toBe(true);
    expect(last).toBeGreaterThanOrEqual(100);
    expect(last).toBeLessThanOrEqual(200);
    expect(t.routers[0]?.external_gateway_info?.external_fixed_ips).toEqual(gw[0]?.fixed_ips);
    expect(t.routers[0]?.external_gateway_info?.enable_snat).toBe(true);
  });

  it('applies the defaults of a stock deployment to what the file leaves out', () => {
    const t = accept(minimalInput());
    const [pub, net1] = t.networks;
    expect(net1).toMatchObject({
      'provider:network_type': 'vxlan',
      'provider:physical_network': null,
      mtu: 1450,
    });
    expect(pub).toMatchObject({
      'provider:network_type': 'flat',
      'provider:physical_network': 'provider',
      mtu: 1500,
    });
    expect(t.subnets[1]).toMatchObject({ gateway_ip: '10.1.0.1', enable_dhcp: true, ip_version: 4 });
    expect(t.subnets[1]?.allocation_pools).toEqual([{ start: '10.1.0.2', end: '10.1.0.254' }]);
    const vmPort = t.ports.find((p) => p.name === 'vm1-port')!;
    expect(vmPort).toMatchObject({ device_owner: 'compute:nova', 'binding:host_id': 'compute1' });
    expect(t.servers[0]?.listening).toEqual({ tcp: [22], udp: [] });
    expect(t.options).toEqual({
      l2population: true,
      arp_responder: false,
      firewall_driver: 'iptables_hybrid',
      bridge_mappings: [{ physical_network: 'provider', bridge: 'br-ex' }],
      dhcp_agents_per_network: 1,
      // Neutron's defaults: legacy routers (router_distributed, l3_ha off), max_l3_agents_per_router 3,
      // neutron-lib's L3_HA_NET_CIDR and the DVR base MAC of dvr_mac_db.py
      router_distributed: false,
      l3_ha: false,
      max_l3_agents_per_router: 3,
      l3_ha_net_cidr: '169.254.192.0/18',
      dvr_base_mac: 'fa:16:3f:00:00:00',
      mechanism_driver: 'openvswitch',
      enable_distributed_floating_ip: false,
      // the L3 agent leaves keepalived running when it stops (neutron/conf/agent/l3/config.py)
      cleanup_on_shutdown: false,
    });
    // Router and DHCP ports are scheduled on the only network host.
    for (const p of t.ports.filter((x) => x.device_owner.startsWith('network:')))
      expect(p['binding:host_id']).toBe('network1');
  });

  it('puts an upstream router and an internet host behind each external network', () => {
    const t = accept(minimalInput());
    expect(t.outside).toHaveLength(1);
    const world = t.outside[0]!;
    expect(world.network_id).toBe(t.networks[0]?.id);
    expect(world.gateway).toMatchObject({ name: 'upstream', ip: '172.24.4.1' });
    // TEST-NET-2 by default: the install guide's external subnet is TEST-NET-3, 203.0.113.0/24
    expect(world.internet).toMatchObject({ cidr: '198.51.100.0/24', gateway_ip: '198.51.100.1' });
    expect(world.hosts).toEqual([
      expect.objectContaining({
        name: 'internet',
        ip: '198.51.100.10',
        listening: { tcp: [80, 443], udp: [] },
      }),
    ]);
  });
});
