// Where a packet goes once a logical ingress pipeline has set its outport (ovn-controller's tables
// 37-41 and 64-65, OVN 24.03; ovn-architecture(7) "Architectural Physical Life Cycle of a Packet"):
// to a port of this chassis after the datapath's egress pipeline, to a logical patch port (the peer
// datapath's ingress, on this same chassis), to the provider network by the localnet port, or over a
// Geneve tunnel to the chassis the port is bound to, carrying the datapath's tunnel key and the
// logical in and out ports (neutron-facts-beyond §3.4). The egress pipeline of a remote port runs on
// the chassis that receives it.
import type { Meta } from '../../engine/types';
import type { SbDatapath, SbPortBinding } from '../../realize/ovn/db';
import type { Lflow } from '../../realize/ovn/lflow';
import { chassisName } from '../../realize/ovn/names';
import { OFTABLE } from '../../realize/ovn/stages';
import { type Frame, withVlan } from '../../wire/frame';
import { type RunState, runPipeline } from './pipeline';
import { dropWords } from './words';

/** One way out of br-int for a copy of the packet. */
export interface Emit {
  readonly port: string | null;
  readonly frame: Frame;
  readonly words: string;
  readonly rule: Lflow | null;
  readonly dp: SbDatapath;
  readonly lines: readonly string[];
  readonly changes: readonly string[];
  readonly meta?: Meta;
  readonly flooded: boolean;
  /** a drop: why */
  readonly dropWhy?: string;
  readonly severity?: 'fatal' | 'discard';
}

const MC = { _MC_flood: 32768, _MC_unknown: 32769 } as const;

function fork(rs: RunState, outport: string): RunState {
  return { ...rs, pkt: { ...rs.pkt, outport }, lines: [...rs.lines], changes: [...rs.changes] };
}

function emit(
  rs: RunState,
  dp: SbDatapath,
  port: string | null,
  words: string,
  extra: Partial<Emit> = {},
): Emit {
  return {
    port,
    frame: rs.pkt.frame,
    words,
    rule: rs.decider?.acl && extra.dropWhy ? rs.decider : (extra.rule ?? rs.chose ?? rs.acl ?? rs.decider),
    dp,
    lines: rs.lines,
    changes: rs.changes,
    flooded: false,
    ...extra,
  };
}

function dropped(rs: RunState, dp: SbDatapath, why: string, flooded: boolean): Emit {
  return emit(rs, dp, null, `drop: ${why}`, {
    dropWhy: why,
    rule: rs.decider,
    flooded,
    severity: flooded ? 'discard' : 'fatal',
  });
}

/** Runs the egress pipeline here, then leaves by `port` (an OVS port or a logical patch end). */
function egressThen(
  rs: RunState,
  dp: SbDatapath,
  port: string | null,
  words: string,
  flooded: boolean,
  frame?: (f: Frame) => Frame,
): Emit {
  const end = runPipeline(rs, dp, 'egress');
  if (end !== 'output') return dropped(rs, dp, dropWords(rs, dp), flooded);
  if (port === null) return dropped(rs, dp, words, flooded);
  if (frame) rs.pkt.frame = frame(rs.pkt.frame);
  rs.lines.push(`    /* ${words} */`);
  return emit(rs, dp, port, words, { flooded, rule: rs.chose ?? rs.acl ?? rs.decider });
}

function remote(rs: RunState, dp: SbDatapath, b: SbPortBinding, outKey: number, flooded: boolean): Emit {
  const tunnel = rs.br.tunnelTo.get(chassisName(b.chassis!)) ?? null;
  const inKey = dp.ports.get(rs.pkt.inport)?.tunnel_key ?? 0;
  const words = `remote output (OpenFlow table ${OFTABLE.REMOTE_OUTPUT}): ${b.label} is on ${b.chassis}: over ${tunnel ?? 'no tunnel'} with tunnel key ${dp.tunnel_key} (${dp.aka || dp.name}), inport 0x${inKey.toString(16)}, outport 0x${outKey.toString(16)}`;
  if (!tunnel) return dropped(rs, dp, `${rs.br.host} has no Geneve tunnel to ${b.chassis}`, flooded);
  rs.lines.push(`    /* ${words} */`);
  return emit(rs, dp, tunnel, words, {
    flooded,
    meta: { tunId: dp.tunnel_key, tunPorts: { inport: inKey, outport: outKey } },
  });
}

