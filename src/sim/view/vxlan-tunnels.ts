// The VXLAN tunnels of an ML2/OVS cloud for the physical view: one per pair of hosts that have a
// tunnel port toward each other, labelled with the VNIs whose flows on either br-tun output to it.
import type { Topology } from '../model/types';
import type { Dataplane, Device, OvsBridge } from '../realize/dataplane';
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

export function tunnelsOf(t: Topology, plane: Dataplane): TunnelView[] {
  const out: TunnelView[] = [];
  const seen = new Set<string>();
  const ports = new Map<string, Extract<Device, { kind: 'vxlan-port' }>>();
  for (const d of plane.devices.values())
    if (d.kind === 'vxlan-port' && d.host) ports.set(`${d.host}|${d.remoteIp}`, d);
  const netByVni = new Map(
    t.networks
      .filter((n) => n['provider:network_type'] === 'vxlan')
      .map((n) => [n['provider:segmentation_id'], n.id as string]),
  );
  const vnisOut = (host: string): ReadonlyMap<string, ReadonlySet<number>> => {
    const tun = plane.devices.get(`${host}|br-tun`);
    return tun?.kind === 'ovs-bridge' ? tunnelVnis(tun) : new Map();
  };
  for (const d of ports.values()) {
    if (!d.host) continue;
    const back = ports.get(`${d.remoteHost}|${d.localIp}`);
    const key = [d.host, d.remoteHost].sort().join('~');
    if (seen.has(key)) continue;
    seen.add(key);
    const vnis = new Set<number>();
    for (const end of [d, back]) {
      if (!end?.host) continue;
      for (const v of vnisOut(end.host).get(end.name) ?? []) vnis.add(v);
    }
    const sorted = [...vnis].sort((x, y) => x - y);
    out.push({
      id: `tunnel:${key}`,
      a: d.id,
      b: back?.id ?? d.id,
      hostA: d.host,
      hostB: d.remoteHost,
      vnis: sorted,
      networks: sorted.flatMap((v) => netByVni.get(v) ?? []),
    });
  }
  return out;
}
