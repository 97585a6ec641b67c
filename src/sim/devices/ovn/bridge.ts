// br-int of an OVN chassis, as ovn-controller programs it. Table 0 (physical to logical) finds the
// logical port a frame came in on: a VIF tap, the localnet patch port, the metadata veth, a Geneve
// tunnel (its key and option name the datapath and the logical ports), or a logical patch port, by
// which the packet enters the peer datapath's ingress pipeline on this same chassis (the hop before
// left by the other end). Then the pipelines run (pipeline.ts) and the output phase (output.ts).
// Replies the pipeline makes itself (ARP, DHCP, the router's ping) are new packets; a packet whose
// next hop is unknown is buffered by ovn-controller while it asks by ARP, and sent on once the
// MAC_Binding is learned.

import { mapOf } from '../../engine/state';
import type { Ctx, Handler, Meta, Step } from '../../engine/types';
import type { OvnBridge, SbDatapath } from '../../realize/ovn/db';
import { newLPacket } from '../../realize/ovn/lflow';
import { chassisName } from '../../realize/ovn/names';
import { type Frame, withVlan } from '../../wire/frame';
import { type Emit, outputPhase } from './output';
import { lflowRule, type RunState, runPipeline } from './pipeline';
import { dropWords } from './words';

/** How long ovn-controller holds a buffered packet before it looks at MAC_Binding again (µs). */
const BUFFER_CHECK_US = 1000;

function newRun(ctx: Ctx, br: OvnBridge, frame: Frame, inport: string): RunState {
  const host = br.host!;
  const pkt = newLPacket(frame, inport, host);
  const db = br.db;
  const resident = (port: string) => db.ports.get(port)?.chassis === host;
  return {
    ctx,
    br,
    resident,
    pkt,
    changes: [],
    lines: [],
    decider: null,
    chose: null,
    acl: null,
    made: null,
    arpRequest: null,
    learned: false,
    dropWhy: null,
    ct: null,
  };
}

function toStep(e: Emit, flooded: boolean, packet?: string): Step {
  const base = {
    frame: e.frame,
    rule: e.rule ? lflowRule(e.rule, e.dp.aka || e.dp.name) : null,
    trail: e.lines,
    changes: e.changes,
    ...(packet ? { packet, in: null } : {}),
  };
  if (e.port === null || e.dropWhy)
    return {
      ...base,
      out: null,
      action: e.words,
      fate: 'drop',
      drop: {
        reason: e.dropWhy ?? e.words,
        severity: flooded || e.flooded ? 'discard' : (e.severity ?? 'fatal'),
      },
    };
  return {
    ...base,
    out: e.port,
    action: e.words,
    fate: 'forward',
    flooded: flooded || e.flooded,
    ...(e.meta ? { meta: e.meta } : {}),
  };
}

/** The ingress pipeline of a datapath, then where the packet goes; replies and buffering included. */
function ingress(rs: RunState, dp: SbDatapath, flooded: boolean): Step[] {
  const received = rs.pkt.frame;
  const entry = { frame: received, inport: rs.pkt.inport };
  const end = runPipeline(rs, dp, 'ingress');
  const name = dp.aka || dp.name;
  if (end === 'drop') {
    if (rs.learned && received.l3.kind === 'arp') {
      const learned = `${name} learns ${received.l3.spa} is at ${received.l3.sha} into MAC_Binding (put_arp)`;
      const rule = rs.decider ? lflowRule(rs.decider, name) : null;
      return received.l3.op === 2
        ? [
            {
              out: null,
              frame: received,
              action: `${learned}: the ARP reply ends here`,
              rule,
              trail: rs.lines,
              changes: [],
              fate: 'deliver',
            },
          ]
        : [
            {
              out: null,
              frame: received,
              action: `${learned}; the request is not this chassis's to answer`,
              rule,
              trail: rs.lines,
              changes: [],
              fate: 'drop',
              drop: {
                reason: `${rs.br.host}/br-int: ${name} answers ${received.l3.tpa} on another chassis`,
                severity: 'discard',
              },
            },
          ];
    }
    const why = dropWords(rs, dp);
    return [
      toStep(
        { ...emitOf(rs, dp), port: null, words: `drop: ${why}`, dropWhy: `${rs.br.host}/br-int: ${why}` },
        flooded,
      ),
    ];
  }
  if (end === 'hold') return hold(rs, dp, entry);
  if (rs.made) {
    const packet = rs.ctx.newPacket(rs.pkt.frame, rs.ctx.packet);
    const what =
      rs.made === 'arp'
        ? 'ARP reply'
        : rs.made === 'dhcp'
          ? 'DHCP reply (ovn-controller, put_dhcp_opts)'
          : 'ICMP echo reply';
    const consumed: Step = {
      out: null,
      frame: received,
      action: `${name}: answered in the pipeline: ${what}`,
      rule: rs.chose ? lflowRule(rs.chose, name) : null,
      trail: [...rs.lines],
      changes: [],
      fate: 'deliver',
    };
    return [consumed, ...outputPhase(rs, dp).map((e) => toStep(e, false, packet))];
  }
  return outputPhase(rs, dp).map((e) => toStep(e, flooded));
}

