// ovn-controller on each chassis (neutron-facts-beyond §3.1, §5.1): br-int only, with the VMs' taps
// plugged straight into it (no qbr, qvb or qvo), a Geneve tunnel to every other chassis, the ovnmeta
// namespace of each network with a VM here (chassis-guests.ts), and, where ovn-bridge-mappings name a
// provider bridge (gateway chassis; every chassis with distributed floating IPs or a VM on a provider
// network, §3.7), the patch ports of the localnet ports. Logical patch ports are links of br-int to
// itself: a hop ends where one datapath's pipeline outputs to a patch port, the next begins.
import { providerNicName } from '../../addr/naming';
import { stableHex } from '../../addr/stable';
import { FlowTables } from '../../devices/openflow/table';
import type { Host } from '../../model/types';
import { devId, type PlaneBuilder } from '../builder';
import type { OvsPort } from '../dataplane';
import type { Lookup } from '../plan';
import { realizeMetadata, realizeVm, type Shared, shared } from './chassis-guests';
import type { OvnBridge, OvnDb, SbPortBinding } from './db';
import { chassisName, patchFromProvnet, tunnelNames } from './names';

export function realizeChassis(b: PlaneBuilder, lk: Lookup, db: OvnDb): void {
  const t = b.topo;
  const sh = shared(t, db);
  const vifsOf = new Map<string, SbPortBinding[]>();
  for (const p of db.ports.values()) {
    if (p.type !== '' || !p.chassis || !p.portId) continue;
    const port = sh.portById.get(p.portId);
    if (!port) continue;
    const list = vifsOf.get(port.device_id);
    if (list) list.push(p);
    else vifsOf.set(port.device_id, [p]);
  }
  const hosts = new Set<string>(t.hosts.map((h) => h.name));
  for (const s of t.servers) if (hosts.has(s.host)) realizeVm(b, lk, sh, s, vifsOf.get(s.id) ?? []);
  for (const h of t.hosts) realizeHost(b, lk, sh, h);
}

