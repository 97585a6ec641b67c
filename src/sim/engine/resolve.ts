// Turning a send request (names as a user types them) into a source device and a destination address.
import { isIpv4 } from '../addr/ipv4';
import type { Topology } from '../model/types';
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
}

export type Resolved =
  | { ok: true; from: DeviceId; fromName: string; dst: string }
  | { ok: false; error: string };

function byName<T extends { name: string }>(list: readonly T[], name: string): T[] {
  return list.filter((x) => x.name === name);
}

export function resolveSend(t: Topology, plane: Dataplane, req: SendRequest): Resolved {
  let from: DeviceId | undefined;
  let outsideSource = false;
  const fromServers = byName(t.servers, req.from);
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
    const servers = byName(t.servers, req.to);
    if (servers.length > 1)
      return { ok: false, error: `--to ${req.to}: ${servers.length} servers have that name` };
    const server = servers[0];
    if (server) {
      const port = t.ports.find((p) => p.device_id === server.id && p.fixed_ips.length > 0);
      if (!port) return { ok: false, error: `--to ${req.to}: the server has no address` };
      // A server is reached at its fixed IP from where that address is routable (its own network, or
      // a network on the same router); from anywhere else, at its floating IP when it has one.
      const privately =
        !outsideSource && fromServers[0] !== undefined && privateReach(t, fromServers[0].id, server.id);
      const fip = privately ? undefined : t.floatingips.find((f) => f.port_id === port.id);
      dst = fip?.floating_ip_address ?? port.fixed_ips[0]!.ip_address;
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

/** Do two servers share a network, or sit on networks joined by one router? */
function privateReach(t: Topology, a: string, b: string): boolean {
  const subnetsOf = (server: string) =>
    new Set(
      t.ports
        .filter((p) => p.device_id === server)
        .flatMap((p) => p.fixed_ips.map((f) => f.subnet_id as string)),
    );
  const sa = subnetsOf(a);
  const sb = subnetsOf(b);
  const netsA = new Set(t.ports.filter((p) => p.device_id === a).map((p) => p.network_id as string));
  if (t.ports.some((p) => p.device_id === b && netsA.has(p.network_id))) return true;
  for (const r of t.routers) {
    const ifaces = t.ports
      .filter((p) => p.device_id === r.id && p.device_owner === 'network:router_interface')
      .flatMap((p) => p.fixed_ips.map((f) => f.subnet_id as string));
    if (ifaces.some((s) => sa.has(s)) && ifaces.some((s) => sb.has(s))) return true;
  }
  return false;
}
