// realize() after an edit, rebuilding only the hosts the edit reaches (edit-scope.ts): the agents run
// as in a full realize, told to build those hosts alone, and the other hosts' devices are taken from
// the previous plane as they were. The result equals a full realize(topology, previous) device for
// device, link for link and in the same order (tests/unit/realize-incremental.test.ts checks it on
// random clouds and edits); what the scope cannot bound falls back to the full realize.

import { qbrName } from '../addr/naming';
import type { HostName, Topology } from '../model/types';
import { agentsFor } from './backend';
import { devId, type KeptParts, PlaneBuilder } from './builder';
import type { Dataplane, Device, DeviceId, PortRef } from './dataplane';
import { type EditScope, editScope, MOST_HOSTS } from './edit-scope';
import { HostedMap, type HostPart, hostPart, hostParts } from './hosted-map';
import { realize } from './index';
import { groupsOf, qbrFirewall } from './nova-vif';
import { noteTunnelPorts, realizeProviderNetworks, realizeUnderlay } from './outside';
import { type Lookup, lookupOf, type Plug } from './plan';

/** A topology with the plane realized from it. */
export interface Realized {
  readonly topology: Topology;
  readonly plane: Dataplane;
}

export interface EditRealized {
  readonly plane: Dataplane;
  /** the hosts whose devices were built again ('all': a full realize) */
  readonly rebuilt: readonly HostName[] | 'all';
}

/** Each topology's plugs, made once: an edit's topology is the next edit's previous one. */
const plugsMade = new WeakMap<Topology, { lk: Lookup; plugs: Plug[] }>();

function plugsOf(t: Topology): { lk: Lookup; plugs: Plug[] } {
  let made = plugsMade.get(t);
  if (!made) {
    const lk = lookupOf(t);
    made = { lk, plugs: t.options.mechanism_driver === 'ovn' ? [] : agentsFor(t.options).plugs(t, lk) };
    plugsMade.set(t, made);
  }
  return made;
}

/**
 * The hosts an edit from `previous` to `topology` makes the agents build again.
 * @param mostHosts the share of the hosts beyond which it is all of them (a full realize)
 */
export function scopeOfEdit(previous: Topology, topology: Topology, mostHosts = MOST_HOSTS): EditScope {
  return editScope(previous, topology, plugsOf(previous).plugs, plugsOf(topology).plugs, mostHosts);
}

/** What the agents build from `topology`, reusing what `previous` built on the hosts the edit leaves. */
export function realizeEdit(topology: Topology, previous: Realized, mostHosts = MOST_HOSTS): EditRealized {
  const edit = scopeOfEdit(previous.topology, topology, mostHosts);
  if (edit === 'all') return { plane: realize(topology, previous.plane), rebuilt: 'all' };
  const scope = edit.hosts;
  const agentOnly = edit.l2;
  const { lk, plugs } = plugsOf(topology);
  const agents = agentsFor(topology.options);
  // The agents see the whole cloud but the VMs of other hosts, and the plugs of the rebuilt hosts:
  // they build those hosts' devices, and the OVS agent still works out every host's local VLANs and
  // l2population entries, which the rebuilt hosts' br-tun need.
  const narrowed: Topology = { ...topology, servers: topology.servers.filter((s) => scope.has(s.host)) };
  const b = new PlaneBuilder(
    narrowed,
    new Map([...previous.plane.hosts].map(([h, hp]) => [h, hp.localVlans])),
  );
  b.only = new Set([...scope, ...agentOnly]);
  b.tunnelsOnly = agentOnly;
  const local = plugs.filter((p) => scope.has(p.host));
  agents.servers(b, lk, local);
  agents.routers(b, lk, local);
  agents.dhcp(b, lk, local);
  agents.l2(b, plugs);
  const m = merge(topology, b, previous.plane, scope, agentOnly);
  rewriteFirewalls(m, plugs, edit.firewalls, scope);
  const plane = m.build();
  // The firewall flows of a br-int are made when first read (FlowTables.defer), from the topology the
  // bridge was built with, which a bridge kept over many edits keeps alive. With iptables_hybrid there
  // are none: the rebuilt bridges settle now and let go of it. The openvswitch firewall's are made
  // when read, as after a full realize (made now, ten hosts' flows cost tens of MB an edit).
  if (topology.options.firewall_driver === 'iptables_hybrid')
    for (const h of b.only)
      for (const id of b.hostDevices.get(h) ?? []) {
        const d = b.devices.get(id);
        if (d?.kind === 'ovs-bridge' && d.role === 'int') void d.flows.size;
      }
  return { plane, rebuilt: topology.hosts.map((h) => h.name).filter((h) => b.builds(h)) };
}

