// The Open vSwitch agent on every host: br-int with each bound port as an access port of its
// network's local VLAN (neutron-facts §3), br-tun with its tables and the VXLAN ports that
// l2population asks for (§4, §7), and the provider bridges of bridge_mappings (§6).

import { intPeerName, phyPeerName, providerNicName, tunnelPortName } from '../addr/naming';
import { agentCookie } from '../addr/stable';
import type { Flow } from '../devices/openflow/flow';
import { FlowTables } from '../devices/openflow/table';
import { dvrMacs } from '../model/dvr';
import {
  distributedRouting,
  type Host,
  type HostName,
  type Network,
  type NetworkId,
  type Topology,
} from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { OvsPort } from './dataplane';
import { brPhysDvrFlows, type DvrHost, dvrIntFlows, dvrTunFlows } from './dvr-flows';
import { brIntPeer } from './nova-vif';
import {
  brIntDeadPortFlow,
  brIntDefaultFlows,
  brIntPhysFlows,
  brIntPortSecurityFlows,
  brPhysFlows,
  brTunFlows,
  DEAD_VLAN,
  type TunNetwork,
} from './ovs-flows';
import type { Plug } from './plan';

/** A port of br-int as the firewall driver sees it: its plug, its ofport and its local VLAN. */
export interface BrIntPort {
  readonly plug: Plug;
  readonly ofport: number;
  readonly lvid: number;
}

/** What the firewall driver does on br-int (neutron-facts §5, neutron-facts-beyond §4). */
export interface BrIntFirewall {
  /** the driver guards ARP itself (`provides_arp_spoofing_protection`); else the agent installs the
   *  table 0 -> 24/25 anti-spoofing flows for each VM port (`prevent_arp_spoofing`) */
  readonly providesArpSpoofingProtection: boolean;
  /** the driver's own flows for a host's up ports */
  flows(t: Topology, ports: readonly BrIntPort[]): Flow[];
}

/** The iptables_hybrid driver filters on the qbr: nothing of its own on br-int. */
export const HYBRID_ON_BR_INT: BrIntFirewall = { providesArpSpoofingProtection: false, flows: () => [] };

const VXLAN_OPTIONS = (local: string, remote: string) => ({
  df_default: 'true',
  egress_pkt_mark: '0',
  in_key: 'flow',
  local_ip: local,
  out_key: 'flow',
  remote_ip: remote,
});

interface HostState {
  host: Host;
  plugs: Plug[];
  lvids: Map<NetworkId, number>;
  networks: Map<NetworkId, Network>;
  /** the name other hosts give their tunnel port toward this one */
  tunnel: string;
  /** the up plugs of each network, in plug order: what l2population tells the other hosts about */
  upByNetwork: Map<NetworkId, Plug[]>;
  /** the l2population unicast entries of those plugs, made once and shared by every other host */
  fdb: Map<NetworkId, TunNetwork['unicast']>;
}

/** The hosts that have a network (a local VLAN for it), in host order. */
type HostsByNetwork = ReadonlyMap<NetworkId, readonly HostState[]>;

/** enable_distributed_routing, once any router is distributed: every host's DVR MAC. */
interface Dvr {
  readonly macs: ReadonlyMap<HostName, string>;
}

/**
 * Local VLANs (neutron-facts §3): a network gets a tag on a host when its first port there is bound, and
 * keeps it while it has a port there; a tag freed when a network's last port leaves goes to the next
 * network that needs one. `before` is what this host had before the edit; new networks take the
 * lowest free tag, as CPython's set.pop() of small integers gives them in practice.
 */
