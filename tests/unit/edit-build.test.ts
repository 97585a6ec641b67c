// Building without fighting the editor (issue 12, point 6), the parts that are logic: a second router
// joins a network that has a gateway router, as `openstack port create` + `openstack router add port`
// would; refusals name resources in words, never only a path, never with a doubled word; one root
// cause gives one message; a file nested far too deep is refused plainly before it reaches the worker;
// a rule's protocol change resets what no longer applies.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withProtocol } from '../../src/logic/security-rule';
import { loadTopology, type Topology, type TopologyError } from '../../src/sim';
import { addNetwork, addRouter, attachRouter, projectFor, routerJoinNote } from '../../src/store/edit-ops';
import { MAX_DEPTH, parseTopologyText, topologyFileText } from '../../src/store/file-io';
import { errorSentence } from '../../src/ui/edit/text';
import { cloud, exampleText, loadExample } from './helpers';

const demo = loadExample('two-networks-one-router');
const by = <T extends { name: string }>(list: T[], name: string) => list.find((x) => x.name === name)!;
const ipInt = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);

function load(t: unknown): Topology {
  const r = loadTopology(t);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 1));
  return r.topology;
}
function errors(t: unknown): TopologyError[] {
  const r = loadTopology(t);
  if (r.ok) throw new Error('loaded, but should have been refused');
  return r.errors;
}

/** The demo with router2 connected to net1 the way the canvas does it. */
function secondRouter(): { t: Topology; router: string; subnet: string } {
  const d = structuredClone(demo);
  const router = addRouter(d, projectFor(d, null));
  const subnet = attachRouter(d, router, by(d.networks, 'net1').id)!;
  return { t: load(d), router, subnet };
}

describe('a second router on a network that has a gateway router', () => {
  it('gets a free address of the pool; the first router keeps the gateway', () => {
    const { t, router, subnet } = secondRouter();
    const s = t.subnets.find((x) => x.id === subnet)!;
    expect(s.name).toBe('subnet1');
    const ifaces = t.ports.filter(
      (p) => p.device_owner === 'network:router_interface' && p.fixed_ips[0]!.subnet_id === subnet,
    );
    const ip = (r: string) => ifaces.find((p) => p.device_id === r)!.fixed_ips[0]!.ip_address;
    expect(ip(by(t.routers, 'router1').id)).toBe(s.gateway_ip);
    const mine = ip(router);
    expect(mine).not.toBe(s.gateway_ip);
    const pool = s.allocation_pools[0]!;
    expect(ipInt(mine)).toBeGreaterThanOrEqual(ipInt(pool.start));
    expect(ipInt(mine)).toBeLessThanOrEqual(ipInt(pool.end));
    const onSubnet = t.ports.flatMap((p) => p.fixed_ips).filter((f) => f.subnet_id === subnet);
    expect(onSubnet.filter((f) => f.ip_address === mine)).toHaveLength(1);
  });

  it('says where it joined and who holds the gateway', () => {
    const { t, router, subnet } = secondRouter();
    const mine = t.ports.find((p) => p.device_id === router)!.fixed_ips[0]!.ip_address;
    expect(routerJoinNote(t, router, subnet)).toBe(
      `router2 joins subnet1 at ${mine}; the gateway .1 belongs to router1.`,
    );
    // the first router on a subnet takes its gateway: nothing to tell
    expect(routerJoinNote(t, by(t.routers, 'router1').id, subnet)).toBeNull();
  });

  it('tells it for the subnet joined, whatever other interfaces the router has', () => {
    const d = structuredClone(demo);
    const router = addRouter(d, projectFor(d, null));
    const own = attachRouter(d, router, addNetwork(d, projectFor(d, null), false))!;
    const subnet = attachRouter(d, router, by(d.networks, 'net1').id)!;
    const t = load(d);
    expect(routerJoinNote(t, router, own)).toBeNull();
    expect(routerJoinNote(t, router, subnet)).toMatch(
      /^router2 joins subnet1 at 192\.168\.1\.\d+; the gateway \.1 belongs to router1\.$/,
    );
  });

  it('answers on its address: vm1 pings router2 across net1', () => {
    const { t, router } = secondRouter();
    const mine = t.ports.find((p) => p.device_id === router)!.fixed_ips[0]!.ip_address;
    expect(cloud(t).send({ from: 'vm1', to: mine }).verdict).toBe('delivered');
  });

  it('still refuses one router twice on one subnet, in words', () => {
    const d = structuredClone(demo);
    const r1 = by(d.routers, 'router1');
    const iface = d.ports.find((p) => p.device_id === r1.id && p.network_id === by(d.networks, 'net1').id)!;
    d.ports.push({
      ...structuredClone(iface),
      id: undefined,
      mac_address: undefined,
      fixed_ips: [],
    } as never);
    const twice = d.ports.at(-1)! as unknown as Record<string, unknown>;
    delete twice.id;
    delete twice.mac_address;
    twice.fixed_ips = [{ subnet_id: iface.fixed_ips[0]!.subnet_id }];
    const e = errors(d);
    expect(e).toHaveLength(1);
    expect(errorSentence(e[0]!)).toBe(
      'router router1: "router1" has two interfaces on subnet subnet1 (192.168.1.0/24); a router has one interface per subnet',
    );
  });
});

