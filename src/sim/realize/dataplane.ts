// The Dataplane: what the agents build from a Topology, host by host. Devices carry their real names;
// links join device ports. It is derived data: realize() rebuilds it from the Topology, and the engine
// only reads it (state that changes while packets flow lives in SimState).
import type { Cidr } from '../addr/ipv4';
import type { FlowTables } from '../devices/openflow/table';
import type { HostName, NetworkId, PortId, RouterId, SecurityGroupRule, ServerId } from '../model/types';
import type { OvnBridge, OvnDb } from './ovn/db';

export type DeviceKind =
  | 'vm'
  | 'tap'
  | 'linux-bridge'
  | 'veth'
  | 'ovs-bridge'
  | 'ovs-internal'
  | 'vxlan-port'
  | 'ovn-bridge'
  | 'geneve-port'
  | 'namespace'
  | 'phys-nic'
  | 'underlay'
  | 'physical-switch'
  | 'upstream-router'
  | 'outside-host';

export type DeviceId = string;

export interface DeviceBase {
  readonly id: DeviceId;
  /** the real Linux or OVS name */
  readonly name: string;
  readonly host: HostName | null;
  /** the namespace the device lives in (qrouter-…, qdhcp-…), null for the root namespace */
  readonly namespace: string | null;
}

/** A device with two sides that passes frames through: tap, veth end, OVS internal port, NIC. */
export interface PassThrough extends DeviceBase {
  readonly kind: 'tap' | 'veth' | 'ovs-internal' | 'phys-nic';
  /** the two port names */
  readonly sides: readonly [string, string];
  readonly mtu: number;
  /** admin state of the Neutron port behind it */
  readonly up: boolean;
  readonly portId: PortId | null;
}

export interface IptRule {
  readonly chain: string;
  readonly text: string;
  readonly match: IptMatch;
  readonly target: IptTarget;
  /** the security group rule this iptables rule was made from */
  readonly sgRule?: SecurityGroupRule;
}

export interface IptMatch {
  readonly src?: Cidr;
  readonly dst?: Cidr;
  readonly proto?: 'icmp' | 'tcp' | 'udp';
  readonly sport?: number;
  readonly dportMin?: number;
  readonly dportMax?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly ctstate?: 'RELATED,ESTABLISHED' | 'INVALID' | 'DNAT' | '!DNAT';
  readonly inIface?: string;
  readonly outIface?: string;
  readonly notOutIface?: string;
  /** -m set --match-set <ipset> src */
  readonly srcSet?: string;
  /** -m set --match-set <ipset> dst */
  readonly dstSet?: string;
  readonly srcMac?: string;
  /** -m mark ! --mark 0x2/0xffff */
  readonly notMark?: number;
  /** -m mark [!] --mark value/mask: the packet's mark under the mask */
  readonly mark?: MarkMatch;
  /** -m connmark [!] --mark value/mask: the connection's mark under the mask */
  readonly connmark?: MarkMatch;
  /** physdev-in/-out on a bridge */
  readonly physdevIn?: string;
  readonly physdevOut?: string;
}

export type IptTarget =
  | { readonly t: 'jump'; readonly chain: string }
  | { readonly t: 'accept' }
  | { readonly t: 'drop' }
  | { readonly t: 'return' }
  | { readonly t: 'dnat'; readonly to: string }
  /** --random-fully: the source port fully randomized (iptables 1.6.2 and later, Neutron's random_fully) */
  | { readonly t: 'snat'; readonly to: string; readonly randomFully?: boolean }
  | { readonly t: 'redirect'; readonly port: number }
  /** MARK --set-xmark mark/mask (mask 0xffff when left out): zero the mask's bits, then XOR the mark */
  | { readonly t: 'mark'; readonly mark: number; readonly mask?: number }
  /** CONNMARK --save-mark / --restore-mark --nfmask --ctmask (iptables-extensions(8)) */
  | {
      readonly t: 'connmark';
      readonly op: 'save' | 'restore';
      readonly nfmask: number;
      readonly ctmask: number;
    }
  /** CT --zone N: the conntrack zone the packet is tracked in (the raw table) */
  | { readonly t: 'ct'; readonly zone: number };

/** A mark compared under a mask, or its negation (`! --mark`). */
export interface MarkMatch {
  readonly value: number;
  readonly mask: number;
  readonly invert: boolean;
}

/** An iptables table: chains of rules. Built-in chains are the entry points. */
export interface IptTable {
  readonly chains: ReadonlyMap<string, readonly IptRule[]>;
}

/** The hybrid firewall on a qbr: the port's chains of the filter table in the host's root namespace. */
export interface PortFirewall {
  readonly portId: PortId;
  readonly mac: string;
  readonly tap: string;
  readonly qvb: string;
  readonly zone: number;
  readonly filter: IptTable;
  /** the port's CT --zone rules of the raw table (iptables_firewall.py _get_jump_rules) */
  readonly raw: IptTable;
}

