// The VXLAN tunnels of an ML2/OVS cloud for the physical view: one per pair of hosts that have a
// tunnel port toward each other, labelled with the VNIs whose flows on either br-tun output to it.
import type { Topology } from '../model/types';
import { samePlain } from '../plain-data';
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

type VxlanPort = Extract<Device, { kind: 'vxlan-port' }>;

/**
 * Each tunnel's view, by the port it was listed from: taken again while that port, the port back and
 * both hosts' br-tun are the same objects (a plane realized after an edit keeps those of the hosts the
 * edit did not reach) and its VNIs still name the same networks.
 */
const viewOf = new WeakMap<VxlanPort, { back: VxlanPort | undefined; tuns: unknown[]; view: TunnelView }>();
/** A port's key among its host's ports (`host|remote IP`) and its way back's, made once per port. */
const keyOf = new WeakMap<VxlanPort, { own: string; back: string }>();

export function tunnelsOf(t: Topology, plane: Dataplane): TunnelView[] {
  const out: TunnelView[] = [];
  const seen = new Set<string>();
  const ports = new Map<string, VxlanPort>();
  for (const d of plane.devices.values())
    if (d.kind === 'vxlan-port' && d.host) {
      let k = keyOf.get(d);
      if (k === undefined) {
        k = { own: `${d.host}|${d.remoteIp}`, back: `${d.remoteHost}|${d.localIp}` };
        keyOf.set(d, k);
      }
      ports.set(k.own, d);
    }
  const netByVni = new Map(
    t.networks
      .filter((n) => n['provider:network_type'] === 'vxlan')
      .map((n) => [n['provider:segmentation_id'], n.id as string]),
  );
  const vnisOut = (host: string): ReadonlyMap<string, ReadonlySet<number>> => {
    const tun = plane.devices.get(`${host}|br-tun`);
    return tun?.kind === 'ovs-bridge' ? tunnelVnis(tun) : new Map();
  };
  const tunByHost = new Map<string, Device | undefined>();
  const tunOf = (host: string | null) => {
    if (!host) return undefined;
    if (!tunByHost.has(host)) tunByHost.set(host, plane.devices.get(`${host}|br-tun`));
    return tunByHost.get(host);
  };
  const networksOf = (vnis: readonly number[]) => vnis.flatMap((v) => netByVni.get(v) ?? []);
  for (const d of ports.values()) {
    if (!d.host) continue;
    const back = ports.get(keyOf.get(d)!.back);
    const was = viewOf.get(d);
    const key = was ? was.view.id : `tunnel:${[d.host, d.remoteHost].sort().join('~')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const tuns = [tunOf(d.host), tunOf(back?.host ?? null)];
    if (
      was &&
      was.back === back &&
      was.tuns[0] === tuns[0] &&
      was.tuns[1] === tuns[1] &&
      samePlain(networksOf(was.view.vnis), was.view.networks)
    ) {
      out.push(was.view);
      continue;
    }
    const vnis = new Set<number>();
    for (const end of [d, back]) {
      if (!end?.host) continue;
      for (const v of vnisOut(end.host).get(end.name) ?? []) vnis.add(v);
    }
    const sorted = [...vnis].sort((x, y) => x - y);
    const view: TunnelView = {
      id: key,
      a: d.id,
      b: back?.id ?? d.id,
      hostA: d.host,
      hostB: d.remoteHost,
      vnis: sorted,
      networks: networksOf(sorted),
    };
    viewOf.set(d, { back, tuns, view });
    out.push(view);
  }
  return out;
}
