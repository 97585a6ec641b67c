// The Topology: what the user asked Neutron (and Nova) for, after normalization. Field names follow the
// Neutron and Nova APIs so that a reader of `openstack network show` recognises them. This is the only
// thing users edit and the only thing saved; everything else is derived from it.
import { cidrOf, inCidr, ipToInt } from '../addr/ipv4';

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ProjectId = Brand<string, 'ProjectId'>;
export type NetworkId = Brand<string, 'NetworkId'>;
export type SubnetId = Brand<string, 'SubnetId'>;
export type RouterId = Brand<string, 'RouterId'>;
export type PortId = Brand<string, 'PortId'>;
export type ServerId = Brand<string, 'ServerId'>;
export type FloatingIpId = Brand<string, 'FloatingIpId'>;
export type SecurityGroupId = Brand<string, 'SecurityGroupId'>;
export type RuleId = Brand<string, 'RuleId'>;
export type HostName = Brand<string, 'HostName'>;

export const TOPOLOGY_FORMAT = 'neutron-explorer/topology';
export const TOPOLOGY_VERSION = 1;

/** geneve: the tenant networks of ML2/OVN (neutron-facts-beyond §3.4); vxlan those of the OVS agent. */
export type NetworkType = 'vxlan' | 'geneve' | 'vlan' | 'flat';
export type HostRole = 'compute' | 'network';
export type AgentKind = 'ovs' | 'l3' | 'dhcp';
/** An agent a host runs: the OVS agent, the L3 agent, the DHCP agent, the metadata agent. */
export type HostAgent = AgentKind | 'metadata';
/** The agents' binaries, as `openstack network agent list` names them (and a topology file lists them). */
export const AGENT_BINARIES = {
  ovs: 'neutron-openvswitch-agent',
  l3: 'neutron-l3-agent',
  dhcp: 'neutron-dhcp-agent',
  metadata: 'neutron-metadata-agent',
} as const satisfies Record<HostAgent, string>;
export type AgentBinary = (typeof AGENT_BINARIES)[HostAgent];

/** The agents a host of a role runs unless it says otherwise: the OVS agent everywhere; the L3, DHCP
 * and metadata agents on network hosts (install guide's architecture). */
export const defaultAgents = (role: HostRole): AgentBinary[] =>
  role === 'network'
    ? [AGENT_BINARIES.ovs, AGENT_BINARIES.l3, AGENT_BINARIES.dhcp, AGENT_BINARIES.metadata]
    : [AGENT_BINARIES.ovs];

/** Whether a host runs an agent (it may be stopped: see agents_down). */
export const runsAgent = (h: Pick<Host, 'agents'>, a: HostAgent): boolean =>
  h.agents.includes(AGENT_BINARIES[a]);
export type FirewallDriver = 'iptables_hybrid' | 'openvswitch';
/** The L3 agent's agent_mode (neutron/conf/agent/l3/config.py; neutron-facts-beyond §1.1). */
export type L3AgentMode = 'legacy' | 'dvr' | 'dvr_snat' | 'dvr_no_external';
/** ML2's mechanism driver: the OVS agent on every host, or OVN (ovn-northd and ovn-controller). */
export type MechanismDriver = 'openvswitch' | 'ovn';

export interface Options {
  /** ML2 l2population mechanism driver and agent option (default on). */
  l2population: boolean;
  /** OVS agent arp_responder (default off; only effective with l2population). */
  arp_responder: boolean;
  firewall_driver: FirewallDriver;
  /** OVS agent bridge_mappings: physical network -> provider bridge. */
  bridge_mappings: { physical_network: string; bridge: string }[];
  /** How many DHCP agents serve each network (Neutron's dhcp_agents_per_network, default 1). */
  dhcp_agents_per_network: number;
  /** Server default of a new router's `distributed` (Neutron's router_distributed, default off). */
  router_distributed: boolean;
  /** Server default of a new router's `ha` (Neutron's l3_ha, default off). */
  l3_ha: boolean;
  /** How many L3 agents host an HA router (default 3; 0 = every eligible agent). */
  max_l3_agents_per_router: number;
  /** The HA networks' CIDR (neutron-lib L3_HA_NET_CIDR, 169.254.192.0/18). */
  l3_ha_net_cidr: string;
  /** The base of each DVR host's MAC (dvr_base_mac, default fa:16:3f:00:00:00; §1.3). */
  dvr_base_mac: string;
  /** [ml2] mechanism_drivers: openvswitch (the OVS agent, the default) or ovn (neutron-facts-beyond §3). */
  mechanism_driver: MechanismDriver;
  /** [ovn] enable_distributed_floating_ip (default false): floating IPs NATed on the VM's own chassis
   * instead of the gateway chassis (neutron-facts-beyond §3.7). ML2/OVN only. */
  enable_distributed_floating_ip: boolean;
  /** The L3 agents' cleanup_on_shutdown (neutron/conf/agent/l3/config.py, default False): a stopped
   * agent takes its HA routers' keepalived down with it, so they fail over (model/ha.ts). */
  cleanup_on_shutdown: boolean;
}

