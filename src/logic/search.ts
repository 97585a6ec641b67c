// Search over a cloud: a VM by name or id, an address (fixed or floating IP), a MAC, a port id, a
// device name (tap…, qvo…, qr-…, qrouter-…, br-int) or a host, each leading to the thing it names on
// the physical view. Pure: built from the Topology and its PlaneView, queried on each keystroke.
import type { DeviceView, PlaneView, Topology } from '../sim';
import type { Selection } from './selection';

export interface SearchEntry {
  /** what the hit says first: a VM's or device's name */
  label: string;
  /** where it is: "VM on compute3", "qrouter namespace on network2" */
  detail: string;
  /** every string the entry is found by, lower case */
  keys: string[];
  select: Exclude<Selection, null>;
  /** the device to show on the physical view (its host opened, its chain unfolded), if any */
  device: DeviceView | null;
  host: string | null;
}

export interface SearchHit {
  entry: SearchEntry;
  /** the key that matched (an IP, a MAC, a name...), in lower case */
  matched: string;
}

const KIND_WORDS: Partial<Record<DeviceView['role'], string>> = {
  vm: 'VM',
  tap: 'tap device',
  qbr: 'Linux bridge',
  qvb: 'veth (qbr side)',
  qvo: 'veth (br-int side)',
  qrouter: 'router namespace',
  qdhcp: 'DHCP namespace',
  snat: 'SNAT namespace',
  fip: 'FIP namespace',
  'ns-port': 'internal port',
  vxlan: 'tunnel port',
};

const where = (d: DeviceView) => `${KIND_WORDS[d.role] ?? d.role}${d.host ? ` on ${d.host}` : ''}`;

/** Builds the entries once per cloud: one per device, its Neutron port's id, MAC and addresses with
 * it; a VM also by its server's name and id, its ports and floating IPs; a router's namespace by the
 * router's name and id; one per host. */
export function searchIndex(doc: Topology, view: PlaneView): SearchEntry[] {
  const ports = new Map(doc.ports.map((p) => [p.id as string, p]));
  const servers = new Map(doc.servers.map((s) => [s.id as string, s]));
  const routers = new Map(doc.routers.map((r) => [r.id as string, r]));
  const floating = new Map<string, string[]>();
  for (const f of doc.floatingips)
    if (f.port_id) floating.set(f.port_id, [...(floating.get(f.port_id) ?? []), f.floating_ip_address]);
  const portKeys = (id: string) => {
    const p = ports.get(id);
    return p
      ? [
          p.id,
          p.name ?? '',
          p.mac_address,
          ...p.fixed_ips.map((f) => f.ip_address),
          ...(floating.get(p.id) ?? []),
        ]
      : [id];
  };
  const serverPorts = new Map<string, string[]>();
  for (const p of doc.ports)
    if (servers.has(p.device_id))
      serverPorts.set(p.device_id, [...(serverPorts.get(p.device_id) ?? []), p.id]);
  const entries: SearchEntry[] = [];
  for (const d of view.devices) {
    const keys = [d.name, d.id];
    let select: SearchEntry['select'] = { kind: 'device', id: d.id };
    let label = d.name;
    if (d.serverId) {
      const s = servers.get(d.serverId);
      if (s) label = s.name;
      keys.push(s?.name ?? '', d.serverId, ...(serverPorts.get(d.serverId) ?? []).flatMap(portKeys));
      select = { kind: 'server', id: d.serverId };
    } else if (d.portId && d.role !== 'tap' && d.role !== 'qbr' && d.role !== 'qvb' && d.role !== 'qvo')
      // a VM's chain is found by its names; its port's addresses lead to the VM itself
      keys.push(...portKeys(d.portId));
    else if (d.portId) keys.push(d.portId);
    if (d.routerId) {
      const r = routers.get(d.routerId);
      keys.push(r?.name ?? '', d.routerId);
    }
    entries.push({
      label,
      detail: where(d),
      keys: keys.filter(Boolean).map((k) => k.toLowerCase()),
      select,
      device: d,
      host: d.host,
    });
  }
  for (const h of view.hosts)
    entries.push({
      label: h.name,
      detail: `${h.role} host, tunnel IP ${h.tunnelIp}`,
      keys: [h.name.toLowerCase(), h.tunnelIp],
      select: { kind: 'host', id: h.name },
      device: null,
      host: h.name,
    });
  return entries;
}

/**
 * The entries a query finds, best first: a key equal to the query, then one starting with it, then one
 * containing it; among equals, VMs and hosts before the devices of their plumbing, then by label.
 * Queries shorter than two characters find nothing (every name has an "a").
 */
export function searchFind(entries: readonly SearchEntry[], query: string, limit = 8): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  const scored: { hit: SearchHit; score: number }[] = [];
  for (const entry of entries) {
    let best = 3;
    let matched = '';
    for (const k of entry.keys) {
      const s = k === q ? 0 : k.startsWith(q) ? 1 : k.includes(q) ? 2 : 3;
      if (s < best) {
        best = s;
        matched = k;
        if (s === 0) break;
      }
    }
    if (best < 3) {
      const plumbing = entry.select.kind === 'device' ? 0.5 : 0;
      scored.push({ hit: { entry, matched }, score: best + plumbing });
    }
  }
  scored.sort((a, b) => a.score - b.score || a.hit.entry.label.localeCompare(b.hit.entry.label));
  return scored.slice(0, limit).map((s) => s.hit);
}
