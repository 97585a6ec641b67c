// Address allocation over the whole topology, in the order the Neutron server would have made the
// requests: addresses given in the file first, then router interfaces on their subnet's gateway_ip
// (l3_db _add_interface_by_subnet), DHCP ports on the first free pool address, router gateways, VM
// ports, and floating IPs. Then the floating IPs are tied to their routers and the outside world of
// each external network gets its defaults.
import { cidrOf, inCidr, intToIp, ipToInt, isIpv4, parseCidr } from '../addr/ipv4';
import { isMac, normalizeMac } from '../addr/mac';
import { AddressBook, MacBook } from './allocate';
import type { NormalizeContext } from './normalize';
import { allocateFloatingIps, takeGivenFloatingIps } from './normalize-floating-ips';
import { UNALLOCATED } from './normalize-ports';
import { Registry } from './refs';
import { isProviderNetwork, type OutsideWorld, type Port, type Subnet, type Topology } from './types';

/** A port in words: "server vm1's port", "router router1's interface", "the DHCP port". */
function portLabel(t: Topology, p: Port): string {
  const owner = p.device_owner;
  if (owner.startsWith('compute:')) {
    const s = t.servers.find((x) => x.id === p.device_id);
    return s ? `server ${s.name}'s port` : 'an unattached port';
  }
  const r = t.routers.find((x) => x.id === p.device_id);
  if (owner === 'network:router_interface') return `router ${r?.name ?? '?'}'s interface`;
  if (owner === 'network:router_gateway') return `router ${r?.name ?? '?'}'s gateway port`;
  if (owner === 'network:distributed') return 'the OVN metadata port';
  if (owner === 'network:router_ha_interface') return `router ${r?.name ?? '?'}'s HA port`;
  return 'the DHCP port';
}

function phase(p: Port): number {
  switch (p.device_owner) {
    case 'network:router_interface':
      return 1;
    case 'network:dhcp':
    case 'network:distributed':
      return 2;
    case 'network:router_gateway':
      return 3;
    default:
      return 4;
  }
}

/** Whether an address is in one of a subnet's allocation pools. */
function inPools(sub: Subnet, ip: string): boolean {
  const n = ipToInt(ip);
  return sub.allocation_pools.some((p) => n >= ipToInt(p.start) && n <= ipToInt(p.end));
}

