// Floating IPs, allocated as the Neutron server does: each is a port of its external network
// (device_owner network:floatingip) holding its address, given in the file or picked from the pools,
// and tied to the router that has an interface on its fixed IP's subnet and a gateway on its network.
import { cidrOf, inCidr, ipToInt, isIpv4 } from '../addr/ipv4';
import type { AddressBook } from './allocate';
import { ErrorList } from './errors';
import type { NormalizeContext } from './normalize';
import { groupBy, Registry } from './refs';
import type { FixedIp, FloatingIpId, Network, Port, ProjectId, Topology } from './types';

/** The floating IPs of the file whose given address was free, taken now: their index in the file. */
export function takeGivenFloatingIps(cx: NormalizeContext, book: AddressBook): Set<number> {
  const taken = new Set<number>();
  const networks = new Registry('network', cx.topo.networks);
  const unreported = new ErrorList();
  (cx.input.floatingips ?? []).forEach((f, i) => {
    const wanted = f.floating_ip_address;
    if (wanted === undefined || !isIpv4(wanted)) return;
    const net = networks.resolve(f.floating_network_id, '', unreported);
    if (!net?.['router:external']) return;
    const sub = cx.topo.subnets.find(
      (s) => s.network_id === net.id && inCidr(ipToInt(wanted), cidrOf(s.cidr)),
    );
    if (sub && !book.isNetworkOrBroadcast(sub.id, wanted) && book.take(sub.id, wanted)) taken.add(i);
  });
  return taken;
}

export function allocateFloatingIps(
  cx: NormalizeContext,
  book: AddressBook,
  given: ReadonlySet<number>,
): void {
  const t = cx.topo;
  const networks = new Registry('network', t.networks);
  const ports = new Registry('port', t.ports);
  const projects = new Registry('project', t.projects);
  const routers = new Registry('router', t.routers);
  // each network's subnets, in their order: read for each of the floating IPs
  const subnetsOf = groupBy(t.subnets, (s) => s.network_id);
  const boundPorts = new Set<string>();
  (cx.input.floatingips ?? []).forEach((f, i) => {
    const path = `floatingips[${i}]`;
    const id = cx.id<FloatingIpId>('floating IP', f.id, `${path}.id`);
    const net = networks.resolve(f.floating_network_id, `${path}.floating_network_id`, cx.errors);
    if (!net) return;
    if (!net['router:external']) {
      cx.errors.add(
        `${path}.floating_network_id`,
        f.floating_network_id,
        `is network ${net.name}, which is not external: floating IPs come from external networks`,
      );
      return;
    }
    const extSubnets = subnetsOf.get(net.id) ?? [];
    let address: string | null = null;
    if (f.floating_ip_address !== undefined) {
      // Asked for by address: the same IPAM checks as a port's fixed IP (the floating IP is a port).
      const wanted = f.floating_ip_address;
      const at = `${path}.floating_ip_address`;
      const sub = isIpv4(wanted)
        ? extSubnets.find((s) => inCidr(ipToInt(wanted), cidrOf(s.cidr)))
        : undefined;
      if (!isIpv4(wanted)) cx.errors.add(at, wanted, 'is not a valid IPv4 address');
      else if (!sub) cx.errors.add(at, wanted, `is in no subnet of network ${net.name}`);
      else if (given.has(i)) address = wanted;
      else if (book.isNetworkOrBroadcast(sub.id, wanted))
        cx.errors.add(at, wanted, `is the network or broadcast address of subnet ${sub.name} (${sub.cidr})`);
      else if (!book.take(sub.id, wanted))
        cx.errors.add(at, wanted, `is already in use on subnet ${sub.name}`);
      else address = wanted;
    } else {
      for (const s of extSubnets) {
        address = book.random(s.id);
        if (address) break;
      }
      if (!address)
        cx.errors.add(
          `${path}.floating_network_id`,
          net.name,
          'has no free address left for a floating IP (pools exhausted)',
        );
    }
    let port: Port | undefined;
    let fixed: FixedIp | undefined;
    let routerId: string | null = null;
    if (f.port_id) {
      port = ports.resolve(f.port_id, `${path}.port_id`, cx.errors);
      if (port) {
        fixed = f.fixed_ip_address
          ? port.fixed_ips.find((x) => x.ip_address === f.fixed_ip_address)
          : port.fixed_ips[0];
        if (!fixed)
          cx.errors.add(
            `${path}.fixed_ip_address`,
            f.fixed_ip_address ?? null,
            `is not an address of port ${port.name || port.id}`,
          );
        else {
          const key = `${port.id}|${fixed.ip_address}`;
          if (boundPorts.has(key))
            cx.errors.add(`${path}.port_id`, f.port_id, `already has a floating IP for ${fixed.ip_address}`);
          boundPorts.add(key);
          routerId = routerFor(t, net, fixed);
          if (!routerId)
            cx.errors.add(
              `${path}.port_id`,
              f.port_id,
              `cannot be reached from ${net.name}: no router has both an interface on the port's subnet and a gateway on ${net.name}`,
            );
        }
      }
    }
    if (f.router_id && routerId) {
      const given = routers.resolve(f.router_id, `${path}.router_id`, cx.errors);
      if (given && given.id !== routerId)
        cx.errors.add(
          `${path}.router_id`,
          f.router_id,
          'is not the router that connects this port to the external network',
        );
    }
    // A project given in the file wins; otherwise the floating IP belongs to its port's project.
    const owner =
      f.project_id === undefined
        ? undefined
        : projects.resolve(f.project_id, `${path}.project_id`, cx.errors);
    t.floatingips.push({
      id,
      project_id: (owner?.id ?? port?.project_id ?? net.project_id) as ProjectId,
      floating_network_id: net.id,
      floating_ip_address: address ?? '0.0.0.0',
      port_id: port ? port.id : null,
      fixed_ip_address: fixed ? fixed.ip_address : null,
      router_id: routerId as never,
    });
  });
}

/** The router with an interface on the fixed IP's subnet and a gateway on the floating network (Neutron's _get_router_for_floatingip). */
function routerFor(t: Topology, net: Network, fixed: FixedIp): string | null {
  for (const p of t.ports) {
    if (p.device_owner !== 'network:router_interface') continue;
    if (!p.fixed_ips.some((x) => x.subnet_id === fixed.subnet_id)) continue;
    const r = t.routers.find((x) => x.id === p.device_id);
    if (r?.external_gateway_info?.network_id === net.id) return r.id;
  }
  return null;
}
