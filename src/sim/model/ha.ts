// L3 HA in the Topology (neutron-facts-beyond §2): each project with an HA router has one HA network
// (project_id '', named after the project), each HA router one ha- port on it per hosting L3 agent,
// and keepalived on those agents elects which instance holds the router's addresses. This file says
// which network, ports and instances those are; normalize-ha.ts makes them as the server does.
import { ipToInt } from '../addr/ipv4';
import { qrouterNs, snatNs } from '../addr/naming';
import type { Host, HostName, Network, Port, ProjectId, Router, Topology } from './types';

/** The names neutron-lib gives the HA resources (constants.py HA_NETWORK_NAME, HA_SUBNET_NAME,
 * HA_PORT_NAME) from neutron-lib 3.25.0 (commit 53e4c12f, 2026-03-29); releases before it, up to
 * stable/2026.1, say "tenant" where these say "project" (neutron-facts-beyond §2.1). */
export const HA_NETWORK_NAME = (project: string) => `HA network project ${project}`;
export const HA_SUBNET_NAME = (project: string) => `HA subnet project ${project}`;
export const HA_PORT_NAME = (project: string) => `HA port project ${project}`;
export const HA_PORT_OWNER = 'network:router_ha_interface';
/** What an HA router's qr- ports are to Neutron (neutron-lib DEVICE_OWNER_HA_REPLICATED_INT). The
 * Topology keeps network:router_interface for them; `openstack port` shows this owner. */
export const HA_REPLICATED_OWNER = 'network:ha_router_replicated_interface';
/** keepalived's priority for every instance: the server sends none per agent (HA_DEFAULT_PRIORITY). */
export const HA_PRIORITY = 50;
/** VR_ID_RANGE of l3_hamode_db.py */
export const VRID_MIN = 1;
export const VRID_MAX = 254;

const HA_NET_RE = /^HA network project (\S+)$/;

/** The project whose HA network this is, or null when it is no HA network. Neutron links them in its
 * ha_router_networks table; the Topology by the name the server gives the network, with project_id ''. */
export function haNetworkProject(n: Pick<Network, 'name' | 'project_id'>): ProjectId | null {
  if (n.project_id !== '') return null;
  const m = HA_NET_RE.exec(n.name);
  return m ? (m[1] as ProjectId) : null;
}

export const isHaNetwork = (n: Pick<Network, 'name' | 'project_id'>): boolean => haNetworkProject(n) !== null;

export const haNetworkOf = (t: Pick<Topology, 'networks'>, project: string): Network | undefined =>
  t.networks.find((n) => haNetworkProject(n) === project);

/** A router's ha- ports, one per hosting agent, in the Topology's order. */
export const haPortsOf = (t: Pick<Topology, 'ports'>, routerId: string): Port[] =>
  t.ports.filter((p) => p.device_owner === HA_PORT_OWNER && p.device_id === routerId);

/** Whether the L3 agent of a host stopped and took its routers with it (cleanup_on_shutdown: the agent's
 * stop() deletes each router, its namespace, ports and keepalived; neutron/agent/l3/agent.py). */
export function routersCleanedUp(t: Pick<Topology, 'options'>, h: Pick<Host, 'agents_down'>): boolean {
  return t.options.cleanup_on_shutdown && h.agents_down.includes('l3');
}

/** Each HA router's hosts (those of its ha- ports), in the Topology's order. */
export function haHostsByRouter(t: Pick<Topology, 'ports'>): Map<string, HostName[]> {
  const out = new Map<string, HostName[]>();
  for (const p of t.ports) {
    const h = p['binding:host_id'];
    if (p.device_owner !== HA_PORT_OWNER || !h) continue;
    const list = out.get(p.device_id);
    if (list) list.push(h);
    else out.set(p.device_id, [h]);
  }
  return out;
}

/** A router's qr- and qg- ports: those of an HA router the active instance holds. */
export const replicatedPortsOf = (t: Pick<Topology, 'ports'>, routerId: string): Port[] =>
  t.ports.filter(
    (p) =>
      p.device_id === routerId &&
      (p.device_owner === 'network:router_interface' || p.device_owner === 'network:router_gateway'),
  );

/** network:router_centralized_snat: dvr.ts's CSNAT_OWNER, repeated as dvr.ts imports this file */
const CSNAT = 'network:router_centralized_snat';

/**
 * The ports whose addresses keepalived gives the active instance of an HA router, which the server binds
 * to the active agent's host (l3_hamode_db.py _update_router_port_bindings: the replicated interfaces,
 * the centralized SNAT ports and the gateway). A legacy HA router: its qr- and qg-. A distributed HA
 * router: its sg- and qg-, in the snat namespace; its qr- stay distributed on every host it is bound
 * on, with their addresses everywhere (neutron-facts-beyond §1.2, §2; config-dvr-ha-snat).
 */