export const isOvn = (t: { options: Pick<Options, 'mechanism_driver'> }): boolean =>
  t.options.mechanism_driver === 'ovn';

export interface Host {
  name: HostName;
  role: HostRole;
  /** local_ip of the OVS agent: the VXLAN endpoint on the underlay. */
  tunnel_ip: string;
  /** The Neutron agents this host runs (default: the OVS agent everywhere; the L3, DHCP and metadata
   * agents on network hosts). A compute host may run the DHCP and metadata agents too, as in the
   * admin guide's self-service deployment. */
  agents: AgentBinary[];
  /** Faults: agents stopped on this host. */
  agents_down: AgentKind[];
  /** Fault: false when the host's tunnel interface is cut off the underlay. */
  underlay_connected: boolean;
  /** MTU of the host's underlay interface (default 1500); lowering it is a fault. */
  underlay_mtu: number;
  /** Fault: this host's agent believes a network has another segmentation id. */
  segmentation_overrides: { network_id: NetworkId; segmentation_id: number }[];
  /** The L3 agent's agent_mode as the host's l3_agent.ini sets it; null follows the cloud (see
   * l3AgentMode): dvr_snat on network hosts and dvr on computes once a router is distributed. */
  l3_agent_mode: L3AgentMode | null;
  /** ML2/OVN: the chassis may be a gateway chassis (ovs-vsctl set open . external-ids:ovn-cms-options=
   * enable-chassis-as-gw). Default: network hosts are, compute hosts are not (neutron-facts-beyond §3.2). */
  enable_chassis_as_gw: boolean;
}

export interface Project {
  id: ProjectId;
  name: string;
}

export interface Network {
  id: NetworkId;
  name: string;
  project_id: ProjectId;
  admin_state_up: boolean;
  'provider:network_type': NetworkType;
  'provider:physical_network': string | null;
  'provider:segmentation_id': number | null;
  'router:external': boolean;
  mtu: number;
}

/** A provider network: flat or VLAN on a physical network, its frames on the wire of that network
 * (neutron-facts-beyond §5). Its gateway may be a router outside the cloud. */
export const isProviderNetwork = (n: Network): boolean =>
  (n['provider:network_type'] === 'flat' || n['provider:network_type'] === 'vlan') &&
  n['provider:physical_network'] !== null;

export interface AllocationPool {
  start: string;
  end: string;
}

export interface Route {
  destination: string;
  nexthop: string;
}

export interface Subnet {
  id: SubnetId;
  name: string;
  network_id: NetworkId;
  ip_version: 4;
  cidr: string;
  gateway_ip: string | null;
  allocation_pools: AllocationPool[];
  enable_dhcp: boolean;
  host_routes: Route[];
}

export interface FixedIp {
  subnet_id: SubnetId;
  ip_address: string;
}

export interface Router {
  id: RouterId;
  name: string;
  project_id: ProjectId;
  admin_state_up: boolean;
  external_gateway_info: {
    network_id: NetworkId;
    enable_snat: boolean;
    external_fixed_ips: FixedIp[];
  } | null;
  routes: Route[];
  /** A distributed router (DVR): routed on every compute host, SNAT on a dvr_snat host (§1). */
  distributed: boolean;
  /** A highly available router: keepalived/VRRP across L3 agents (§2). */
  ha: boolean;
  /** An HA router's VRRP virtual_router_id (the DB's ha_vr_id): 1..254, unique on its project's HA
   * network (neutron-facts-beyond §2.1); null for other routers. */
  ha_vr_id: number | null;
}

/** The kinds of router the L3 agent builds, each realized by its own module in realize/. */
export type RouterFlavour = 'legacy' | 'dvr' | 'ha' | 'dvr-ha';
export const routerFlavour = (r: Pick<Router, 'distributed' | 'ha'>): RouterFlavour =>
  r.distributed ? (r.ha ? 'dvr-ha' : 'dvr') : r.ha ? 'ha' : 'legacy';