export function allocateAddresses(cx: NormalizeContext): void {
  const t = cx.topo;
  const book = new AddressBook(cx.rng);
  for (const s of t.subnets) book.addSubnet(s);
  const subnetsById = new Map(t.subnets.map((s) => [s.id as string, s]));
  const macs = new MacBook(cx.bytes);
  const where = (p: Port) => (p.name ? `port ${p.name}` : portLabel(t, p));
  // where a port is in the file, looked up only when a problem is reported
  let indexOf: Map<Port, number> | null = null;
  const pathOf = (p: Port, rest: string) => {
    indexOf ??= new Map(t.ports.map((x, i) => [x, i]));
    const i = indexOf.get(p) ?? t.ports.indexOf(p);
    if (i < (cx.input.ports?.length ?? 0)) return `ports[${i}]${rest}`;
    // A gateway port made by normalization stands for its router's external_gateway_info in the file.
    const r =
      p.device_owner === 'network:router_gateway' ? t.routers.findIndex((x) => x.id === p.device_id) : -1;
    if (r >= 0 && rest.startsWith('.fixed_ips'))
      return `routers[${r}].external_gateway_info.external_${rest.slice(1)}`;
    return `(${where(p)})${rest}`;
  };

  // MACs given in the file are reserved before any is drawn.
  for (const p of t.ports) {
    if (p.mac_address && !macs.take(p.mac_address))
      cx.errors.add(pathOf(p, '.mac_address'), p.mac_address, 'is already used by another port');
  }
  // Explicit addresses.
  for (const p of t.ports) {
    p.fixed_ips.forEach((f, j) => {
      if (f.ip_address === UNALLOCATED) return;
      const sub = subnetsById.get(f.subnet_id)!;
      const at = () => pathOf(p, `.fixed_ips[${j}].ip_address`);
      if (!book.inSubnet(f.subnet_id, f.ip_address)) {
        cx.errors.add(at(), f.ip_address, `is outside subnet ${sub.name} (${sub.cidr})`);
        return;
      }
      // Neutron's IPAM checks an asked-for address only for being in the subnet, not its network or
      // broadcast address, and free (neutrondb_ipam _verify_ip): the pools bound only what it picks itself.
      if (book.isNetworkOrBroadcast(f.subnet_id, f.ip_address)) {
        cx.errors.add(
          at(),
          f.ip_address,
          `is the network or broadcast address of subnet ${sub.name} (${sub.cidr})`,
        );
        return;
      }
      const isGatewayIface = p.device_owner === 'network:router_interface' && f.ip_address === sub.gateway_ip;
      if (f.ip_address === sub.gateway_ip && !isGatewayIface) {
        cx.errors.add(
          at(),
          f.ip_address,
          `is the gateway_ip of subnet ${sub.name}, which only a router interface may hold`,
        );
        return;
      }
      if (!isGatewayIface && !book.take(f.subnet_id, f.ip_address))
        cx.errors.add(at(), f.ip_address, `is already in use on subnet ${sub.name}`);
      else if (
        !isGatewayIface &&
        p.device_owner !== 'network:router_interface' &&
        !book.inPool(f.subnet_id, f.ip_address)
      )
        cx.warnings.push(
          `${at()}: ${f.ip_address} is outside the allocation pools of subnet ${sub.name}; Neutron accepts an address asked for by hand (the pools only bound what it picks itself), so this cloud does too`,
        );
    });
  }
  // A floating IP is a port (device_owner network:floatingip) holding its address: one given in the
  // file is taken with the other given addresses, before Neutron picks any (a router gateway added
  // later never gets an address a floating IP holds). The checks and their messages are below.
  const floatingTaken = takeGivenFloatingIps(cx, book);
  // The router interface holding each subnet's gateway_ip, asked for in the file or given below.
  const gatewayHolder = new Map<string, Port>();
  for (const p of t.ports) {
    if (p.device_owner !== 'network:router_interface') continue;
    for (const f of p.fixed_ips)
      if (f.ip_address !== UNALLOCATED && f.ip_address === subnetsById.get(f.subnet_id)?.gateway_ip)
        gatewayHolder.set(f.subnet_id, gatewayHolder.get(f.subnet_id) ?? p);
  }
  // Then, phase by phase, what Neutron chooses.
  const ordered = [...t.ports].sort((a, b) => phase(a) - phase(b));
  for (const p of ordered) {
    p.fixed_ips.forEach((f, j) => {
      if (f.ip_address !== UNALLOCATED) return;
      const sub = subnetsById.get(f.subnet_id)!;
      let ip: string | null;
      if (p.device_owner === 'network:router_interface') {
        // The first router on a subnet gets its gateway_ip (`openstack router add subnet`, l3_db
        // _add_interface_by_subnet, neutron-facts §8). A gateway_ip another router holds already is
        // refused there; a further router joins the way Neutron allows it, with a port made first
        // (`openstack port create` then `openstack router add port`, l3_db _add_interface_by_port):
        // that port has a free address of the pool.
        const holder = gatewayHolder.get(sub.id);
        if (sub.gateway_ip && !holder) {
          ip = sub.gateway_ip;
          gatewayHolder.set(sub.id, p);
        } else if (holder) {
          ip = book.random(f.subnet_id);
          if (!ip)
            cx.errors.add(
              pathOf(p, `.fixed_ips[${j}]`),
              sub.name,
              `cannot get an address for ${portLabel(t, p)}: the gateway ${sub.gateway_ip} belongs to ${portLabel(t, holder)} and the allocation pools of subnet ${sub.name} (${sub.cidr}) are exhausted`,
            );
        } else {
          ip = null;
          cx.errors.add(
            pathOf(p, `.fixed_ips[${j}]`),
            sub.name,
            `cannot be the router interface: subnet ${sub.name} has no gateway_ip; give an ip_address`,
          );
        }
      } else {
        ip =
          p.device_owner === 'network:dhcp' || p.device_owner === 'network:distributed'
            ? book.first(f.subnet_id)
            : book.random(f.subnet_id);
        if (!ip)
          cx.errors.add(
            pathOf(p, `.fixed_ips[${j}]`),
            sub.name,
            `cannot get an address: the allocation pools of subnet ${sub.name} (${sub.cidr}) are exhausted`,
          );
      }
      f.ip_address = ip ?? '0.0.0.0';
    });
    if (!p.mac_address) p.mac_address = macs.next();
  }
  // Router interfaces: one per subnet per router, gateway IP not shared with another router.
  const ifaceBySubnet = new Map<string, Port>();
  for (const p of t.ports) {
    if (p.device_owner !== 'network:router_interface') continue;
    for (const f of p.fixed_ips) {
      const key = `${f.subnet_id}|${f.ip_address}`;
      const other = ifaceBySubnet.get(key);
      if (other)
        cx.errors.add(
          pathOf(p, '.fixed_ips'),
          f.ip_address,
          `is already the address of ${portLabel(t, other)} on subnet ${subnetsById.get(f.subnet_id)?.name ?? '?'}`,
        );
      ifaceBySubnet.set(key, p);
    }
  }
  // each router's gateway port (the first, as a search of the ports would find it)
  const gatewayPorts = new Map<string, Port>();
  for (const p of t.ports)
    if (p.device_owner === 'network:router_gateway' && !gatewayPorts.has(p.device_id))
      gatewayPorts.set(p.device_id, p);
  for (const r of t.routers) {
    const gwPort = gatewayPorts.get(r.id);
    if (r.external_gateway_info && gwPort)
      r.external_gateway_info.external_fixed_ips = gwPort.fixed_ips.map((f) => ({ ...f }));
  }
  allocateFloatingIps(cx, book, floatingTaken);
  buildOutside(cx);
}

