// The VXLAN tunnels of the physical view: one per pair of hosts with VXLAN ports toward each other,
// with the VNIs their br-tun flows send into it (OVN's Geneve tunnels are in ovn-tunnels.ts).
import type { Topology } from '../model/types';
import type { Dataplane, Device } from '../realize/dataplane';
import type { TunnelView } from './plane-view';

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
  // a br-tun's flows are read once per host, not once per tunnel (100 hosts: 4,000 tunnels)
  const byHost = new Map<string, Map<string, Set<number>>>();
  const vnisOut = (host: string) => {
    let m = byHost.get(host);
    if (!m) {
      m = vnisByOutput(plane, host);
      byHost.set(host, m);
    }
    return m;
  };
  for (const d of ports.values()) {
    if (!d.host) continue;
    const back = ports.get(`${d.remoteHost}|${d.localIp}`);
    const key = [d.host, d.remoteHost].sort().join('~');
    if (seen.has(key)) continue;
    seen.add(key);
    const vnis = new Set<number>();
    for (const end of [d, back])
      if (end?.host) for (const v of vnisOut(end.host).get(end.name) ?? []) vnis.add(v);
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

/** The VNIs each output port of a host's br-tun is sent with: a flow that outputs to a VXLAN port
 * sets its tunnel id first (set_tunnel, neutron-facts §2). */
function vnisByOutput(plane: Dataplane, host: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const tun = plane.devices.get(`${host}|br-tun`);
  if (tun?.kind !== 'ovs-bridge') return out;
  for (const f of tun.flows.all()) {
    const set = f.actions.flatMap((a) => (a.a === 'set_tunnel' ? [a.vni] : []));
    if (!set.length) continue;
    for (const a of f.actions)
      if (a.a === 'output') {
        const s = out.get(a.port) ?? new Set<number>();
        for (const v of set) s.add(v);
        out.set(a.port, s);
      }
  }
  return out;
}
