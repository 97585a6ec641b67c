// DVR in the model (issue #14, point 1; neutron-facts-beyond §1.2, §1.3): a distributed router's
// interfaces are bound on every DVR-serviced host, the server adds a centralized SNAT port per internal
// subnet on the dvr_snat host and an fg- port per (host, external network), and each host has its DVR MAC.
import { describe, expect, it } from 'vitest';
import { loadTopology, type Topology } from '../../src/sim';
import { dvrBindings, dvrMacs, neutronDeviceOwner } from '../../src/sim/model/dvr';
import { exampleText, loadExample, variant } from './helpers';

// biome-ignore lint/suspicious/noExplicitAny: tests reach into the raw JSON freely
type Json = Record<string, any>;

const owned = (t: Topology, owner: string) => t.ports.filter((p) => p.device_owner === owner);
const netName = (t: Topology, id: string) => t.networks.find((n) => n.id === id)?.name;
const subnetOf = (t: Topology, name: string) => t.subnets.find((s) => s.name === name)!;

function load(json: Json): Topology {
  const r = loadTopology(json);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}

describe('a distributed router in the model', () => {
  const t = loadExample('dvr');
  const router = t.routers[0]!;

  it('has its interfaces reported as network:router_interface_distributed, bound on no single host', () => {
    const ifaces = t.ports.filter(
      (p) => p.device_id === router.id && p.device_owner === 'network:router_interface',
    );
    expect(ifaces).toHaveLength(2);
    for (const p of ifaces) {
      expect(neutronDeviceOwner(t, p)).toBe('network:router_interface_distributed');
      expect(p['binding:host_id']).toBeNull();
    }
    // a legacy router's interfaces keep their owner
    const legacy = variant('two-networks-one-router', () => {});
    const li = legacy.ports.find((p) => p.device_owner === 'network:router_interface')!;
    expect(neutronDeviceOwner(legacy, li)).toBe('network:router_interface');
  });

  it('is bound on the dvr_snat host and on each host with an instance or DHCP port on its subnets', () => {
    expect(dvrBindings(t).get(router.id)).toEqual(['network1', 'compute1', 'compute2']);
    // moving vm2 to compute1 leaves compute2 with nothing on the router's subnets
    const moved = variant('dvr', (j) => {
      j.servers[1].host = 'compute1';
    });
    expect(dvrBindings(moved).get(moved.routers[0]!.id)).toEqual(['network1', 'compute1']);
  });

  it('gets a centralized SNAT port on each internal subnet, on the dvr_snat host, with a pool address', () => {
    const sg = owned(t, 'network:router_centralized_snat');
    expect(sg.map((p) => netName(t, p.network_id)).sort()).toEqual(['net1', 'net2']);
    for (const p of sg) {
      expect(p['binding:host_id']).toBe('network1');
      expect(p.device_id).toBe(router.id);
      expect(p.project_id).toBe('');
      const sub = t.subnets.find((s) => s.id === p.fixed_ips[0]!.subnet_id)!;
      expect(p.fixed_ips[0]!.ip_address).not.toBe(sub.gateway_ip);
      const [a, b] = [sub.allocation_pools[0]!.start, sub.allocation_pools[0]!.end].map((x) =>
        Number(x.split('.')[3]),
      );
      const last = Number(p.fixed_ips[0]!.ip_address.split('.')[3]);
      expect(last).toBeGreaterThanOrEqual(a!);
      expect(last).toBeLessThanOrEqual(b!);
    }
    // the gateway port goes to the dvr_snat host as well
    const gw = owned(t, 'network:router_gateway')[0]!;
    expect(gw['binding:host_id']).toBe('network1');
  });

  it('gets an fg- port per compute and external network, on an address of the external subnet', () => {
    const fg = owned(t, 'network:floatingip_agent_gateway');
    expect(fg.map((p) => p['binding:host_id'])).toEqual(['compute1', 'compute2']);
    const pub = subnetOf(t, 'public-subnet');
    for (const p of fg) {
      expect(netName(t, p.network_id)).toBe('public');
      expect(p.fixed_ips[0]!.subnet_id).toBe(pub.id);
      expect(p.fixed_ips[0]!.ip_address).toMatch(/^172\.24\.4\./);
      expect(p.project_id).toBe('');
    }
    // two computes, two agents: distinct device ids
    expect(new Set(fg.map((p) => p.device_id)).size).toBe(2);
  });

  it('keeps these ports through a reload, and drops them once the router is legacy again', () => {
    const again = load(JSON.parse(JSON.stringify(t)));
    expect(again.ports).toEqual(t.ports);
    const legacy = load({
      ...JSON.parse(JSON.stringify(t)),
      routers: t.routers.map((r) => ({ ...r, distributed: false })),
    });
    expect(owned(legacy, 'network:router_centralized_snat')).toHaveLength(0);
    expect(owned(legacy, 'network:floatingip_agent_gateway')).toHaveLength(0);
    for (const p of legacy.ports.filter((x) => x.device_owner.startsWith('network:router')))
      expect(p['binding:host_id']).toBe('network1');
  });

  it('drops the SNAT ports with the gateway, and an interface brings its own', () => {
    const noGw = variant('dvr', (j) => {
      j.routers[0].external_gateway_info = null;
      j.floatingips = [];
    });
    expect(owned(noGw, 'network:router_centralized_snat')).toHaveLength(0);
    expect(owned(noGw, 'network:floatingip_agent_gateway')).toHaveLength(0);
    const third = variant('dvr', (j) => {
      j.networks.push({ name: 'net3', project_id: 'demo' });
      j.subnets.push({ name: 'subnet3', network_id: 'net3', cidr: '192.168.3.0/24' });
      j.ports.push({
        network_id: 'net3',
        device_owner: 'network:router_interface',
        device_id: 'router1',
        fixed_ips: [{ subnet_id: 'subnet3' }],
      });
    });
    expect(
      owned(third, 'network:router_centralized_snat')
        .map((p) => netName(third, p.network_id))
        .sort(),
    ).toEqual(['net1', 'net2', 'net3']);
  });

  it('reads network:router_interface_distributed from a file written from Neutron', () => {
    const j = JSON.parse(exampleText('dvr'));
    j.ports[0].device_owner = 'network:router_interface_distributed';
    const r = load(j);
    expect(r.ports[0]!.device_owner).toBe('network:router_interface');
  });
});

