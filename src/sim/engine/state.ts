// State that real systems keep between packets: MAC tables, learned flows, ARP caches, conntrack.
// It persists across sends until reset, so a second ping needs no ARP, as in life.
import type { FlowTable } from '../devices/openflow/table';
import type { DeviceId } from '../realize/dataplane';

export interface FdbEntry {
  port: string;
  at: number;
}

export interface NeighEntry {
  mac: string;
  iface: string;
  at: number;
}

export interface CtTuple {
  proto: 'icmp' | 'tcp' | 'udp';
  src: string;
  sport: number;
  dst: string;
  dport: number;
}

export interface CtEntry {
  readonly orig: CtTuple;
  /** the tuple replies carry (after NAT) */
  readonly reply: CtTuple;
  state: 'NEW' | 'ESTABLISHED';
  readonly dnat: string | null;
  readonly snat: string | null;
  /** rule texts that chose the NAT, for the trace */
  readonly natRules: readonly string[];
  readonly zone: string;
  /** when its last packet passed (µs): it times out from there (engine/aging.ts) */
  at: number;
  /** ct_mark, set by an OVS ct(commit,exec(…)) (the openvswitch firewall marks 1 a connection no
   * rule allows any more) */
  mark?: number;
}

export interface Conntrack {
  readonly byTuple: Map<string, { entry: CtEntry; dir: 'orig' | 'reply' }>;
}

/** An address a stack announces with a gratuitous ARP, out of one of its interfaces. */
export interface Garp {
  readonly device: DeviceId;
  readonly iface: string;
  readonly ip: string;
}

export interface SimState {
  /** Linux bridge and OVS NORMAL MAC tables: device -> "vlan|mac" -> port */
  readonly fdb: Map<DeviceId, Map<string, FdbEntry>>;
  /** br-tun table 20 flows learned by table 10 */
  readonly learned: Map<DeviceId, FlowTable>;
  /** ARP caches of IP stacks: device -> IP -> entry */
  readonly neigh: Map<DeviceId, Map<string, NeighEntry>>;
  /** conntrack tables: per namespace, per port zone on the hybrid firewall, per br-int zone (local VLAN)
   *  on the openvswitch firewall */
  readonly conntrack: Map<string, Conntrack>;
  /** n_packets and n_bytes of each OpenFlow flow that matched something (dump-flows shows them) */
  readonly flowHits: Map<object, { packets: number; bytes: number }>;
  /** packets and bytes that fell off an iptables built-in chain to its policy, by "<place>|<table>|<chain>"
   *  (the place a device id, or "<host>|root" for a host's root namespace): iptables-save's [p:b] */
  readonly chainHits: Map<string, { packets: number; bytes: number }>;
  /** gratuitous ARPs due at the start of the next send: an HA router failed over since the last one
   * (realize/l3-ha-failover.ts) */
  garps: Garp[];
  /** simulated time in microseconds; each send starts where the last ended */
  clock: number;
  /** counters for ICMP ids and ephemeral ports */
  nextIdent: number;
  nextIpId: number;
  sends: number;
}

export function newSimState(): SimState {
  return {
    fdb: new Map(),
    learned: new Map(),
    neigh: new Map(),
    conntrack: new Map(),
    flowHits: new Map(),
    chainHits: new Map(),
    garps: [],
    clock: 0,
    nextIdent: 0,
    nextIpId: 1,
    sends: 0,
  };
}

export function tupleKey(t: CtTuple): string {
  return `${t.proto}|${t.src}|${t.sport}|${t.dst}|${t.dport}`;
}

export function conntrackOf(state: SimState, zone: string): Conntrack {
  let ct = state.conntrack.get(zone);
  if (!ct) {
    ct = { byTuple: new Map() };
    state.conntrack.set(zone, ct);
  }
  return ct;
}

export function mapOf<K, V>(outer: Map<DeviceId, Map<K, V>>, id: DeviceId): Map<K, V> {
  let m = outer.get(id);
  if (!m) {
    m = new Map();
    outer.set(id, m);
  }
  return m;
}

/** Counts a packet that reached the policy of a built-in chain (ACCEPT everywhere the agents write). */
export function countPolicy(
  state: SimState,
  place: string,
  table: string,
  chain: string,
  bytes: number,
): void {
  const key = `${place}|${table}|${chain}`;
  const c = state.chainHits.get(key);
  if (c) {
    c.packets++;
    c.bytes += bytes;
  } else state.chainHits.set(key, { packets: 1, bytes });
}

/** The counters' key of a host's root namespace (chainHits). */
export const rootPlace = (host: string | null): string => `${host ?? ''}|root`;