function allocateLocalVlans(hs: HostState, before: ReadonlyMap<NetworkId, number> | undefined): void {
  const here: Network[] = [];
  for (const p of hs.plugs) {
    if (!p.up || hs.networks.has(p.network.id)) continue;
    hs.networks.set(p.network.id, p.network);
    here.push(p.network);
  }
  const taken = new Set<number>();
  for (const n of here) {
    const kept = before?.get(n.id);
    if (kept !== undefined) {
      hs.lvids.set(n.id, kept);
      taken.add(kept);
    }
  }
  let next = 1;
  for (const n of here) {
    if (hs.lvids.has(n.id)) continue;
    while (taken.has(next)) next++;
    hs.lvids.set(n.id, next);
    taken.add(next);
  }
}

/** The VNI this host's agent uses for a network (a segmentation override is a fault). */
function vniOn(hs: HostState, net: Network): number {
  return (
    hs.host.segmentation_overrides.find((o) => o.network_id === net.id)?.segmentation_id ??
    net['provider:segmentation_id'] ??
    0
  );
}

function physBridges(b: PlaneBuilder, hs: HostState): { physnet: string; bridge: string; nic: string }[] {
  const needed = new Set<string>();
  for (const n of hs.networks.values())
    if (n['provider:physical_network']) needed.add(n['provider:physical_network']);
  return b.topo.options.bridge_mappings
    .filter((m) => hs.host.role === 'network' || needed.has(m.physical_network))
    .map((m, i) => ({ physnet: m.physical_network, bridge: m.bridge, nic: providerNicName(i) }));
}

export function realizeOvs(
  b: PlaneBuilder,
  plugs: readonly Plug[],
  firewall: BrIntFirewall = HYBRID_ON_BR_INT,
): void {
  const states = new Map<HostName, HostState>();
  for (const host of b.topo.hosts)
    states.set(host.name, {
      host,
      plugs: [],
      lvids: new Map(),
      networks: new Map(),
      tunnel: tunnelPortName(host.tunnel_ip),
      upByNetwork: new Map(),
      fdb: new Map(),
    });
  for (const p of plugs) {
    const hs = states.get(p.host);
    if (!hs) continue;
    hs.plugs.push(p);
    if (!p.up) continue;
    const list = hs.upByNetwork.get(p.network.id);
    if (list) list.push(p);
    else hs.upByNetwork.set(p.network.id, [p]);
  }
  // Indexes by network, so that each host's br-tun is built from the hosts sharing its networks
  // rather than by scanning every host and every plug of the cloud (quadratic on a large cloud).
  const byNetwork = new Map<NetworkId, HostState[]>();
  for (const hs of states.values()) {
    allocateLocalVlans(hs, b.previous.get(hs.host.name));
    const lv = b.localVlans.get(hs.host.name)!;
    for (const [net, vlan] of hs.lvids) {
      lv.set(net, vlan);
      const list = byNetwork.get(net);
      if (list) list.push(hs);
      else byNetwork.set(net, [hs]);
    }
    // l2population announces one (MAC, IP) entry per fixed IP of a port; none for a distributed
    // router's interface, only its host's flooding entry (l2pop mech_driver _get_agent_fdb skips
    // DEVICE_OWNER_DVR_INTERFACE), as every DVR host has that MAC and IP; none for an HA router's
    // replicated ports (mech_driver.py is_ha_router_port; neutron-facts-beyond §2.4)
    for (const [net, list] of hs.upByNetwork)
      hs.fdb.set(
        net,
        list.flatMap((p): TunNetwork['unicast'] =>
          p.replicated || (p.kind === 'router-interface' && p.router?.distributed)
            ? []
            : p.port.fixed_ips.length
              ? p.port.fixed_ips.map((f) => ({
                  mac: p.port.mac_address,
                  ip: f.ip_address,
                  tunnel: hs.tunnel,
                }))
              : [{ mac: p.port.mac_address, ip: null, tunnel: hs.tunnel }],
        ),
      );
  }
  const dvr: Dvr | null = distributedRouting(b.topo) ? { macs: dvrMacs(b.topo) } : null;
  for (const hs of states.values())
    if (b.builds(hs.host.name)) realizeHost(b, hs, states, byNetwork, dvr, firewall);
}

