// ML2/OVN's databases as plain data: the Northbound rows the Neutron OVN driver writes from Neutron's
// objects, and the Southbound rows ovn-northd derives from them (datapath and port bindings with their
// tunnel keys, chassis, logical flows). ovn-controller on each chassis turns them into br-int.
import type { HostName, NetworkId, PortId, RouterId } from '../../model/types';
import type { DeviceBase, OvsPort } from '../dataplane';
import type { PortGroup } from './acl';
import type { DhcpOpts, Lflow } from './lflow';
import type { DatapathKind } from './stages';

export interface NbSwitchPort {
  readonly uuid: string;
  /** the Neutron port id, or provnet-<segment id> for a localnet port */
  readonly name: string;
  /** '' for a VIF; router, localnet or localport */
  readonly type: '' | 'router' | 'localnet' | 'localport';
  /** ["<mac> <ip> …"], ["router"] or ["unknown"] */
  readonly addresses: readonly string[];
  readonly port_security: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly tag: number | null;
  readonly up: boolean;
  /** the Neutron port's name (ovn-nbctl show prints it as "aka") */
  readonly aka: string;
  /** what the port belongs to, for words in the trace: a server's or router's name */
  readonly owner: string;
  readonly portId: PortId | null;
  readonly mac: string | null;
  readonly ips: readonly string[];
}

export interface NbSwitch {
  readonly uuid: string;
  readonly name: string;
  readonly networkId: NetworkId;
  readonly aka: string;
  readonly mtu: number;
  readonly ports: readonly NbSwitchPort[];
}

export interface NbGatewayChassis {
  /** lrp-<id>_<chassis> */
  readonly name: string;
  readonly chassis: string;
  readonly host: HostName;
  readonly priority: number;
}

export interface NbRouterPort {
  readonly uuid: string;
  readonly name: string;
  readonly portId: PortId;
  readonly mac: string;
  /** ["192.168.1.1/24"] */
  readonly networks: readonly string[];
  readonly gateway_chassis: readonly NbGatewayChassis[];
  /** the switch port on the other side (type router) and its switch */
  readonly peer: string;
  readonly switchName: string;
}

export interface NbNat {
  readonly uuid: string;
  readonly type: 'snat' | 'dnat_and_snat';
  readonly external_ip: string;
  readonly logical_ip: string;
  readonly logical_port: string | null;
  /** set only for a distributed floating IP (enable_distributed_floating_ip) */
  readonly external_mac: string | null;
}

export interface NbStaticRoute {
  readonly ip_prefix: string;
  readonly nexthop: string;
  readonly ext_gw: boolean;
}

export interface NbRouter {
  readonly uuid: string;
  readonly name: string;
  readonly routerId: RouterId;
  readonly aka: string;
  readonly ports: readonly NbRouterPort[];
  readonly nat: readonly NbNat[];
  readonly static_routes: readonly NbStaticRoute[];
}

export interface NbDhcpOptions {
  readonly uuid: string;
  readonly cidr: string;
  readonly subnetId: string;
  readonly options: Omit<DhcpOpts, 'offerip'>;
}

export interface Nb {
  readonly switches: readonly NbSwitch[];
  readonly routers: readonly NbRouter[];
  readonly portGroups: readonly PortGroup[];
  readonly dhcpOptions: readonly NbDhcpOptions[];
}

export interface SbChassis {
  readonly name: string;
  readonly hostname: HostName;
  readonly ip: string;
}

export type SbPortType = '' | 'patch' | 'localnet' | 'localport' | 'chassisredirect';

export interface SbPortBinding {
  readonly logical_port: string;
  readonly type: SbPortType;
  readonly dp: number;
  readonly tunnel_key: number;
  /** the chassis the port is bound to (VIFs, cr-lrp); null for patch, localnet and localport */
  readonly chassis: HostName | null;
  readonly mac: string | null;
  readonly ips: readonly string[];
  /** a patch port's peer; a cr-lrp's distributed port */
  readonly peer: string | null;
  readonly portId: PortId | null;
  readonly tag: number | null;
  readonly up: boolean;
  /** a VIF's ovs port name (tap…), a localnet's network_name, a localport's veth */
  readonly ovsPort: string | null;
  /** the port's addresses are also its port_security (a VIF with port security enabled) */
  readonly portSecurity: boolean;
  /** words for the trace: "vm1's port", "router1's interface", "the localnet port" */
  readonly label: string;
}

export interface SbDatapath {
  readonly tunnel_key: number;
  readonly kind: DatapathKind;
  /** neutron-<id> */
  readonly name: string;
  readonly aka: string;
  readonly uuid: string;
  readonly ports: ReadonlyMap<string, SbPortBinding>;
  /** the logical flows, made when first asked (a large cloud need not build them before a send) */
  readonly flows: readonly Lflow[];
  /** the flows of each pipeline and stage, highest priority first */
  stageFlows(pipeline: 'ingress' | 'egress', stage: number): readonly Lflow[];
}

export interface OvnDb {
  readonly nb: Nb;
  readonly chassis: readonly SbChassis[];
  readonly datapaths: ReadonlyMap<number, SbDatapath>;
  readonly datapathByName: ReadonlyMap<string, SbDatapath>;
  /** every port binding by logical port name */
  readonly ports: ReadonlyMap<string, SbPortBinding>;
  /** the br-int device of every chassis (a MAC_Binding one learns, all of them see) */
  readonly bridges: string[];
  /** the multicast groups of a switch: _MC_flood (32768) and _MC_unknown (32769) */
  readonly mcast: { readonly flood: 32768; readonly unknown: 32769 };
}

/** br-int of an OVN chassis: OVS ports plus what ovn-controller made of the Southbound database. */
export interface OvnBridge extends DeviceBase {
  readonly kind: 'ovn-bridge';
  readonly chassis: string;
  readonly ports: ReadonlyMap<string, OvsPort>;
  /** logical patch ends, linked to each other on this bridge: port name -> the datapath it enters */
  readonly patches: ReadonlyMap<string, number>;
  /** an OVS port -> its logical port (VIF taps, localnet patch ports, localport veths) */
  readonly lportOf: ReadonlyMap<string, string>;
  /** a logical port -> its OVS port on this chassis */
  readonly ovsPortOf: ReadonlyMap<string, string>;
  /** a chassis name -> the tunnel port toward it */
  readonly tunnelTo: ReadonlyMap<string, string>;
  /** conntrack zones ovn-controller gave the local logical ports and routers (reg13, reg11/12) */
  readonly zones: ReadonlyMap<string, number>;
  /** the databases, shared by every chassis (not enumerable: a fingerprint counts dbDigest instead) */
  readonly db: OvnDb;
  readonly dbDigest: string;
}
