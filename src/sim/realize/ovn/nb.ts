// The Northbound database the Neutron OVN driver (ovn_client.py) writes from Neutron's objects
// (neutron-facts-beyond §3.2): a Logical_Switch per network, a Logical_Switch_Port per port, a
// Logical_Router per router with its ports, NAT rows and routes, DHCP_Options per subnet.
import { macFromBytes } from '../../addr/mac';
import { hashText, seededBytes } from '../../addr/random';
import { gatewayChassisOf } from '../../model/ovn';
import { isProviderNetwork, type Port, type Topology } from '../../model/types';
import type { Lookup } from '../plan';
import { portGroups } from './acl';
import type { Nb, NbDhcpOptions, NbNat, NbRouter, NbRouterPort, NbSwitch, NbSwitchPort } from './db';
import { chassisName, lrpName, ovnName, provnetName, rowUuid, segmentId, serverMac } from './names';

/** [ovn] dhcp_default_lease_time */
export const DHCP_LEASE_TIME = 43200;
const METADATA_IP = '169.254.169.254';

function maskOf(prefix: number): string {
  const m = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (m >>> s) & 0xff).join('.');
}

function switchPort(p: Port, lk: Lookup, t: Topology): NbSwitchPort {
  const ips = p.fixed_ips.map((f) => f.ip_address);
  const owner = lk.servers.get(p.device_id)?.name ?? lk.routers.get(p.device_id)?.name ?? '';
  const base = { uuid: rowUuid(`lsp|${p.id}`), name: p.id, aka: p.name, owner, portId: p.id, tag: null };
  if (p.device_owner === 'network:router_interface' || p.device_owner === 'network:router_gateway')
    return {
      ...base,
      type: 'router',
      addresses: ['router'],
      port_security: [],
      options: { 'router-port': lrpName(p.id) },
      up: true,
      mac: p.mac_address,
      ips,
    };
  const addresses = [[p.mac_address, ...ips].join(' ')];
  if (p.device_owner === 'network:distributed')
    return {
      ...base,
      type: 'localport',
      addresses,
      port_security: [],
      options: {},
      up: true,
      mac: p.mac_address,
      ips,
    };
  const server = lk.servers.get(p.device_id);
  const host = p['binding:host_id'];
  const net = lk.networks.get(p.network_id);
  return {
    ...base,
    type: '',
    addresses,
    port_security: p.port_security_enabled ? addresses : [],
    options: host ? { 'requested-chassis': host } : {},
    // a port is up once ovn-controller on its chassis claimed it and it is administratively up
    up:
      !!server &&
      !!host &&
      p.admin_state_up &&
      (net?.admin_state_up ?? false) &&
      t.hosts.some((h) => h.name === host),
    mac: p.mac_address,
    ips,
  };
}

function switches(t: Topology, lk: Lookup): NbSwitch[] {
  const byNet = new Map<string, Port[]>();
  for (const p of t.ports) {
    if (p.device_owner.startsWith('compute:') && !lk.servers.has(p.device_id)) continue;
    if (p.device_owner === 'network:dhcp') continue;
    const list = byNet.get(p.network_id);
    if (list) list.push(p);
    else byNet.set(p.network_id, [p]);
  }
  return t.networks.map((n) => {
    const ports = (byNet.get(n.id) ?? []).map((p) => switchPort(p, lk, t));
    if (isProviderNetwork(n)) {
      const vlan = n['provider:network_type'] === 'vlan' ? n['provider:segmentation_id'] : null;
      ports.push({
        uuid: rowUuid(`lsp|provnet|${n.id}`),
        name: provnetName(segmentId(n.id)),
        type: 'localnet',
        addresses: ['unknown'],
        port_security: [],
        options: { network_name: n['provider:physical_network']! },
        tag: vlan,
        up: true,
        aka: '',
        owner: '',
        portId: null,
        mac: null,
        ips: [],
      });
    }
    return {
      uuid: rowUuid(`ls|${n.id}`),
      name: ovnName(n.id),
      networkId: n.id,
      aka: n.name,
      mtu: n.mtu,
      ports,
    };
  });
}

/** The MAC of a floating IP's own port (Neutron makes one per FIP), drawn from the FIP's id. */
export function fipMac(fipId: string): string {
  const b = seededBytes(hashText(`fip-mac|${fipId}`));
  return macFromBytes('fa:16:3e', b.byte(), b.byte(), b.byte());
}