/** Delivery to one logical port of the datapath (a unicast outport, or a member of a flood). */
function toPort(
  rs: RunState,
  dp: SbDatapath,
  b: SbPortBinding,
  flooded: boolean,
  fromTunnel: boolean,
): Emit | null {
  const here = rs.br.host;
  switch (b.type) {
    case '': {
      if (b.chassis === here) {
        const tap = rs.br.ovsPortOf.get(b.logical_port) ?? null;
        return egressThen(rs, dp, tap, `to ${b.label} on this chassis -> ${tap}`, flooded);
      }
      if (fromTunnel) return null;
      if (!b.chassis)
        return dropped(rs, dp, `${b.label} is bound to no chassis (its VM runs nowhere)`, flooded);
      return remote(rs, dp, b, b.tunnel_key, flooded);
    }
    case 'patch': {
      if (fromTunnel) return null;
      const peer = rs.br.db.ports.get(b.peer ?? '');
      const to = peer ? rs.br.db.datapaths.get(peer.dp) : undefined;
      return egressThen(
        rs,
        dp,
        b.logical_port,
        `to ${b.label}: logical patch to ${to?.aka || to?.name}, on this chassis`,
        flooded,
      );
    }
    case 'localnet': {
      if (fromTunnel) return null;
      const patch = rs.br.ovsPortOf.get(b.logical_port) ?? null;
      const tag = b.tag;
      return egressThen(
        rs,
        dp,
        patch,
        patch
          ? `to the provider network by the localnet port ${b.logical_port} -> ${patch}${tag !== null ? ` (VLAN ${tag})` : ''}`
          : `the localnet port ${b.logical_port} has no provider bridge on ${here} (ovn-bridge-mappings)`,
        flooded,
        (f) => withVlan(f, tag),
      );
    }
    case 'localport': {
      if (fromTunnel) return null;
      const veth = rs.br.ovsPortOf.get(b.logical_port) ?? null;
      return egressThen(
        rs,
        dp,
        veth,
        veth ? `to the metadata port -> ${veth}` : 'no metadata namespace on this chassis',
        flooded,
      );
    }
    case 'chassisredirect': {
      if (b.chassis === here) {
        // the local output table turns cr-lrp into the gateway port: the router's egress runs here
        rs.pkt.outport = b.peer;
        rs.lines.push(`    /* ${b.logical_port} is bound here: output to ${b.peer} */`);
        return egressThen(
          rs,
          dp,
          b.peer,
          `${b.logical_port} is resident on this gateway chassis: out by ${b.peer}`,
          flooded,
        );
      }
      if (fromTunnel) return null;
      if (!b.chassis) return dropped(rs, dp, `${b.logical_port} is bound to no gateway chassis`, flooded);
      return remote(rs, dp, b, b.tunnel_key, flooded);
    }
  }
}

function flood(rs: RunState, dp: SbDatapath, group: keyof typeof MC, fromTunnel: boolean): Emit[] {
  const out: Emit[] = [];
  const remotes = new Map<string, SbPortBinding>();
  const fromLocalnet = dp.ports.get(rs.pkt.inport)?.type === 'localnet';
  for (const b of dp.ports.values()) {
    if (b.logical_port === rs.pkt.inport) continue;
    if (group === '_MC_unknown' && b.type !== 'localnet') continue;
    if (b.type === '' && b.chassis && b.chassis !== rs.br.host) {
      // one copy per remote chassis; what came from a tunnel or the provider network goes to no tunnel
      if (!fromTunnel && !fromLocalnet && !remotes.has(b.chassis)) remotes.set(b.chassis, b);
      continue;
    }
    const e = toPort(fork(rs, b.logical_port), dp, b, true, fromTunnel);
    if (e) out.push(e);
  }
  for (const b of remotes.values()) out.push(remote(fork(rs, group), dp, b, MC[group], true));
  if (out.length === 0) out.push(dropped(rs, dp, `no other port of ${dp.aka || dp.name} to flood to`, true));
  return out;
}

/** After the ingress pipeline: where the packet goes by its outport. */
export function outputPhase(rs: RunState, dp: SbDatapath, fromTunnel = false): Emit[] {
  const out = rs.pkt.outport;
  if (out === '_MC_flood' || out === '_MC_unknown') return flood(rs, dp, out, fromTunnel);
  if (!out || out === 'none') return [dropped(rs, dp, 'no outport', false)];
  if (out === rs.pkt.inport && !rs.pkt.loopback)
    return [dropped(rs, dp, `it would leave by ${out}, the port it came in (flags.loopback is 0)`, false)];
  const b = dp.ports.get(out);
  if (!b) return [dropped(rs, dp, `no port ${out} in ${dp.name}`, false)];
  const e = toPort(rs, dp, b, false, fromTunnel);
  return [e ?? dropped(rs, dp, `${b.label} is not on this chassis`, false)];
}
