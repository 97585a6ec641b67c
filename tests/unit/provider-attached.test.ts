// VMs attached straight to a provider network, no Neutron router (issue #13, point 1; the admin guide's
// deploy-ovs-provider design, neutron-facts-beyond §5.2): frames leave br-int through int-br-provider,
// br-provider swaps the local VLAN for the network's VLAN (or strips it, flat), and br-int swaps it back
// coming in; no VXLAN anywhere; DHCP comes from a qdhcp namespace through the provider bridge; the
// physical router at the subnet's gateway and the hosts on the segment are reachable.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTopology, newSimState, realize, type SendRequest, send, type Trace } from '../../src/sim';

type Json = Record<string, any>;
const file = (): Json => JSON.parse(readFileSync('examples/provider-vlan.json', 'utf8'));
const flat = (): Json => {
  const t = file();
  t.networks[0]['provider:network_type'] = 'flat';
  delete t.networks[0]['provider:segmentation_id'];
  return t;
};

function load(t: Json) {
  const r = loadTopology(t);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { topology: r.topology, plane: realize(r.topology) };
}

function trace(t: Json, req: SendRequest): Trace {
  const c = load(t);
  const s = send(c.topology, c.plane, newSimState(), req);
  if (!s.ok) throw new Error(s.error);
  return s.trace;
}

const lvid = (t: Json, host: string) => {
  const c = load(t);
  return c.plane.hosts.get(host as never)!.localVlans.get(c.topology.networks[0]!.id)!;
};

/** the hops that carried the IP packet itself (not ARP), in order */
const ipHops = (t: Trace) => t.hops.filter((h) => h.frame.ip && h.drop?.severity !== 'discard');

describe('VMs on VLAN 101, no router', () => {
  it('reach each other across hosts through the provider bridges, never a tunnel', () => {
    const t = trace(file(), { from: 'vm1', to: 'vm2' });
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.kind === 'vxlan-port' || h.kind === 'underlay')).toBe(false);
    const path = ipHops(t).map((h) => `${h.host}/${h.device}`);
    const at = (d: string) => path.indexOf(d);
    // out of compute1 through the provider bridge, in on compute2 through it
    expect(at('compute1/br-int')).toBeLessThan(at('compute1/br-provider'));
    expect(at('compute1/br-provider')).toBeLessThan(at('compute2/br-provider'));
    expect(at('compute2/br-provider')).toBeLessThan(at('compute2/br-int'));
    const out = ipHops(t).find((h) => h.host === 'compute1' && h.device === 'br-provider')!;
    expect(out.changes).toContain(`mod vlan ${lvid(file(), 'compute1')} -> 101`);
    expect(out.rule).toContain('mod_vlan_vid:101');
    const inn = ipHops(t).find(
      (h) => h.host === 'compute2' && h.device === 'br-int' && h.in === 'int-br-provider',
    )!;
    expect(inn.changes).toContain(`mod vlan 101 -> ${lvid(file(), 'compute2')}`);
    // on the wire between the hosts the frame carries VLAN 101
    const wire = ipHops(t).filter((h) => h.kind === 'physical-switch');
    expect(wire.length).toBeGreaterThan(0);
    for (const h of wire) expect(h.frame.eth.vlan).toBe(101);
  });

  it('get their address from a qdhcp namespace, the DHCP offer crossing the provider bridge', () => {
    const t = trace(file(), { from: 'vm2', to: '255.255.255.255', proto: 'dhcp' });
    expect(t.verdict).toBe('delivered');
    const offers = t.hops.filter((h) => h.frame.dhcp?.op === 'OFFER');
    expect(offers.some((h) => h.namespace?.startsWith('qdhcp-'))).toBe(true);
    // two DHCP agents per network: one qdhcp on each compute; the offer of compute1's crosses the wire
    expect(offers.some((h) => h.host === 'compute1' && h.device === 'br-provider')).toBe(true);
    const ack = t.hops.find((h) => h.frame.dhcp?.op === 'ACK');
    expect(ack).toBeDefined();
  });

  it('reach the internet through the physical router at the gateway, and a host on the VLAN directly', () => {
    const far = trace(file(), { from: 'vm1', to: 'internet', proto: 'tcp', port: 80 });
    expect(far.verdict).toBe('delivered');
    const router = ipHops(far).filter((h) => h.kind === 'upstream-router');
    expect(router.length).toBeGreaterThan(0);
    // no NAT: the VM's own address reaches the internet, as on a provider network
    const arrived = ipHops(far)
      .filter((h) => h.kind === 'outside-host')
      .at(0)!;
    expect(arrived.frame.ip!.src).toMatch(/^203\.0\.113\./);
    const near = trace(file(), { from: 'fileserver', to: 'vm2', proto: 'tcp', port: 22 });
    expect(near.verdict).toBe('delivered');
    expect(ipHops(near).some((h) => h.kind === 'upstream-router')).toBe(false);
  });
});

describe('VMs on a flat provider network', () => {
  it('leave untagged and come back into their local VLAN', () => {
    const t = trace(flat(), { from: 'vm1', to: 'vm2' });
    expect(t.verdict).toBe('delivered');
    const out = ipHops(t).find((h) => h.host === 'compute1' && h.device === 'br-provider')!;
    expect(out.changes).toContain(`strip vlan ${lvid(flat(), 'compute1')}`);
    for (const h of ipHops(t).filter((x) => x.kind === 'physical-switch'))
      expect(h.frame.eth.vlan).toBeNull();
    const inn = ipHops(t).find(
      (h) => h.host === 'compute2' && h.device === 'br-int' && h.in === 'int-br-provider',
    )!;
    expect(inn.changes).toContain(`push vlan ${lvid(flat(), 'compute2')}`);
    expect(trace(flat(), { from: 'vm2', to: 'internet', proto: 'tcp', port: 443 }).verdict).toBe('delivered');
  });
});

describe('the world of a provider network', () => {
  it('is there by default when no Neutron router holds the gateway', () => {
    const t = file();
    delete t.outside;
    const c = load(t);
    expect(c.topology.outside.map((w) => w.gateway.ip)).toEqual(['203.0.113.1']);
  });

  it('is not there by default when a Neutron router holds the gateway', () => {
    const t = file();
    delete t.outside;
    t.routers = [{ name: 'r1', project_id: 'admin' }];
    t.ports.push({
      name: 'r1-if',
      network_id: 'provider1',
      device_owner: 'network:router_interface',
      device_id: 'r1',
      fixed_ips: [{ subnet_id: 'provider1-v4', ip_address: '203.0.113.1' }],
    });
    t.hosts.push({ name: 'network1', role: 'network', tunnel_ip: '10.0.1.11' });
    expect(load(t).topology.outside).toEqual([]);
  });

  it('cannot be given to a project network, the message naming it', () => {
    const t = file();
    t.networks.push({ name: 'private', project_id: 'demo' });
    t.subnets.push({ name: 'private-v4', network_id: 'private', cidr: '10.10.0.0/24' });
    t.outside[0].network_id = 'private';
    const r = loadTopology(t);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.path === 'outside[0].network_id')!;
    expect(e.value).toBe('private');
    expect(e.message).toContain('neither external nor a provider network');
  });
});