function routers(t: Topology, lk: Lookup): NbRouter[] {
  const gateways = gatewayChassisOf(t);
  const portById = new Map(t.ports.map((p) => [p.id as string, p]));
  const byRouter = new Map<string, Port[]>();
  for (const p of t.ports)
    if (p.device_owner === 'network:router_interface' || p.device_owner === 'network:router_gateway') {
      const list = byRouter.get(p.device_id);
      if (list) list.push(p);
      else byRouter.set(p.device_id, [p]);
    }
  return t.routers.map((r) => {
    const mine = byRouter.get(r.id) ?? [];
    const ports: NbRouterPort[] = mine.map((p) => {
      const gw = p.device_owner === 'network:router_gateway';
      return {
        uuid: rowUuid(`lrp|${p.id}`),
        name: lrpName(p.id),
        portId: p.id,
        mac: p.mac_address,
        networks: p.fixed_ips.map((f) => `${f.ip_address}/${lk.cidrs.get(f.subnet_id)?.prefix ?? 32}`),
        gateway_chassis: gw
          ? (gateways.get(r.id) ?? []).map((g) => ({
              name: `${lrpName(p.id)}_${chassisName(g.host)}`,
              chassis: chassisName(g.host),
              host: g.host,
              priority: g.priority,
            }))
          : [],
        peer: p.id,
        switchName: ovnName(p.network_id),
      };
    });
    const gwPort = mine.find((p) => p.device_owner === 'network:router_gateway');
    const gwIp = gwPort?.fixed_ips[0]?.ip_address ?? null;
    const nat: NbNat[] = [];
    const routes: NbRouter['static_routes'][number][] = [];
    if (gwPort && gwIp) {
      for (const f of gwPort.fixed_ips) {
        const gwOfSubnet = lk.subnets.get(f.subnet_id)?.gateway_ip;
        if (gwOfSubnet) {
          routes.push({ ip_prefix: '0.0.0.0/0', nexthop: gwOfSubnet, ext_gw: true });
          break;
        }
      }
      if (r.external_gateway_info?.enable_snat)
        for (const p of mine)
          if (p.device_owner === 'network:router_interface')
            for (const f of p.fixed_ips) {
              const sub = lk.subnets.get(f.subnet_id);
              if (sub)
                nat.push({
                  uuid: rowUuid(`nat|snat|${r.id}|${sub.id}`),
                  type: 'snat',
                  external_ip: gwIp,
                  logical_ip: sub.cidr,
                  logical_port: null,
                  external_mac: null,
                });
            }
      for (const f of t.floatingips) {
        if (f.router_id !== r.id || !f.port_id || !f.fixed_ip_address) continue;
        const port = portById.get(f.port_id);
        // a distributed floating IP needs its port up and bound (ovn_client._create_or_update_floatingip)
        const distributed =
          t.options.enable_distributed_floating_ip && !!port?.['binding:host_id'] && port.admin_state_up;
        nat.push({
          uuid: rowUuid(`nat|fip|${f.id}`),
          type: 'dnat_and_snat',
          external_ip: f.floating_ip_address,
          logical_ip: f.fixed_ip_address,
          logical_port: f.port_id,
          external_mac: distributed ? fipMac(f.id) : null,
        });
      }
    }
    for (const x of r.routes) routes.push({ ip_prefix: x.destination, nexthop: x.nexthop, ext_gw: false });
    return {
      uuid: rowUuid(`lr|${r.id}`),
      name: ovnName(r.id),
      routerId: r.id,
      aka: r.name,
      ports,
      nat,
      static_routes: routes,
    };
  });
}

/** DHCP_Options per DHCP-enabled subnet (ovn_client._get_ovn_dhcpv4_opts). */
function dhcpOptions(t: Topology, lk: Lookup): NbDhcpOptions[] {
  const metaIp = new Map<string, string>();
  for (const p of t.ports)
    if (p.device_owner === 'network:distributed')
      for (const f of p.fixed_ips) metaIp.set(f.subnet_id, f.ip_address);
  return t.subnets
    .filter((s) => s.enable_dhcp)
    .map((s) => {
      const prefix = lk.cidrs.get(s.id)!.prefix;
      const meta = metaIp.get(s.id);
      const routes = [
        ...(meta ? [`${METADATA_IP}/32,${meta}`] : []),
        ...(s.gateway_ip ? [`0.0.0.0/0,${s.gateway_ip}`] : []),
      ];
      return {
        uuid: rowUuid(`dhcp|${s.id}`),
        cidr: s.cidr,
        subnetId: s.id,
        options: {
          netmask: maskOf(prefix),
          prefix,
          router: s.gateway_ip,
          server_id: s.gateway_ip ?? meta ?? s.allocation_pools[0]?.start ?? s.cidr.split('/')[0]!,
          server_mac: serverMac(s.id),
          lease_time: DHCP_LEASE_TIME,
          mtu: lk.networks.get(s.network_id)?.mtu ?? 1442,
          classless_static_route: routes.length ? `{${routes.join(', ')}}` : null,
        },
      };
    });
}

export function northbound(t: Topology, lk: Lookup): Nb {
  return {
    switches: switches(t, lk),
    routers: routers(t, lk),
    portGroups: portGroups(t),
    dhcpOptions: dhcpOptions(t, lk),
  };
}