function realizeHost(
  b: PlaneBuilder,
  hs: HostState,
  all: ReadonlyMap<HostName, HostState>,
  byNetwork: HostsByNetwork,
  dvr: Dvr | null,
  firewall: BrIntFirewall,
): void {
  const host = hs.host.name;
  const intId = devId(host, 'br-int');
  const tunId = devId(host, 'br-tun');
  // l2population's entries alone changed here (realize/incremental.ts): br-int and the provider
  // bridges are built from the host's own ports, the same as before, and are kept. DVR's br-int flows
  // read the tunnels too, and an edit of a DVR cloud rebuilds every host (edit-scope.ts).
  const intFlows = b.tunnelsOnly?.has(host) && !dvr ? null : realizeBrInt(b, hs, dvr, firewall);
  // br-tun: tunnels toward the hosts l2population says are needed (a full mesh without it).
  const l2pop = b.topo.options.l2population;
  const tunnelNets = [...hs.networks.values()].filter((n) => n['provider:network_type'] === 'vxlan');
  const remotes = [...all.values()].filter((r) => r.host.name !== host);
  const tunnelTo = (r: HostState) => r.tunnel;
  const sharing = new Set<HostState>();
  for (const n of tunnelNets) for (const r of byNetwork.get(n.id) ?? []) sharing.add(r);
  const needed = l2pop ? remotes.filter((r) => sharing.has(r)) : remotes;
  const tunPorts = new Map<string, OvsPort>([
    ['patch-int', { name: 'patch-int', ofport: 1, tag: null, type: 'patch', options: { peer: 'patch-tun' } }],
  ]);
  let tunOfport = 2;
  for (const r of needed) {
    const name = tunnelTo(r);
    tunPorts.set(name, {
      name,
      ofport: tunOfport++,
      tag: null,
      type: 'vxlan',
      options: VXLAN_OPTIONS(hs.host.tunnel_ip, r.host.tunnel_ip),
    });
    const vxId = devId(host, name);
    b.add({
      id: vxId,
      kind: 'vxlan-port',
      name,
      host,
      namespace: null,
      localIp: hs.host.tunnel_ip,
      remoteIp: r.host.tunnel_ip,
      remoteHost: r.host.name,
      underlayMtu: hs.host.underlay_mtu,
    });
    b.link(tunId, name, vxId, 'br');
    b.link(vxId, 'underlay', 'underlay', vxId);
  }
  const nets: TunNetwork[] = tunnelNets.map((n) => {
    // With l2population: the other hosts that have the network, in host order (all are in needed).
    const others = (byNetwork.get(n.id) ?? []).filter((r) => r !== hs);
    const flood = l2pop ? others.map(tunnelTo) : needed.map(tunnelTo);
    const unicast: TunNetwork['unicast'] = [];
    if (l2pop) for (const r of others) for (const e of r.fdb.get(n.id) ?? []) unicast.push(e);
    return { lvid: hs.lvids.get(n.id)!, vni: vniOn(hs, n), flood, unicast };
  });
  const tunFlows = new FlowTables();
  // the ARP responder is forced on in DVR mode (ovs_neutron_agent.py __init__, neutron-facts-beyond §1.1)
  const responder = (b.topo.options.arp_responder && l2pop) || dvr !== null;
  for (const f of brTunFlows(
    [...tunPorts.keys()].filter((p) => p !== 'patch-int'),
    nets,
    responder,
    agentCookie(host, 'br-tun'),
  ))
    tunFlows.add(f);
  if (dvr) {
    const d: DvrHost = {
      host,
      macs: dvr.macs,
      plugs: hs.plugs,
      lvids: hs.lvids,
      tunnels: nets,
    };
    for (const f of dvrTunFlows(d)) tunFlows.add(f);
    for (const f of dvrIntFlows(d)) intFlows?.add(f);
  }
  b.add({
    id: tunId,
    kind: 'ovs-bridge',
    role: 'tun',
    name: 'br-tun',
    host,
    namespace: null,
    ports: tunPorts,
    flows: tunFlows,
  });
  b.link(intId, 'patch-tun', tunId, 'patch-int');
}