/** What the OVS agent builds again on a host where only l2population's entries changed: br-tun and its
 * tunnel ports (ovs-agent.ts realizeHost). */
const builtForTunnels = (d: Device): boolean =>
  d.kind === 'vxlan-port' || (d.kind === 'ovs-bridge' && d.role === 'tun');

/**
 * A device the agent built again: the plane before's object when it is a tunnel port that reads the
 * same (its fields are all plain values). l2population makes the OVS agent rebuild the hosts that
 * share a network with an edited port, and their ~100 VXLAN ports each are mostly as they were: the
 * view then keeps what it made of them, by identity (view/device-views.ts).
 */
function unchanged(was: Device | undefined, now: Device): Device {
  if (was?.kind !== 'vxlan-port' || now.kind !== 'vxlan-port') return now;
  const a = was as unknown as Record<string, unknown>;
  const b = now as unknown as Record<string, unknown>;
  const keys = Object.keys(b);
  if (keys.length !== Object.keys(a).length) return now;
  // a field that is an object counts as the same only when it is that very object
  for (const k of keys) if (a[k] !== b[k]) return now;
  return was;
}

/**
 * A kept host's devices and links as the plane before had them: its maps themselves when that plane was
 * built host by host (builder.ts), else made from its device list.
 */
function keptParts(plane: Dataplane, host: HostName, ids: readonly DeviceId[]): KeptParts {
  if (plane.devices instanceof HostedMap && plane.links instanceof HostedMap) {
    const devices = plane.devices.parts.get(host);
    const links = (plane.links as HostedMap<ReadonlyMap<string, PortRef>>).parts.get(host);
    if (devices && links) return { devices, links };
  }
  return hostParts(host, ids, plane.devices, plane.links);
}

const UNDERLAY = 'underlay' as DeviceId;

/** What a kept host's links lead to that joins the hosts. */
interface Joined {
  /** the underlay's ends toward the host's tunnel ports (named by their ids, as ovs-agent.ts links them) */
  readonly underlay: HostPart<PortRef>;
  /** the host's devices with an end toward what else joins the hosts (a provider network), and their ends */
  readonly other: readonly [DeviceId, ReadonlyMap<string, PortRef>][];
}

/**
 * What a kept host's links lead to that joins the hosts, read once per host map: the maps are shared by
 * the planes of the edits that leave the host alone, and the underlay's 9,000 ends of a cloud of a
 * hundred hosts were otherwise made again at every edit.
 */
const joinedOf = new WeakMap<object, Joined>();

function joined(plane: Dataplane, host: HostName, parts: KeptParts): Joined {
  let j = joinedOf.get(parts.links);
  if (!j) {
    const underlay = new Map<DeviceId, PortRef>();
    const other: [DeviceId, ReadonlyMap<string, PortRef>][] = [];
    for (const [id, ends] of parts.links.map) {
      let joins = false;
      for (const [port, peer] of ends)
        if (peer.device === UNDERLAY) underlay.set(peer.port as DeviceId, { device: id, port });
        else if (!plane.devices.get(peer.device)?.host) joins = true;
      if (joins) other.push([id, ends]);
    }
    j = { underlay: hostPart(host, underlay), other };
    joinedOf.set(parts.links, j);
  }
  return j;
}