/** Whether the OVS agents run with enable_distributed_routing: once any router is distributed (§1.1). */
export const distributedRouting = (t: { routers: readonly Pick<Router, 'distributed'>[] }): boolean =>
  t.routers.some((r) => r.distributed);

/** A host's effective agent_mode: its own setting, else dvr_snat on network hosts and dvr on compute
 * hosts when the cloud runs DVR (deploy-ovs-ha-dvr), legacy otherwise. */
export const l3AgentMode = (
  t: { routers: readonly Pick<Router, 'distributed'>[] },
  h: Pick<Host, 'role' | 'l3_agent_mode'>,
): L3AgentMode =>
  h.l3_agent_mode ?? (distributedRouting(t) ? (h.role === 'network' ? 'dvr_snat' : 'dvr') : 'legacy');

export type DeviceOwner =
  | 'network:router_interface'
  | 'network:router_gateway'
  | 'network:dhcp'
  // made by the server for distributed routers (model/dvr.ts, neutron-facts-beyond §1.2)
  | 'network:router_centralized_snat'
  | 'network:floatingip_agent_gateway'
  /** ML2/OVN's metadata port of a network, device_id ovnmeta-<network id> (neutron-facts-beyond §3.2) */
  | 'network:distributed'
  /** an HA router's port on its project's HA network, one per hosting L3 agent (model/ha.ts) */
  | 'network:router_ha_interface'
  | `compute:${string}`;

export interface Port {
  id: PortId;
  name: string;
  network_id: NetworkId;
  project_id: ProjectId;
  mac_address: string;
  fixed_ips: FixedIp[];
  device_owner: DeviceOwner;
  /** server id, router id, or `dhcp<host>-<network id>` for DHCP ports. */
  device_id: string;
  'binding:host_id': HostName | null;
  security_groups: SecurityGroupId[];
  admin_state_up: boolean;
  port_security_enabled: boolean;
}

export interface Server {
  id: ServerId;
  name: string;
  project_id: ProjectId;
  /** Nova's OS-EXT-SRV-ATTR:host: the compute host the server runs on. */
  host: HostName;
  /** Ports a process listens on, answering TCP SYN with SYN-ACK (else RST) and UDP (else port unreachable). */
  listening: { tcp: number[]; udp: number[] };
  /** The image it boots, which picks its console's tools: absent is CirrOS, the stock test image
   * (BusyBox ping, traceroute, ip and arp; dhcpcd), "ubuntu" the cloud image (iputils, iproute2). */
  image?: GuestImage;
}

export type GuestImage = 'cirros' | 'ubuntu';

export interface FloatingIp {
  id: FloatingIpId;
  project_id: ProjectId;
  floating_network_id: NetworkId;
  floating_ip_address: string;
  port_id: PortId | null;
  fixed_ip_address: string | null;
  router_id: RouterId | null;
}

export type RuleProtocol = 'icmp' | 'tcp' | 'udp' | null;

export interface SecurityGroupRule {
  id: RuleId;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4';
  protocol: RuleProtocol;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: SecurityGroupId | null;
}

export interface SecurityGroup {
  id: SecurityGroupId;
  name: string;
  project_id: ProjectId;
  rules: SecurityGroupRule[];
}

/** The world beyond an external network: its upstream gateway router and the hosts behind it. */
export interface OutsideWorld {
  network_id: NetworkId;
  gateway: { name: string; ip: string; mac: string };
  /** The segment behind the gateway where the outside hosts live. */
  internet: { cidr: string; gateway_ip: string; mac: string };
  hosts: OutsideHost[];
}

/** Whether an outside host stands on the external network itself (reached by ARP from the routers'
 * qg- ports, no upstream router between) rather than on the segment behind the upstream router. */
export const onExternalNetwork = (world: OutsideWorld, h: OutsideHost): boolean =>
  !inCidr(ipToInt(h.ip), cidrOf(world.internet.cidr));

export interface OutsideHost {
  name: string;
  ip: string;
  mac: string;
  listening: { tcp: number[]; udp: number[] };
}

export interface Topology {
  format: typeof TOPOLOGY_FORMAT;
  version: typeof TOPOLOGY_VERSION;
  name: string;
  description: string;
  /** Seeds ids, MACs and addresses chosen at normalization, and the engine's random choices. */
  seed: number;
  options: Options;
  hosts: Host[];
  projects: Project[];
  networks: Network[];
  subnets: Subnet[];
  routers: Router[];
  ports: Port[];
  servers: Server[];
  floatingips: FloatingIp[];
  security_groups: SecurityGroup[];
  outside: OutsideWorld[];
}
