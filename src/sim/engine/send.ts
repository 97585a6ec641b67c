// send(): runs a request through the Dataplane as a discrete-event simulation. Devices receive frames
// on ports and say what they emit where; links carry frames on; every device visit is a hop of the
// trace. It ends when nothing is left to happen, or at the hop budget (reported as a loop).

import { receive } from '../devices';
import { ovnBufferTimer } from '../devices/ovn/bridge';
import { gratuitousArp } from '../devices/stack/garp';
import { arpTimer } from '../devices/stack/output';
import { startProbe } from '../devices/stack/probe';
import type { Topology } from '../model/types';
import {
  type Dataplane,
  type Device,
  type DeviceId,
  type FollowedPort,
  follow,
  type PortRef,
  peerOf,
} from '../realize/dataplane';
import { packetLabel, snapshot } from '../wire/describe';
import type { Frame } from '../wire/frame';
import { ageState } from './aging';
import { craftedOf } from './craft';
import { EventQueue, type Timed } from './queue';
import { resolveSend, type SendRequest } from './resolve';
import type { SimState } from './state';
import { TRACE_FORMAT, type Trace, type TraceHop, type TracePacket } from './trace';
import type { Ctx, Meta, PendingArp, Probe, Step, Timer } from './types';
import { verdictOf } from './verdict';

export const DEFAULT_HOP_BUDGET = 20000;
/** how long before a send the gratuitous ARPs of a failover go out (µs) */
export const GARP_LEAD_US = 1000;

const NO_META: Meta = Object.freeze({});

type Event = Timed &
  (
    | {
        kind: 'frame';
        /** the port the frame arrives on, and its device */
        to: FollowedPort;
        frame: Frame;
        meta: Meta;
        packet: string;
        parent: number;
        flooded: boolean;
      }
    | { kind: 'timer'; timer: Timer }
  );

/** Link latency in microseconds: a hop inside a host is quick, the underlay is not. */
function latency(dev: Device): number {
  switch (dev.kind) {
    case 'underlay':
      return 120;
    case 'physical-switch':
      return 20;
    case 'vxlan-port':
    case 'geneve-port':
      return 5;
    default:
      return 2;
  }
}

function packetKind(f: Frame): TracePacket['kind'] {
  if (f.l3.kind === 'arp') return f.l3.op === 1 ? 'arp-request' : 'arp-reply';
  const l4 = f.l3.l4;
  if (l4.kind === 'udp' && l4.payload.kind === 'dhcp') return 'dhcp';
  return l4.kind;
}

export type SendResult = { ok: true; trace: Trace } | { ok: false; error: string };

/** The stacks a probe or an ARP timer can start from. */
function isStack(
  dev: Device | undefined,
): dev is Extract<Device, { kind: 'vm' | 'namespace' | 'outside-host' | 'upstream-router' }> {
  return (
    dev?.kind === 'vm' ||
    dev?.kind === 'namespace' ||
    dev?.kind === 'outside-host' ||
    dev?.kind === 'upstream-router'
  );
}

/**
 * One send under way: the event queue, the hops and packets so far, and the services devices get
 * (it is their Ctx). A class rather than closures over send()'s locals, on purpose: a closure made per
 * send ties that send's whole trace to the function's context. With getters per send, V8's minor GC
 * kept finished traces alive until a full GC: a fifth of what a send allocated survived each minor
 * collection (a thirtieth now), and collection took a third of a trace's time (README, Measured speed).
 */
class SendRun implements Ctx {
  now: number;
  packet = '';
  budgetHit = false;
  readonly queue = new EventQueue<Event>();
  readonly hops: TraceHop[] = [];
  readonly packets: TracePacket[] = [];
  readonly probes: Probe[] = [];
  /** ARP resolutions under way, by "device|ip" */
  readonly pending = new Map<string, PendingArp>();
  private readonly packetIndex = new Map<string, TracePacket>();
  /** the last hop of each packet so far */
  private readonly lastHop = new Map<string, number>();
  /** the device handling the current event, and its links: record() and peerName() need them per hop */
  private handling: DeviceId | null = null;
  private handlingLinks: ReadonlyMap<string, PortRef> | undefined;

  constructor(
    readonly plane: Dataplane,
    readonly state: SimState,
    readonly t0: number,
  ) {
    this.now = t0;
  }

  newPacket(frame: Frame, cause: string | null, probe?: number): string {
    const id = `p${this.packets.length + 1}`;
    const probeN = probe ?? (cause ? (this.packetIndex.get(cause)?.probe ?? null) : null);
    const p: TracePacket = { id, label: packetLabel(frame), kind: packetKind(frame), probe: probeN, cause };
    this.packets.push(p);
    this.packetIndex.set(id, p);
    return id;
  }

