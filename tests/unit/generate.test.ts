// The generator of clouds for the benchmark and the property tests: what it makes loads, has the
// sizes asked for, and depends on nothing but its parameters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTopology, type Topology } from '../../src/sim';
import {
  type CloudParams,
  generateCloud,
  layoutOf,
  PRESETS,
  type PresetName,
  VMS_PER_NETWORK,
} from '../../src/sim/model/generate';

function load(p: CloudParams): Topology {
  const r = loadTopology(generateCloud(p));
  if (!r.ok) throw new Error(`${JSON.stringify(p)}: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return r.topology;
}

/** What a cloud of these parameters must hold once Neutron has filled in its ports. */
function expectSizes(t: Topology, p: CloudParams): void {
  const external = p.external ?? true;
  const tenant = t.networks.filter((n) => !n['router:external']);
  expect(t.hosts.filter((h) => h.role === 'compute')).toHaveLength(p.computeHosts);
  expect(t.hosts.filter((h) => h.role === 'network')).toHaveLength(p.networkHosts);
  expect(t.servers).toHaveLength(p.vms);
  expect(tenant).toHaveLength(p.networks);
  expect(t.networks).toHaveLength(p.networks + (external ? 1 : 0));
  expect(t.subnets).toHaveLength(p.networks + (external ? 1 : 0));
  expect(t.routers).toHaveLength(p.routers);
  const owned = (o: string) => t.ports.filter((x) => x.device_owner === o);
  expect(owned('compute:nova')).toHaveLength(p.vms);
  expect(owned('network:router_interface')).toHaveLength(p.routers > 0 ? p.networks : 0);
  expect(owned('network:router_gateway')).toHaveLength(external ? p.routers : 0);
  // Neutron's DHCP agent gets a port on every tenant network, when there is a network host for it.
  expect(owned('network:dhcp')).toHaveLength(p.networkHosts > 0 ? p.networks : 0);
  const wanted = p.floatingIps ?? Math.floor(p.vms / 10);
  expect(t.floatingips).toHaveLength(external && p.routers > 0 ? Math.min(wanted, p.vms) : 0);
  for (const f of t.floatingips) expect(f.router_id).not.toBeNull();
  expect(t.outside).toHaveLength(external ? 1 : 0);
  if (external) expect(t.outside[0]!.hosts.map((h) => h.name)).toEqual(['internet']);
  expect(t.options.l2population).toBe(p.l2population ?? true);
  expect(t.options.arp_responder).toBe(p.arpResponder ?? false);
}

describe('presets', () => {
  it('have the sizes of the benchmark: S 3 hosts and 4 VMs, M 20 hosts, L 100 hosts', () => {
    const hosts = (n: PresetName) => PRESETS[n].computeHosts + PRESETS[n].networkHosts;
    expect([hosts('S'), PRESETS.S.computeHosts, PRESETS.S.networkHosts, PRESETS.S.vms]).toEqual([3, 2, 1, 4]);
    expect([hosts('M'), PRESETS.M.vms, PRESETS.M.networks, PRESETS.M.routers]).toEqual([20, 200, 20, 5]);
    expect([hosts('L'), PRESETS.L.vms, PRESETS.L.networks, PRESETS.L.routers]).toEqual([100, 2000, 200, 50]);
  });

  for (const name of ['S', 'M', 'L'] as const) {
    it(`${name} loads without errors or warnings and has the counts asked for`, () => {
      const r = loadTopology(generateCloud(PRESETS[name]));
      if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
      expect(r.warnings).toEqual([]);
      expectSizes(r.topology, PRESETS[name]);
    });
  }

  it('M spreads VMs over every compute host and joins each router to networks/routers networks', () => {
    const input = generateCloud(PRESETS.M);
    const layout = layoutOf(input);
    expect(new Set([...layout.vms.values()].map((v) => v.host)).size).toBe(PRESETS.M.computeHosts);
    const perRouter = new Map<string, Set<string>>();
    for (const v of layout.vms.values()) {
      if (!v.router) continue;
      const s = perRouter.get(v.router) ?? new Set();
      s.add(v.network);
      perRouter.set(v.router, s);
    }
    expect(perRouter.size).toBe(PRESETS.M.routers);
    for (const nets of perRouter.values()) expect(nets.size).toBe(PRESETS.M.networks / PRESETS.M.routers);
    expect([...layout.gateways].sort()).toEqual(['router1', 'router2', 'router3', 'router4', 'router5']);
  });
});

describe('the generated file', () => {
  it('gives each tenant network its own subnet, with CIDRs that never overlap', () => {
    const t = load({ seed: 5, computeHosts: 2, networkHosts: 1, vms: 10, networks: 300, routers: 3 });
    const cidrs = t.subnets.map((s) => s.cidr);
    expect(new Set(cidrs).size).toBe(cidrs.length);
    for (const n of t.networks) expect(t.subnets.filter((s) => s.network_id === n.id)).toHaveLength(1);
    expect(
      t.networks.filter((n) => !n['router:external']).every((n) => n['provider:network_type'] === 'vxlan'),
    ).toBe(true);
    expect(t.networks.find((n) => n['router:external'])!['provider:network_type']).toBe('flat');
  });

  it('writes a default security group per project that admits ICMP from anywhere', () => {
    const input = generateCloud({ ...PRESETS.L, seed: 11 });
    const projects = new Set((input.projects ?? []).map((p) => p.name).filter((p) => p !== 'admin'));
    expect(projects.size).toBe(10);
    const groups = input.security_groups ?? [];
    expect(new Set(groups.map((g) => g.project_id))).toEqual(projects);
    for (const g of groups) {
      expect(g.name).toBe('default');
      expect(g.rules).toContainEqual({
        direction: 'ingress',
        protocol: 'icmp',
        remote_ip_prefix: '0.0.0.0/0',
      });
    }
  });

  it('fills networks up to what their subnets hold, and refuses more', () => {
    const t = load({
      seed: 3,
      computeHosts: 3,
      networkHosts: 1,
      vms: 2 * VMS_PER_NETWORK,
      networks: 2,
      routers: 1,
    });
    expect(t.servers).toHaveLength(2 * VMS_PER_NETWORK);
    const p = {
      seed: 3,
      computeHosts: 3,
      networkHosts: 1,
      vms: 2 * VMS_PER_NETWORK + 1,
      networks: 2,
      routers: 1,
    };
    expect(() => generateCloud(p)).toThrow(RangeError);
    expect(() => generateCloud({ ...p, vms: 1, computeHosts: 0 })).toThrow(RangeError);
    expect(() => generateCloud({ ...p, vms: 1.5 })).toThrow(RangeError);
  });

  it('takes as many floating IPs as asked for, at most one per VM that a router connects', () => {
    const base = { seed: 4, computeHosts: 2, networkHosts: 1, vms: 12, networks: 3, routers: 1 };
    expect(load({ ...base, floatingIps: 5 }).floatingips).toHaveLength(5);
    expect(load({ ...base, floatingIps: 50 }).floatingips).toHaveLength(12);
    expect(load({ ...base, routers: 0, floatingIps: 5 }).floatingips).toHaveLength(0);
    expect(load({ ...base, external: false, floatingIps: 5 }).floatingips).toHaveLength(0);
    // More gateways and floating IPs than a /24 holds: the external subnet grows.
    expect(load({ ...base, vms: 300, floatingIps: 300 }).floatingips).toHaveLength(300);
  });
});

/** Parameters of every kind, the optional ones sometimes left out to exercise the defaults. */
const params: fc.Arbitrary<CloudParams> = fc.record(
  {
    seed: fc.nat(),
    computeHosts: fc.integer({ min: 1, max: 8 }),
    networkHosts: fc.integer({ min: 0, max: 3 }),
    networks: fc.integer({ min: 1, max: 12 }),
    vms: fc.integer({ min: 0, max: 40 }),
    routers: fc.integer({ min: 0, max: 5 }),
    external: fc.boolean(),
    floatingIps: fc.integer({ min: 0, max: 15 }),
    l2population: fc.boolean(),
    arpResponder: fc.boolean(),
    projects: fc.integer({ min: 1, max: 4 }),
  },
  { requiredKeys: ['seed', 'computeHosts', 'networkHosts', 'networks', 'vms', 'routers'] },
);

describe('random parameters', () => {
  it('always give a file that loads without errors, with the counts asked for', () => {
    fc.assert(
      fc.property(params, (p) => {
        expectSizes(load(p), p);
      }),
      { numRuns: 150 },
    );
  });

  it('give the same file for the same parameters, and the seed decides', () => {
    fc.assert(
      fc.property(params, (p) => {
        const a = JSON.stringify(generateCloud(p));
        expect(JSON.stringify(generateCloud({ ...p }))).toBe(a);
        expect(JSON.stringify(load(p))).toBe(JSON.stringify(load(p)));
      }),
      { numRuns: 40 },
    );
    const a = generateCloud(PRESETS.M);
    const b = generateCloud({ ...PRESETS.M, seed: PRESETS.M.seed + 1 });
    expect(JSON.stringify(b.servers)).not.toBe(JSON.stringify(a.servers));
  });
});
