// Which Neutron ports get plugged where, under which device name: the common view the agents share.
import { type Cidr, cidrOf } from '../addr/ipv4';
import { fgName, haName, qgName, qrName, qvoName, sgName, tapName } from '../addr/naming';
import { CSNAT_OWNER, dvrBindings, FIP_GW_OWNER } from '../model/dvr';
import { HA_PORT_OWNER, haHostsByRouter, routersCleanedUp } from '../model/ha';
import type { HostName, Network, Port, Router, Server, Subnet, Topology } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { DeviceId } from './dataplane';

/** snat: a distributed router's centralized SNAT port (sg-); fip-gateway: a host's fg- port (DVR);
 * router-ha: an HA router's ha- port on its HA network. */
export type PlugKind =
  | 'vm'
  | 'router-interface'
  | 'router-gateway'
  | 'router-ha'
  | 'dhcp'
  | 'snat'
  | 'fip-gateway';

export interface Plug {
  readonly port: Port;
  readonly host: HostName;
  readonly network: Network;
  readonly kind: PlugKind;
  /** the name of the port on br-int */
  readonly ovsName: string;
  /** admin state of port and network: a down port sits in the dead VLAN 4095 */
  readonly up: boolean;
  readonly server?: Server;
  readonly router?: Router;
  /** an HA router's qr- or qg- port (a distributed HA router's sg- or qg-), plugged on each of its
   * hosts (neutron-facts-beyond §2.1) */
  readonly replicated?: boolean;
}

export interface Lookup {
  readonly networks: ReadonlyMap<string, Network>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly servers: ReadonlyMap<string, Server>;
  readonly routers: ReadonlyMap<string, Router>;
  /** each subnet's CIDR, parsed once for the thousands of ports on it */
  readonly cidrs: ReadonlyMap<string, Cidr>;
}

export function lookupOf(t: Topology): Lookup {
  return {
    networks: new Map(t.networks.map((n) => [n.id, n])),
    subnets: new Map(t.subnets.map((s) => [s.id, s])),
    servers: new Map(t.servers.map((s) => [s.id, s])),
    routers: new Map(t.routers.map((r) => [r.id, r])),
    cidrs: new Map(t.subnets.map((s) => [s.id, cidrOf(s.cidr)])),
  };
}

/** @param vmPortName the name a VM's port has on br-int: qvo<id> with the hybrid plug, tap<id> without */
export function plugPlan(t: Topology, lk: Lookup, vmPortName: (portId: string) => string = qvoName): Plug[] {
  const plugs: Plug[] = [];
  // a distributed router's interface is plugged on every host it is bound on (model/dvr.ts)
  const bindings = dvrBindings(t);
  const haHosts = haHostsByRouter(t);
  // where the L3 agent stopped with cleanup_on_shutdown, no router port is plugged any more: neither
  // an HA router's, nor a distributed router's qr-, sg- or fg-
  const gone = new Set(t.hosts.filter((h) => routersCleanedUp(t, h)).map((h) => h.name as string));
  for (const port of t.ports) {
    const network = lk.networks.get(port.network_id);
    if (!network) continue;
    const up = port.admin_state_up && network.admin_state_up;
    const o = port.device_owner;
    const router = o === 'network:router_interface' ? lk.routers.get(port.device_id) : undefined;
    if (router?.distributed) {
      const ovsName = qrName(port.id);
      for (const host of bindings.get(router.id) ?? [])
        if (!gone.has(host))
          plugs.push({
            port,
            host,
            network,
            kind: 'router-interface',
            ovsName,
            up: up && router.admin_state_up,
            router,
          });
      continue;
    }
    const host = port['binding:host_id'];
    if (!host) continue;
    if (o.startsWith('compute:')) {
      const server = lk.servers.get(port.device_id);
      if (!server) continue; // an unattached port is not plugged anywhere
      plugs.push({ port, host, network, kind: 'vm', ovsName: vmPortName(port.id), up, server });
    } else if (o === 'network:router_interface' || o === 'network:router_gateway') {
      const router = lk.routers.get(port.device_id);
      if (!router) continue;
      const kind = o === 'network:router_interface' ? 'router-interface' : 'router-gateway';
      const ovsName = kind === 'router-interface' ? qrName(port.id) : qgName(port.id);
      const upNow = up && router.admin_state_up;
      if (router.ha) {
        for (const h of haHosts.get(router.id) ?? [])
          if (!gone.has(h))
            plugs.push({ port, host: h, network, kind, ovsName, up: upNow, router, replicated: true });
      } else if (!gone.has(host)) plugs.push({ port, host, network, kind, ovsName, up: upNow, router });
    } else if (o === HA_PORT_OWNER) {
      const router = lk.routers.get(port.device_id);
      if (!router || gone.has(host)) continue;
      plugs.push({ port, host, network, kind: 'router-ha', ovsName: haName(port.id), up, router });
    } else if (o === 'network:dhcp') {
      plugs.push({ port, host, network, kind: 'dhcp', ovsName: tapName(port.id), up });
    } else if (o === CSNAT_OWNER) {
      const owner = lk.routers.get(port.device_id);
      if (!owner) continue;
      const ovsName = sgName(port.id);
      const upNow = up && owner.admin_state_up;
      // a distributed HA router's sg- is in the snat namespace of every host hosting it, one port with
      // one MAC, its address on the active instance only (dvr_edge_ha_router.py _plug_snat_port)
      if (owner.ha) {
        for (const h of haHosts.get(owner.id) ?? [])
          if (!gone.has(h))
            plugs.push({
              port,
              host: h,
              network,
              kind: 'snat',
              ovsName,
              up: upNow,
              router: owner,
              replicated: true,
            });
      } else if (!gone.has(host))
        plugs.push({ port, host, network, kind: 'snat', ovsName, up: upNow, router: owner });
    } else if (o === FIP_GW_OWNER) {
      if (!gone.has(host))
        plugs.push({ port, host, network, kind: 'fip-gateway', ovsName: fgName(port.id), up });
    }
  }
  return plugs;
}

/**
 * The OVS internal port an agent plugs for a namespace (interface_driver = openvswitch): one end in the
 * namespace under the port's device name, the other on br-int, where the OVS agent tags it.
 */
export function addNamespacePort(b: PlaneBuilder, plug: Plug, nsId: DeviceId, ns: string): void {
  const portDev = devId(plug.host, plug.ovsName);
  b.add({
    id: portDev,
    kind: 'ovs-internal',
    name: plug.ovsName,
    host: plug.host,
    namespace: ns,
    sides: ['ns', 'br'],
    mtu: plug.network.mtu,
    up: plug.up,
    portId: plug.port.id,
  });
  b.link(nsId, plug.ovsName, portDev, 'ns');
}
