// Checks across resources, made on the normalized topology: what the Neutron server refuses when a
// router, a route or a security group rule is created.
import { cidrOf, cidrsOverlap, inCidr, ipToInt, isIpv4, parseCidr } from '../addr/ipv4';
import type { ErrorList } from './errors';
import { SEGMENT_RANGE } from './normalize-networks';
import { groupBy } from './refs';
import type { Topology } from './types';

function checkRouters(t: Topology, errors: ErrorList): void {
  const subnets = new Map(t.subnets.map((s) => [s.id as string, s]));
  const ports = groupBy(t.ports, (p) => p.device_id as string);
  t.routers.forEach((r, i) => {
    const own = ports.get(r.id) ?? [];
    const ifaces = own.filter((p) => p.device_owner === 'network:router_interface');
    const seen: { cidr: ReturnType<typeof cidrOf>; name: string; id: string }[] = [];
    for (const p of ifaces) {
      for (const f of p.fixed_ips) {
        const s = subnets.get(f.subnet_id);
        if (!s) continue;
        const c = cidrOf(s.cidr);
        const clash = seen.find((x) => cidrsOverlap(x.cidr, c));
        // Neutron: "Router already has a port on subnet" (l3_db _check_for_dup_router_subnets)
        if (clash?.id === s.id)
          errors.add(
            `routers[${i}]`,
            r.name,
            `has two interfaces on subnet ${s.name} (${s.cidr}); a router has one interface per subnet`,
          );
        else if (clash)
          errors.add(
            `routers[${i}]`,
            r.name,
            `has interfaces on overlapping subnets ${clash.name} (${clash.cidr.text}) and ${s.name} (${s.cidr})`,
          );
        seen.push({ cidr: c, name: s.name, id: s.id });
      }
    }
    const gw = own.find((p) => p.device_owner === 'network:router_gateway');
    const connected = [...seen.map((x) => x.cidr)];
    for (const f of gw?.fixed_ips ?? []) {
      const s = subnets.get(f.subnet_id);
      if (!s) continue;
      const c = cidrOf(s.cidr);
      const clash = seen.find((x) => cidrsOverlap(x.cidr, c));
      if (clash)
        errors.add(
          `routers[${i}].external_gateway_info`,
          s.cidr,
          `overlaps the router's interface subnet ${clash.name}`,
        );
      connected.push(c);
    }
    r.routes.forEach((route, j) => {
      const at = `routers[${i}].routes[${j}]`;
      const d = parseCidr(route.destination);
      if (!d.ok)
        errors.add(`${at}.destination`, route.destination, `is not a valid IPv4 CIDR: it ${d.message}`);
      if (!isIpv4(route.nexthop)) errors.add(`${at}.nexthop`, route.nexthop, 'is not a valid IPv4 address');
      else if (!connected.some((c) => inCidr(ipToInt(route.nexthop), c)))
        errors.add(`${at}.nexthop`, route.nexthop, 'is not on any subnet the router is connected to');
    });
  });
}

function checkSubnetRoutes(t: Topology, errors: ErrorList): void {
  t.subnets.forEach((s, i) => {
    s.host_routes.forEach((route, j) => {
      const at = `subnets[${i}].host_routes[${j}]`;
      const d = parseCidr(route.destination);
      if (!d.ok)
        errors.add(`${at}.destination`, route.destination, `is not a valid IPv4 CIDR: it ${d.message}`);
      if (!isIpv4(route.nexthop)) errors.add(`${at}.nexthop`, route.nexthop, 'is not a valid IPv4 address');
    });
  });
}

function checkRules(t: Topology, errors: ErrorList): void {
  t.security_groups.forEach((g, i) => {
    g.rules.forEach((r, j) => {
      const at = `security_groups[${i}].rules[${j}]`;
      if (r.remote_ip_prefix !== null) {
        const c = parseCidr(r.remote_ip_prefix);
        if (!c.ok)
          errors.add(
            `${at}.remote_ip_prefix`,
            r.remote_ip_prefix,
            `is not a valid IPv4 CIDR: it ${c.message}`,
          );
        if (r.remote_group_id !== null)
          errors.add(at, r.remote_ip_prefix, 'has both remote_ip_prefix and remote_group_id; give only one');
      }
      const { port_range_min: lo, port_range_max: hi } = r;
      if ((lo !== null || hi !== null) && r.protocol === null)
        errors.add(`${at}.port_range_min`, lo, 'needs a protocol (tcp, udp or icmp) to go with a port range');
      if (r.protocol === 'icmp') {
        if (lo !== null && lo > 255) errors.add(`${at}.port_range_min`, lo, 'is not an ICMP type (0 to 255)');
        if (hi !== null && hi > 255) errors.add(`${at}.port_range_max`, hi, 'is not an ICMP code (0 to 255)');
      } else if (lo !== null && hi !== null && lo > hi) {
        errors.add(`${at}.port_range_max`, hi, `is below port_range_min ${lo}`);
      }
    });
  });
}

function checkHosts(t: Topology, errors: ErrorList): void {
  t.hosts.forEach((h, i) => {
    h.segmentation_overrides.forEach((o, j) => {
      const net = t.networks.find((n) => n.id === o.network_id);
      const type = net?.['provider:network_type'];
      if (type === 'vxlan' || type === 'geneve' || type === 'vlan') {
        const [lo, hi] = SEGMENT_RANGE[type];
        if (o.segmentation_id < lo || o.segmentation_id > hi)
          errors.add(
            `hosts[${i}].segmentation_overrides[${j}].segmentation_id`,
            o.segmentation_id,
            `is out of range for ${type} (${lo} to ${hi})`,
          );
      } else if (net) {
        errors.add(
          `hosts[${i}].segmentation_overrides[${j}].network_id`,
          net.name,
          'is a flat network, which has no segmentation id',
        );
      }
    });
  });
}

/** The world behind an upstream router shares no address with the cloud: a route to it would shadow a
 * subnet, or the reverse. */
function checkOutside(t: Topology, errors: ErrorList): void {
  t.outside.forEach((w, i) => {
    const far = cidrOf(w.internet.cidr);
    for (const s of t.subnets) {
      if (!cidrsOverlap(far, cidrOf(s.cidr))) continue;
      const net = t.networks.find((n) => n.id === s.network_id);
      errors.add(
        `outside[${i}].internet.cidr`,
        w.internet.cidr,
        `overlaps subnet ${s.name} (${s.cidr}) of network ${net?.name ?? s.network_id}: the segment behind the upstream router must be apart from the cloud's subnets (set another internet.cidr)`,
      );
    }
  });
}

export function validateTopology(t: Topology, errors: ErrorList, warnings: string[]): void {
  checkOutside(t, errors);
  checkRouters(t, errors);
  checkSubnetRoutes(t, errors);
  checkRules(t, errors);
  checkHosts(t, errors);
  const bound = new Set(t.ports.map((p) => p.device_id as string));
  for (const s of t.servers) {
    if (!bound.has(s.id)) warnings.push(`server ${s.name} has no port: it is not on any network`);
  }
}
