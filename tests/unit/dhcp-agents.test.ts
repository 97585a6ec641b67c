// Where the DHCP agent runs (issue #13): any host that lists it in its agents, compute nodes included as
// in the admin guide's self-service deployment; with dhcp_agents_per_network above 1, each agent has its
// qdhcp port and answers, and the client takes the first offer, as dnsmasq and dhclient do.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTopology, newSimState, realize, runLine, send, type Topology } from '../../src/sim';

function cloud(perNetwork: number) {
  const t = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
  t.options = { dhcp_agents_per_network: perNetwork };
  for (const h of t.hosts)
    h.agents =
      h.role === 'compute'
        ? ['neutron-openvswitch-agent', 'neutron-dhcp-agent', 'neutron-metadata-agent']
        : ['neutron-openvswitch-agent', 'neutron-l3-agent'];
  const r = loadTopology(t);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { topology: r.topology, plane: realize(r.topology), state: newSimState() };
}

const dhcpPorts = (t: Topology, net: string) =>
  t.ports.filter(
    (p) => p.device_owner === 'network:dhcp' && p.network_id === t.networks.find((n) => n.name === net)!.id,
  );

describe('DHCP agents', () => {
  it('run on the compute nodes when they list the agent, and not on a network host without it', () => {
    const c = cloud(1);
    for (const net of ['net1', 'net2']) {
      const ports = dhcpPorts(c.topology, net);
      expect(ports).toHaveLength(1);
      expect(['compute1', 'compute2']).toContain(ports[0]!['binding:host_id']);
    }
    const ns = [...c.plane.devices.values()].filter((d) => d.name.startsWith('qdhcp-'));
    expect(ns.every((d) => d.host === 'compute1' || d.host === 'compute2')).toBe(true);
    // `openstack network agent list` shows each host's own agents
    const agents = runLine(
      c,
      { host: 'network1', namespace: null } as never,
      'openstack network agent list',
    ).stdout;
    const row = (type: string, host: string) => new RegExp(`\\| ${type}\\s+\\| ${host}\\s`).test(agents);
    expect(row('DHCP agent', 'compute1')).toBe(true);
    expect(row('DHCP agent', 'compute2')).toBe(true);
    expect(row('DHCP agent', 'network1')).toBe(false);
    expect(row('L3 agent', 'network1')).toBe(true);
    expect(row('Metadata agent', 'compute1')).toBe(true);
  });

  it('with two agents per network, each has its port and answers; the client takes the first offer', () => {
    const c = cloud(2);
    const ports = dhcpPorts(c.topology, 'net1');
    expect(ports.map((p) => p['binding:host_id']).sort()).toEqual(['compute1', 'compute2']);
    expect(new Set(ports.map((p) => p.fixed_ips[0]!.ip_address)).size).toBe(2);
    const s = send(c.topology, c.plane, c.state, { from: 'vm1', to: '', proto: 'dhcp' });
    if (!s.ok) throw new Error(s.error);
    const t = s.trace;
    expect(t.verdict).toBe('delivered');
    const offers = t.hops.filter((h) => h.frame.dhcp?.op === 'OFFER' && h.device.startsWith('qdhcp-'));
    expect(new Set(offers.map((h) => h.host))).toEqual(new Set(['compute1', 'compute2']));
    // the later offer is left unanswered (the client took the first, or is already bound), and the
    // REQUEST is for one server only
    const taken = t.hops.find(
      (h) => h.device === 'vm1' && h.frame.dhcp?.op === 'OFFER' && h.fate === 'deliver',
    )!;
    const later = t.hops.filter(
      (h) => h.device === 'vm1' && h.frame.dhcp?.op === 'OFFER' && h.fate === 'drop',
    );
    expect(later).toHaveLength(1);
    expect(later[0]!.drop?.severity).toBe('discard');
    expect(later[0]!.frame.ip?.src).not.toBe(taken.frame.ip?.src);
    const acks = t.hops.filter((h) => h.frame.dhcp?.op === 'ACK' && h.device.startsWith('qdhcp-'));
    expect(new Set(acks.map((h) => h.host)).size).toBe(1);
    expect(t.hops.some((h) => h.drop?.reason === 'a request to another DHCP server')).toBe(true);
  });

  it('refuses a DHCP port on a host that does not run the agent, naming the host', () => {
    const t = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
    t.ports.push({ network_id: 'net1', device_owner: 'network:dhcp', 'binding:host_id': 'compute1' });
    const r = loadTopology(t);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => `${e.path}: ${e.value} ${e.message}`).join('\n')).toMatch(
        /binding:host_id: compute1 must be a host running the DHCP agent/,
      );
  });
});
