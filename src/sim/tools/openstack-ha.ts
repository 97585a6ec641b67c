// `openstack network agent list --router <router> [--long]` (python-openstackclient network_agent.py
// ListNetworkAgent: routers_hosting_l3_agents): the L3 agents hosting a router, and with --long their
// HA State, active or standby, as the server reports it (neutron-facts-beyond §2.5; model/ha.ts).
import { haInstances } from '../model/ha';
import type { Router, Topology } from '../model/types';
import { fail, stableUuid, type ToolContext, type ToolResult } from './context';
import type { Listing } from './openstack-format';

export const AGENT_COLUMNS = ['ID', 'Agent Type', 'Host', 'Availability Zone', 'Alive', 'State', 'Binary'];

/** The L3 agents of a router: its ha- ports' hosts for an HA router, else the host of its ports. */
function hosting(t: Topology, r: Router): { host: string; haState: string }[] {
  if (r.ha) return haInstances(t, r).map((i) => ({ host: i.host, haState: i.haState }));
  const bound = t.ports.find(
    (p) =>
      p.device_id === r.id &&
      (p.device_owner === 'network:router_interface' || p.device_owner === 'network:router_gateway') &&
      p['binding:host_id'],
  );
  // a legacy router's agent has no HA state: the client prints None
  return bound ? [{ host: bound['binding:host_id']!, haState: 'None' }] : [];
}

export function agentsHostingRouter(ctx: ToolContext, ref: string, long: boolean): Listing | ToolResult {
  const t = ctx.topology;
  const byId = t.routers.find((r) => r.id === ref);
  const named = t.routers.filter((r) => r.name === ref);
  if (!byId && named.length > 1) return fail(`More than one Router exists with the name '${ref}'.`, 1);
  const r = byId ?? named[0];
  if (!r) return fail(`Error while executing command: No Router found for ${ref}`, 1);
  const rows = hosting(t, r).map(({ host, haState }) => {
    const h = t.hosts.find((x) => x.name === host);
    const alive = h && !h.agents_down.includes('l3') ? ':-)' : 'XXX';
    const row = [
      stableUuid(`${host}|neutron-l3-agent`),
      'L3 agent',
      host,
      'nova',
      alive,
      'UP',
      'neutron-l3-agent',
    ];
    return long ? [...row, haState] : row;
  });
  return { columns: long ? [...AGENT_COLUMNS, 'HA State'] : AGENT_COLUMNS, rows };
}
