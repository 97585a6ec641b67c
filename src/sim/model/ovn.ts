// ML2/OVN's choices that depend on the Topology alone, shared by normalization (the gateway port's
// binding host) and realization (the Gateway_Chassis rows of the Northbound database).
import type { Host, HostName, Port, Router, RouterId, Topology } from './types';

/** ovn_const.MAX_GW_CHASSIS: a gateway router port is scheduled on at most five chassis. */
export const MAX_GW_CHASSIS = 5;

export interface GatewayChassis {
  readonly host: HostName;
  /** higher is preferred: the first chassis the scheduler picks gets the list's length, the last 1 */
  readonly priority: number;
}

/**
 * Candidate gateway chassis: those with ovn-cms-options=enable-chassis-as-gw (network hosts unless a
 * host says otherwise); when none has it, every chassis is eligible (neutron-facts-beyond §3.2,
 * doc/source/admin/ovn/routing.rst).
 */
export function gatewayCandidates(t: Pick<Topology, 'hosts'>): Host[] {
  const flagged = t.hosts.filter((h) => h.enable_chassis_as_gw);
  return flagged.length ? flagged : [...t.hosts];
}

const gwPortOf = (t: Pick<Topology, 'ports'>, r: Router): Port | undefined =>
  t.ports.find((p) => p.device_id === r.id && p.device_owner === 'network:router_gateway');

/**
 * The Gateway_Chassis of each router's gateway port, as the least-loaded L3 scheduler of Neutron 2026.1
 * fills them (neutron-facts-beyond §3.2: rows lrp-<id>_<chassis> with a priority, before the move to
 * HA_Chassis_Group in 29.0.0.0b1). Routers are taken in order; each puts first the candidate that is
 * already first for the fewest routers, ties going to host order.
 */
export function gatewayChassisOf(
  t: Pick<Topology, 'hosts' | 'routers' | 'ports'>,
): Map<RouterId, GatewayChassis[]> {
  const out = new Map<RouterId, GatewayChassis[]>();
  const candidates = gatewayCandidates(t);
  const firstFor = new Map<string, number>();
  for (const r of t.routers) {
    if (!r.external_gateway_info || !gwPortOf(t, r)) continue;
    const order = candidates
      .map((h, i) => ({ h, i }))
      .sort((a, b) => (firstFor.get(a.h.name) ?? 0) - (firstFor.get(b.h.name) ?? 0) || a.i - b.i)
      .slice(0, MAX_GW_CHASSIS)
      .map((x) => x.h);
    if (order[0]) firstFor.set(order[0].name, (firstFor.get(order[0].name) ?? 0) + 1);
    out.set(
      r.id,
      order.map((h, i) => ({ host: h.name, priority: order.length - i })),
    );
  }
  return out;
}

/**
 * The chassis that holds the cr-lrp port: the highest-priority gateway chassis still reachable. BFD
 * runs over the Geneve tunnels, so a chassis cut off the underlay loses the port to the next one
 * (neutron-facts-beyond §3.7, routing.rst).
 */
export function activeGateway(t: Pick<Topology, 'hosts'>, list: readonly GatewayChassis[]): HostName | null {
  for (const g of list) if (t.hosts.find((h) => h.name === g.host)?.underlay_connected) return g.host;
  return list[0]?.host ?? null;
}
