// The ports the Neutron server makes for distributed routers (neutron-facts-beyond §1.2), kept in step
// with the cloud at every load as the DHCP ports are: a centralized SNAT port (sg-) on each internal
// subnet of a distributed router with a gateway, bound on its dvr_snat host (on the active one of a
// distributed HA router), and a floating IP agent gateway port (fg-) for each (host, external network)
// that needs one. A port already there keeps its id, MAC and address; one no longer needed goes (the
// server deletes them with the interface, the gateway or the last router of the host).
import { CSNAT_OWNER, FIP_GW_OWNER, fipGatewayNeeds, snatHostOf } from './dvr';
import type { NormalizeContext } from './normalize';
import { generatedPort, hostUuid, UNALLOCATED } from './normalize-ports';
import type { Port, ProjectId } from './types';

/** Keeps the first port of each wanted key, drops the others of that owner, returns what is missing. */
function reconcile(
  cx: NormalizeContext,
  owner: Port['device_owner'],
  keyOf: (p: Port) => string,
  wanted: ReadonlyMap<string, (existing: Port | null) => Port>,
): void {
  const kept = new Map<string, Port>();
  cx.topo.ports = cx.topo.ports.filter((p) => {
    if (p.device_owner !== owner) return true;
    const key = keyOf(p);
    if (!wanted.has(key) || kept.has(key)) return false;
    kept.set(key, p);
    return true;
  });
  for (const [key, make] of wanted) {
    const p = kept.get(key) ?? null;
    const port = make(p);
    if (!p) cx.topo.ports.push(port);
  }
}

export function normalizeDvrPorts(cx: NormalizeContext): void {
  const t = cx.topo;
  // _add_csnat_router_interface_port: fixed_ips [{subnet_id}] (a pool address, not the gateway IP),
  // device_id the router, project_id ''
  const csnat = new Map<string, (p: Port | null) => Port>();
  for (const r of t.routers) {
    const host = snatHostOf(t, r);
    // a distributed HA router's SNAT ports are bound later, with its gateway, to the host of its active
    // instance (normalize-ha.ts bindHaRouterPorts)
    if (!host && !(r.ha && r.distributed && r.external_gateway_info)) continue;
    for (const iface of t.ports) {
      if (iface.device_id !== r.id || iface.device_owner !== 'network:router_interface') continue;
      for (const f of iface.fixed_ips) {
        csnat.set(`${r.id}|${f.subnet_id}`, (p) => {
          const port =
            p ??
            generatedPort(cx, {
              network_id: iface.network_id,
              device_owner: CSNAT_OWNER,
              device_id: r.id,
              fixed_ips: [{ subnet_id: f.subnet_id, ip_address: UNALLOCATED }],
            });
          port['binding:host_id'] = host;
          port.project_id = '' as ProjectId;
          return port;
        });
      }
    }
  }
  reconcile(cx, CSNAT_OWNER, (p) => `${p.device_id}|${p.fixed_ips[0]?.subnet_id ?? ''}`, csnat);

  // create_fip_agent_gw_port_if_not_exists: device_id the host's L3 agent, bound on that host, an
  // address of the external network
  const fg = new Map<string, (p: Port | null) => Port>();
  for (const { host, network } of fipGatewayNeeds(t)) {
    const first = t.subnets.find((s) => s.network_id === network);
    fg.set(`${host}|${network}`, (p) => {
      const port =
        p ??
        generatedPort(cx, {
          network_id: network,
          device_owner: FIP_GW_OWNER,
          device_id: hostUuid(`l3-agent|${host}`),
          fixed_ips: first ? [{ subnet_id: first.id, ip_address: UNALLOCATED }] : [],
        });
      port['binding:host_id'] = host;
      port.project_id = '' as ProjectId;
      return port;
    });
  }
  reconcile(cx, FIP_GW_OWNER, (p) => `${p['binding:host_id'] ?? ''}|${p.network_id}`, fg);
}
