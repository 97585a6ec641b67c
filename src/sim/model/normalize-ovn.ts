// What the Neutron server does differently under ML2/OVN (neutron-facts-beyond §3): no L3 or DHCP
// agent schedules anything. Router interfaces are bound nowhere (routing is distributed: every chassis
// runs the router's pipeline); the gateway port is bound to the chassis holding its cr-lrp port; DHCP
// is answered by ovn-controller, so there is no DHCP port, and each network with DHCP gets instead the
// metadata port the OVN metadata agent uses (device_owner network:distributed, device_id ovnmeta-<id>).
import type { NormalizeContext } from './normalize';
import { UNALLOCATED } from './normalize-ports';
import { activeGateway, gatewayChassisOf } from './ovn';
import type { Port, PortId, ProjectId } from './types';

/**
 * The routers ML2/OVN refuses. A distributed (DVR) router: OVN routes every router on every chassis
 * already, so the L3 plugin of OVN has no DVR mode. A router's `distributed` is its own or, left out,
 * options.router_distributed.
 */
function checkRouters(cx: NormalizeContext): void {
  cx.topo.routers.forEach((r, i) => {
    if (r.distributed)
      cx.errors.add(
        `routers[${i}].distributed`,
        true,
        `router ${r.name} is a DVR router, which ML2/OVN does not have (options.mechanism_driver is ovn): OVN routes on every chassis already, and only SNAT and floating IPs wait for the gateway chassis. Set it to false (and options.router_distributed too)`,
      );
  });
}

function metadataPort(cx: NormalizeContext, netId: Port['network_id'], project: ProjectId): Port {
  return {
    id: cx.id<PortId>('port', undefined, ''),
    name: '',
    network_id: netId,
    project_id: project,
    mac_address: '',
    fixed_ips: [],
    device_owner: 'network:distributed',
    device_id: `ovnmeta-${netId}`,
    'binding:host_id': null,
    security_groups: [],
    admin_state_up: true,
    port_security_enabled: true,
  };
}

/** Ports under ML2/OVN: router ports bound as OVN binds them; metadata ports instead of DHCP ports. */
export function scheduleOvn(cx: NormalizeContext): void {
  checkRouters(cx);
  const t = cx.topo;
  // no DHCP agent: its ports go (a cloud switched from the OVS agent keeps nothing of them)
  t.ports = t.ports.filter((p) => p.device_owner !== 'network:dhcp');
  const gateways = gatewayChassisOf(t);
  for (const p of t.ports) {
    if (p.device_owner === 'network:router_interface') p['binding:host_id'] = null;
    else if (p.device_owner === 'network:router_gateway') {
      const list = gateways.get(p.device_id as never) ?? [];
      p['binding:host_id'] = activeGateway(t, list);
    }
  }
  if (t.routers.some((r) => r.external_gateway_info) && gateways.size === 0 && t.hosts.length === 0)
    cx.warnings.push('no chassis can be a gateway chassis: the cloud has no hosts');
  for (const net of t.networks) {
    const dhcpSubnets = t.subnets.filter((s) => s.network_id === net.id && s.enable_dhcp);
    const mine = t.ports.filter((p) => p.network_id === net.id && p.device_owner === 'network:distributed');
    if (dhcpSubnets.length === 0) {
      t.ports = t.ports.filter((p) => !mine.includes(p));
      continue;
    }
    const port = mine[0] ?? metadataPort(cx, net.id, net.project_id);
    if (!mine[0]) t.ports.push(port);
    // one metadata port per network, with an address on each DHCP-enabled subnet
    t.ports = t.ports.filter((p) => !mine.slice(1).includes(p));
    const kept = port.fixed_ips.filter((f) => dhcpSubnets.some((d) => d.id === f.subnet_id));
    for (const d of dhcpSubnets)
      if (!kept.some((f) => f.subnet_id === d.id)) kept.push({ subnet_id: d.id, ip_address: UNALLOCATED });
    port.fixed_ips = kept;
    port['binding:host_id'] = null;
    port.device_id = `ovnmeta-${net.id}`;
  }
}

/** Under the OVS agent: ML2/OVN's metadata ports go, and its option is said to do nothing. */
export function dropOvnPorts(cx: NormalizeContext): void {
  cx.topo.ports = cx.topo.ports.filter((p) => p.device_owner !== 'network:distributed');
  if (cx.topo.options.enable_distributed_floating_ip)
    cx.warnings.push(
      'options.enable_distributed_floating_ip is an ML2/OVN option ([ovn]); with mechanism_driver openvswitch it has no effect',
    );
}
