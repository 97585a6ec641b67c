// The two choices a cloud can be seen under, side by side: its backend (the mechanism driver and, for
// the OVS agent, the firewall driver) and the type of its routers (Neutron's `distributed` and `ha`).
// Each is an edit of a Topology draft that keeps every resource and its id; the core then decides
// whether the result is a cloud it accepts, and rebuilds the plumbing from it.
import { maxMtu } from '../model/normalize-networks';
import { AGENT_BINARIES, type Network, type RouterFlavour, runsAgent, type Topology } from '../model/types';
import { dvrHostsOf } from '../model/validate-l3';

/** The three backends of issue 15: ML2/OVS with either firewall driver, or ML2/OVN. */
export type Backend = 'ovs-hybrid' | 'ovs-firewall' | 'ovn';

export const BACKENDS: readonly { id: Backend; label: string }[] = [
  { id: 'ovs-hybrid', label: 'ML2/OVS + iptables_hybrid' },
  { id: 'ovs-firewall', label: 'ML2/OVS + openvswitch firewall' },
  { id: 'ovn', label: 'ML2/OVN' },
];

export const ROUTER_FLAVOURS: readonly { id: RouterFlavour; label: string }[] = [
  { id: 'legacy', label: 'legacy' },
  { id: 'dvr', label: 'distributed' },
  { id: 'ha', label: 'HA' },
  { id: 'dvr-ha', label: 'distributed + HA' },
];

export const backendLabel = (b: Backend): string => BACKENDS.find((x) => x.id === b)!.label;
export const flavourLabel = (f: RouterFlavour): string => ROUTER_FLAVOURS.find((x) => x.id === f)!.label;

export function backendOf(t: Pick<Topology, 'options'>): Backend {
  if (t.options.mechanism_driver === 'ovn') return 'ovn';
  return t.options.firewall_driver === 'openvswitch' ? 'ovs-firewall' : 'ovs-hybrid';
}

/** The tunnel type of a mechanism driver's tenant networks: VXLAN for the OVS agent, Geneve for OVN. */
const tunnelOf = (ovn: boolean): Network['provider:network_type'] => (ovn ? 'geneve' : 'vxlan');

/**
 * Puts a cloud under a backend. Between ML2/OVS and ML2/OVN the tenant networks change tunnel type
 * and keep their segmentation ids, as neutron's ML2/OVS to OVN migration does (it rewrites the vxlan
 * segments as geneve); an MTU left at the old type's largest becomes the new type's. The agents' ports
 * (DHCP, metadata) follow from the mechanism driver in normalization.
 */
export function setBackend(t: Topology, b: Backend): void {
  const ovn = b === 'ovn';
  const from = tunnelOf(!ovn);
  const to = tunnelOf(ovn);
  t.options.mechanism_driver = ovn ? 'ovn' : 'openvswitch';
  if (!ovn) t.options.firewall_driver = b === 'ovs-firewall' ? 'openvswitch' : 'iptables_hybrid';
  for (const n of t.networks) {
    if (n['provider:network_type'] !== from) continue;
    n['provider:network_type'] = to;
    if (n.mtu === maxMtu(from)) delete (n as Partial<Network>).mtu;
  }
}

/** Makes a router legacy, distributed, HA or both (Neutron's `distributed` and `ha` fields). */
export function setRouterFlavour(t: Topology, routerId: string, f: RouterFlavour): void {
  const r = t.routers.find((x) => x.id === routerId);
  if (!r) throw new Error(`no router ${routerId}`);
  r.distributed = f === 'dvr' || f === 'dvr-ha';
  r.ha = f === 'ha' || f === 'dvr-ha';
}

/** One way to see the cloud: null keeps what the cloud has. */
export interface Variant {
  backend: Backend | null;
  /** the type every router of the cloud is given */
  routers: RouterFlavour | null;
}

export function variantLabel(v: Variant): string {
  const parts = [
    v.routers ? `${flavourLabel(v.routers)} routers` : null,
    v.backend ? backendLabel(v.backend) : null,
  ];
  return parts.filter(Boolean).join(', ') || 'the cloud as it is';
}

/**
 * What a DVR deployment installs beside a distributed router: the L3 agent (in dvr mode) on each compute
 * host with instances on its subnets (deploy-ovs-ha-dvr; validate-l3.ts refuses the router without
 * it). Returns the hosts it was added to.
 */
function deployDvrAgents(t: Topology): string[] {
  const added: string[] = [];
  for (const r of t.routers) {
    if (!r.distributed) continue;
    for (const h of dvrHostsOf(t, r))
      if (h.role === 'compute' && !runsAgent(h, 'l3')) {
        h.agents.push(AGENT_BINARIES.l3);
        added.push(h.name);
      }
  }
  return added;
}

/** The cloud under a variant: a copy (the original untouched), with what was added to make it so. */
export function applyVariant(t: Topology, v: Variant): { topology: Topology; notes: string[] } {
  const copy = JSON.parse(JSON.stringify(t)) as Topology;
  const notes: string[] = [];
  if (v.backend) setBackend(copy, v.backend);
  if (v.routers) for (const r of copy.routers) setRouterFlavour(copy, r.id, v.routers);
  if (copy.options.mechanism_driver === 'openvswitch') {
    const added = deployDvrAgents(copy);
    if (added.length) notes.push(`the L3 agent (dvr mode) added on ${added.join(', ')}`);
  }
  return { topology: copy, notes };
}