describe('the DVR MAC of each host', () => {
  it('is dvr_base_mac with three drawn bytes, one per host, none twice', () => {
    const t = loadExample('dvr');
    const macs = dvrMacs(t);
    expect([...macs.keys()]).toEqual(['compute1', 'compute2', 'network1']);
    for (const m of macs.values()) expect(m).toMatch(/^fa:16:3f:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect(new Set(macs.values()).size).toBe(3);
  });

  it('stays the same when another host joins, changes with the seed, follows dvr_base_mac', () => {
    const t = loadExample('dvr');
    const more = variant('dvr', (j) => {
      j.hosts.push({ name: 'compute3', role: 'compute', tunnel_ip: '10.0.1.33' });
    });
    const a = dvrMacs(t);
    const b = dvrMacs(more);
    for (const [h, m] of a) expect(b.get(h)).toBe(m);
    const seeded = variant('dvr', (j) => {
      j.seed = 7;
    });
    expect(dvrMacs(seeded).get('compute1' as never)).not.toBe(a.get('compute1' as never));
    const based = variant('dvr', (j) => {
      j.options = { dvr_base_mac: 'fa:16:3d:00:00:00' };
    });
    for (const m of dvrMacs(based).values()) expect(m.startsWith('fa:16:3d:')).toBe(true);
  });
});

describe('what DVR refuses', () => {
  it('an interface on a VLAN tenant network, naming the router and the network', () => {
    const j = JSON.parse(exampleText('dvr'));
    j.networks[2] = {
      name: 'net2',
      project_id: 'demo',
      'provider:network_type': 'vlan',
      'provider:physical_network': 'provider',
      'provider:segmentation_id': 102,
    };
    const r = loadTopology(j);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(
      expect.objectContaining({
        path: 'routers[0].distributed',
        message: expect.stringMatching(/router1.*vlan network net2/),
      }),
    );
  });

  it('a distributed HA router with one dvr_snat host: its snat namespace needs two', () => {
    const j = JSON.parse(exampleText('dvr'));
    j.routers[0].ha = true;
    const r = loadTopology(j);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(
      expect.objectContaining({
        path: 'routers[0].ha',
        message: expect.stringMatching(
          /router1 is distributed and highly available.*two hosts .*dvr_snat mode; only network1 does/,
        ),
      }),
    );
  });

  it('a distributed HA router beside a legacy-mode network host: only dvr_snat agents count', () => {
    const j = JSON.parse(exampleText('dvr-ha'));
    j.hosts.find((h: { name: string }) => h.name === 'network2').l3_agent_mode = 'legacy';
    const r = loadTopology(j);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.find((e) => e.path === 'routers[0].ha')?.message).toMatch(/only network1 does/);
    // the same cloud with a router that is HA only is fine: a legacy agent may host it
    j.routers[0].distributed = false;
    const legacy = loadTopology(j);
    expect(legacy.ok ? [] : legacy.errors).toEqual([]);
  });

  it('nothing about the example itself', () => {
    const r = loadTopology(JSON.parse(exampleText('dvr')));
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});
