// Where a terminal can sit, in the app's words: a host (its root namespace or one of its qrouter-/qdhcp-
// namespaces), a VM's console, or a host outside the cloud. The core's tools take the same place as a
// `Where`; ping and traceroute take it as the source of a send.
import { type PlaneView, serverLabel, type Topology, type Where } from '../../sim';
import type { Selection } from '../selection';

/** What a terminal is logged in to: one shell each. */
export type Target =
  | { kind: 'host'; host: string }
  | { kind: 'vm'; serverId: string }
  | { kind: 'outside'; name: string };

/** A target and the namespace its shell is in (hosts only; null: the root namespace). */
export interface Place {
  target: Target;
  namespace: string | null;
}

export function targetKey(t: Target): string {
  switch (t.kind) {
    case 'host':
      return `host:${t.host}`;
    case 'vm':
      return `vm:${t.serverId}`;
    case 'outside':
      return `outside:${t.name}`;
  }
}

export const placeKey = (p: Place): string =>
  p.namespace ? `${targetKey(p.target)}|${p.namespace}` : targetKey(p.target);

export function sameTarget(a: Target, b: Target): boolean {
  return targetKey(a) === targetKey(b);
}

export function whereOf(p: Place): Where {
  switch (p.target.kind) {
    case 'host':
      return { host: p.target.host, namespace: p.namespace };
    case 'vm':
      return { host: null, namespace: null, vm: p.target.serverId };
    case 'outside':
      return { host: null, namespace: null, outside: p.target.name };
  }
}

/** The server behind a VM target's id, in words that name it alone ("vm1", or "vm1 (compute2)" when its name repeats). */
export function serverName(doc: Topology | null, serverId: string): string | null {
  const s = doc?.servers.find((x) => x.id === serverId);
  return doc && s ? serverLabel(doc, s) : null;
}

/** The name of what a terminal is logged in to: a host, a server, an outside host. */
export function targetName(t: Target, doc: Topology | null): string {
  switch (t.kind) {
    case 'host':
      return t.host;
    case 'vm':
      return serverName(doc, t.serverId) ?? 'the VM';
    case 'outside':
      return t.name;
  }
}

/** `qrouter-897b68c4`: a namespace name short enough for a prompt. */
export function shortNamespace(ns: string): string {
  const m = /^(q(?:router|dhcp)-|snat-|fip-)([0-9a-f]{8})[0-9a-f-]{28}$/.exec(ns);
  return m ? `${m[1]}${m[2]}` : ns;
}

/**
 * The prompt, as the place's shell would show it: `root@network1:~# ` on a host, `$ ` on a CirrOS
 * console. A shell entered with `ip netns exec <ns> bash` looks the same in real life; here it carries
 * the namespace in front, as a virtualenv does, so a class always sees where a command runs.
 */
export function promptOf(p: Place): string {
  switch (p.target.kind) {
    case 'host':
      return `${p.namespace ? `(${shortNamespace(p.namespace)}) ` : ''}root@${p.target.host}:~# `;
    case 'vm':
      return '$ ';
    case 'outside':
      return `root@${p.target.name}:~# `;
  }
}

/** A namespace on a host, with what it belongs to ("router1", "net1"). */
export interface NamespaceInfo {
  name: string;
  role: 'qrouter' | 'qdhcp' | 'snat' | 'fip' | 'ovnmeta';
  owner: string;
}

/** Routers' namespaces first (qrouter-, then a DVR router's snat-), then fip-, DHCP and OVN metadata. */
const NS_ORDER = ['qrouter', 'snat', 'fip', 'qdhcp', 'ovnmeta'] as const;