/** Broken clouds of many kinds: the demo with one thing wrong in each. */
const BROKEN: [string, (d: Topology) => void][] = [
  [
    'two routers asking for one gateway',
    (d) => {
      const r2 = addRouter(d, projectFor(d, null));
      attachRouter(d, r2, by(d.networks, 'net1').id);
      d.ports.at(-1)!.fixed_ips[0]!.ip_address = '192.168.1.1';
    },
  ],
  [
    'a bad CIDR',
    (d) => {
      by(d.subnets, 'subnet1').cidr = '192.168.1/24';
    },
  ],
  [
    'a /31',
    (d) => {
      by(d.subnets, 'subnet2').cidr = '192.168.2.0/31';
    },
  ],
  [
    'a gateway outside',
    (d) => {
      by(d.subnets, 'subnet2').gateway_ip = '10.9.9.1';
    },
  ],
  [
    'an MTU too large',
    (d) => {
      by(d.networks, 'net1').mtu = 9000;
    },
  ],
  [
    'a bad tunnel IP',
    (d) => {
      d.hosts[0]!.tunnel_ip = '10.0.1';
    },
  ],
  [
    'an address in use',
    (d) => {
      d.ports[3]!.fixed_ips[0]!.ip_address = d.ports[2]!.fixed_ips[0]!.ip_address;
    },
  ],
  [
    'a route off the router',
    (d) => void by(d.routers, 'router1').routes.push({ destination: '10.9.0.0/16', nexthop: '10.8.0.1' }),
  ],
  [
    'an ICMP type out of range',
    (d) =>
      void d.security_groups[0]!.rules.push({
        ...d.security_groups[0]!.rules[0]!,
        id: undefined as never,
        protocol: 'icmp',
        port_range_min: 300,
        port_range_max: null,
      }),
  ],
];

describe('refusals in words', () => {
  it.each(BROKEN)('%s: names the resource by name, never only by path, and no word twice', (_, breakIt) => {
    const d = structuredClone(demo);
    breakIt(d);
    for (const e of errors(d)) {
      const sentence = errorSentence(e);
      expect(e.subject, sentence).toBeTruthy();
      expect(sentence).not.toMatch(/\w\[\d+\]/);
      expect(sentence).not.toMatch(/\b(\w+) \1\b/i);
    }
  });

  it('names both routers and the subnet when two ask for one gateway', () => {
    const d = structuredClone(demo);
    BROKEN[0]![1](d);
    expect(errors(d).map((e) => errorSentence(e))).toEqual([
      `the address of router router2's interface on subnet subnet1: "192.168.1.1" is already the address of router router1's interface on subnet subnet1`,
    ]);
  });
});

