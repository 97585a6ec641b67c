// A mutable Dataplane under construction, shared by the agents' realize steps.
import type { HostName, NetworkId, RouterId, ServerId, Topology } from '../model/types';
import type { Dataplane, Device, DeviceId, HostPlane, PortRef } from './dataplane';
import { HostedMap, type HostPart, type HostParts, hostParts } from './hosted-map';
import type { OvnDb } from './ovn/db';

/** Each host's local VLANs, network -> tag, as a plane had them. */
export type PreviousVlans = ReadonlyMap<HostName, ReadonlyMap<NetworkId, number>>;

/** A host's devices and links, taken whole from a plane. */
export type KeptParts = HostParts;

export class PlaneBuilder {
  readonly devices = new Map<DeviceId, Device>();
  /** device -> port -> the port at the other end */
  readonly links = new Map<DeviceId, Map<string, PortRef>>();
  readonly hostDevices = new Map<HostName, DeviceId[]>();
  readonly localVlans = new Map<HostName, Map<NetworkId, number>>();
  readonly index = {
    vmByServer: new Map<ServerId, DeviceId>(),
    nsByRouter: new Map<RouterId, DeviceId>(),
    dhcpByNetwork: new Map<NetworkId, DeviceId>(),
    outsideByName: new Map<string, DeviceId>(),
    upstreamByNetwork: new Map<NetworkId, DeviceId>(),
  };
  readonly ipsets = new Map<string, Set<string>>();
  /** ML2/OVN's databases, when the cloud runs it */
  ovn: OvnDb | undefined;
  /** the hosts an incremental realize rebuilds (realize/incremental.ts); every host when absent */
  only: ReadonlySet<HostName> | undefined;
  /** of those, the hosts where the OVS agent builds br-tun and its tunnel ports alone (ovs-agent.ts) */
  tunnelsOnly: ReadonlySet<HostName> | undefined;
  /** the hosts an incremental realize keeps: their devices and links, as the plane before had them */
  readonly kept = new Map<HostName, KeptParts>();

  /**
   * @param previous the local VLANs of the plane this one replaces (after an edit): an OVS agent keeps a
   *   network's local VLAN on a host for as long as the network has a port there
   */
  constructor(
    readonly topo: Topology,
    readonly previous: PreviousVlans = new Map(),
  ) {
    for (const h of topo.hosts) {
      this.hostDevices.set(h.name, []);
      this.localVlans.set(h.name, new Map());
    }
  }

  /** Whether this build makes the host's devices: false for a host an incremental realize keeps. */
  builds(host: HostName): boolean {
    return this.only === undefined || this.only.has(host);
  }

  add<D extends Device>(d: D): D {
    // One hash of the id instead of two (has, then set): a large cloud adds tens of thousands.
    const before = this.devices.size;
    this.devices.set(d.id, d);
    if (this.devices.size === before) throw new Error(`duplicate device ${d.id}`);
    if (d.host) this.hostDevices.get(d.host)?.push(d.id);
    return d;
  }

  link(a: DeviceId, aPort: string, b: DeviceId, bPort: string): void {
    this.end(a).set(aPort, { device: b, port: bPort });
    this.end(b).set(bPort, { device: a, port: aPort });
  }

  private end(device: DeviceId): Map<string, PortRef> {
    let ports = this.links.get(device);
    if (!ports) {
      ports = new Map();
      this.links.set(device, ports);
    }
    return ports;
  }

  /**
   * The plane: devices and links host by host (in the topology's host order, each host's in the order
   * they were added), then the others (those of no host) in the order they were added. The agents add
   * devices agent by agent, which interleaves the hosts; this order is the one an incremental realize
   * can rebuild host by host, so a plane is the same, entry for entry, whichever way it was made. A
   * host in `kept` takes its maps from there, as they are (hosted-map.ts).
   */
  build(): Dataplane {
    const hosts = new Map<HostName, HostPlane>();
    const devices = new Map<HostName, HostPart<Device>>();
    const links = new Map<HostName, HostPart<ReadonlyMap<string, PortRef>>>();
    for (const h of this.topo.hosts) {
      const ids = this.hostDevices.get(h.name) ?? [];
      hosts.set(h.name, {
        name: h.name,
        role: h.role,
        tunnelIp: h.tunnel_ip,
        localVlans: this.localVlans.get(h.name) ?? new Map(),
        devices: ids,
      });
      const kept = this.kept.get(h.name);
      if (kept) {
        devices.set(h.name, kept.devices);
        links.set(h.name, kept.links);
        continue;
      }
      const parts = hostParts(h.name, ids, this.devices, this.links);
      devices.set(h.name, parts.devices);
      links.set(h.name, parts.links);
    }
    const onHost = (d: Device | undefined) => !!d?.host && this.hostDevices.has(d.host);
    const restDevices = new Map<DeviceId, Device>();
    for (const [id, d] of this.devices) if (!onHost(d)) restDevices.set(id, d);
    const restLinks = new Map<DeviceId, ReadonlyMap<string, PortRef>>();
    for (const id of restDevices.keys()) {
      const e = this.links.get(id);
      if (e) restLinks.set(id, e);
    }
    for (const [id, e] of this.links)
      if (!restLinks.has(id) && !onHost(this.devices.get(id))) restLinks.set(id, e);
    const plane = {
      devices: new HostedMap(devices, restDevices),
      links: new HostedMap(links, restLinks),
      hosts,
      index: this.index,
      ipsets: this.ipsets,
    };
    return this.ovn ? { ...plane, ovn: this.ovn } : plane;
  }
}

export const devId = (host: string, name: string): DeviceId => `${host}|${name}`;
