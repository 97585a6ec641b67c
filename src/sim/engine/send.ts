// send(): runs a request through the Dataplane as a discrete-event simulation. Devices receive frames
// on ports and say what they emit where; links carry frames on; every device visit is a hop of the
// trace. It ends when nothing is left to happen, or at the hop budget (reported as a loop).

import { receive } from '../devices';
import { arpTimer } from '../devices/stack/output';
import { startProbe } from '../devices/stack/probe';
import type { Topology } from '../model/types';
import { type Dataplane, type Device, peerOf } from '../realize/dataplane';
import { packetLabel, snapshot } from '../wire/describe';
import type { Frame } from '../wire/frame';
import { EventQueue, type Timed } from './queue';
import { resolveSend, type SendRequest } from './resolve';
import type { SimState } from './state';
import { TRACE_FORMAT, type Trace, type TraceHop, type TracePacket } from './trace';
import type { Ctx, Meta, PendingArp, Probe, Step, Timer } from './types';
import { verdictOf } from './verdict';

export const DEFAULT_HOP_BUDGET = 20000;

const NO_META: Meta = Object.freeze({});

type Event = Timed &
  (
    | {
        kind: 'frame';
        device: string;
        port: string;
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
  const queue = new EventQueue<Event>();
  const hops: TraceHop[] = [];
  const packets: TracePacket[] = [];
  const packetIndex = new Map<string, TracePacket>();
  const probes: Probe[] = [];
  const pending = new Map<string, PendingArp>();
  /** the last hop of each packet so far */
  const lastHop = new Map<string, number>();
  state.sends++;
  const interval = (req.intervalMs ?? 1000) * 1000;
  // ping uses one ICMP id for all its echoes; each TCP or UDP probe gets its own ephemeral port
  const icmpId = (state.sends * 7919) & 0xffff || 1;
  for (let n = 0; n < count; n++) {
    const ident =
      proto === 'icmp'
        ? icmpId
        : proto === 'dhcp'
          ? (0x3903f326 + state.nextIdent++) >>> 0
          : 32768 + (state.nextIdent++ % 28232);
    probes.push({
      n: n + 1,
      kind: proto,
      from: r.from,
      dst: r.dst,
      port: proto === 'tcp' || proto === 'udp' ? (req.port ?? (proto === 'tcp' ? 22 : 53)) : 0,
      ttl: req.ttl ?? 64,
      size: req.size ?? 84,
      renew: proto === 'dhcp' && req.dhcp === 'renew',
      ident,
      seq: n + 1,
      outcome: 'pending',
      summary: '',
      request: null,
      answer: null,
      startedAt: 0,
    });
    queue.push({ t: t0 + n * interval, kind: 'timer', timer: { kind: 'probe', probe: n } });
  }
  let now = t0;
  let current = '';
  let budgetHit = false;
  const ctx: Ctx = {
    plane,
    state,
    get now() {
      return now;
    },
    get packet() {
      return current;
    },
    newPacket(frame, cause, probe) {
      const id = `p${packets.length + 1}`;
      const probeN = probe ?? (cause ? (packetIndex.get(cause)?.probe ?? null) : null);
      const p: TracePacket = { id, label: packetLabel(frame), kind: packetKind(frame), probe: probeN, cause };
      packets.push(p);
      packetIndex.set(id, p);
      return id;
    },
    withPacket(packet, fn) {
      const saved = current;
      current = packet;
      try {
        return fn();
      } finally {
        current = saved;
      }
    },
    setProbe(packet, probe) {
      const p = packetIndex.get(packet);
      if (p) p.probe = probe;
    },
    schedule(after, timer) {
      queue.push({ t: now + after, kind: 'timer', timer });
    },
    probeOf(packet) {
      const n = packetIndex.get(packet)?.probe;
      return n ? (probes[n - 1] ?? null) : null;
    },
    probes,
    pending,
    peerName(device, port) {
      const peer = peerOf(plane, device, port);
      return peer ? (plane.devices.get(peer.device)?.name ?? null) : null;
    },
  };

  const record = (
    dev: Device,
    inPort: string | null,
    packet: string,
    parent: number | null,
    flooded: boolean,
    steps: Step[],
  ) => {
    for (const s of steps) {
      const pk = s.packet ?? packet;
      const seq = hops.length + 1;
      // fields shared with the step (changes, trail) are never mutated after this point
      const hop: TraceHop = {
        seq,
        t: now - t0,
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
        changes: s.changes as string[],
        fate: s.fate,
        // a packet the device made starts here; one it held (waiting for ARP) resumes from its last hop
        parent: s.packet && s.in === null ? (lastHop.get(pk) ?? null) : parent,
      };
      if (s.trail) hop.trail = s.trail as string[];
      if (s.drop) hop.drop = s.drop;
      hops.push(hop);
      lastHop.set(pk, seq);
      if (s.fate !== 'forward' || s.out === null) continue;
      const peer = peerOf(plane, dev.id, s.out);
      if (!peer) {
        hop.fate = 'drop';
        hop.drop = { reason: `${dev.name}: port ${s.out} is connected to nothing`, severity: 'fatal' };
        continue;
      }
      queue.push({
        t: now + latency(dev),
        kind: 'frame',
        device: peer.device,
        port: peer.port,
        frame: s.frame,
        meta: s.meta ?? NO_META,
        packet: pk,
        parent: seq,
        flooded: s.packet && s.in === null ? (s.flooded ?? false) : (s.flooded ?? flooded),
      });
    }
  };

  for (let ev = queue.pop(); ev; ev = queue.pop()) {
    if (hops.length >= hopBudget) {
      budgetHit = true;
      break;
    }
    now = ev.t;
    if (ev.kind === 'frame') {
      const dev = plane.devices.get(ev.device);
      if (!dev) continue;
      current = ev.packet;
      record(
        dev,
        ev.port,
        ev.packet,
        ev.parent,
        ev.flooded,
        receive(ctx, dev, ev.port, ev.frame, ev.meta, ev.flooded),
      );
      continue;
    }
    const timer = ev.timer;
    if (timer.kind === 'probe') {
      const probe = probes[timer.probe]!;
      const dev = plane.devices.get(probe.from);
      if (
        dev?.kind !== 'vm' &&
        dev?.kind !== 'namespace' &&
        dev?.kind !== 'outside-host' &&
        dev?.kind !== 'upstream-router'
      )
        continue;
      current = '';
      const steps = startProbe(ctx, dev, probe);
      record(dev, null, probe.request ?? '', null, false, steps);
    } else if (timer.kind === 'arp-retry') {
      const dev = plane.devices.get(timer.device);
      if (
        dev?.kind !== 'vm' &&
        dev?.kind !== 'namespace' &&
        dev?.kind !== 'outside-host' &&
        dev?.kind !== 'upstream-router'
      )
        continue;
      current = pending.get(`${dev.id}|${timer.ip}`)?.queue[0]?.packet ?? '';
      record(dev, null, current, null, false, arpTimer(ctx, dev, timer.ip));
    }
  }
  state.clock = now + 1_000_000;
  const v = verdictOf(probes, hops, packets, budgetHit, hopBudget);
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