function emitOf(rs: RunState, dp: SbDatapath): Emit {
  return {
    port: null,
    frame: rs.pkt.frame,
    words: '',
    rule: rs.decider,
    dp,
    lines: rs.lines,
    changes: rs.changes,
    flooded: false,
  };
}

/** lr_in_arp_request: the packet waits in ovn-controller while an ARP request goes out for the next hop. */
function hold(rs: RunState, dp: SbDatapath, entry: { frame: Frame; inport: string }): Step[] {
  const ip = rs.pkt.nexthop ?? '0.0.0.0';
  const key = `${rs.br.id}|${ip}`;
  const waiting = rs.ctx.pending.get(key);
  const held: Step = {
    out: null,
    frame: rs.pkt.frame,
    action: `${dp.aka || dp.name}: next hop ${ip} is not in MAC_Binding: ovn-controller buffers the packet and sends an ARP request`,
    rule: rs.decider ? lflowRule(rs.decider, dp.aka || dp.name) : null,
    trail: rs.lines,
    changes: rs.changes,
    fate: 'hold',
  };
  if (waiting) {
    waiting.queue.push({ frame: entry.frame, packet: rs.ctx.packet, forwarded: true });
    return [held];
  }
  rs.ctx.pending.set(key, {
    device: rs.br.id,
    ip,
    iface: entry.inport,
    tries: 1,
    queue: [{ frame: entry.frame, packet: rs.ctx.packet, forwarded: true }],
  });
  rs.ctx.schedule(BUFFER_CHECK_US, { kind: 'arp-retry', device: rs.br.id, ip });
  const arp = rs.arpRequest!;
  const packet = rs.ctx.newPacket(arp, rs.ctx.packet);
  rs.pkt.frame = arp;
  rs.changes.length = 0;
  return [held, ...outputPhase(rs, dp).map((e) => toStep(e, false, packet))];
}

/** ovn-controller looks at MAC_Binding again: the buffered packets go on, or are given up. */
export function ovnBufferTimer(ctx: Ctx, br: OvnBridge, ip: string): Step[] {
  const key = `${br.id}|${ip}`;
  const p = ctx.pending.get(key);
  if (!p) return [];
  ctx.pending.delete(key);
  const known = [...mapOf(ctx.state.neigh, br.id).keys()].some((k) => k.endsWith(`|${ip}`));
  const steps: Step[] = [];
  for (const q of p.queue) {
    if (!known) {
      steps.push({
        out: null,
        frame: q.frame,
        action: `ovn-controller gives up the buffered packet: no MAC_Binding for ${ip}`,
        rule: null,
        changes: [],
        fate: 'drop',
        packet: q.packet,
        in: null,
        drop: {
          reason: `no ARP reply for ${ip}: nothing answered the router's ARP request`,
          severity: 'fatal',
        },
      });
      continue;
    }
    const b = br.db.ports.get(p.iface);
    const dp = b ? br.db.datapaths.get(b.dp) : undefined;
    if (!dp) continue;
    const rs = newRun(ctx, br, q.frame, p.iface);
    steps.push(
      ...ctx
        .withPacket(q.packet, () => ingress(rs, dp, false))
        .map((s) => ({ ...s, packet: s.packet ?? q.packet, in: null })),
    );
  }
  return steps;
}