/** A host's br-int with its ports and flows, and its provider bridges (neutron-facts §3, §6). */
function realizeBrInt(b: PlaneBuilder, hs: HostState, dvr: Dvr | null, firewall: BrIntFirewall): FlowTables {
  const host = hs.host.name;
  const intId = devId(host, 'br-int');
  const intPorts = new Map<string, OvsPort>();
  const intFlows = new FlowTables();
  for (const f of brIntDefaultFlows()) intFlows.add(f);
  let ofport = 1;

  // Provider bridges joined to br-int by int-<bridge>/phy-<bridge>.
  for (const pb of physBridges(b, hs)) {
    const intName = intPeerName(pb.bridge);
    const phyName = phyPeerName(pb.bridge);
    const vlans = [...hs.networks.values()]
      .filter((n) => n['provider:physical_network'] === pb.physnet)
      .map((n) => ({
        seg: n['provider:network_type'] === 'vlan' ? n['provider:segmentation_id'] : null,
        lvid: hs.lvids.get(n.id)!,
      }));
    intPorts.set(intName, {
      name: intName,
      ofport: ofport++,
      tag: null,
      type: 'patch',
      options: { peer: phyName },
    });
    for (const f of brIntPhysFlows(intName, vlans)) intFlows.add(f);
    const phyFlows = new FlowTables();
    for (const f of dvr ? brPhysDvrFlows(phyName, vlans, host, dvr.macs) : brPhysFlows(phyName, vlans))
      phyFlows.add(f);
    const physId = devId(host, pb.bridge);
    b.add({
      id: physId,
      kind: 'ovs-bridge',
      role: 'phys',
      name: pb.bridge,
      host,
      namespace: null,
      ports: new Map<string, OvsPort>([
        [pb.nic, { name: pb.nic, ofport: 1, tag: null, type: 'system' }],
        [phyName, { name: phyName, ofport: 2, tag: null, type: 'patch', options: { peer: intName } }],
      ]),
      flows: phyFlows,
    });
    b.link(intId, intName, physId, phyName);
    b.link(physId, pb.nic, `physnet:${pb.physnet}`, host);
  }

  intPorts.set('patch-tun', {
    name: 'patch-tun',
    ofport: ofport++,
    tag: null,
    type: 'patch',
    options: { peer: 'patch-int' },
  });
  const upPorts: BrIntPort[] = [];
  for (const p of hs.plugs) {
    const tag = p.up ? hs.lvids.get(p.network.id)! : DEAD_VLAN;
    const port = ofport++;
    intPorts.set(p.ovsName, {
      name: p.ovsName,
      ofport: port,
      tag,
      type: p.kind === 'vm' ? 'system' : 'internal',
      portId: p.port.id,
      networkId: p.network.id,
    });
    if (!p.up) intFlows.add(brIntDeadPortFlow(p.ovsName));
    else {
      upPorts.push({ plug: p, ofport: port, lvid: tag });
      if (!firewall.providesArpSpoofingProtection && p.kind === 'vm' && p.port.port_security_enabled)
        for (const f of brIntPortSecurityFlows(
          p.ovsName,
          p.port.mac_address,
          p.port.fixed_ips.map((x) => x.ip_address),
        ))
          intFlows.add(f);
    }
    const peer = brIntPeer(p);
    b.link(intId, p.ovsName, peer.device, peer.port);
  }
  // made when first read, from the topology alone: the bridge keeps neither the builder nor the plane
  // (a plane realized after an edit keeps this bridge while the host is not reached)
  const topo = b.topo;
  intFlows.defer(() => firewall.flows(topo, upPorts));
  b.add({
    id: intId,
    kind: 'ovs-bridge',
    role: 'int',
    name: 'br-int',
    host,
    namespace: null,
    ports: intPorts,
    flows: intFlows,
  });
  return intFlows;
}
