// A small valid topology file, built afresh for each test so that a test can break one field of it and
// see the loader refuse exactly that. Written in the terse hand-written form: references by name, no ids.
import { expect } from 'vitest';
import { formatError, loadTopology, type Topology, type TopologyError } from '../../src/sim';

// biome-ignore lint/suspicious/noExplicitAny: tests reach into the raw JSON freely
export type RawTopology = any;

/**
 * Two compute hosts and a network host; a flat external network "public" (172.24.4.0/24, pool .100 to
 * .200, no DHCP) and a VXLAN tenant network "net1" (10.1.0.0/24, VNI 101); router1 with its gateway on
 * public and an interface on subnet1; vm1 on compute1 with a port on net1 and a floating IP.
 */
export function minimalInput(): RawTopology {
  return {
    format: 'neutron-explorer/topology',
    version: 1,
    seed: 7,
    hosts: [
      { name: 'compute1', role: 'compute', tunnel_ip: '10.0.0.11' },
      { name: 'compute2', role: 'compute', tunnel_ip: '10.0.0.12' },
      { name: 'network1', role: 'network', tunnel_ip: '10.0.0.21' },
    ],
    projects: [{ name: 'demo' }, { name: 'admin' }],
    networks: [
      { name: 'public', project_id: 'admin', 'router:external': true },
      { name: 'net1', project_id: 'demo', 'provider:segmentation_id': 101 },
    ],
    subnets: [
      {
        name: 'public-subnet',
        network_id: 'public',
        cidr: '172.24.4.0/24',
        enable_dhcp: false,
        allocation_pools: [{ start: '172.24.4.100', end: '172.24.4.200' }],
      },
      { name: 'subnet1', network_id: 'net1', cidr: '10.1.0.0/24' },
    ],
    routers: [{ name: 'router1', project_id: 'demo', external_gateway_info: { network_id: 'public' } }],
    servers: [{ name: 'vm1', project_id: 'demo', host: 'compute1' }],
    ports: [
      {
        name: 'router1-net1',
        network_id: 'net1',
        device_owner: 'network:router_interface',
        device_id: 'router1',
        fixed_ips: [{ subnet_id: 'subnet1' }],
      },
      { name: 'vm1-port', network_id: 'net1', device_id: 'vm1' },
    ],
    floatingips: [{ floating_network_id: 'public', port_id: 'vm1-port' }],
  };
}

/** Adds a second tenant network net2 with subnet2 and a server vm2 on it (no router interface yet). */
export function withNet2(t: RawTopology, cidr = '10.2.0.0/24'): RawTopology {
  t.networks.push({ name: 'net2', project_id: 'demo' });
  t.subnets.push({ name: 'subnet2', network_id: 'net2', cidr });
  t.servers.push({ name: 'vm2', project_id: 'demo', host: 'compute2' });
  t.ports.push({ name: 'vm2-port', network_id: 'net2', device_id: 'vm2' });
  return t;
}

/** Loads the input, which must be valid. */
export function accept(t: RawTopology): Topology {
  const r = loadTopology(t);
  if (!r.ok) throw new Error(`expected a valid topology, got:\n${r.errors.map(formatError).join('\n')}`);
  return r.topology;
}

/** Loads the input, which must be refused, and returns the errors. */
export function refuse(t: RawTopology): TopologyError[] {
  const r = loadTopology(t);
  if (r.ok) throw new Error('expected the topology to be refused, but it loaded');
  return r.errors;
}

export interface Expected {
  path: string;
  value: unknown;
  /** What the message must say. */
  message: RegExp;
}

/**
 * The error reported at exactly this path, carrying the offending value and a message that says what is
 * wrong; its one-line form (what the CLI prints) must show the path and the value too.
 */
export function expectError(errors: readonly TopologyError[], want: Expected): TopologyError {
  const at = errors.filter((e) => e.path === want.path);
  expect(at, `no error at ${want.path}; got:\n${errors.map(formatError).join('\n')}`).not.toHaveLength(0);
  const hit = at.find((e) => want.message.test(e.message)) ?? at[0]!;
  expect(hit.message).toMatch(want.message);
  expect(hit.value).toEqual(want.value);
  const line = formatError(hit);
  expect(line.startsWith(`${want.path}: `)).toBe(true);
  // formatError shortens long values; short ones appear whole.
  const json = JSON.stringify(want.value);
  if (want.value !== undefined && json.length <= 80) expect(line).toContain(json);
  return hit;
}

/** Refuses the input made by change, with the expected error. */
export function expectRefused(change: (t: RawTopology) => void, want: Expected): TopologyError[] {
  const t = minimalInput();
  change(t);
  const errors = refuse(t);
  expectError(errors, want);
  return errors;
}
