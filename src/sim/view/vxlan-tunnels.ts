// The VXLAN tunnels of an ML2/OVS cloud for the physical view: one per pair of hosts that have a
// tunnel port toward each other, labelled with the VNIs whose flows on either br-tun output to it.
import type { HostName, Topology } from '../model/types';
import type { Dataplane, Device, OvsBridge } from '../realize/dataplane';
import type { HostPart, VxlanPort } from './host-parts';
import type { TunnelView } from './plane-view';

/** Each br-tun's tunnel ports -> the VNIs of the flows that output to them, read once per bridge: a
 * bridge never changes, and a plane realized after an edit keeps those of the hosts it did not reach. */
const vnisByBridge = new WeakMap<OvsBridge, Map<string, ReadonlySet<number>>>();

/**
 * The sets last read from the br-tun of each id, port by port. A br-tun built again after an edit
 * (l2population's entries of another host changed) mostly sends the same VNIs into each tunnel: its
 * port then gets the set object it had, and the tunnel's view is taken again (tunnelsOf).
 */
const lastVnis = new Map<string, ReadonlyMap<string, ReadonlySet<number>>>();

function tunnelVnis(tun: OvsBridge): ReadonlyMap<string, ReadonlySet<number>> {
  let out = vnisByBridge.get(tun);
  if (out) return out;
  const read = new Map<string, Set<number>>();
  for (const f of tun.flows.all()) {
    // most flows of a br-tun set no tunnel id: no list is made for them
    let set: number[] | null = null;
    for (const a of f.actions)
      if (a.a === 'set_tunnel') {
        set ??= [];
        set.push(a.vni);
      }
    if (!set) continue;
    for (const a of f.actions)
      if (a.a === 'output') {
        const s = read.get(a.port);
        if (s) for (const v of set) s.add(v);
        else read.set(a.port, new Set(set));
      }
  }
  const was = lastVnis.get(tun.id);
  out = new Map();
  for (const [port, set] of read) {
    const old = was?.get(port);
    out.set(port, old && sameSet(old, set) ? old : set);
  }
  vnisByBridge.set(tun, out);
  lastVnis.set(tun.id, out);
  return out;
}

