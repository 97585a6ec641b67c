// A logical flow of the Southbound database: its text as ovn-sbctl lflow-list and ovn-trace print it
// (match and actions in OVN's language), and what the pipeline executor does with it: a predicate for
// the match and structured actions. Both are made together by the generators, so that the text shown
// is the flow that ran.
import type { HostName, SecurityGroupRule } from '../../model/types';
import type { Frame } from '../../wire/frame';
import type { DatapathKind, Pipeline, Stage } from './stages';

/** What a pipeline knows about the packet while it runs: the frame, logical ports and registers. */
export interface LPacket {
  frame: Frame;
  inport: string;
  outport: string | null;
  /** the chassis running the pipeline, for is_chassis_resident() */
  readonly chassis: HostName;
  /** ct_next's result in this pass (ct.new, ct.est, ct.rel, ct.inv) and whether it was a reply */
  ct: 'new' | 'est' | 'rel' | 'inv' | null;
  ctReply: boolean;
  /** reg0[0]: send to conntrack; reg0[1]: commit; reg8[16]/reg8[17]: an ACL allowed / dropped it */
  wantCt: boolean;
  commit: boolean;
  aclAllow: boolean;
  aclDrop: boolean;
  /** reg0[15]: port security failed; reg0[3]: put_dhcp_opts succeeded */
  portSecFail: boolean;
  dhcpOk: boolean;
  /** reg0 (next hop) and reg1 (source address) of the router pipeline */
  nexthop: string | null;
  routeSrc: string | null;
  /** flags.loopback: may leave by the port it came in */
  loopback: boolean;
}

/** A packet as it enters its first pipeline: every register clear (the chassis's br-int and ovn-trace
 * start from the same). */
export const newLPacket = (frame: Frame, inport: string, chassis: HostName): LPacket => ({
  frame,
  inport,
  outport: null,
  chassis,
  ct: null,
  ctReply: false,
  wantCt: false,
  commit: false,
  aclAllow: false,
  aclDrop: false,
  portSecFail: false,
  dhcpOk: false,
  nexthop: null,
  routeSrc: null,
  loopback: false,
});

/** What a flow's actions do, in the order written. */
export type LAct =
  | { readonly k: 'next' }
  | { readonly k: 'output' }
  | { readonly k: 'drop' }
  | { readonly k: 'set'; readonly reg: 'wantCt' | 'commit' | 'aclAllow' | 'aclDrop'; readonly v: boolean }
  | { readonly k: 'clear-acl' }
  /** port security of the inport / outport, from its Port_Binding's addresses */
  | { readonly k: 'check-in-port-sec' }
  | { readonly k: 'check-out-port-sec' }
  | { readonly k: 'ct-next' }
  | { readonly k: 'ct-commit' }
  | { readonly k: 'outport'; readonly port: string }
  | { readonly k: 'outport-inport' }
  | { readonly k: 'arp-reply'; readonly mac: string; readonly ip: string }
  | { readonly k: 'dhcp-opts'; readonly opts: DhcpOpts }
  | { readonly k: 'dhcp-response'; readonly opts: DhcpOpts }
  | {
      readonly k: 'route';
      /** null: the destination itself (a connected route) */
      readonly via: string | null;
      readonly src: string;
      readonly mac: string;
      readonly port: string;
    }
  | { readonly k: 'eth-dst'; readonly mac: string }
  | { readonly k: 'eth-src'; readonly mac: string }
  | { readonly k: 'reg1'; readonly ip: string }
  | { readonly k: 'get-arp' }
  | { readonly k: 'put-arp' }
  | { readonly k: 'arp-request' }
  | { readonly k: 'icmp-echo-reply' }
  /** with ip: translate a new connection to it; without: undo what the connection did (replies) */
  | { readonly k: 'ct-snat'; readonly ip: string | null }
  | { readonly k: 'ct-dnat'; readonly ip: string | null };

/** The DHCP_Options row of a subnet, as Neutron writes it (neutron-facts-beyond §3.1). */
export interface DhcpOpts {
  readonly offerip: string;
  readonly netmask: string;
  readonly prefix: number;
  readonly router: string | null;
  readonly server_id: string;
  readonly server_mac: string;
  readonly lease_time: number;
  readonly mtu: number;
  /** option 121: the metadata route and the default route */
  readonly classless_static_route: string | null;
}

/** A match: its text in OVN's language and its predicate. */
export interface Match {
  readonly t: string;
  readonly f: (p: LPacket, resident: (port: string) => boolean) => boolean;
}

/** The Security group rule an ACL was made from (external_ids neutron:security_group_rule_id). */
export interface AclSource {
  readonly sgId: string;
  readonly sgName: string;
  readonly rule: SecurityGroupRule | null;
}

export interface Lflow {
  /** the Logical_Flow row's uuid; ovn-trace shows its first 8 hex digits */
  readonly uuid: string;
  readonly dp: number;
  readonly kind: DatapathKind;
  readonly pipeline: Pipeline;
  readonly stage: Stage;
  /** the stage's number: the logical table */
  readonly table: number;
  readonly priority: number;
  readonly match: Match;
  readonly actions: string;
  readonly run: readonly LAct[];
  /** for an ACL: the port group and the Neutron rule behind it */
  readonly acl?: AclSource & { readonly direction: 'from-lport' | 'to-lport'; readonly action: string };
  /** words for the trace, when the flow needs them */
  readonly why?: string;
}
