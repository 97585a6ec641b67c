// L3 HA in the model (issue 14, point 3; neutron-facts-beyond §2.1, §2.4): the HA network of each
// project, one ha- port per hosting agent up to max_l3_agents_per_router, a VRID unique on the HA
// network, and which instance is active as faults come and go.
import { describe, expect, it } from 'vitest';
import { haInstances, ipToInt, loadTopology, type Port, type Router, type Topology } from '../../src/sim';
import { exampleText } from './helpers';

type Json = Record<string, any>;
const haExample = (): Json => JSON.parse(exampleText('l3-ha'));

function load(raw: unknown): Topology {
  const r = loadTopology(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}

/** Loads the topology again, as every edit does: what the server made stays. */
const reload = (t: Topology, edit: (d: Json) => void = () => {}): Topology => {
  const d = JSON.parse(JSON.stringify(t));
  edit(d);
  return load(d);
};

const router1 = (t: Topology): Router => t.routers.find((r) => r.name === 'router1')!;
const haPorts = (t: Topology, r: Router): Port[] =>
  t.ports.filter((p) => p.device_owner === 'network:router_ha_interface' && p.device_id === r.id);
const routerPortHosts = (t: Topology, r: Router) =>
  new Set(
    t.ports
      .filter((p) => p.device_id === r.id && p.device_owner.match(/^network:router_(interface|gateway)$/))
      .map((p) => p['binding:host_id']),
  );
/** The host of the ha- port with the highest address: keepalived's pick among equal priorities. */
const highest = (ports: Port[]) =>
  [...ports].sort((a, b) => ipToInt(b.fixed_ips[0]!.ip_address) - ipToInt(a.fixed_ips[0]!.ip_address))[0]![
    'binding:host_id'
  ];
const withThirdNetworkHost = (d: Json) => {
  d.hosts.push({ name: 'network3', role: 'network', tunnel_ip: '10.0.1.13' });
};

describe('the HA network', () => {
  it('is made for the project, with no project, on l3_ha_net_cidr, without DHCP or gateway', () => {
    const t = load(haExample());
    const demo = t.projects.find((p) => p.name === 'demo')!;
    const nets = t.networks.filter((n) => n.name.startsWith('HA network'));
    expect(nets.map((n) => [n.name, n.project_id, n['provider:network_type']])).toEqual([
      [`HA network project ${demo.id}`, '', 'vxlan'],
    ]);
    const subnets = t.subnets.filter((s) => s.network_id === nets[0]!.id);
    expect(subnets).toEqual([
      expect.objectContaining({
        name: `HA subnet project ${demo.id}`,
        cidr: '169.254.192.0/18',
        enable_dhcp: false,
        gateway_ip: null,
      }),
    ]);
    // no DHCP port: dnsmasq has nothing to serve there
    expect(t.ports.filter((p) => p.network_id === nets[0]!.id).map((p) => p.device_owner)).toEqual([
      'network:router_ha_interface',
      'network:router_ha_interface',
    ]);
  });

  it('takes its addresses from another l3_ha_net_cidr', () => {
    const d = haExample();
    d.options.l3_ha_net_cidr = '169.254.128.0/24';
    const t = load(d);
    for (const p of haPorts(t, router1(t)))
      expect(p.fixed_ips[0]!.ip_address).toMatch(/^169\.254\.128\.\d+$/);
  });

  it('goes with the last HA router of its project, with its ports', () => {
    const t = load(haExample());
    const after = reload(t, (d) => {
      d.routers[0].ha = false;
    });
    expect(after.networks.some((n) => n.name.startsWith('HA network'))).toBe(false);
    expect(after.subnets.some((s) => s.name.startsWith('HA subnet'))).toBe(false);
    expect(after.ports.some((p) => p.device_owner === 'network:router_ha_interface')).toBe(false);
    expect(after.routers[0]!.ha_vr_id).toBeNull();
  });

  it('carries nothing but ha- ports', () => {
    const t = load(haExample());
    const d = JSON.parse(JSON.stringify(t));
    const ha = t.networks.find((n) => n.name.startsWith('HA network'))!;
    d.ports.push({ name: 'intruder', network_id: ha.id, device_id: 'vm1' });
    const r = loadTopology(d);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toContainEqual(
        expect.objectContaining({ value: ha.id, message: expect.stringContaining('only HA routers') }),
      );
  });
});

describe('the ha- ports', () => {
  it('one per eligible L3 agent, each on its own host, up to max_l3_agents_per_router', () => {
    const two = load(haExample());
    expect(
      haPorts(two, router1(two))
        .map((p) => p['binding:host_id'])
        .sort(),
    ).toEqual(['network1', 'network2']);
    const d = haExample();
    withThirdNetworkHost(d);
    d.options.max_l3_agents_per_router = 2;
    const capped = load(d);
    expect(haPorts(capped, router1(capped))).toHaveLength(2);
    d.options.max_l3_agents_per_router = 0; // every eligible agent
    const all = load(d);
    expect(new Set(haPorts(all, router1(all)).map((p) => p['binding:host_id']))).toEqual(
      new Set(['network1', 'network2', 'network3']),
    );
  });

  it('have the HA port name, no project, and addresses in the HA subnet', () => {
    const t = load(haExample());
    const demo = t.projects.find((p) => p.name === 'demo')!;
    for (const p of haPorts(t, router1(t))) {
      expect(p.name).toBe(`HA port project ${demo.id}`);
      expect(p.project_id).toBe('');
      expect(p.security_groups).toEqual([]);
      expect(p.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    }
  });

  it('stay where they are when the cloud is loaded again', () => {
    const t = load(haExample());
    const again = reload(t);
    expect(haPorts(again, router1(again))).toEqual(haPorts(t, router1(t)));
    expect(router1(again).ha_vr_id).toBe(router1(t).ha_vr_id);
  });
});

describe('the VRID', () => {
  it('is in 1..254 and unique among the HA routers of a project', () => {
    const d = haExample();
    d.routers.push(
      { name: 'router2', project_id: 'demo', ha: true },
      { name: 'router3', project_id: 'demo', ha: true },
    );
    d.ports.push({
      name: 'router2-net',
      network_id: 'net2',
      device_owner: 'network:router_interface',
      device_id: 'router2',
      fixed_ips: [{ subnet_id: 'subnet2', ip_address: '192.168.2.254' }],
    });
    const t = load(d);
    const ids = t.routers.map((r) => r.ha_vr_id!);
    for (const v of ids) expect(v).toBeGreaterThanOrEqual(1);
    for (const v of ids) expect(v).toBeLessThanOrEqual(254);
    expect(new Set(ids).size).toBe(3);
  });

  it('given twice in a project is refused, naming the router that has it', () => {
    const d = haExample();
    d.routers[0].ha_vr_id = 7;
    d.routers.push({ name: 'router2', project_id: 'demo', ha: true, ha_vr_id: 7 });
    const r = loadTopology(d);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toContainEqual(
        expect.objectContaining({
          path: 'routers[1].ha_vr_id',
          value: 7,
          message: expect.stringContaining('router1'),
        }),
      );
  });
});

describe('the active instance', () => {
  it('is the highest address on the HA network, and the router ports are bound to its host', () => {
    const t = load(haExample());
    const r = router1(t);
    const active = highest(haPorts(t, r));
    expect(routerPortHosts(t, r)).toEqual(new Set([active]));
    const states = haInstances(t, r).map((i) => [i.host, i.haState, i.master]);
    expect(states).toContainEqual([active, 'active', true]);
    expect(states.filter((s) => s[1] === 'standby')).toHaveLength(1);
  });

  it('moves when the L3 agent stops and takes keepalived with it (cleanup_on_shutdown)', () => {
    const t = load(haExample());
    const before = highest(haPorts(t, router1(t)));
    const after = reload(t, (d) => {
      d.hosts.find((h: Json) => h.name === before).agents_down = ['l3'];
    });
    const other = before === 'network1' ? 'network2' : 'network1';
    expect(routerPortHosts(after, router1(after))).toEqual(new Set([other]));
    const st = new Map<string | null, string>(
      haInstances(after, router1(after)).map((i) => [i.host, i.haState]),
    );
    expect(st.get(other)).toBe('active');
    expect(st.get(before)).toBe('standby'); // a dead agent shows standby while another lives
  });

  it('stays when the stopped agent leaves keepalived running (the default)', () => {
    const d = haExample();
    d.options.cleanup_on_shutdown = false;
    const t = load(d);
    const before = highest(haPorts(t, router1(t)));
    const after = reload(t, (x) => {
      x.hosts.find((h: Json) => h.name === before).agents_down = ['l3'];
    });
    expect(routerPortHosts(after, router1(after))).toEqual(new Set([before]));
    const inst = haInstances(after, router1(after));
    expect(inst.find((i) => i.host === before)).toMatchObject({ master: true, haState: 'standby' });
    expect(inst.every((i) => i.haState === 'standby')).toBe(true);
  });

  it('moves when its host is cut off the underlay, which leaves it master of itself', () => {
    const t = load(haExample());
    const before = highest(haPorts(t, router1(t)));
    const after = reload(t, (d) => {
      d.hosts.find((h: Json) => h.name === before).underlay_connected = false;
    });
    expect(routerPortHosts(after, router1(after))).not.toContain(before);
    // keepalived there hears no adverts and stays MASTER: both report active
    expect(haInstances(after, router1(after)).map((i) => i.haState)).toEqual(['active', 'active']);
  });

  it('keeps its place when the failed node comes back (nopreempt)', () => {
    const t = load(haExample());
    const before = highest(haPorts(t, router1(t)));
    const failed = reload(t, (d) => {
      d.hosts.find((h: Json) => h.name === before).agents_down = ['l3'];
    });
    const back = reload(failed, (d) => {
      d.hosts.find((h: Json) => h.name === before).agents_down = [];
    });
    expect(routerPortHosts(back, router1(back))).toEqual(routerPortHosts(failed, router1(failed)));
  });

  it('is unknown to the server when every hosting agent is dead', () => {
    const t = load(haExample());
    const all = reload(t, (d) => {
      for (const h of d.hosts) if (h.role === 'network') h.agents_down = ['l3'];
    });
    const inst = haInstances(all, router1(all));
    expect(inst.some((i) => i.master)).toBe(false);
    expect(inst.map((i) => i.haState).sort()).toEqual(['standby', 'unknown']);
  });
});