function sameSet(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

/**
 * The VNIs' networks as one object while they stay the same: a tunnel's view names the networks of its
 * VNIs, and is taken again while they name the same ones.
 */
let netsNow: { key: string; byVni: ReadonlyMap<number, string> } | null = null;

function networksByVni(t: Topology): { key: string; byVni: ReadonlyMap<number, string> } {
  const byVni = new Map<number, string>();
  let key = '';
  for (const n of t.networks)
    if (n['provider:network_type'] === 'vxlan') {
      byVni.set(n['provider:segmentation_id']!, n.id);
      key += `${n['provider:segmentation_id']}=${n.id},`;
    }
  if (netsNow?.key !== key) netsNow = { key, byVni };
  return netsNow;
}

/**
 * What a host's ports gave the last time its part was drawn, port by port in the part's order: the
 * other host's part then, and the tunnel listed from the port (null when listed from the other host).
 * Taken again while the other host's part, the hosts' order and the VNIs' networks are what they were:
 * the tunnel is made of the two parts' ports and br-tun alone. `drawn` is the call that last went
 * through it: when that was the call just before, only its ports toward a host whose part changed since
 * are looked at (an edit of L changes about ten of a hundred hosts, whose 9,900 ports were read one by
 * one after every edit).
 */
type Memo = {
  nets: unknown;
  order: unknown;
  brTun: Device | undefined;
  drawn: number;
  ports: { d: VxlanPort; there: HostPart | undefined; view: TunnelView | null }[];
};
/** By the part's VXLAN ports: a part made again with the same ports and br-tun (a host whose VMs'
 * firewalls changed) keeps its memo. */
const memos = new WeakMap<ReadonlyMap<string, VxlanPort>, Memo>();

/** Whether two parts make the same tunnels: the same VXLAN ports and the same br-tun. */
const sameTunnels = (a: HostPart | undefined, b: HostPart | undefined): boolean =>
  a === b || (!!a && !!b && a.vxlan === b.vxlan && a.brTun === b.brTun);
/** The parts of the last call, and how many calls there have been. */
let lastParts: ReadonlyMap<HostName, HostPart> | null = null;
let calls = 0;

/**
 * A tunnel port's view, by what it is made of: the port back, the VNIs each end's br-tun sends into it,
 * the VNIs' networks and the hosts' order. A part drawn again (its host rebuilt, or only its br-tun)
 * keeps the views of the tunnels that read as they did, as the same objects.
 */
type Made = {
  back: VxlanPort | undefined;
  here: ReadonlySet<number> | undefined;
  there: ReadonlySet<number> | undefined;
  nets: unknown;
  order: unknown;
  view: TunnelView | null;
};
const madeOf = new WeakMap<VxlanPort, Made>();

/** The hosts' order as one object while it stays the same. */
let orderNow: { key: string; at: ReadonlyMap<HostName, number> } | null = null;

function hostOrder(plane: Dataplane): { key: string; at: ReadonlyMap<HostName, number> } {
  const key = [...plane.hosts.keys()].join(',');
  if (orderNow?.key !== key) orderNow = { key, at: new Map([...plane.hosts.keys()].map((h, i) => [h, i])) };
  return orderNow;
}

const vnisOf = (tun: Device | undefined, port: string | undefined): ReadonlySet<number> | undefined =>
  tun?.kind === 'ovs-bridge' && port !== undefined ? tunnelVnis(tun).get(port) : undefined;

/**
 * One tunnel per pair of hosts, listed from the first host (in the plane's order) with a port toward
 * the other, with the VNIs both ends' br-tun send into it.
 */
export function tunnelsOf(
  t: Topology,
  plane: Dataplane,
  parts: ReadonlyMap<HostName, HostPart>,
): TunnelView[] {
  const out: TunnelView[] = [];
  const nets = networksByVni(t);
  const order = hostOrder(plane);
  const call = ++calls;
  const before = lastParts;
  lastParts = parts;
  // the hosts whose tunnels' part is not the one the call before had (or that it had and this one has not)
  const changed = new Set<HostName>();
  if (before) {
    for (const [h, p] of parts) if (!sameTunnels(before.get(h), p)) changed.add(h);
    for (const h of before.keys()) if (!parts.has(h)) changed.add(h);
  }
  for (const [host, part] of parts) {
    const here = order.at.get(host)!;
    const found = memos.get(part.vxlan);
    const was = found && found.brTun === part.brTun ? found : undefined;
    if (was && was.nets === nets && was.order === order && before && was.drawn === call - 1) {
      for (const e of was.ports) {
        if (changed.has(e.d.remoteHost)) {
          e.there = parts.get(e.d.remoteHost);
          e.view = portView(e.d, part, e.there, here, nets, order);
        }
        if (e.view) out.push(e.view);
      }
      was.drawn = call;
      continue;
    }
    const known = was && was.nets === nets && was.order === order ? was.ports : [];
    const memo: Memo = { nets, order, brTun: part.brTun, drawn: call, ports: [] };
    memos.set(part.vxlan, memo);
    let i = 0;
    for (const d of part.vxlan.values()) {
      const there = parts.get(d.remoteHost);
      // a part's ports are always in the same order: the memo's i-th entry is this port's
      const k = known[i++];
      const view =
        k && k.d === d && sameTunnels(k.there, there) ? k.view : portView(d, part, there, here, nets, order);
      memo.ports.push({ d, there, view });
      if (view) out.push(view);
    }
  }
  return out;
}

/** A tunnel port's view, or null when the other host, first in the order with a port back, lists it. */
function portView(
  d: VxlanPort,
  part: HostPart,
  there: HostPart | undefined,
  here: number,
  nets: { key: string; byVni: ReadonlyMap<number, string> },
  order: { key: string; at: ReadonlyMap<HostName, number> },
): TunnelView | null {
  const back = there?.vxlan.get(d.localIp);
  const vnisHere = vnisOf(part.brTun, d.name);
  const vnisThere = vnisOf(there?.brTun, back?.name);
  const m = madeOf.get(d);
  if (
    m &&
    m.back === back &&
    m.here === vnisHere &&
    m.there === vnisThere &&
    m.nets === nets &&
    m.order === order
  )
    return m.view;
  // listed already from the other host, which comes first and has a port back
  const view =
    back && order.at.get(d.remoteHost)! < here ? null : tunnelView(d, back, vnisHere, vnisThere, nets);
  madeOf.set(d, { back, here: vnisHere, there: vnisThere, nets, order, view });
  return view;
}

function tunnelView(
  d: VxlanPort,
  back: VxlanPort | undefined,
  here: ReadonlySet<number> | undefined,
  there: ReadonlySet<number> | undefined,
  nets: { byVni: ReadonlyMap<number, string> },
): TunnelView {
  const vnis = new Set<number>(here);
  if (back) for (const v of there ?? []) vnis.add(v);
  const sorted = [...vnis].sort((x, y) => x - y);
  return {
    id: `tunnel:${[d.host, d.remoteHost].sort().join('~')}`,
    a: d.id,
    b: back?.id ?? d.id,
    hostA: d.host!,
    hostB: d.remoteHost,
    vnis: sorted,
    networks: sorted.flatMap((v) => nets.byVni.get(v) ?? []),
  };
}
