// What devices and the engine exchange while a send runs.
import type { Dataplane, Device, DeviceId } from '../realize/dataplane';
import type { Frame, TcpFlags } from '../wire/frame';
import type { SimState } from './state';

/** OVS pipeline metadata that crosses from br-tun to a tunnel port (the tunnel id set by set_tunnel). */
export interface Meta {
  readonly tunId?: number;
  /** OVN: the Geneve option's logical ingress and egress port keys (neutron-facts-beyond §3.4) */
  readonly tunPorts?: { readonly inport: number; readonly outport: number };
}

export type Fate = 'forward' | 'deliver' | 'drop' | 'hold';

export interface Drop {
  readonly reason: string;
  /** fatal: the packet the user cares about died here; discard: a flooded copy nobody wanted */
  readonly severity: 'fatal' | 'discard';
}

/** What a device did with a frame, one per output (a flood makes several). */
export interface Step {
  readonly out: string | null;
  /** the headers after this hop */
  readonly frame: Frame;
  readonly action: string;
  readonly rule: string | null;
  readonly changes: readonly string[];
  readonly fate: Fate;
  /** every flow or iptables rule that matched, in order */
  readonly trail?: readonly string[];
  readonly drop?: Drop;
  readonly meta?: Meta;
  /** the emission is a copy made by flooding */
  readonly flooded?: boolean;
  /** the step starts or continues another packet than the one received */
  readonly packet?: string;
  /** for a step of another packet: the port it came in on (null when the device made it) */
  readonly in?: string | null;
}

export type Timer =
  | { readonly kind: 'arp-retry'; readonly device: DeviceId; readonly ip: string }
  | { readonly kind: 'probe'; readonly probe: number }
  | { readonly kind: 'probe-timeout'; readonly probe: number }
  /** a new keepalived master announcing an address (realize/l3-ha-failover.ts) */
  | { readonly kind: 'garp'; readonly device: DeviceId; readonly iface: string; readonly ip: string };

export type ProbeKind = 'icmp' | 'tcp' | 'udp' | 'dhcp';

export type ProbeOutcome =
  | 'pending'
  | 'reply'
  | 'established'
  | 'refused'
  | 'delivered'
  | 'unreachable'
  | 'ttl-exceeded'
  | 'failed';

export interface Probe {
  readonly n: number;
  readonly kind: ProbeKind;
  readonly from: DeviceId;
  readonly dst: string;
  readonly port: number;
  readonly ttl: number;
  readonly size: number;
  /** a hand-made source address (a spoofed one too); the route's source when absent */
  readonly src?: string;
  /** the don't-fragment bit */
  readonly df: boolean;
  /** a TCP probe's flags */
  readonly flags: TcpFlags;
  /** the size was given by hand (a TCP probe then carries a payload) */
  readonly sized?: boolean;
  /** a DHCP renewal rather than a DISCOVER */
  readonly renew?: boolean;
  /** ICMP id or source port, chosen at start */
  ident: number;
  seq: number;
  outcome: ProbeOutcome;
  summary: string;
  /** the first packet of the probe (echo request, SYN, datagram, DISCOVER) */
  request: string | null;
  /** the packet that answered it */
  answer: string | null;
  /** DHCP: the server whose offer the client took */
  offeredBy?: string;
  startedAt: number;
}

/** A packet held in a stack until ARP resolves its next hop. */
export interface PendingArp {
  readonly device: DeviceId;
  readonly ip: string;
  readonly iface: string;
  tries: number;
  readonly queue: { frame: Frame; packet: string; forwarded: boolean }[];
}

/** Services the engine gives a device while it handles a frame. */
export interface Ctx {
  readonly plane: Dataplane;
  readonly state: SimState;
  readonly now: number;
  /** the packet being handled */
  readonly packet: string;
  /** registers a new packet (its label is made from its first frame) and returns its id */
  newPacket(frame: Frame, cause: string | null, probe?: number): string;
  schedule(afterUs: number, timer: Timer): void;
  probeOf(packet: string): Probe | null;
  /** runs fn with another packet as the current one (a stack delivering its own packet via lo) */
  withPacket<T>(packet: string, fn: () => T): T;
  /** ties a packet to a probe (the first packet of a probe) */
  setProbe(packet: string, probe: number): void;
  readonly probes: Probe[];
  /** ARP resolutions under way, by "device|ip" */
  readonly pending: Map<string, PendingArp>;
  /** the device a linked port leads to, for words like "toward br-int" */
  peerName(device: DeviceId, port: string): string | null;
}

export type Handler<D extends Device = Device> = (
  ctx: Ctx,
  dev: D,
  inPort: string,
  frame: Frame,
  meta: Meta,
  flooded: boolean,
) => Step[];
