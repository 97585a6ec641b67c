// The VXLAN tunnels of an ML2/OVS cloud for the physical view: one per pair of hosts that have a
// tunnel port toward each other, labelled with the VNIs whose flows on either br-tun output to it.
import type { HostName, Topology } from '../model/types';
import type { Dataplane, OvsBridge } from '../realize/dataplane';
import type { HostPart, VxlanPort } from './host-parts';
import type { TunnelView } from './plane-view';

/** Each br-tun's tunnel ports -> the VNIs of the flows that output to them, read once per bridge: a
 * bridge never changes, and a plane realized after an edit keeps those of the hosts it did not reach. */
const vnisByBridge = new WeakMap<OvsBridge, Map<string, Set<number>>>();

function tunnelVnis(tun: OvsBridge): ReadonlyMap<string, ReadonlySet<number>> {
  let out = vnisByBridge.get(tun);
  if (out) return out;
  out = new Map();
  vnisByBridge.set(tun, out);
  for (const f of tun.flows.all()) {
    const set = f.actions.flatMap((a) => (a.a === 'set_tunnel' ? [a.vni] : []));
    if (!set.length) continue;
    for (const a of f.actions)
      if (a.a === 'output') {
        const s = out.get(a.port);
        if (s) for (const v of set) s.add(v);
        else out.set(a.port, new Set(set));
      }
  }
  return out;
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
 * What a host's ports gave the last time its part was drawn, port by port: the other host's part then,
 * and the tunnel listed from the port (null when listed from the other host). Taken again while the
 * other host's part, the hosts' order and the VNIs' networks are what they were: the tunnel is made of
 * the two parts' ports and br-tun alone.
 */
type Memo = {
  nets: unknown;
  order: unknown;
  ports: Map<VxlanPort, { there: HostPart | undefined; view: TunnelView | null }>;
};
const memos = new WeakMap<HostPart, Memo>();

/** The hosts' order as one object while it stays the same. */
let orderNow: { key: string; at: ReadonlyMap<HostName, number> } | null = null;

function hostOrder(plane: Dataplane): { key: string; at: ReadonlyMap<HostName, number> } {
  const key = [...plane.hosts.keys()].join(',');
  if (orderNow?.key !== key) orderNow = { key, at: new Map([...plane.hosts.keys()].map((h, i) => [h, i])) };
  return orderNow;
}

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
  for (const [host, part] of parts) {
    const was = memos.get(part);
    const memo: Memo =
      was && was.nets === nets && was.order === order ? was : { nets, order, ports: new Map() };
    memos.set(part, memo);
    const here = order.at.get(host)!;
    for (const d of part.vxlan.values()) {
      const there = parts.get(d.remoteHost);
      const known = memo.ports.get(d);
      if (known && known.there === there) {
        if (known.view) out.push(known.view);
        continue;
      }
      const back = there?.vxlan.get(d.localIp);
      // listed already from the other host, which comes first and has a port back
      const view = back && order.at.get(d.remoteHost)! < here ? null : tunnelView(d, part, back, there, nets);
      memo.ports.set(d, { there, view });
      if (view) out.push(view);
    }
  }
  return out;
}

function tunnelView(
  d: VxlanPort,
  part: HostPart,
  back: VxlanPort | undefined,
  there: HostPart | undefined,
  nets: { byVni: ReadonlyMap<number, string> },
): TunnelView {
  const vnis = new Set<number>();
  for (const [end, tun] of [
    [d, part.brTun],
    [back, there?.brTun],
  ] as const) {
    if (!end || tun?.kind !== 'ovs-bridge') continue;
    for (const v of tunnelVnis(tun).get(end.name) ?? []) vnis.add(v);
  }
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