function realizeHost(b: PlaneBuilder, lk: Lookup, sh: Shared, h: Host): void {
  const t = b.topo;
  const db = sh.db;
  const host = h.name;
  const intId = devId(host, 'br-int');
  const ports = new Map<string, OvsPort>();
  const lportOf = new Map<string, string>();
  const ovsPortOf = new Map<string, string>();
  const zones = new Map<string, number>();
  const patches = new Map<string, number>();
  let ofport = 1;
  // Geneve tunnels to every other chassis, named as ovn-controller names them
  const others = t.hosts.filter((x) => x.name !== host);
  const names = tunnelNames(others.map((o) => chassisName(o.name)));
  const tunnelTo = new Map<string, string>();
  for (const o of others) {
    const remote = chassisName(o.name);
    const name = names.get(remote)!;
    tunnelTo.set(remote, name);
    ports.set(name, {
      name,
      ofport: ofport++,
      tag: null,
      type: 'geneve',
      options: { csum: 'true', key: 'flow', remote_ip: o.tunnel_ip },
    });
    const gid = devId(host, name);
    b.add({
      id: gid,
      kind: 'geneve-port',
      name,
      host,
      namespace: null,
      localIp: h.tunnel_ip,
      remoteIp: o.tunnel_ip,
      remoteHost: o.name,
      remoteChassis: remote,
      underlayMtu: h.underlay_mtu,
    });
    b.link(intId, name, gid, 'br');
    b.link(gid, 'underlay', 'underlay', gid);
  }
  // VIFs bound here: the tap goes straight into br-int; ovn-controller gives each a conntrack zone
  const metaNets = new Set<string>();
  for (const p of sh.vifsOn.get(host) ?? []) {
    if (!p.ovsPort) continue;
    ports.set(p.ovsPort, {
      name: p.ovsPort,
      ofport: ofport++,
      tag: null,
      type: 'system',
      ...(p.portId ? { portId: p.portId } : {}),
    });
    lportOf.set(p.ovsPort, p.logical_port);
    ovsPortOf.set(p.logical_port, p.ovsPort);
    zones.set(p.logical_port, zones.size + 1);
    b.link(intId, p.ovsPort, devId(host, p.ovsPort), 'br');
    const dp = db.datapaths.get(p.dp);
    if (dp) metaNets.add(dp.name);
  }
  // the metadata namespace of each network with a VM here
  for (const sw of db.nb.switches) {
    if (!metaNets.has(sw.name)) continue;
    const lp = sw.ports.find((x) => x.type === 'localport');
    const meta = lp ? db.ports.get(lp.name) : undefined;
    if (!meta) continue;
    const veth = realizeMetadata(b, lk, sh, host, meta, sw.networkId);
    ports.set(veth, { name: veth, ofport: ofport++, tag: null, type: 'system' });
    lportOf.set(veth, meta.logical_port);
    ovsPortOf.set(meta.logical_port, veth);
    b.link(intId, veth, devId(host, veth), 'br');
  }
  // provider bridges: one patch pair per localnet port of a mapped physical network
  if (h.enable_chassis_as_gw || t.options.enable_distributed_floating_ip || sh.onProvider.has(host))
    t.options.bridge_mappings.forEach((m, i) => {
      const localnets = sh.localnets.get(m.physical_network) ?? [];
      if (localnets.length === 0) return;
      const nic = providerNicName(i);
      const physId = devId(host, m.bridge);
      const phys = new Map<string, OvsPort>([[nic, { name: nic, ofport: 1, tag: null, type: 'system' }]]);
      let pOf = 2;
      for (const ln of localnets) {
        const here = ln.ovsPort!;
        const there = patchFromProvnet(ln.logical_port);
        ports.set(here, { name: here, ofport: ofport++, tag: null, type: 'patch', options: { peer: there } });
        phys.set(there, { name: there, ofport: pOf++, tag: null, type: 'patch', options: { peer: here } });
        lportOf.set(here, ln.logical_port);
        ovsPortOf.set(ln.logical_port, here);
        b.link(intId, here, physId, there);
      }
      const flows = new FlowTables();
      flows.add({
        table: 0,
        priority: 0,
        match: {},
        actions: [{ a: 'normal' }],
        why: 'a provider bridge ovn-controller leaves to NORMAL',
      });
      b.add({
        id: physId,
        kind: 'ovs-bridge',
        role: 'phys',
        name: m.bridge,
        host,
        namespace: null,
        ports: phys,
        flows,
      });
      b.link(physId, nic, `physnet:${m.physical_network}`, host);
    });
  // logical patch ports: each router port pair, joined on this bridge (the pipelines resubmit between them)
  for (const [p, peer] of sh.patchPairs) {
    patches.set(p.logical_port, p.dp);
    patches.set(peer.logical_port, peer.dp);
    b.link(intId, p.logical_port, intId, peer.logical_port);
  }
  for (const r of db.nb.routers) {
    zones.set(`${r.name}|dnat`, zones.size + 1);
    zones.set(`${r.name}|snat`, zones.size + 1);
  }
  const br: OvnBridge = {
    id: intId,
    kind: 'ovn-bridge',
    name: 'br-int',
    host,
    namespace: null,
    chassis: chassisName(host),
    ports,
    patches,
    lportOf,
    ovsPortOf,
    tunnelTo,
    zones,
    // the databases are shared by every chassis: a device's fingerprint counts them by a digest
    get dbDigest() {
      sh.digest.value ||= stableHex(
        JSON.stringify(db.nb, (_k, v) => (typeof v === 'function' || v instanceof Set ? undefined : v)),
        16,
      );
      return sh.digest.value;
    },
  } as unknown as OvnBridge;
  Object.defineProperty(br, 'db', { value: db, enumerable: false });
  b.add(br);
  db.bridges.push(intId);
}