  withPacket<T>(packet: string, fn: () => T): T {
    const saved = this.packet;
    this.packet = packet;
    try {
      return fn();
    } finally {
      this.packet = saved;
    }
  }

  setProbe(packet: string, probe: number): void {
    const p = this.packetIndex.get(packet);
    if (p) p.probe = probe;
  }

  schedule(after: number, timer: Timer): void {
    this.queue.push({ t: this.now + after, kind: 'timer', timer });
  }

  probeOf(packet: string): Probe | null {
    const n = this.packetIndex.get(packet)?.probe;
    return n ? (this.probes[n - 1] ?? null) : null;
  }

  peerName(device: DeviceId, port: string): string | null {
    const peer = device === this.handling ? this.handlingLinks?.get(port) : peerOf(this.plane, device, port);
    return peer ? (follow(this.plane, peer).dev?.name ?? null) : null;
  }

  /** The device about to handle an event, with its links (known already when a frame arrives). */
  private handle(dev: Device, links = this.plane.links.get(dev.id)): void {
    this.handling = dev.id;
    this.handlingLinks = links;
  }

  /** Writes a hop per step and puts what the device emitted on the wire, out of the handling device. */
  private record(
    dev: Device,
    inPort: string | null,
    packet: string,
    parent: number | null,
    flooded: boolean,
    steps: Step[],
  ) {
    const hops = this.hops;
    for (const s of steps) {
      const pk = s.packet ?? packet;
      const seq = hops.length + 1;
      // fields shared with the step (changes, trail) are never mutated after this point
      const hop: TraceHop = {
        seq,
        t: this.now - this.t0,
        packet: pk,
        host: dev.host,
        namespace: dev.namespace,
        device: dev.name,
        deviceId: dev.id,
        kind: dev.kind,
        in: s.in !== undefined ? s.in : inPort,
        out: s.out,
        action: s.action,
        rule: s.rule,
        frame: snapshot(s.frame),
        changes: s.changes.length ? realChanges(s.changes) : (s.changes as string[]),
        fate: s.fate,
        // a packet the device made starts here; one it held (waiting for ARP) resumes from its last hop
        parent: s.packet && s.in === null ? (this.lastHop.get(pk) ?? null) : parent,
      };
      if (s.trail) hop.trail = s.trail as string[];
      if (s.drop) hop.drop = s.drop;
      hops.push(hop);
      this.lastHop.set(pk, seq);
      if (s.fate !== 'forward' || s.out === null) continue;
      const peer = this.handlingLinks?.get(s.out);
      if (!peer) {
        hop.fate = 'drop';
        hop.drop = { reason: `${dev.name}: port ${s.out} is connected to nothing`, severity: 'fatal' };
        continue;
      }
      this.queue.push({
        t: this.now + latency(dev),
        kind: 'frame',
        to: follow(this.plane, peer),
        frame: s.frame,
        meta: s.meta ?? NO_META,
        packet: pk,
        parent: seq,
        flooded: s.packet && s.in === null ? (s.flooded ?? false) : (s.flooded ?? flooded),
      });
    }
  }

  /** Runs events until none is left or the hop budget is spent. */
  run(hopBudget: number): void {
    const devices = this.plane.devices;
    for (let ev = this.queue.pop(); ev; ev = this.queue.pop()) {
      if (this.hops.length >= hopBudget) {
        this.budgetHit = true;
        break;
      }
      this.now = ev.t;
      if (ev.kind === 'frame') {
        const to = ev.to;
        if (!to.dev) continue;
        this.packet = ev.packet;
        this.handle(to.dev, to.peers);
        const steps = receive(this, to.dev, to.port, ev.frame, ev.meta, ev.flooded);
        this.record(to.dev, to.port, ev.packet, ev.parent, ev.flooded, steps);
        continue;
      }
      const timer = ev.timer;
      if (timer.kind === 'probe') {
        const probe = this.probes[timer.probe]!;
        const dev = devices.get(probe.from);
        if (!isStack(dev)) continue;
        this.packet = '';
        this.handle(dev);
        const steps = startProbe(this, dev, probe);
        this.record(dev, null, probe.request ?? '', null, false, steps);
      } else if (timer.kind === 'arp-retry') {
        const dev = devices.get(timer.device);
        if (dev?.kind === 'ovn-bridge') {
          // ovn-controller's buffered packets (lr_in_arp_request)
          this.packet = this.pending.get(`${dev.id}|${timer.ip}`)?.queue[0]?.packet ?? '';
          this.handle(dev);
          this.record(dev, null, this.packet, null, false, ovnBufferTimer(this, dev, timer.ip));
          continue;
        }
        if (!isStack(dev)) continue;
        this.packet = this.pending.get(`${dev.id}|${timer.ip}`)?.queue[0]?.packet ?? '';
        this.handle(dev);
        const steps = arpTimer(this, dev, timer.ip);
        this.record(dev, null, this.packet, null, false, steps);
      } else if (timer.kind === 'garp') {
        const dev = devices.get(timer.device);
        if (!isStack(dev)) continue;
        this.packet = '';
        this.handle(dev);
        const steps = gratuitousArp(this, dev, timer.iface, timer.ip);
        this.record(dev, null, steps[0]?.packet ?? '', null, false, steps);
      }
    }
  }
}

