// The Geneve tunnels of an ML2/OVN cloud for the physical view: one per pair of chassis, labelled with
// the tunnel keys of the datapaths whose packets may cross it (neutron-facts-beyond §3.4, §3.7): a
// logical switch with ports on both chassis, or with ports on one and its router's gateway on the
// other (centralized SNAT and floating IPs go by the gateway chassis); a router whose cr-lrp port is
// on one chassis while the other routes toward it.
import type { Dataplane, Device } from '../realize/dataplane';
import type { OvnDb } from '../realize/ovn/db';

type Geneve = Extract<Device, { kind: 'geneve-port' }>;

export interface OvnTunnel {
  id: string;
  a: string;
  b: string;
  hostA: string;
  hostB: string;
  keys: number[];
  networks: string[];
}

/** The chassis with a VIF of each datapath. */
function vifChassis(db: OvnDb): Map<number, Set<string>> {
  const vifsOn = new Map<number, Set<string>>();
  for (const b of db.ports.values())
    if (b.type === '' && b.chassis) {
      const s = vifsOn.get(b.dp) ?? new Set<string>();
      s.add(b.chassis);
      vifsOn.set(b.dp, s);
    }
  return vifsOn;
}

function keysBetween(
  db: OvnDb,
  vifsOn: Map<number, Set<string>>,
  x: string,
  y: string,
): { keys: number[]; networks: string[] } {
  const keys = new Set<number>();
  const networks = new Set<string>();
  const has = (dp: number, h: string) => vifsOn.get(dp)?.has(h) ?? false;
  // routing is distributed: a chassis with a VM on one network of a router sends to the router's
  // other networks itself, with the destination network's key
  for (const lr of db.nb.routers) {
    const nets = lr.ports
      .filter((p) => !p.gateway_chassis.length)
      .map((p) => db.datapathByName.get(p.switchName));
    const on = (h: string) => nets.some((n) => n && has(n.tunnel_key, h));
    for (const n of nets) {
      if (!n) continue;
      if ((has(n.tunnel_key, y) && on(x)) || (has(n.tunnel_key, x) && on(y))) {
        keys.add(n.tunnel_key);
        const sw = db.nb.switches.find((s) => s.name === n.name);
        if (sw) networks.add(sw.networkId);
      }
    }
  }
  for (const sw of db.nb.switches) {
    const dp = db.datapathByName.get(sw.name)!;
    if (has(dp.tunnel_key, x) && has(dp.tunnel_key, y)) {
      keys.add(dp.tunnel_key);
      networks.add(sw.networkId);
    }
  }
  for (const lr of db.nb.routers) {
    const cr = [...(db.datapathByName.get(lr.name)?.ports.values() ?? [])].find(
      (b) => b.type === 'chassisredirect',
    );
    if (!cr?.chassis) continue;
    const other = cr.chassis === x ? y : cr.chassis === y ? x : null;
    if (!other) continue;
    for (const p of lr.ports) {
      const dp = db.datapathByName.get(p.switchName);
      if (!dp || p.gateway_chassis.length || !has(dp.tunnel_key, other)) continue;
      keys.add(dp.tunnel_key);
      keys.add(db.datapathByName.get(lr.name)!.tunnel_key);
      const sw = db.nb.switches.find((s) => s.name === p.switchName);
      if (sw) networks.add(sw.networkId);
    }
  }
  return { keys: [...keys].sort((a, b) => a - b), networks: [...networks] };
}

export function ovnTunnels(plane: Dataplane): OvnTunnel[] {
  const db = plane.ovn;
  if (!db) return [];
  const ports = new Map<string, Geneve>();
  for (const d of plane.devices.values())
    if (d.kind === 'geneve-port' && d.host) ports.set(`${d.host}|${d.remoteIp}`, d);
  const out: OvnTunnel[] = [];
  const vifsOn = vifChassis(db);
  const seen = new Set<string>();
  for (const d of ports.values()) {
    const key = [d.host!, d.remoteHost].sort().join('~');
    if (seen.has(key)) continue;
    seen.add(key);
    const back = ports.get(`${d.remoteHost}|${d.localIp}`);
    const k = keysBetween(db, vifsOn, d.host!, d.remoteHost);
    out.push({
      id: `tunnel:${key}`,
      a: d.id,
      b: back?.id ?? d.id,
      hostA: d.host!,
      hostB: d.remoteHost,
      ...k,
    });
  }
  return out;
}
