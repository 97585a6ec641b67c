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
export function vifChassis(db: OvnDb): Map<number, Set<string>> {
  const vifsOn = new Map<number, Set<string>>();
  for (const b of db.ports.values())
    if (b.type === '' && b.chassis) {
      const s = vifsOn.get(b.dp) ?? new Set<string>();
      s.add(b.chassis);
      vifsOn.set(b.dp, s);
    }
  return vifsOn;
}

/** What a tunnel carries, by pair of chassis: each reason with its place in the order the reasons
 * are weighed, its keys and its network. */
type Reason = { order: number; keys: readonly number[]; network: string | null };

/**
 * The tunnel keys and networks each pair of chassis carries, worked out datapath by datapath (each
 * reason added to the pairs it concerns) rather than pair by pair over every datapath, which on a
 * cloud of 100 chassis weighed 5,000 pairs against 250 datapaths each. The reasons, in the order a
 * pair's networks are listed:
 * - routing is distributed: a chassis with a VM on one network of a router sends to the router's
 *   other networks itself, with the destination network's key;
 * - a logical switch with VIFs on both chassis;
 * - a router whose chassisredirect port is on one chassis, toward the chassis with a VIF on one of
 *   its networks (centralized SNAT and floating IPs go by the gateway chassis).
 */
function keysByPair(
  db: OvnDb,
  vifsOn: Map<number, Set<string>>,
): (x: string, y: string) => { keys: number[]; networks: string[] } {
  const byPair = new Map<string, Reason[]>();
  const pair = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`);
  const add = (a: string, b: string, r: Reason) => {
    if (a === b) return;
    const k = pair(a, b);
    const list = byPair.get(k);
    if (list) list.push(r);
    else byPair.set(k, [r]);
  };
  const on = (key: number) => vifsOn.get(key) ?? new Set<string>();
  const switchNamed = new Map<string, (typeof db.nb.switches)[number]>();
  for (const sw of db.nb.switches) if (!switchNamed.has(sw.name)) switchNamed.set(sw.name, sw);
  let order = 0;
  for (const lr of db.nb.routers) {
    const nets = lr.ports
      .filter((p) => !p.gateway_chassis.length)
      .map((p) => db.datapathByName.get(p.switchName));
    const anyNet = new Set<string>();
    for (const n of nets) if (n) for (const h of on(n.tunnel_key)) anyNet.add(h);
    for (const n of nets) {
      if (!n) continue;
      const r = { order: order++, keys: [n.tunnel_key], network: switchNamed.get(n.name)?.networkId ?? null };
      for (const a of on(n.tunnel_key)) for (const b of anyNet) add(a, b, r);
    }
  }
  for (const sw of db.nb.switches) {
    const dp = db.datapathByName.get(sw.name)!;
    const hosts = [...on(dp.tunnel_key)];
    const r = { order: order++, keys: [dp.tunnel_key], network: sw.networkId };
    for (let i = 0; i < hosts.length; i++)
      for (let j = i + 1; j < hosts.length; j++) add(hosts[i]!, hosts[j]!, r);
  }
  for (const lr of db.nb.routers) {
    const cr = [...(db.datapathByName.get(lr.name)?.ports.values() ?? [])].find(
      (b) => b.type === 'chassisredirect',
    );
    if (!cr?.chassis) continue;
    for (const p of lr.ports) {
      const dp = db.datapathByName.get(p.switchName);
      if (!dp || p.gateway_chassis.length) continue;
      const r = {
        order: order++,
        keys: [dp.tunnel_key, db.datapathByName.get(lr.name)!.tunnel_key],
        network: switchNamed.get(p.switchName)?.networkId ?? null,
      };
      for (const other of on(dp.tunnel_key)) add(cr.chassis, other, r);
    }
  }
  return (x, y) => {
    const reasons = (byPair.get(pair(x, y)) ?? []).sort((a, b) => a.order - b.order);
    const keys = new Set<number>();
    const networks = new Set<string>();
    for (const r of reasons) {
      for (const k of r.keys) keys.add(k);
      if (r.network !== null) networks.add(r.network);
    }
    return { keys: [...keys].sort((a, b) => a - b), networks: [...networks] };
  };
}

export function ovnTunnels(plane: Dataplane): OvnTunnel[] {
  const db = plane.ovn;
  if (!db) return [];
  const ports = new Map<string, Geneve>();
  for (const d of plane.devices.values())
    if (d.kind === 'geneve-port' && d.host) ports.set(`${d.host}|${d.remoteIp}`, d);
  const out: OvnTunnel[] = [];
  const between = keysByPair(db, vifChassis(db));
  const seen = new Set<string>();
  for (const d of ports.values()) {
    const key = [d.host!, d.remoteHost].sort().join('~');
    if (seen.has(key)) continue;
    seen.add(key);
    const back = ports.get(`${d.remoteHost}|${d.localIp}`);
    const k = between(d.host!, d.remoteHost);
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