/** A change is listed only when something changed: a router's own packet leaving by the address it
 * already has says "SNAT src 203.0.113.142 -> 203.0.113.142" to nobody. */
function realChanges(changes: readonly string[]): string[] {
  const out = changes.filter((c) => {
    const m = /(\S+) -> (\S+)$/.exec(c);
    return !m || m[1] !== m[2];
  });
  return out.length === changes.length ? (changes as string[]) : out;
}

export function send(
  topology: Topology,
  plane: Dataplane,
  state: SimState,
  req: SendRequest,
  hopBudget = DEFAULT_HOP_BUDGET,
): SendResult {
  const r = resolveSend(topology, plane, req);
  if (!r.ok) return r;
  const proto = req.proto ?? 'icmp';
  const count = Math.max(1, Math.min(req.count ?? 1, 100));
  const t0 = state.clock;
  // what timed out since the last send is gone (conntrack, learned flows, MAC tables, ARP caches)
  ageState(state, t0);
  const run = new SendRun(plane, state, t0);
  const probes = run.probes;
  state.sends++;
  const interval = (req.intervalMs ?? 1000) * 1000;
  // an HA router that failed over since the last send announces its addresses first; the send starts
  // once they are out (GARP_LEAD_US later)
  const garps = state.garps.splice(0);
  for (const g of garps) run.queue.push({ t: t0, kind: 'timer', timer: { kind: 'garp', ...g } });
  const start = garps.length ? t0 + GARP_LEAD_US : t0;
  // ping uses one ICMP id for all its echoes; each TCP or UDP probe gets its own ephemeral port
  const icmpId = (state.sends * 7919) & 0xffff || 1;
  for (let n = 0; n < count; n++) {
    const ident =
      proto === 'icmp'
        ? icmpId
        : proto === 'dhcp'
          ? (0x3903f326 + state.nextIdent++) >>> 0
          : (req.sport ?? 32768 + (state.nextIdent++ % 28232));
    probes.push({
      n: n + 1,
      kind: proto,
      from: r.from,
      dst: r.dst,
      port: proto === 'tcp' || proto === 'udp' ? (req.port ?? (proto === 'tcp' ? 22 : 53)) : 0,
      ttl: req.ttl ?? 64,
      size: req.size ?? 84,
      ...(req.src !== undefined ? { src: req.src } : {}),
      df: req.df ?? true,
      flags: req.flags ?? 'S',
      ...(req.size !== undefined ? { sized: true } : {}),
      renew: proto === 'dhcp' && req.dhcp === 'renew',
      ident,
      seq: n + 1,
      outcome: 'pending',
      summary: '',
      request: null,
      answer: null,
      startedAt: 0,
    });
    run.queue.push({ t: start + n * interval, kind: 'timer', timer: { kind: 'probe', probe: n } });
  }
  run.run(hopBudget);
  const { hops, packets } = run;
  state.clock = run.now + 1_000_000;
  // a router is known by its name; its namespace is qrouter-<router id>
  const routerNames = new Map(topology.routers.map((x) => [`qrouter-${x.id}`, x.name]));
  const crafted = craftedOf(req);
  const v = verdictOf(probes, hops, packets, run.budgetHit, hopBudget, (d) => routerNames.get(d) ?? d);
  return {
    ok: true,
    trace: {
      format: TRACE_FORMAT,
      version: 1,
      ...v,
      send: {
        from: req.from,
        to: req.to,
        dst: r.dst,
        proto,
        port: proto === 'tcp' || proto === 'udp' ? (probes[0]?.port ?? null) : null,
        count,
        ...(crafted ? { crafted } : {}),
      },
      probes: probes.map((p) => ({
        n: p.n,
        kind: p.kind,
        from: r.fromName,
        dst: p.dst,
        port: p.port || null,
        outcome: p.outcome,
        summary: p.summary,
        request: p.request,
        answer: p.answer,
      })),
      packets,
      hops,
      stats: {
        hops: hops.length,
        packets: packets.length,
        durationUs: hops.length ? hops[hops.length - 1]!.t : 0,
      },
    },
  };
}
