// Which agents build a cloud, chosen in one place from the topology's options. ML2/OVS builds with the
// Nova VIF plug, the L3 and DHCP agents and the OVS agent; the firewall driver decides how a VM is
// plugged (a qbr for iptables_hybrid, the tap straight on br-int for openvswitch) and what br-int
// carries for security groups. ML2/OVN has no such agents: ovn-northd and each chassis's
// ovn-controller build everything from the Northbound rows (realize/ovn).
import { qvoName } from '../addr/naming';
import type { Options, Topology } from '../model/types';
import type { PlaneBuilder } from './builder';
import { realizeDhcp } from './dhcp-agent';
import { realizeRouters } from './l3-agent';
import { hybridPlug, realizeServers } from './nova-vif';
import { realizeOvn } from './ovn';
import { HYBRID_ON_BR_INT, realizeOvs } from './ovs-agent';
import { OVS_FIREWALL_ON_BR_INT, plugTapIntoBrInt, tapOnBrInt } from './ovs-firewall';
import { type Lookup, type Plug, plugPlan } from './plan';

/** The agents of a backend, in the order realize() runs them. */
export interface Agents {
  /** which Neutron port is plugged where, under which name */
  plugs(t: Topology, lk: Lookup): Plug[];
  /** Nova and os-vif: the VMs and their VIFs */
  servers(b: PlaneBuilder, lk: Lookup, plugs: readonly Plug[]): void;
  routers(b: PlaneBuilder, lk: Lookup, plugs: readonly Plug[]): void;
  dhcp(b: PlaneBuilder, lk: Lookup, plugs: readonly Plug[]): void;
  /** the L2 agent of every host: bridges, flows, tunnels */
  l2(b: PlaneBuilder, plugs: readonly Plug[]): void;
}

const ML2_OVS_IPTABLES_HYBRID: Agents = {
  plugs: (t, lk) => plugPlan(t, lk, qvoName),
  servers: (b, lk, plugs) => realizeServers(b, lk, plugs, hybridPlug),
  routers: realizeRouters,
  dhcp: realizeDhcp,
  l2: (b, plugs) => realizeOvs(b, plugs, HYBRID_ON_BR_INT),
};

const ML2_OVS_OPENVSWITCH_FIREWALL: Agents = {
  plugs: (t, lk) => plugPlan(t, lk, tapOnBrInt),
  servers: (b, lk, plugs) => realizeServers(b, lk, plugs, plugTapIntoBrInt),
  routers: realizeRouters,
  dhcp: realizeDhcp,
  l2: (b, plugs) => realizeOvs(b, plugs, OVS_FIREWALL_ON_BR_INT),
};

export function agentsFor(o: Options): Agents {
  switch (o.firewall_driver) {
    case 'iptables_hybrid':
      return ML2_OVS_IPTABLES_HYBRID;
    case 'openvswitch':
      return ML2_OVS_OPENVSWITCH_FIREWALL;
  }
}

/** Builds what the cloud's backend builds on its hosts: the one place a backend is chosen. */
export function realizeBackend(b: PlaneBuilder, t: Topology, lk: Lookup): void {
  switch (t.options.mechanism_driver) {
    case 'ovn':
      realizeOvn(b, lk);
      return;
    case 'openvswitch': {
      const agents = agentsFor(t.options);
      const plugs = agents.plugs(t, lk);
      agents.servers(b, lk, plugs);
      agents.routers(b, lk, plugs);
      agents.dhcp(b, lk, plugs);
      agents.l2(b, plugs);
      return;
    }
  }
}
