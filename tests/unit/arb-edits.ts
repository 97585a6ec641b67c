// Random small clouds (generateCloud's parameters) and random sequences of the benchmark's one-resource
// edits, for the property tests of what crosses the worker boundary after an edit.
import fc from 'fast-check';
import { AGENT_BINARIES, loadTopology, type Topology } from '../../src/sim';
import { generateCloud } from '../../src/sim/model/generate';
import { EDIT_KINDS } from '../../src/sim/model/sample-edits';
import type { TopologyInput } from '../../src/sim/model/schema';

export const smallCloud = fc.record({
  seed: fc.nat(),
  computeHosts: fc.integer({ min: 1, max: 4 }),
  networkHosts: fc.integer({ min: 1, max: 2 }),
  networks: fc.integer({ min: 1, max: 3 }),
  vms: fc.integer({ min: 2, max: 10 }),
  routers: fc.integer({ min: 0, max: 2 }),
  external: fc.boolean(),
  floatingIps: fc.integer({ min: 0, max: 2 }),
  l2population: fc.boolean(),
  arpResponder: fc.boolean(),
});

export const someEdits = fc.array(
  fc.record({ kind: fc.constantFrom(...EDIT_KINDS), k: fc.nat({ max: 40 }) }),
  { minLength: 1, maxLength: 5 },
);

/** A random small cloud of any backend: firewall driver, mechanism driver and kind of router. */
export const anyCloud = fc.record({
  seed: fc.nat(),
  computeHosts: fc.integer({ min: 1, max: 5 }),
  networkHosts: fc.integer({ min: 1, max: 3 }),
  networks: fc.integer({ min: 1, max: 4 }),
  vms: fc.integer({ min: 2, max: 12 }),
  routers: fc.integer({ min: 0, max: 2 }),
  external: fc.boolean(),
  floatingIps: fc.integer({ min: 0, max: 3 }),
  l2population: fc.boolean(),
  arpResponder: fc.boolean(),
  firewall: fc.constantFrom('iptables_hybrid' as const, 'openvswitch' as const),
  mechanism: fc.constantFrom(
    'openvswitch' as const,
    'openvswitch' as const,
    'openvswitch' as const,
    'ovn' as const,
  ),
  routerKind: fc.constantFrom(
    'legacy' as const,
    'legacy' as const,
    'ha' as const,
    'ha' as const,
    'distributed' as const,
  ),
});

export function loadOrNull(input: TopologyInput): Topology | null {
  const r = loadTopology(input);
  return r.ok ? r.topology : null;
}

export type AnyCloud = typeof anyCloud extends fc.Arbitrary<infer T> ? T : never;

/** The cloud `c` describes, loaded, or null when it does not load. */
export function buildCloud(c: AnyCloud): Topology | null {
  const input = generateCloud(c);
  input.options = {
    ...input.options,
    firewall_driver: c.firewall,
    mechanism_driver: c.mechanism,
    l3_ha: c.routerKind === 'ha',
    router_distributed: c.routerKind === 'distributed',
  };
  // distributed routers need the L3 agent on the computes (neutron's deploy-ovs-ha-dvr guide)
  if (c.routerKind === 'distributed')
    input.hosts = input.hosts.map((h) =>
      h.role === 'compute'
        ? { ...h, agents: [AGENT_BINARIES.ovs, AGENT_BINARIES.l3, AGENT_BINARIES.metadata] }
        : h,
    );
  return loadOrNull(input);
}