/**
 * The new plane: host by host, the rebuilt hosts' devices from `b` and the others' from `previous`,
 * with their links as they are (a link end knows which plane it was followed in: dataplane.ts follow),
 * then what joins the hosts (underlay, provider networks, the outside) built again over them.
 */
function merge(
  t: Topology,
  b: PlaneBuilder,
  previous: Dataplane,
  scope: ReadonlySet<HostName>,
  agentOnly: ReadonlySet<HostName>,
): PlaneBuilder {
  const m = new PlaneBuilder(t);
  /** what joins the hosts but the underlay -> its ends toward the host devices */
  const shared = new Map<DeviceId, Map<string, PortRef>>();
  /** the underlay's ends, host by host: toward a host's tunnel ports, named by their ids */
  const underlay = new Map<HostName, HostPart<PortRef>>();
  /** the ends of a device of the host named by `own` (`<host>|`) toward what joins the hosts */
  const share = (
    id: DeviceId,
    ends: ReadonlyMap<string, PortRef>,
    own: string,
    toUnderlay: Map<DeviceId, PortRef>,
  ) => {
    for (const [port, peer] of ends) {
      // most lead to a device of the same host, named `<host>|...` (builder.ts devId)
      if (peer.device.startsWith(own)) continue;
      // a host's own device: of a rebuilt host (in m already) or of a kept one (in the plane before)
      if (m.devices.has(peer.device) || previous.devices.get(peer.device)?.host) continue;
      if (peer.device === UNDERLAY) {
        toUnderlay.set(peer.port as DeviceId, { device: id, port });
        continue;
      }
      const side = shared.get(peer.device) ?? new Map<string, PortRef>();
      shared.set(peer.device, side);
      side.set(peer.port, { device: id, port });
    }
  };
  for (const h of t.hosts) {
    const own = `${h.name}|`;
    const toUnderlay = new Map<DeviceId, PortRef>();
    if (scope.has(h.name)) {
      const ids = b.hostDevices.get(h.name) ?? [];
      for (const id of ids) m.add(b.devices.get(id)!);
      for (const id of ids) {
        const ends = b.links.get(id);
        if (!ends) continue;
        m.links.set(id, ends);
        share(id, ends, own, toUnderlay);
      }
      underlay.set(h.name, hostPart(h.name, toUnderlay));
    } else if (agentOnly.has(h.name)) {
      // br-tun and its tunnel ports built again, the others kept: the OVS agent adds them last on a
      // host, so they come last in the host's list (builder.ts). The host's maps are the plane
      // before's, copied whole, with those taken out and the new ones put in at the end.
      const ids = previous.hosts.get(h.name)?.devices ?? [];
      const was = keptParts(previous, h.name, ids);
      const devices = new Map(was.devices.map);
      const links = new Map(was.links.map);
      const kept: DeviceId[] = [];
      for (const id of ids)
        if (!builtForTunnels(was.devices.map.get(id)!)) kept.push(id);
        else {
          devices.delete(id);
          links.delete(id);
        }
      const fresh = b.hostDevices.get(h.name) ?? [];
      for (const id of fresh) {
        devices.set(id, unchanged(was.devices.map.get(id), b.devices.get(id)!));
        const ends = b.links.get(id);
        if (!ends) continue;
        links.set(id, ends);
        share(id, ends, own, toUnderlay);
      }
      const part = hostPart(h.name, devices);
      // its tunnel ports are among those built again (builtForTunnels): the rest are none
      noteTunnelPorts(
        part,
        fresh.map((id) => devices.get(id)!),
      );
      m.kept.set(h.name, { devices: part, links: hostPart(h.name, links) });
      m.hostDevices.set(h.name, [...kept, ...fresh]);
      // a provider bridge's NIC plugged into its physical network
      for (const [id, ends] of joined(previous, h.name, was).other)
        if (!builtForTunnels(was.devices.map.get(id)!)) share(id, ends, own, toUnderlay);
      underlay.set(h.name, hostPart(h.name, toUnderlay));
    } else {
      // kept whole: its maps as they are, and the ends toward what joins the hosts noted (those toward
      // the underlay read once per host map, as the map is kept over many edits)
      const ids = previous.hosts.get(h.name)?.devices ?? [];
      const parts = keptParts(previous, h.name, ids);
      m.kept.set(h.name, parts);
      m.hostDevices.set(h.name, ids as DeviceId[]);
      const j = joined(previous, h.name, parts);
      for (const [id, ends] of j.other) share(id, ends, own, toUnderlay);
      underlay.set(h.name, j.underlay);
    }
    m.localVlans.set(h.name, b.localVlans.get(h.name) ?? new Map());
  }
  // the underlay's ends, host by host in the hosts' order, as a full realize links them (ovs-agent.ts):
  // the ends of the hosts kept are those of the plane before, not 9,000 new ones at every edit
  if ([...underlay.values()].some((u) => u.map.size > 0))
    m.links.set(UNDERLAY, new HostedMap(underlay, new Map()) as unknown as Map<string, PortRef>);
  for (const [id, ends] of shared) m.links.set(id, ends);
  const keptOn = (id: DeviceId) => {
    // the host by the id's prefix where it names one (builder.ts devId), else by the device
    const bar = id.indexOf('|');
    const named = (bar > 0 ? id.slice(0, bar) : '') as HostName;
    const host = previous.hosts.has(named) ? named : previous.devices.get(id)?.host;
    return !!host && !scope.has(host);
  };
  for (const k of ['vmByServer', 'nsByRouter', 'dhcpByNetwork'] as const) {
    for (const [key, id] of previous.index[k] as ReadonlyMap<string, DeviceId>)
      if (keptOn(id)) (m.index[k] as Map<string, DeviceId>).set(key, id);
    for (const [key, id] of b.index[k] as ReadonlyMap<string, DeviceId>)
      (m.index[k] as Map<string, DeviceId>).set(key, id);
  }
  for (const [name, members] of b.ipsets) m.ipsets.set(name, members);
  realizeUnderlay(m);
  realizeProviderNetworks(m);
  return m;
}