export function namespacesOn(doc: Topology | null, view: PlaneView | null, host: string): NamespaceInfo[] {
  if (!view) return [];
  const out: NamespaceInfo[] = [];
  for (const d of view.devices) {
    if (d.host !== host) continue;
    const role = d.role;
    if (role !== 'qrouter' && role !== 'qdhcp' && role !== 'snat' && role !== 'fip' && role !== 'ovnmeta')
      continue;
    const id = d.name.replace(/^(qrouter|qdhcp|snat|fip|ovnmeta)-/, '');
    const owner =
      role === 'qrouter' || role === 'snat'
        ? (doc?.routers.find((r) => r.id === id)?.name ?? '')
        : (doc?.networks.find((n) => n.id === id)?.name ?? '');
    out.push({ name: d.name, role, owner });
  }
  // routers first, then DHCP, as a reader looks for them
  return out.sort((a, b) =>
    a.role === b.role ? a.name.localeCompare(b.name) : NS_ORDER.indexOf(a.role) - NS_ORDER.indexOf(b.role),
  );
}

export interface PlaceOption {
  key: string;
  label: string;
  place: Place;
}

export interface PlaceGroup {
  label: string;
  options: PlaceOption[];
}

/** Every place a terminal can open, grouped for the picker: each host with its namespaces, VMs, outside. */
export function placeGroups(doc: Topology | null, view: PlaneView | null): PlaceGroup[] {
  if (!doc) return [];
  const groups: PlaceGroup[] = [];
  for (const h of doc.hosts) {
    const root: Place = { target: { kind: 'host', host: h.name }, namespace: null };
    const options: PlaceOption[] = [
      { key: placeKey(root), label: `${h.name} (${h.role} node)`, place: root },
    ];
    for (const ns of namespacesOn(doc, view, h.name)) {
      const place: Place = { target: root.target, namespace: ns.name };
      options.push({
        key: placeKey(place),
        // under its host's group; the prompt uses the same short name
        label: `${shortNamespace(ns.name)}${ns.owner ? ` (${ns.owner})` : ''}`,
        place,
      });
    }
    groups.push({ label: `Host ${h.name}`, options });
  }
  if (doc.servers.length)
    groups.push({
      label: 'VM consoles',
      options: doc.servers.map((s) => {
        const place: Place = { target: { kind: 'vm', serverId: s.id }, namespace: null };
        return { key: placeKey(place), label: `${serverLabel(doc, s)} console`, place };
      }),
    });
  const outside = doc.outside.flatMap((w) => w.hosts);
  if (outside.length)
    groups.push({
      label: 'Outside the cloud',
      options: outside.map((o) => {
        const place: Place = { target: { kind: 'outside', name: o.name }, namespace: null };
        return { key: placeKey(place), label: `${o.name} (${o.ip})`, place };
      }),
    });
  return groups;
}

/** Whether a place is still there (a VM deleted, a namespace gone with its router). */
export function placeExists(p: Place, doc: Topology | null, view: PlaneView | null): boolean {
  if (!doc) return false;
  switch (p.target.kind) {
    case 'host': {
      const host = p.target.host;
      if (!doc.hosts.some((h) => h.name === host)) return false;
      return p.namespace === null || namespacesOn(doc, view, host).some((n) => n.name === p.namespace);
    }
    case 'vm': {
      const id = p.target.serverId;
      return doc.servers.some((s) => s.id === id);
    }
    case 'outside': {
      const name = p.target.name;
      return doc.outside.some((w) => w.hosts.some((h) => h.name === name));
    }
  }
}

/** A place in a few words: "network1 (root namespace)", "qrouter-897b68c4… on network1", "vm1's console". */
export function placeTitle(p: Place, doc: Topology | null): string {
  if (p.target.kind === 'vm') return `${targetName(p.target, doc)}'s console`;
  if (p.target.kind === 'outside') return p.target.name;
  return p.namespace
    ? `${shortNamespace(p.namespace)}… on ${p.target.host}`
    : `${p.target.host} (root namespace)`;
}