function fromTunnel(ctx: Ctx, br: OvnBridge, inPort: string, frame: Frame, meta: Meta): Step[] {
  const db = br.db;
  const dp = meta.tunId !== undefined ? db.datapaths.get(meta.tunId) : undefined;
  const keys = meta.tunPorts;
  const drop = (why: string): Step[] => [
    {
      out: null,
      frame,
      action: `drop: ${why}`,
      rule: null,
      changes: [],
      fate: 'drop',
      drop: { reason: why, severity: 'fatal' },
    },
  ];
  if (!dp || !keys) return drop(`no datapath has tunnel key ${meta.tunId}`);
  const byKey = (k: number) => [...dp.ports.values()].find((b) => b.tunnel_key === k)?.logical_port;
  const inport = byKey(keys.inport) ?? '';
  const outport =
    keys.outport === 32768 ? '_MC_flood' : keys.outport === 32769 ? '_MC_unknown' : byKey(keys.outport);
  if (!outport) return drop(`no port of ${dp.name} has tunnel key ${keys.outport}`);
  const rs = newRun(ctx, br, frame, inport);
  rs.pkt.outport = outport;
  const remoteChassis = db.chassis.find((c) => br.tunnelTo.get(c.name) === inPort)?.hostname ?? '?';
  rs.lines.push(
    `/* table 0: from ${remoteChassis} over ${inPort}: metadata=0x${dp.tunnel_key.toString(16)} (${dp.aka || dp.name}), reg14=0x${keys.inport.toString(16)}, reg15=0x${keys.outport.toString(16)}: to the local output table ${40} */`,
  );
  return outputPhase(rs, dp, true).map((e) => toStep(e, false));
}

export const ovnBridge: Handler<OvnBridge> = (ctx, dev, inPort, frame, meta, flooded) => {
  const db = dev.db;
  const patched = dev.patches.get(inPort);
  if (patched !== undefined) {
    const dp = db.datapaths.get(patched)!;
    return ingress(newRun(ctx, dev, frame, inPort), dp, flooded);
  }
  if (dev.ports.get(inPort)?.type === 'geneve') return fromTunnel(ctx, dev, inPort, frame, meta);
  const lport = dev.lportOf.get(inPort);
  const b = lport ? db.ports.get(lport) : undefined;
  const dp = b ? db.datapaths.get(b.dp) : undefined;
  if (!b || !dp)
    return [
      {
        out: null,
        frame,
        action: `drop: ${inPort} is no logical port ovn-controller knows (table 0 has no flow for it)`,
        rule: `table=0 (no flow for in_port="${inPort}")`,
        changes: [],
        fate: 'drop',
        drop: { reason: `${dev.host}/br-int: ${inPort} is bound to no logical port`, severity: 'fatal' },
      },
    ];
  let f = frame;
  if (b.type === 'localnet') {
    // table 0 takes the localnet's VLAN off; a frame of another VLAN is no business of this network
    if ((f.eth.vlan ?? null) !== b.tag)
      return [
        {
          out: null,
          frame,
          action: `drop: VLAN ${f.eth.vlan ?? 'none'} is not the localnet port's (${b.tag ?? 'untagged'})`,
          rule: null,
          changes: [],
          fate: 'drop',
          drop: { reason: 'not the provider network of this localnet port', severity: 'discard' },
        },
      ];
    f = withVlan(f, null);
  }
  const rs = newRun(ctx, dev, f, b.logical_port);
  if (f !== frame) rs.changes.push(`strip vlan ${frame.eth.vlan}`);
  const zone = dev.zones.get(b.logical_port);
  rs.lines.push(
    `/* table 0: in_port="${inPort}": metadata=0x${dp.tunnel_key.toString(16)} (${dp.aka || dp.name}), reg14=0x${b.tunnel_key.toString(16)}${zone ? `, reg13=${zone} (conntrack zone)` : ''} */`,
  );
  return ingress(rs, dp, flooded);
};

export { chassisName };
