// The trace: the contract between the core, the UI, the command line and the tests
// (docs/trace-format.md). Its field names are fixed; fields may be added.
import type { DeviceKind } from '../realize/dataplane';
import type { TraceFrame } from '../wire/describe';
import type { Crafted } from './craft';
import type { Fate, ProbeKind, ProbeOutcome } from './types';

export const TRACE_FORMAT = 'neutron-explorer/trace';

export type Verdict = 'delivered' | 'dropped' | 'loop';

export interface TraceHop {
  seq: number;
  /** microseconds since the send began */
  t: number;
  packet: string;
  host: string | null;
  namespace: string | null;
  device: string;
  deviceId: string;
  kind: DeviceKind;
  in: string | null;
  out: string | null;
  action: string;
  rule: string | null;
  frame: TraceFrame;
  changes: string[];
  fate: Fate;
  /** seq of the hop that sent this frame here, null for a packet's first hop */
  parent: number | null;
  trail?: string[];
  drop?: { reason: string; severity: 'fatal' | 'discard' };
}

export interface TracePacket {
  id: string;
  label: string;
  kind: 'arp-request' | 'arp-reply' | 'icmp' | 'tcp' | 'udp' | 'dhcp';
  probe: number | null;
  /** the packet that caused this one (a reply's request, an ARP's waiting packet) */
  cause: string | null;
}

export interface TraceProbe {
  n: number;
  kind: ProbeKind;
  from: string;
  dst: string;
  port: number | null;
  outcome: ProbeOutcome;
  summary: string;
  request: string | null;
  answer: string | null;
}

export interface Trace {
  format: typeof TRACE_FORMAT;
  version: 1;
  verdict: Verdict;
  reason: string | null;
  /** where the send died, when it did */
  dropped: { seq: number; host: string | null; device: string; rule: string | null } | null;
  send: {
    from: string;
    to: string;
    dst: string;
    proto: ProbeKind;
    port: number | null;
    count: number;
    /** the fields of a hand-made packet the request set (a spoofed source, TTL, DF, size, flags) */
    crafted?: Crafted;
  };
  probes: TraceProbe[];
  packets: TracePacket[];
  hops: TraceHop[];
  stats: { hops: number; packets: number; durationUs: number };
}
