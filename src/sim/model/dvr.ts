// What DVR derives from the topology (neutron-facts-beyond §1): where a distributed router is bound,
// its SNAT host, the ports the server adds for it, and each host's DVR MAC. Pure functions of the
// normalized Topology, shared by normalization (which makes the ports), realize/ and the tools.
import { macFromBytes } from '../addr/mac';
import { hashText, seededBytes } from '../addr/random';
import { haHostsByRouter } from './ha';
import {
  type DeviceOwner,
  type Host,
  type HostName,
  l3AgentMode,
  type NetworkId,
  type Port,
  type Router,
  type RouterId,
  runsAgent,
  type SubnetId,
  type Topology,
} from './types';

/** DEVICE_OWNER_DVR_INTERFACE: how Neutron reports a distributed router's interface (neutron-lib). */
export const DVR_INTERFACE_OWNER = 'network:router_interface_distributed';
/** DEVICE_OWNER_ROUTER_SNAT: the centralized SNAT port of one internal subnet (l3_dvr_db.py). */
export const CSNAT_OWNER = 'network:router_centralized_snat';
/** DEVICE_OWNER_AGENT_GW: the fg- port of one (host, external network) (dvr_fip_ns.py). */
export const FIP_GW_OWNER = 'network:floatingip_agent_gateway';

/** dvrBindings of a topology: a normalized Topology is not changed once loaded (an edit loads anew). */
const bindingsCache = new WeakMap<Topology, Map<RouterId, HostName[]>>();

/** A port whose host gets the router (neutron/common/utils.py is_dvr_serviced): an instance's or a
 * DHCP port (host_dvr_for_dhcp defaults to True). */
export const isDvrServiced = (owner: DeviceOwner): boolean =>
  owner.startsWith('compute:') || owner === 'network:dhcp';

/** Agent modes that host distributed routers (legacy agents never get one). */
const hostsDvr = (t: Topology, h: Host): boolean => runsAgent(h, 'l3') && l3AgentMode(t, h) !== 'legacy';

/**
 * The device owner Neutron reports. The file stores a distributed router's interfaces as any router's
 * (`network:router_interface`; the router's `distributed` says which), so that switching a router's kind
 * rewrites no port; Neutron gives them DEVICE_OWNER_DVR_INTERFACE (l3_dvr_db _get_device_owner).
 */
export function neutronDeviceOwner(t: Topology, p: Port): string {
  if (p.device_owner !== 'network:router_interface') return p.device_owner;
  return t.routers.find((r) => r.id === p.device_id)?.distributed ? DVR_INTERFACE_OWNER : p.device_owner;
}

/** The dvr_snat host of a distributed router: where its gateway port is bound, null without one. */
export function snatHostOf(t: Topology, r: Router): HostName | null {
  if (!r.distributed || !r.external_gateway_info) return null;
  return (
    t.ports.find((p) => p.device_id === r.id && p.device_owner === 'network:router_gateway')?.[
      'binding:host_id'
    ] ?? null
  );
}

/**
 * Where each distributed router is bound: one ml2_distributed_port_bindings row per host for each of its
 * interface ports (neutron-facts-beyond §1.2). Its SNAT host (a DvrEdgeRouter there), or for an HA router
 * every dvr_snat host its ha- ports are on (a DvrEdgeHaRouter on each), then every host with a
 * DVR-serviced port on one of its subnets whose L3 agent runs in a DVR mode, in host order. Derived,
 * never stored: it follows the instances, as Neutron's bindings do.
 */
export function dvrBindings(t: Topology): Map<RouterId, HostName[]> {
  let hit = bindingsCache.get(t);
  if (!hit) {
    hit = bindingsNow(t);
    bindingsCache.set(t, hit);
  }
  return hit;
}

