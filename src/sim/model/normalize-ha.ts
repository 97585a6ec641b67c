// What the Neutron server makes for HA routers (neutron-facts-beyond §2.1; neutron/db/l3_hamode_db.py):
// the HA network of each project that has one (_create_ha_network, _create_ha_subnet), one ha- port per
// hosting L3 agent (add_ha_port, scheduled on the least loaded eligible agents), the VRID
// (_get_vr_id), and, once addresses are known, the binding of the router's ports to the host of the
// active instance (_update_router_port_bindings). A saved cloud holds all of these and is read back
// through here: what still fits is kept, what no longer does goes (safe_delete_ha_network).

import { cidrOf, defaultPool, intToIp, parseCidr } from '../addr/ipv4';
import { hashText, seededRng } from '../addr/random';
import {
  activeInstance,
  HA_NETWORK_NAME,
  HA_PORT_NAME,
  HA_PORT_OWNER,
  HA_SUBNET_NAME,
  haInstances,
  haNetworkProject,
  heldPortsOf,
  replicatedPortsOf,
  VRID_MAX,
  VRID_MIN,
} from './ha';
import type { NormalizeContext } from './normalize';
import { maxMtu } from './normalize-networks';
import { UNALLOCATED } from './normalize-ports';
import type { HostName, Network, NetworkId, Port, PortId, ProjectId, Router, SubnetId } from './types';
import { haEligibleHosts } from './validate-l3';

/** Tenant VNIs are drawn from here when the server makes a network (as normalize-networks does). */
const VNI_RANGE = [1, 1000] as const;

function ensureNetworks(cx: NormalizeContext, projects: ReadonlySet<string>): Map<string, Network> {
  const t = cx.topo;
  const byProject = new Map<string, Network>();
  const gone = new Set<string>();
  t.networks.forEach((n, i) => {
    const p = haNetworkProject(n);
    if (p === null) return;
    if (byProject.has(p)) {
      cx.errors.add(
        `networks[${i}].name`,
        n.name,
        `is a second HA network of project ${p}; a project has one`,
      );
      return;
    }
    if (projects.has(p)) byProject.set(p, n);
    else gone.add(n.id); // the project's last HA router is gone: so is its HA network
  });
  if (gone.size) {
    t.networks = t.networks.filter((n) => !gone.has(n.id));
    t.subnets = t.subnets.filter((s) => !gone.has(s.network_id));
    t.ports = t.ports.filter((p) => !gone.has(p.network_id));
  }
  const cidr = parseCidr(t.options.l3_ha_net_cidr);
  if (!cidr.ok) return byProject; // checkL3 names the option
  const used = new Set(t.networks.map((n) => n['provider:segmentation_id']));
  for (const project of projects) {
    let net = byProject.get(project);
    if (!net) {
      // l3_ha_network_type '' takes the first tenant network type: vxlan here
      let vni: number;
      do vni = cx.rng.int(VNI_RANGE[0], VNI_RANGE[1]);
      while (used.has(vni));
      used.add(vni);
      net = {
        id: cx.id<NetworkId>('network', undefined, ''),
        name: HA_NETWORK_NAME(project),
        project_id: '' as ProjectId,
        admin_state_up: true,
        'provider:network_type': 'vxlan',
        'provider:physical_network': null,
        'provider:segmentation_id': vni,
        'router:external': false,
        mtu: maxMtu('vxlan'),
      };
      t.networks.push(net);
      byProject.set(project, net);
    }
    if (!t.subnets.some((s) => s.network_id === net.id)) {
      const pool = defaultPool(cidr.cidr);
      t.subnets.push({
        id: cx.id<SubnetId>('subnet', undefined, ''),
        name: HA_SUBNET_NAME(project),
        network_id: net.id,
        ip_version: 4,
        cidr: cidrOf(cidr.cidr.text).text,
        gateway_ip: null,
        allocation_pools: [{ start: intToIp(pool.start), end: intToIp(pool.end) }],
        enable_dhcp: false,
        host_routes: [],
      });
    }
  }
  return byProject;
}

/** The ha- ports that still fit (an HA router's, on its project's HA network, on an eligible host, one
 * per host), then new ones on the least loaded eligible hosts up to max_l3_agents_per_router. */