/** The tables a router's namespace holds besides nat (iptables_manager.py, router_info.py). */
export interface RouterNetfilter {
  readonly raw: IptTable;
  readonly mangle: IptTable;
  readonly filter: IptTable;
}

export interface LinuxBridge extends DeviceBase {
  readonly kind: 'linux-bridge';
  readonly ports: readonly string[];
  readonly firewall: PortFirewall | null;
}

export interface OvsPort {
  readonly name: string;
  readonly ofport: number;
  /** access VLAN (OVSDB Port.tag), null for trunk ports */
  readonly tag: number | null;
  readonly type: 'internal' | 'patch' | 'vxlan' | 'geneve' | 'system';
  readonly options?: Readonly<Record<string, string>>;
  readonly portId?: PortId;
  readonly networkId?: NetworkId;
}

export interface OvsBridge extends DeviceBase {
  readonly kind: 'ovs-bridge';
  readonly role: 'int' | 'tun' | 'phys';
  readonly ports: ReadonlyMap<string, OvsPort>;
  readonly flows: FlowTables;
}

export interface VxlanPort extends DeviceBase {
  readonly kind: 'vxlan-port';
  readonly localIp: string;
  readonly remoteIp: string;
  readonly remoteHost: HostName;
  /** MTU of the host's underlay interface */
  readonly underlayMtu: number;
}

/** A Geneve tunnel port of an OVN chassis's br-int, toward one other chassis (neutron-facts-beyond §3.1, §3.4). */
export interface GenevePort extends DeviceBase {
  readonly kind: 'geneve-port';
  readonly localIp: string;
  readonly remoteIp: string;
  readonly remoteHost: HostName;
  /** the remote chassis's name (its system-id) */
  readonly remoteChassis: string;
  readonly underlayMtu: number;
}

export interface Underlay extends DeviceBase {
  readonly kind: 'underlay';
  /** tunnel IP -> host */
  readonly hostByIp: ReadonlyMap<string, HostName>;
  /** "localIp|remoteIp" -> the vxlan port device on the host owning localIp */
  readonly tunnelPort: ReadonlyMap<string, DeviceId>;
  readonly connected: ReadonlyMap<HostName, boolean>;
}

export interface PhysicalSwitch extends DeviceBase {
  readonly kind: 'physical-switch';
  readonly ports: readonly string[];
  /** access ports: the VLAN each carries untagged (0 for the untagged network of a flat physnet).
   * Other ports are trunks (the hosts' NICs), which carry every VLAN as it is tagged */
  readonly access: ReadonlyMap<string, number>;
}

export interface IfaceAddr {
  readonly ip: string;
  readonly prefix: number;
  /** a floating IP or other /32 alias */
  readonly secondary?: boolean;
}

export interface Iface {
  readonly name: string;
  readonly mac: string;
  readonly addrs: readonly IfaceAddr[];
  readonly mtu: number;
  readonly up: boolean;
  /** false when its IPv6 link-local address is flushed: on an HA backup's qr- and qg-, where
   * keepalived holds it for the master (neutron-facts-beyond §2.3) */
  readonly linkLocal?: boolean;
}

export interface StackRoute {
  readonly dst: Cidr;
  readonly via: string | null;
  readonly dev: string;
  readonly src: string | null;
  readonly proto: 'kernel' | 'static' | 'dhcp' | 'boot';
  /** as `ip route` prints it */
  readonly text: string;
}

export interface DhcpLease {
  readonly mac: string;
  readonly ip: string;
  readonly prefix: number;
  readonly router: string | null;
  readonly hostname: string;
}

/** A policy routing rule, as `ip rule` lists it (neutron-facts-beyond §1.5). */
export interface IpRule {
  readonly priority: number;
  /** `from <ip/prefix>`: the source must be in it (null: from all) */
  readonly from: Cidr | null;
  /** the text of `from` as it was given (`ip rule` shows it so, host bits included) */
  readonly fromText?: string;
  /** `iif <dev>`: the packet came in by it */
  readonly iif?: string;
  /** the table looked up: local, main, default, or a number */
  readonly table: 'local' | 'main' | 'default' | number;
}

/** A permanent neighbour entry (`ip neigh replace … nud permanent`), never aged nor asked for. */
export interface StaticNeigh {
  readonly mac: string;
  readonly iface: string;
}