describe('one root cause, one message', () => {
  it('a bad CIDR is one error, not one more for each port on the subnet', () => {
    const d = structuredClone(demo);
    const onIt = d.ports.filter((p) => p.fixed_ips.some((f) => f.subnet_id === by(d.subnets, 'subnet1').id));
    expect(onIt.length).toBeGreaterThanOrEqual(3); // vm1's port, router1's interface, the DHCP port
    by(d.subnets, 'subnet1').cidr = '192.168.1/24';
    expect(errors(d).map((e) => errorSentence(e))).toEqual([
      'the CIDR of subnet subnet1: "192.168.1/24" is not a valid IPv4 CIDR: it has an invalid IPv4 address "192.168.1"',
    ]);
  });

  it('so is a prefix out of range, in a file that gives ports by address only', () => {
    const input = JSON.parse(exampleText('two-networks-one-router'));
    input.subnets.find((s: { name: string }) => s.name === 'subnet2').cidr = '192.168.2.0/31';
    input.ports.push({ network_id: 'net2', device_id: 'vm2', fixed_ips: [{ ip_address: '192.168.2.50' }] });
    const e = errors(input);
    expect(e.map((x) => x.path)).toEqual(['subnets[2].cidr']);
  });

  it('but a subnet that is simply not there is still named', () => {
    const d = structuredClone(demo);
    d.ports[2]!.fixed_ips[0]!.subnet_id = 'no-such-subnet' as never;
    expect(errors(d).map((e) => e.message)).toContainEqual(expect.stringMatching(/refers to no subnet/));
  });
});

describe('a file nested far too deep', () => {
  it('is refused plainly before it is parsed or sent to the worker', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const r = parseTopologyText(`{"format": "neutron-explorer/topology", "hosts": ${deep}}`);
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: '(file)',
          value: '10,001 levels deep',
          message: `is nested too deeply to be a topology (at most ${MAX_DEPTH} levels of brackets; a topology needs 7)`,
        },
      ],
    });
  });

  it('counts brackets outside strings only, and lets every example through', () => {
    const name = `${'[{'.repeat(40)}\\"`;
    expect(parseTopologyText(JSON.stringify({ name, hosts: [] })).ok).toBe(true);
    for (const ex of readdirSync('examples').filter((f) => f.endsWith('.json')))
      expect(parseTopologyText(exampleText(ex.slice(0, -5))).ok, ex).toBe(true);
    // and every cloud the app saves: the normalized form, with everything filled in
    expect(parseTopologyText(topologyFileText(loadExample('two-projects-floating-ips'))).ok).toBe(true);
    const just = `${'['.repeat(MAX_DEPTH - 1)}${']'.repeat(MAX_DEPTH - 1)}`;
    expect(parseTopologyText(`{"a": ${just}}`).ok).toBe(true);
    expect(parseTopologyText(`{"a": [${just}]}`).ok).toBe(false);
  });
});

describe("a rule's protocol changed", () => {
  const ssh = {
    direction: 'ingress' as const,
    protocol: 'tcp' as const,
    port_range_min: 22,
    port_range_max: 22,
    remote_ip_prefix: '0.0.0.0/0',
  };
  it('tcp to icmp: port 22 is no ICMP type, so any type', () => {
    expect(withProtocol(ssh, 'icmp')).toEqual({
      ...ssh,
      protocol: 'icmp',
      port_range_min: null,
      port_range_max: null,
    });
  });
  it('tcp to udp keeps the ports, which mean ports still; the remote stays', () => {
    expect(withProtocol(ssh, 'udp')).toEqual({ ...ssh, protocol: 'udp' });
  });
  it('icmp to tcp, and anything to any protocol, clear the range', () => {
    const echo = { ...ssh, protocol: 'icmp' as const, port_range_min: 8, port_range_max: 0 };
    expect(withProtocol(echo, 'tcp')).toMatchObject({ port_range_min: null, port_range_max: null });
    expect(withProtocol(ssh, null)).toMatchObject({
      protocol: null,
      port_range_min: null,
      port_range_max: null,
    });
    expect(withProtocol(echo, 'icmp')).toEqual(echo);
  });
});