function buildOutside(cx: NormalizeContext): void {
  const t = cx.topo;
  const networks = new Registry('network', t.networks);
  const given = new Map<string, { entry: NonNullable<typeof cx.input.outside>[number]; i: number }>();
  (cx.input.outside ?? []).forEach((o, i) => {
    const net = networks.resolve(o.network_id, `outside[${i}].network_id`, cx.errors);
    if (!net) return;
    if (!net['router:external'] && !isProviderNetwork(net))
      cx.errors.add(
        `outside[${i}].network_id`,
        o.network_id,
        `is network ${net.name}, which is neither external nor a provider network (flat or vlan on a physical network): its gateway is a Neutron router, not one outside the cloud`,
      );
    else given.set(net.id, { entry: o, i });
  });
  const macs = new MacBook(cx.bytes, '52:54:00');
  const names = new Set(t.servers.map((s) => s.name));
  let n = 0;
  // every external network has its world; so has a provider network that a file gives one, or whose
  // gateway no Neutron router holds: the physical router of the admin guide's provider design
  // (deploy-ovs-provider: "the physical network infrastructure handles routing")
  const gatewayHeld = (sub: Subnet) =>
    t.ports.some(
      (p) =>
        p.device_owner === 'network:router_interface' &&
        p.fixed_ips.some((f) => f.subnet_id === sub.id && f.ip_address === sub.gateway_ip),
    );
  const worlds = [
    ...t.networks.filter((net) => net['router:external']),
    ...t.networks.filter((net) => !net['router:external'] && isProviderNetwork(net)),
  ];
  for (const net of worlds) {
    const sub = t.subnets.find((s) => s.network_id === net.id);
    if (!sub) continue;
    const g = given.get(net.id);
    if (!g && !net['router:external'] && (!sub.gateway_ip || gatewayHeld(sub))) continue;
    const path = g ? `outside[${g.i}]` : `(outside world of ${net.name})`;
    const e = g?.entry;
    const gwIp = e?.gateway?.ip ?? sub.gateway_ip;
    if (!gwIp || !isIpv4(gwIp) || !inCidr(ipToInt(gwIp), cidrOf(sub.cidr))) {
      cx.errors.add(
        `${path}.gateway.ip`,
        gwIp ?? null,
        `must be an address on ${sub.cidr}, the external subnet the upstream router sits on`,
      );
      continue;
    }
    const suffix = n === 0 ? '' : `-${n + 1}`;
    n++;
    // the world behind the upstream router: TEST-NET-2 by default, apart from 203.0.113.0/24 (TEST-NET-3),
    // the external subnet of the install guide's provider network
    const internetCidr = e?.internet?.cidr ?? `198.51.${100 + n - 1}.0/24`;
    const pc = parseCidr(internetCidr);
    if (!pc.ok) {
      cx.errors.add(`${path}.internet.cidr`, internetCidr, `is not a valid IPv4 CIDR: it ${pc.message}`);
      continue;
    }
    const internetGw = e?.internet?.gateway_ip ?? intToIp(pc.cidr.net + 1);
    const mac = (v: string | undefined, at: string) => {
      if (v === undefined) return macs.next();
      if (!isMac(v)) cx.errors.add(at, v, 'is not a valid MAC address');
      return normalizeMac(v);
    };
    const world: OutsideWorld = {
      network_id: net.id,
      gateway: {
        name: e?.gateway?.name ?? `upstream${suffix}`,
        ip: gwIp,
        mac: mac(e?.gateway?.mac, `${path}.gateway.mac`),
      },
      internet: {
        cidr: pc.cidr.text,
        gateway_ip: internetGw,
        mac: mac(e?.internet?.mac, `${path}.internet.mac`),
      },
      hosts: [],
    };
    const hosts = e?.hosts ?? [
      { name: `internet${suffix}`, ip: intToIp(pc.cidr.net + 10), listening: { tcp: [80, 443] } },
    ];
    const ext = cidrOf(sub.cidr);
    hosts.forEach((h, j) => {
      const at = `${path}.hosts[${j}]`;
      // a host sits behind the upstream router, or on the external network itself (on-link)
      const behind = isIpv4(h.ip) && inCidr(ipToInt(h.ip), pc.cidr);
      const onLink = isIpv4(h.ip) && inCidr(ipToInt(h.ip), ext);
      if (!behind && !onLink)
        cx.errors.add(
          `${at}.ip`,
          h.ip,
          `must be an address on ${pc.cidr.text} (behind the upstream router) or on ${sub.cidr}, the external subnet itself (reached without the upstream router)`,
        );
      else if (onLink && (h.ip === gwIp || inPools(sub, h.ip)))
        cx.errors.add(
          `${at}.ip`,
          h.ip,
          h.ip === gwIp
            ? `is the upstream router's address on ${sub.cidr}`
            : `is in the allocation pool of subnet ${sub.name} (${sub.allocation_pools.map((p) => `${p.start}-${p.end}`).join(', ')}): Neutron could give it to a port; take an address outside the pool`,
        );
      if (names.has(h.name))
        cx.errors.add(`${at}.name`, h.name, 'is already the name of a server or outside host');
      names.add(h.name);
      world.hosts.push({
        name: h.name,
        ip: h.ip,
        mac: mac('mac' in h ? h.mac : undefined, `${at}.mac`),
        listening: { tcp: [...(h.listening?.tcp ?? [])], udp: [...(h.listening?.udp ?? [])] },
      });
    });
    t.outside.push(world);
  }
}