/**
 * On the hosts kept, the qbr of each port in `ports` with its hybrid firewall made again from the
 * port's security groups as they are now (same chains' names, same conntrack zone).
 */
function rewriteFirewalls(
  m: PlaneBuilder,
  plugs: readonly Plug[],
  ports: ReadonlySet<string>,
  rebuilt: ReadonlySet<HostName>,
): void {
  if (ports.size === 0) return;
  /** the hosts whose device list was copied: a list is shared only while all its devices are */
  const copied = new Set<HostName>();
  /** a kept host's map of devices, copied once for this plane, with its new qbr */
  const own = new Map<HostName, Map<DeviceId, Device>>();
  for (const p of plugs) {
    if (p.kind !== 'vm' || rebuilt.has(p.host) || !ports.has(p.port.id)) continue;
    const id = devId(p.host, qbrName(p.port.id));
    const kept = m.kept.get(p.host);
    const mine = own.get(p.host);
    const qbr = mine ? mine.get(id) : kept ? kept.devices.map.get(id) : m.devices.get(id);
    if (qbr?.kind !== 'linux-bridge' || !qbr.firewall) continue;
    const { tap, qvb, zone } = qbr.firewall;
    const next = { ...qbr, firewall: qbrFirewall(p.port, groupsOf(m.topo, p.port), tap, qvb, zone) };
    if (kept) {
      // the host's map is the plane before's: this one gets its own (one copy for all its qbr)
      let devices = mine;
      if (!devices) {
        devices = new Map(kept.devices.map);
        own.set(p.host, devices);
      }
      devices.set(id, next);
    } else m.devices.set(id, next);
    if (!copied.has(p.host)) {
      copied.add(p.host);
      m.hostDevices.set(p.host, [...(m.hostDevices.get(p.host) ?? [])]);
    }
  }
  for (const [host, devices] of own) {
    const kept = m.kept.get(host)!;
    m.kept.set(host, { devices: hostPart(host, devices), links: kept.links });
  }
}
