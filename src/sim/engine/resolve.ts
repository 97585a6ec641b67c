// Turning a send request (names as a user types them) into a source device and a destination address.
import { isIpv4 } from '../addr/ipv4';
import type { Port, Server, Topology } from '../model/types';
import type { Dataplane, DeviceId } from '../realize/dataplane';

export interface SendRequest {
  /** a server name, an outside host name, or router:<name> for its qrouter namespace */
  from: string;
  /** a server name, an outside host name, a router:<name>, or an IPv4 address */
  to: string;
  proto?: 'icmp' | 'tcp' | 'udp' | 'dhcp';
  port?: number;
  count?: number;
  /** IP TTL of the probe (for traceroute-like sends) */
  ttl?: number;
  /** IP packet size in bytes (ping -s adds 28) */
  size?: number;
  /** gap between probes in milliseconds */
  intervalMs?: number;
  /** for proto dhcp: the whole exchange from 0.0.0.0 as at boot (default), or a renewal: a REQUEST
   * sent straight to the DHCP server from the leased address, as dhclient does at T1 */
  dhcp?: 'discover' | 'renew';
}

export type Resolved =
  | { ok: true; from: DeviceId; fromName: string; dst: string }
  | { ok: false; error: string };

/** What resolving needs to find fast, built once per Topology (sends on a big cloud must not scan it). */
interface Index {
  servers: Map<string, Server[]>;
  portsOf: Map<string, Port[]>;
  /** router id -> subnet ids of its interfaces */
  routerSubnets: Map<string, Set<string>>;
  fipOfPort: Map<string, string>;
}

const indexes = new WeakMap<Topology, Index>();

function indexOf(t: Topology): Index {
  const hit = indexes.get(t);
  if (hit) return hit;
  const servers = new Map<string, Server[]>();
  for (const s of t.servers) servers.set(s.name, [...(servers.get(s.name) ?? []), s]);
  const portsOf = new Map<string, Port[]>();
  const routerSubnets = new Map<string, Set<string>>();
  for (const p of t.ports) {
    portsOf.set(p.device_id, [...(portsOf.get(p.device_id) ?? []), p]);
    if (p.device_owner === 'network:router_interface') {
      const set = routerSubnets.get(p.device_id) ?? new Set<string>();
      for (const f of p.fixed_ips) set.add(f.subnet_id);
      routerSubnets.set(p.device_id, set);
    }
  }
  const fipOfPort = new Map<string, string>();
  for (const f of t.floatingips) if (f.port_id) fipOfPort.set(f.port_id, f.floating_ip_address);
  const index = { servers, portsOf, routerSubnets, fipOfPort };
  indexes.set(t, index);
  return index;
}

/** Do two servers share a network, or sit on networks joined by one router? */
function privateReach(ix: Index, a: string, b: string): boolean {
  const pa = ix.portsOf.get(a) ?? [];
  const pb = ix.portsOf.get(b) ?? [];
  const netsA = new Set(pa.map((p) => p.network_id as string));
  if (pb.some((p) => netsA.has(p.network_id))) return true;
  const sa = pa.flatMap((p) => p.fixed_ips.map((f) => f.subnet_id as string));
  const sb = pb.flatMap((p) => p.fixed_ips.map((f) => f.subnet_id as string));
  for (const subnets of ix.routerSubnets.values())
    if (sa.some((s) => subnets.has(s)) && sb.some((s) => subnets.has(s))) return true;
  return false;
}

export function resolveSend(t: Topology, plane: Dataplane, req: SendRequest): Resolved {
  const ix = indexOf(t);
  let from: DeviceId | undefined;
  let outsideSource = false;
  const fromServers = ix.servers.get(req.from) ?? [];
  if (fromServers.length > 1)
    return { ok: false, error: `--from ${req.from}: ${fromServers.length} servers have that name` };
  if (fromServers[0]) {
    from = plane.index.vmByServer.get(fromServers[0].id);
    if (!from) return { ok: false, error: `--from ${req.from}: the server is not running on a host` };
  } else if (req.from.startsWith('router:')) {
    const r = t.routers.find((x) => x.name === req.from.slice(7) || x.id === req.from.slice(7));
    from = r ? plane.index.nsByRouter.get(r.id) : undefined;
    if (!from)
      return { ok: false, error: `--from ${req.from}: no such router, or it has no qrouter namespace yet` };
  } else {
    from = plane.index.outsideByName.get(req.from);
    outsideSource = !!from;
  }
  if (!from) return { ok: false, error: `--from ${req.from}: no server or outside host has that name` };
  if (req.proto === 'dhcp') {
    if (!fromServers[0]) return { ok: false, error: '--proto dhcp: only a server runs a DHCP client' };
    return { ok: true, from, fromName: req.from, dst: '255.255.255.255' };
  }
  let dst: string | undefined;
  if (isIpv4(req.to)) dst = req.to;
  else {
    const servers = ix.servers.get(req.to) ?? [];
    if (servers.length > 1)
      return { ok: false, error: `--to ${req.to}: ${servers.length} servers have that name` };
    const server = servers[0];
    if (server) {
      const port = (ix.portsOf.get(server.id) ?? []).find((p) => p.fixed_ips.length > 0);
      if (!port) return { ok: false, error: `--to ${req.to}: the server has no address` };
      // A server is reached at its fixed IP from where that address is routable (its own network, or
      // a network on the same router); from anywhere else, at its floating IP when it has one.
      const privately =
        !outsideSource && fromServers[0] !== undefined && privateReach(ix, fromServers[0].id, server.id);
      dst = (privately ? undefined : ix.fipOfPort.get(port.id)) ?? port.fixed_ips[0]!.ip_address;
    } else {
      for (const w of t.outside) {
        const h = w.hosts.find((x) => x.name === req.to);
        if (h) dst = h.ip;
      }
      if (!dst && req.to.startsWith('router:')) {
        const r = t.routers.find((x) => x.name === req.to.slice(7));
        dst = t.ports.find((p) => p.device_id === r?.id && p.device_owner === 'network:router_gateway')
          ?.fixed_ips[0]?.ip_address;
      }
    }
  }
  if (!dst)
    return {
      ok: false,
      error: `--to ${req.to}: not an IPv4 address, and no server or outside host has that name`,
    };
  return { ok: true, from, fromName: req.from, dst };
}