export function heldPortsOf(t: Pick<Topology, 'ports'>, router: Pick<Router, 'id' | 'distributed'>): Port[] {
  if (!router.distributed) return replicatedPortsOf(t, router.id);
  return t.ports.filter(
    (p) =>
      p.device_id === router.id && (p.device_owner === CSNAT || p.device_owner === 'network:router_gateway'),
  );
}

/** The namespace keepalived runs in, and the ha- port sits in: qrouter- of a legacy HA router, snat- of
 * a distributed one (dvr_edge_ha_router.py ha_namespace is the snat namespace). */
export const haNamespace = (router: Pick<Router, 'id' | 'distributed'>): string =>
  router.distributed ? snatNs(router.id) : qrouterNs(router.id);

/** What the server shows for an agent hosting the router (neutron-lib HA_ROUTER_STATE_*). */
export type HaState = 'active' | 'standby' | 'unknown';

export interface HaInstance {
  host: HostName;
  /** the instance's ha- port, with its address on the HA network */
  port: Port;
  ip: string;
  /** the L3 agent reports to the server (not stopped) */
  agentAlive: boolean;
  /** keepalived runs: it outlives a stopped agent unless cleanup_on_shutdown is set */
  keepalived: boolean;
  /** the host's tunnel interface is on the underlay, which carries the HA network's VRRP adverts */
  connected: boolean;
  /** keepalived is MASTER here: the instance holds the router's addresses */
  master: boolean;
  /** what `openstack network agent list --router <r> --long` shows */
  haState: HaState;
}

/**
 * The router's instances and which are masters, as keepalived would have it. Every instance starts
 * BACKUP with priority 50 and nopreempt (§2.2). Instances that hear each other's adverts (keepalived
 * running, host on the underlay) form one VRRP domain with one master: the one that was active (the
 * host the router's ports are bound to; nopreempt keeps it), else, priorities being equal, the one
 * with the highest address on the HA network (§2.4, derived). An instance that hears nobody (its host
 * cut off) is master of itself too, as keepalived is when adverts stop: a split brain, harmless to
 * traffic since nothing reaches that host.
 * The server's ha_state: active where a live agent reported MASTER, standby elsewhere; a dead agent
 * shows standby, or unknown if it was the active one and every hosting agent is dead (l3_hamode_db.py
 * _get_bindings_and_update_router_state_for_dead_agents).
 */
export function haInstances(t: Pick<Topology, 'hosts' | 'ports' | 'options'>, router: Router): HaInstance[] {
  const hosts = new Map<string, Host>(t.hosts.map((h) => [h.name, h]));
  const instances: HaInstance[] = [];
  for (const port of haPortsOf(t, router.id)) {
    const h = port['binding:host_id'] ? hosts.get(port['binding:host_id']) : undefined;
    if (!h) continue;
    const runs = h.agents.includes('neutron-l3-agent');
    const agentAlive = runs && !h.agents_down.includes('l3');
    instances.push({
      host: h.name,
      port,
      ip: port.fixed_ips[0]?.ip_address ?? '',
      agentAlive,
      keepalived: runs && (agentAlive || !t.options.cleanup_on_shutdown),
      connected: h.underlay_connected,
      master: false,
      haState: 'standby',
    });
  }
  const domain = instances.filter((i) => i.keepalived && i.connected);
  const was = heldPortsOf(t, router).find((p) => p['binding:host_id'])?.['binding:host_id'] ?? null;
  const master =
    domain.find((i) => i.host === was) ??
    domain.reduce<HaInstance | null>(
      (best, i) => (!best || ipToInt(i.ip) > ipToInt(best.ip) ? i : best),
      null,
    );
  if (master) master.master = true;
  for (const i of instances) if (i.keepalived && !i.connected) i.master = true;
  const allDead = instances.every((i) => !i.agentAlive);
  for (const i of instances)
    i.haState = i.agentAlive
      ? i.master
        ? 'active'
        : 'standby'
      : allDead && i.host === was
        ? 'unknown'
        : 'standby';
  return instances;
}

/** The instance the cloud reaches: the master of the VRRP domain on the underlay, if any. */
export const activeInstance = (instances: readonly HaInstance[]): HaInstance | undefined =>
  instances.find((i) => i.master && i.connected);

/** Each HA instance's namespace, keyed `<host>|<namespace>`, with whether it is active (the master) or
 * standby: qrouter- of a legacy HA router, snat- of a distributed one, whose qrouter- namespaces are
 * no instances. */
export function haNamespaceStates(
  t: Pick<Topology, 'hosts' | 'ports' | 'options' | 'routers'>,
): Map<string, 'active' | 'standby'> {
  const out = new Map<string, 'active' | 'standby'>();
  for (const r of t.routers) {
    if (!r.ha) continue;
    const ns = haNamespace(r);
    for (const i of haInstances(t, r)) out.set(`${i.host}|${ns}`, i.master ? 'active' : 'standby');
  }
  return out;
}
