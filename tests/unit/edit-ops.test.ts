// Edits of a topology checked against the real loader: each gives a cloud the core accepts, with what
// the edit implies (a renamed host followed, a moved gateway taking its interface along...).
import { describe, expect, it } from 'vitest';
import { loadTopology, type Topology } from '../../src/sim';
import { deleteTarget, impactOf } from '../../src/store/edit-delete';
import {
  addFloatingIp,
  addHost,
  addNetwork,
  associateFip,
  attachRouter,
  attachServer,
  newId,
  nextSubnetFields,
  projectFor,
  Refused,
} from '../../src/store/edit-ops';
import {
  addSubnet,
  patchFip,
  patchHost,
  patchNetwork,
  patchRouter,
  patchSubnet,
} from '../../src/store/edit-patch';
import { loadExample } from './helpers';

/** Applies an edit to a copy and loads it as the app does; returns the loaded cloud or the errors. */
function edited(t: Topology, op: (d: Topology) => void): Topology {
  const d = structuredClone(t);
  op(d);
  const r = loadTopology(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 1));
  return r.topology;
}
const refusal = (t: Topology, op: (d: Topology) => void) => {
  const d = structuredClone(t);
  try {
    op(d);
  } catch (e) {
    if (e instanceof Refused) return e.message;
    throw e;
  }
  const r = loadTopology(d);
  return r.ok ? null : r.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
};

const demo = loadExample('two-networks-one-router');
const by = <T extends { name: string }>(list: T[], name: string) => list.find((x) => x.name === name)!;

describe('edits of the demo cloud', () => {
  it('makes v4 UUIDs, with or without crypto.randomUUID', () => {
    expect(newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('renames a host where it is referred to', () => {
    const t = edited(demo, (d) => patchHost(d, 'compute1', { name: 'cmp-a' as never }));
    expect(by(t.servers, 'vm1').host).toBe('cmp-a');
    expect(t.ports.filter((p) => p['binding:host_id'] === 'cmp-a')).toHaveLength(1);
  });

  it('moves the router interface with a new gateway IP, and recomputes pools that would hold it', () => {
    const s = by(demo.subnets, 'subnet1');
    const t = edited(demo, (d) =>
      patchSubnet(d, s.id, { gateway_ip: '192.168.1.254', allocation_pools: undefined }),
    );
    const iface = t.ports.find(
      (p) => p.device_owner === 'network:router_interface' && p.network_id === s.network_id,
    )!;
    expect(iface.fixed_ips[0]!.ip_address).toBe('192.168.1.254');
    expect(refusal(demo, (d) => patchSubnet(d, s.id, { gateway_ip: '192.168.1.254' }))).toMatch(
      /allocation_pools/,
    );
  });

  it('gives a new subnet of a DHCP network its own DHCP address', () => {
    const net1 = by(demo.networks, 'net1');
    const id = newId();
    const t = edited(demo, (d) => addSubnet(d, net1.id, nextSubnetFields(d, net1.id), id));
    const dhcp = t.ports.find((p) => p.device_owner === 'network:dhcp' && p.network_id === net1.id)!;
    expect(dhcp.fixed_ips.map((f) => f.subnet_id)).toContain(id);
    expect(t.subnets.find((s) => s.id === id)!.cidr).toBe('192.168.3.0/24');
  });

  it('changes a network type with the defaults of the new type', () => {
    const net1 = by(demo.networks, 'net1');
    const t = edited(demo, (d) => patchNetwork(d, net1.id, { 'provider:network_type': 'vlan' }));
    const n = t.networks.find((x) => x.id === net1.id)!;
    expect(n['provider:physical_network']).toBe('provider');
    expect(n.mtu).toBe(1500);
    expect(n['provider:segmentation_id']).toBeGreaterThanOrEqual(100);
  });

  it('sets, changes and removes a router gateway; its floating IPs let go when it goes', () => {
    const r = by(demo.routers, 'router1');
    const off = edited(demo, (d) => patchRouter(d, r.id, { gateway: null }));
    expect(off.ports.some((p) => p.device_owner === 'network:router_gateway')).toBe(false);
    expect(off.floatingips[0]!.port_id).toBeNull();
    const ip = edited(demo, (d) => patchRouter(d, r.id, { gateway_ip: '172.24.4.199' }));
    expect(ip.routers[0]!.external_gateway_info?.external_fixed_ips[0]?.ip_address).toBe('172.24.4.199');
    expect(refusal(demo, (d) => patchRouter(d, r.id, { gateway_ip: '10.1.1.1' }))).toMatch(
      /external_fixed_ips/,
    );
  });

  it('associates a floating IP only where a router can do the NAT, and says why not', () => {
    const vm2 = by(demo.servers, 'vm2');
    const t = edited(demo, (d) => void addFloatingIp(d, d.projects[0]!.id, vm2.id));
    expect(t.floatingips).toHaveLength(2);
    const noRouter = edited(demo, (d) => {
      const r = by(d.routers, 'router1');
      d.ports = d.ports.filter((p) => !(p.device_id === r.id && p.network_id === by(d.networks, 'net2').id));
    });
    expect(refusal(noRouter, (d) => void addFloatingIp(d, d.projects[0]!.id, vm2.id))).toMatch(
      /no router has both an interface on the port's subnet and a gateway on public/,
    );
    const fip = demo.floatingips[0]!;
    expect(refusal(demo, (d) => associateFip(d, fip.id, vm2.id))).toBeNull();
    expect(edited(demo, (d) => patchFip(d, fip.id, { port_id: null })).floatingips[0]!.router_id).toBeNull();
  });

  it('refuses what Neutron or Nova would refuse, in words', () => {
    const t = edited(demo, (d) => void addHost(d, 'compute'));
    expect(refusal(t, (d) => attachServer(d, by(d.servers, 'vm1').id, by(d.networks, 'net1').id))).toMatch(
      /already has a port on net1/,
    );
    expect(
      refusal(t, (d) => void attachRouter(d, by(d.routers, 'router1').id, by(d.networks, 'net1').id)),
    ).toMatch(/already has an interface on every subnet/);
    const e = edited(demo, (d) => void addNetwork(d, projectFor(d, null), false));
    expect(
      refusal(e, (d) => void attachServer(d, by(d.servers, 'vm1').id, by(d.networks, 'net3').id)),
    ).toBeNull();
    expect(refusal(demo, (d) => void addNetwork(d, projectFor(d, null), true))).toMatch(/bridge mapping/);
  });

  it('explains a deletion before it is made, and refuses politely what cannot go', () => {
    const host = impactOf(demo, { kind: 'host', id: 'network1' });
    expect(host.also.join('\n')).toMatch(/routers and DHCP service stop: no other network host/);
    const project = impactOf(demo, { kind: 'project', id: by(demo.projects, 'demo').id });
    expect(project.refused).toMatch(/still owns network net1/);
    const group = impactOf(demo, { kind: 'security_group', id: demo.security_groups[0]!.id });
    expect(group.refused).toMatch(/default group cannot be deleted/);
    const ext = edited(
      demo,
      (d) => void deleteTarget(d, { kind: 'subnet', id: by(d.subnets, 'public-subnet').id }),
    );
    expect(ext.routers[0]!.external_gateway_info).toBeNull();
    expect(ext.outside).toEqual([]);
  });
});
