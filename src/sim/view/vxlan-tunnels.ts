// The VXLAN tunnels of an ML2/OVS cloud for the physical view: one per pair of hosts with VXLAN ports
// toward each other, labelled with the VNIs br-tun sends through either end (its set_tunnel flows).
// Split from plane-view.ts.
import type { Topology } from '../model/types';
import type { Dataplane, Device } from '../realize/dataplane';
import type { TunnelView } from './plane-view';

/** Each pair of hosts' tunnel, once, with the VNIs and networks it carries. */
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
  for (const d of ports.values()) {
    if (!d.host) continue;
    const back = ports.get(`${d.remoteHost}|${d.localIp}`);
    const key = [d.host, d.remoteHost].sort().join('~');
    if (seen.has(key)) continue;
    seen.add(key);
    const vnis = new Set<number>();
    for (const end of [d, back]) {
      if (!end?.host) continue;
      const tun = plane.devices.get(`${end.host}|br-tun`);
      if (tun?.kind !== 'ovs-bridge') continue;
      for (const f of tun.flows.all()) {
        if (f.actions.some((a) => a.a === 'output' && a.port === end.name))
          for (const a of f.actions) if (a.a === 'set_tunnel') vnis.add(a.vni);
      }
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
