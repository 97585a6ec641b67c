// Turning a send request (names as a user types them, or ids) into a source device and a destination
// address. Names may repeat, as in Neutron: a repeated name is refused with the candidates, told apart
// as src/sim/model/names.ts does ("vm1 (compute1), vm1 (compute2)"), and either form or the id works.
import { isIpv4 } from '../addr/ipv4';
import { type Found, findRouter, findServer, labelList } from '../model/names';
import type { Port, Router, Server, Topology } from '../model/types';
import type { Dataplane, DeviceId } from '../realize/dataplane';
import { type Crafted, craftError } from './craft';

/** What to send: its endpoints, protocol and count, and the fields of a hand-made packet (craft.ts). */
export interface SendRequest extends Crafted {
  /**
   * a server, an outside host, or router:<router> for its qrouter namespace; a server or router by its
   * id, its name, or the label that tells a repeated name apart ("vm1 (compute2)")
   */
  from: string;
  /** as `from`, or an IPv4 address */
  to: string;
  /**
   * the id of the server or router sent from: when given it decides, and `from` is only the words
   * shown for it (a form that lists things by name never depends on a name being unique)
   */
  fromId?: string;
  /** the id of the server or router sent to (a router is reached at its gateway address), as fromId */
  toId?: string;
  proto?: 'icmp' | 'tcp' | 'udp' | 'dhcp';
  port?: number;
  count?: number;
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
  portsOf: Map<string, Port[]>;
  /** router id -> subnet ids of its interfaces */
  routerSubnets: Map<string, Set<string>>;
  fipOfPort: Map<string, string>;
}

const indexes = new WeakMap<Topology, Index>();

function indexOf(t: Topology): Index {
  const hit = indexes.get(t);
  if (hit) return hit;
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
  const index = { portsOf, routerSubnets, fipOfPort };
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

/**
 * A repeated name, refused as `openstack server show` refuses it ("More than one Server exists with the
 * name"), with the candidates as they are told apart and how to name one.
 */
function ambiguous(flag: string, text: string, t: Topology, f: Found<Server> | Found<Router>): string {
  const candidates: (Server | Router)[] = f.ok ? [] : f.candidates;
  const router = text.startsWith('router:');
  const labels = labelList(t, candidates).split(', ');
  const both = `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  const name = router ? text.slice(7) : text;
  return `${flag} ${text}: more than one ${router ? 'router' : 'server'} is called ${name}: ${both}; name one as "${router ? 'router:' : ''}${labels[0]}", or by its id`;
}

type Source =
  | { ok: true; from: DeviceId; server: Server | null; outside: boolean }
  | { ok: false; error: string };

function resolveSource(t: Topology, plane: Dataplane, req: SendRequest): Source {
  const vmOf = (s: Server, what: string): Source => {
    const from = plane.index.vmByServer.get(s.id);
    return from
      ? { ok: true, from, server: s, outside: false }
      : { ok: false, error: `${what}: the server is not running on a host` };
  };
  const nsOf = (r: Router, what: string): Source => {
    const from = plane.index.nsByRouter.get(r.id);
    return from
      ? { ok: true, from, server: null, outside: false }
      : { ok: false, error: `${what}: router ${r.name} has no qrouter namespace yet` };
  };
  if (req.fromId) {
    const s = t.servers.find((x) => x.id === req.fromId);
    if (s) return vmOf(s, `--from ${req.from}`);
    const r = t.routers.find((x) => x.id === req.fromId);
    if (r) return nsOf(r, `--from ${req.from}`);
    return { ok: false, error: `--from ${req.from}: no server or router has the id ${req.fromId}` };
  }
  if (req.from.startsWith('router:')) {
    const f = findRouter(t, req.from.slice(7));
    if (f.ok) return nsOf(f.item, `--from ${req.from}`);
    if (f.candidates.length > 1) return { ok: false, error: ambiguous('--from', req.from, t, f) };
    return { ok: false, error: `--from ${req.from}: no such router, or it has no qrouter namespace yet` };
  }
  const f = findServer(t, req.from);
  if (f.ok) return vmOf(f.item, `--from ${req.from}`);
  if (f.candidates.length > 1) return { ok: false, error: ambiguous('--from', req.from, t, f) };
  const outside = plane.index.outsideByName.get(req.from);
  if (outside) return { ok: true, from: outside, server: null, outside: true };
  return { ok: false, error: `--from ${req.from}: no server or outside host has that name` };
}

/** The address a router is sent to at: its gateway port's. */
function gatewayOf(t: Topology, r: Router): string | undefined {
  return t.ports.find((p) => p.device_id === r.id && p.device_owner === 'network:router_gateway')
    ?.fixed_ips[0]?.ip_address;
}

export function resolveSend(t: Topology, plane: Dataplane, req: SendRequest): Resolved {
  const crafted = craftError(req);
  if (crafted) return { ok: false, error: crafted };
  const ix = indexOf(t);
  const src = resolveSource(t, plane, req);
  if (!src.ok) return src;
  const { from, server: fromServer } = src;
  if (req.proto === 'dhcp') {
    if (!fromServer) return { ok: false, error: '--proto dhcp: only a server runs a DHCP client' };
    return { ok: true, from, fromName: req.from, dst: '255.255.255.255' };
  }
  // A server is reached at its fixed IP from where that address is routable (its own network, or a
  // network on the same router); from anywhere else, at its floating IP when it has one.
  const serverDst = (server: Server): Resolved | string => {
    const port = (ix.portsOf.get(server.id) ?? []).find((p) => p.fixed_ips.length > 0);
    if (!port) return { ok: false, error: `--to ${req.to}: the server has no address` };
    const privately = !src.outside && fromServer !== null && privateReach(ix, fromServer.id, server.id);
    return (privately ? undefined : ix.fipOfPort.get(port.id)) ?? port.fixed_ips[0]!.ip_address;
  };
  let dst: string | undefined;
  if (req.toId) {
    const s = t.servers.find((x) => x.id === req.toId);
    const r = s ? undefined : t.routers.find((x) => x.id === req.toId);
    if (!s && !r) return { ok: false, error: `--to ${req.to}: no server or router has the id ${req.toId}` };
    const d = s ? serverDst(s) : gatewayOf(t, r!);
    if (typeof d === 'object') return d;
    dst = d;
  } else if (isIpv4(req.to)) dst = req.to;
  else if (req.to.startsWith('router:')) {
    const f = findRouter(t, req.to.slice(7));
    if (!f.ok && f.candidates.length > 1) return { ok: false, error: ambiguous('--to', req.to, t, f) };
    if (f.ok) dst = gatewayOf(t, f.item);
  } else {
    const f = findServer(t, req.to);
    if (!f.ok && f.candidates.length > 1) return { ok: false, error: ambiguous('--to', req.to, t, f) };
    if (f.ok) {
      const d = serverDst(f.item);
      if (typeof d === 'object') return d;
      dst = d;
    } else {
      for (const w of t.outside) {
        const h = w.hosts.find((x) => x.name === req.to);
        if (h) dst = h.ip;
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