/** In words, for the terminal's header: "vm1's console on compute1", "qrouter-… of router1 on network1". */
export function describePlace(p: Place, doc: Topology | null, view: PlaneView | null): string {
  switch (p.target.kind) {
    case 'host': {
      const host = p.target.host;
      const role = doc?.hosts.find((h) => h.name === host)?.role;
      if (!p.namespace) return `${host}${role ? `, ${role} node` : ''}: root namespace`;
      const ns = namespacesOn(doc, view, host).find((n) => n.name === p.namespace);
      const of = ns?.owner
        ? ` (${ns.role === 'qrouter' || ns.role === 'snat' ? 'router' : 'network'} ${ns.owner})`
        : '';
      return `${host}: namespace ${p.namespace}${of}`;
    }
    case 'vm': {
      const id = p.target.serverId;
      const s = doc?.servers.find((x) => x.id === id);
      const ips = doc?.ports
        .filter((x) => x.device_id === id)
        .flatMap((x) => x.fixed_ips.map((f) => f.ip_address));
      return s && doc
        ? `${serverLabel(doc, s)}: console of a CirrOS guest on ${s.host}${ips?.length ? `, ${ips.join(', ')}` : ''}`
        : 'a VM that no longer exists';
    }
    case 'outside': {
      const name = p.target.name;
      const h = doc?.outside.flatMap((w) => w.hosts).find((x) => x.name === name);
      return `${name}: a host outside the cloud${h ? `, ${h.ip}` : ''}`;
    }
  }
}

/** The place a canvas selection stands for, if a terminal can sit there. */
export function placeOfSelection(sel: Selection, doc: Topology | null, view: PlaneView | null): Place | null {
  if (!sel || !doc || !view) return null;
  const host = (h: string): Place => ({ target: { kind: 'host', host: h }, namespace: null });
  const vm = (serverId: string): Place => ({ target: { kind: 'vm', serverId }, namespace: null });
  switch (sel.kind) {
    case 'host':
      return doc.hosts.some((h) => h.name === sel.id) ? host(sel.id) : null;
    case 'server':
      return doc.servers.some((s) => s.id === sel.id) ? vm(sel.id) : null;
    case 'router': {
      const ns = view.devices.find((d) => d.role === 'qrouter' && d.routerId === sel.id);
      return ns?.host ? { ...host(ns.host), namespace: ns.name } : null;
    }
    case 'network': {
      const ns = view.devices.find((d) => d.role === 'qdhcp' && d.name === `qdhcp-${sel.id}`);
      return ns?.host ? { ...host(ns.host), namespace: ns.name } : null;
    }
    case 'device': {
      const d = view.devices.find((x) => x.id === sel.id);
      if (!d) return null;
      if (d.role === 'vm' && d.serverId) return vm(d.serverId);
      if (d.role === 'outside-host') return { target: { kind: 'outside', name: d.name }, namespace: null };
      if (!d.host) return null;
      if (
        d.role === 'qrouter' ||
        d.role === 'qdhcp' ||
        d.role === 'snat' ||
        d.role === 'fip' ||
        d.role === 'ovnmeta'
      )
        return { ...host(d.host), namespace: d.name };
      // a port inside a namespace (qr-, qg-, tap of dnsmasq) opens in that namespace
      if (d.namespace) return { ...host(d.host), namespace: d.namespace };
      return host(d.host);
    }
    default:
      return null;
  }
}

/**
 * What a send takes for a place (its words, and the server's id: a VM is sent from by id, as its name
 * may repeat), or null when the simulator cannot send from it.
 */
export function sendSource(p: Place, doc: Topology | null): { from: string; fromId?: string } | null {
  switch (p.target.kind) {
    case 'vm': {
      const from = serverName(doc, p.target.serverId);
      return from ? { from, fromId: p.target.serverId } : null;
    }
    case 'outside':
      return { from: p.target.name };
    case 'host': {
      const m = /^qrouter-(.+)$/.exec(p.namespace ?? '');
      return m ? { from: `router:${m[1]}` } : null;
    }
  }
}