function schedulePorts(cx: NormalizeContext, nets: ReadonlyMap<string, Network>): void {
  const t = cx.topo;
  // legacy and dvr_snat agents for an HA router, dvr_snat ones only for a distributed HA router
  const eligibleTo = {
    legacy: haEligibleHosts(t),
    distributed: haEligibleHosts(t, { distributed: true }),
  };
  const eligibleOf = (r: Router) => (r.distributed ? eligibleTo.distributed : eligibleTo.legacy);
  const names = {
    legacy: new Set<string>(eligibleTo.legacy.map((h) => h.name)),
    distributed: new Set<string>(eligibleTo.distributed.map((h) => h.name)),
  };
  const routers = new Map<string, Router>(t.routers.map((r) => [r.id, r]));
  const byName = new Map<string, Router>(t.routers.map((r) => [r.name, r]));
  const hosting = new Map<string, Set<string>>();
  const kept: Port[] = [];
  for (const p of t.ports) {
    if (p.device_owner !== HA_PORT_OWNER) {
      kept.push(p);
      continue;
    }
    const r = routers.get(p.device_id) ?? byName.get(p.device_id);
    const host = p['binding:host_id'];
    const on = r ? hosting.get(r.id) : undefined;
    if (!r?.ha || nets.get(r.project_id)?.id !== p.network_id) continue;
    if (!host || !names[r.distributed ? 'distributed' : 'legacy'].has(host) || on?.has(host)) continue;
    p.device_id = r.id;
    hosting.set(r.id, (on ?? new Set()).add(host));
    kept.push(p);
  }
  t.ports = kept;
  // the load of each agent: the legacy routers it hosts, and its HA instances (LeastRoutersScheduler)
  const load = new Map<string, number>();
  const count = (h: string | null) => h && load.set(h, (load.get(h) ?? 0) + 1);
  for (const r of t.routers)
    if (!r.ha)
      count(replicatedPortsOf(t, r.id).find((p) => p['binding:host_id'])?.['binding:host_id'] ?? null);
  for (const on of hosting.values()) for (const h of on) count(h);
  const max = t.options.max_l3_agents_per_router;
  for (const r of t.routers) {
    const net = nets.get(r.project_id);
    const subnet = net && t.subnets.find((s) => s.network_id === net.id);
    const eligible = eligibleOf(r);
    if (!r.ha || !net || !subnet) continue;
    if (eligible.length < 2) continue; // NotEnoughAgentsForHA: checkL3 says so
    const wanted = max === 0 ? eligible.length : Math.min(max, eligible.length);
    const on = hosting.get(r.id) ?? new Set<string>();
    while (on.size < wanted) {
      let best: HostName | null = null;
      for (const h of eligible)
        if (!on.has(h.name) && (best === null || (load.get(h.name) ?? 0) < (load.get(best) ?? 0)))
          best = h.name;
      if (!best) break;
      on.add(best);
      count(best);
      t.ports.push({
        id: cx.id<PortId>('port', undefined, ''),
        name: HA_PORT_NAME(r.project_id),
        network_id: net.id,
        project_id: '' as ProjectId,
        mac_address: '',
        fixed_ips: [{ subnet_id: subnet.id, ip_address: UNALLOCATED }],
        device_owner: HA_PORT_OWNER,
        device_id: r.id,
        'binding:host_id': best,
        security_groups: [],
        admin_state_up: true,
        port_security_enabled: true,
      });
    }
  }
}

/** Each HA router's VRID: the file's, else one drawn at random among those still free on its
 * project's HA network (_get_vr_id: random over VR_ID_RANGE minus the allocated ones). */
function allocateVrids(cx: NormalizeContext): void {
  const t = cx.topo;
  const used = new Map<string, Map<number, Router>>();
  const usedIn = (project: string) => {
    let m = used.get(project);
    if (!m) {
      m = new Map();
      used.set(project, m);
    }
    return m;
  };
  t.routers.forEach((r, i) => {
    if (!r.ha) {
      r.ha_vr_id = null;
      return;
    }
    if (r.ha_vr_id === null) return;
    const other = usedIn(r.project_id).get(r.ha_vr_id);
    if (other)
      cx.errors.add(
        `routers[${i}].ha_vr_id`,
        r.ha_vr_id,
        `is the VRID of router ${other.name} too; the routers of a project share one HA network, where each VRID is unique`,
      );
    else usedIn(r.project_id).set(r.ha_vr_id, r);
  });
  t.routers.forEach((r, i) => {
    if (!r.ha || r.ha_vr_id !== null) return;
    const taken = usedIn(r.project_id);
    const free: number[] = [];
    for (let v = VRID_MIN; v <= VRID_MAX; v++) if (!taken.has(v)) free.push(v);
    if (free.length === 0) {
      cx.errors.add(
        `routers[${i}].ha`,
        true,
        `router ${r.name}: no VRID is left on the HA network of its project (NoVRIDAvailable: ${VRID_MAX} HA routers at most)`,
      );
      return;
    }
    // drawn from a stream of the router's own, so that other routers' draws never move it
    const rng = seededRng(hashText(`${t.seed}|vrid|${r.id}`));
    r.ha_vr_id = free[rng.int(0, free.length - 1)]!;
    taken.set(r.ha_vr_id, r);
  });
}

/** Before addresses: HA networks, ha- ports, VRIDs. */
export function normalizeHa(cx: NormalizeContext): void {
  const t = cx.topo;
  const projects = new Set<string>(t.routers.filter((r) => r.ha).map((r) => r.project_id));
  const nets = ensureNetworks(cx, projects);
  t.ports.forEach((p, i) => {
    const project = nets.size ? haProjectOfNetwork(nets, p.network_id) : null;
    if (project !== null && p.device_owner !== HA_PORT_OWNER)
      cx.errors.add(
        `ports[${i}].network_id`,
        p.network_id,
        `is the HA network of project ${project}, which carries only HA routers' ha- ports`,
      );
  });
  schedulePorts(cx, nets);
  allocateVrids(cx);
}

function haProjectOfNetwork(nets: ReadonlyMap<string, Network>, id: string): string | null {
  for (const [p, n] of nets) if (n.id === id) return p;
  return null;
}

/** After addresses: the ports the active instance holds (qr- and qg-, or a distributed router's sg- and
 * qg-: model/ha.ts heldPortsOf) are bound to its host, as the server rebinds them when an agent reports
 * MASTER; with none active they stay where they were. */
export function bindHaRouterPorts(cx: NormalizeContext): void {
  const t = cx.topo;
  for (const r of t.routers) {
    if (!r.ha) continue;
    const instances = haInstances(t, r);
    const active = activeInstance(instances);
    for (const p of heldPortsOf(t, r)) {
      const was = p['binding:host_id'];
      p['binding:host_id'] = active
        ? active.host
        : instances.some((x) => x.host === was)
          ? was
          : (instances[0]?.host ?? null);
    }
  }
}