/** An IP stack: a VM's guest OS, a namespace, the upstream router or an outside host. */
export interface Stack {
  readonly ifaces: ReadonlyMap<string, Iface>;
  /** longest prefix first */
  readonly routes: readonly StackRoute[];
  readonly forwarding: boolean;
  /** net.ipv4.conf.all.arp_ignore (1 in qrouter namespaces) */
  readonly arpIgnore: 0 | 1;
  readonly nat: IptTable | null;
  /** a router's raw, mangle and filter tables, which the engine runs around nat (absent elsewhere) */
  readonly netfilter?: RouterNetfilter;
  /** mangle marks applied on input: interface -> mark (external_ingress_mark 0x2 on qg-) */
  readonly ingressMark: ReadonlyMap<string, number>;
  readonly listening: { readonly tcp: ReadonlySet<number>; readonly udp: ReadonlySet<number> };
  /**
   * The metadata proxy's port in a qrouter namespace: it listens there, but the filter table lets in only
   * what the nat REDIRECT sent to it (neutron-l3-agent-INPUT drops the port for anything else).
   */
  readonly metadataProxyPort: number | null;
  readonly answersPing: boolean;
  /** a guest's DHCP servers, by interface (the server identifier of its lease) */
  readonly leaseServers?: ReadonlyMap<string, string>;
  /** policy routing: the rules in priority order; absent, only the three every namespace starts with */
  readonly rules?: readonly IpRule[];
  /** routing tables other than main, by number (longest prefix first) */
  readonly tables?: ReadonlyMap<number, readonly StackRoute[]>;
  /** permanent neighbour entries by IP (the DVR router's ARP table filled by the agent) */
  readonly staticNeigh?: ReadonlyMap<string, StaticNeigh>;
  /** interfaces with proxy_arp=1: they answer ARP for addresses routed out of another interface */
  readonly proxyArp?: ReadonlySet<string>;
  readonly dhcpServer: {
    readonly leases: ReadonlyMap<string, DhcpLease>;
    readonly running: boolean;
    readonly mtu: number;
    readonly leaseTime: number;
  } | null;
}

export interface StackDevice extends DeviceBase {
  readonly kind: 'vm' | 'namespace' | 'upstream-router' | 'outside-host';
  readonly stack: Stack;
  readonly serverId?: ServerId;
  readonly routerId?: RouterId;
  readonly networkId?: NetworkId;
}

export type Device =
  | PassThrough
  | LinuxBridge
  | OvsBridge
  | OvnBridge
  | GenevePort
  | VxlanPort
  | Underlay
  | PhysicalSwitch
  | StackDevice;

export interface PortRef {
  readonly device: DeviceId;
  readonly port: string;
}

export interface HostPlane {
  readonly name: HostName;
  readonly role: 'compute' | 'network';
  readonly tunnelIp: string;
  /** network id -> local VLAN on this host (neutron-facts §3) */
  readonly localVlans: ReadonlyMap<NetworkId, number>;
  /**
   * The host's devices in the order they were added. Two planes share this list (the same array) only
   * while the host's devices and their link ends are the same objects in both: an incremental realize
   * keeps it for the hosts an edit did not reach, and the view keeps what it drew of such a host
   * (view/host-parts.ts).
   */
  readonly devices: readonly DeviceId[];
}

export interface Dataplane {
  readonly devices: ReadonlyMap<DeviceId, Device>;
  /** device -> its port -> the port at the other end of the link */
  readonly links: ReadonlyMap<DeviceId, ReadonlyMap<string, PortRef>>;
  readonly hosts: ReadonlyMap<HostName, HostPlane>;
  /** ipsets of the hybrid firewall: NIPv4<security group id> -> member IPs */
  readonly ipsets: ReadonlyMap<string, ReadonlySet<string>>;
  /** ML2/OVN: the Northbound and Southbound databases the chassis were built from */
  readonly ovn?: OvnDb;
  /** where things are: a server's VM device, a router's namespace, ... */
  readonly index: {
    readonly vmByServer: ReadonlyMap<ServerId, DeviceId>;
    readonly nsByRouter: ReadonlyMap<RouterId, DeviceId>;
    readonly dhcpByNetwork: ReadonlyMap<NetworkId, DeviceId>;
    readonly outsideByName: ReadonlyMap<string, DeviceId>;
    readonly upstreamByNetwork: ReadonlyMap<NetworkId, DeviceId>;
  };
}

/** A link end with what it leads to: the device and that device's own links. */
export interface FollowedPort extends PortRef {
  readonly dev: Device | undefined;
  readonly peers: ReadonlyMap<string, PortRef> | undefined;
}

type Following = PortRef & {
  dev?: Device;
  peers?: ReadonlyMap<string, PortRef>;
  /** the links of the plane the end was followed in */
  followed?: Dataplane['links'];
};

/**
 * The link end with its device and that device's links, looked up the first time a frame crosses it
 * and kept on the end itself (a plane does not change once built): the engine then steps from wire to
 * wire without a lookup in the maps of every device, which on a large cloud hold tens of thousands.
 * The end notes which plane it was followed in: a plane realized after an edit shares the link ends of
 * the hosts the edit did not reach (realize/incremental.ts), whose neighbours may be new.
 */
export function follow(plane: Pick<Dataplane, 'devices' | 'links'>, ref: PortRef): FollowedPort {
  const f = ref as Following;
  if (f.followed !== plane.links) {
    f.dev = plane.devices.get(ref.device);
    f.peers = plane.links.get(ref.device);
    f.followed = plane.links;
  }
  return f as FollowedPort;
}

/** The port at the other end of a device's port, if anything is plugged there. */
export function peerOf(plane: Pick<Dataplane, 'links'>, device: DeviceId, port: string): PortRef | undefined {
  return plane.links.get(device)?.get(port);
}