/** dvrBindings computed afresh: normalization asks while it still changes the topology. */
function bindingsNow(t: Topology): Map<RouterId, HostName[]> {
  const out = new Map<RouterId, HostName[]>();
  const dvr = t.routers.filter((r) => r.distributed);
  if (dvr.length === 0) return out;
  const serviced = new Map<SubnetId, Set<HostName>>();
  for (const p of t.ports) {
    const host = p['binding:host_id'];
    if (!host || !isDvrServiced(p.device_owner)) continue;
    for (const f of p.fixed_ips) {
      const set = serviced.get(f.subnet_id);
      if (set) set.add(host);
      else serviced.set(f.subnet_id, new Set([host]));
    }
  }
  const subnetsOf = new Map<string, SubnetId[]>();
  for (const p of t.ports)
    if (p.device_owner === 'network:router_interface')
      subnetsOf.set(p.device_id, [
        ...(subnetsOf.get(p.device_id) ?? []),
        ...p.fixed_ips.map((f) => f.subnet_id),
      ]);
  const haHosts = dvr.some((r) => r.ha) ? haHostsByRouter(t) : new Map<string, HostName[]>();
  for (const r of dvr) {
    const names = new Set<HostName>();
    for (const s of subnetsOf.get(r.id) ?? []) for (const h of serviced.get(s) ?? []) names.add(h);
    const snat = snatHostOf(t, r);
    const edges = r.ha ? (haHosts.get(r.id) ?? []) : snat ? [snat] : [];
    const hosts = t.hosts
      .filter((h) => names.has(h.name) && !edges.includes(h.name) && hostsDvr(t, h))
      .map((h) => h.name);
    out.set(r.id, [...edges, ...hosts]);
  }
  return out;
}

/**
 * The fg- ports the cloud needs: one per (host, external network) where a distributed router with a
 * gateway on that network is bound in `dvr` mode (process_external creates the fip namespace as soon as
 * the router has a gateway, neutron-facts-beyond §1.1; dvr_no_external skips it). The dvr_snat host is
 * left out: its router namespace serves no purpose for north-south traffic (deploy-ovs-ha-dvr), and this
 * model serves every floating IP from the compute of its port.
 */
export function fipGatewayNeeds(t: Topology): { host: HostName; network: NetworkId }[] {
  const bindings = bindingsNow(t);
  const wanted = new Set<string>();
  for (const r of t.routers) {
    const gw = r.external_gateway_info;
    if (!r.distributed || !gw) continue;
    for (const h of bindings.get(r.id) ?? []) wanted.add(`${h}|${gw.network_id}`);
  }
  const out: { host: HostName; network: NetworkId }[] = [];
  for (const h of t.hosts) {
    if (l3AgentMode(t, h) !== 'dvr') continue;
    for (const n of t.networks)
      if (wanted.has(`${h.name}|${n.id}`)) out.push({ host: h.name, network: n.id });
  }
  return out;
}

/**
 * Each host's DVR MAC: get_random_mac(dvr_base_mac), the base's first three bytes and three random ones,
 * one per host running the OVS agent, none twice (dvr_mac_db.py _create_dvr_mac_address_retry;
 * neutron-facts-beyond §1.3). Neutron draws it once and stores it; here it is drawn from the cloud's seed
 * and the host's name, so that it stays the same through every edit that keeps the host.
 */
export function dvrMacs(t: Topology): Map<HostName, string> {
  const prefix = t.options.dvr_base_mac.toLowerCase().split(':').slice(0, 3).join(':');
  const out = new Map<HostName, string>();
  const used = new Set<string>();
  for (const h of t.hosts) {
    if (!runsAgent(h, 'ovs')) continue;
    // the seed goes into the salt too: the first bytes of a stream follow its salt more than its seed
    const bytes = seededBytes(t.seed, hashText(`dvr_mac_address|${t.seed}|${h.name}`));
    let mac: string;
    do mac = macFromBytes(prefix, bytes.byte(), bytes.byte(), bytes.byte());
    while (used.has(mac));
    used.add(mac);
    out.set(h.name, mac);
  }
  return out;
}
