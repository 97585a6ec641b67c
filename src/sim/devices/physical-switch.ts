// A physical switch: the provider network behind each host's provider bridge, or the segment behind the
// upstream router. A MAC-learning switch, VLAN-aware: the hosts' NICs are trunks carrying each
// provider network in its VLAN (a flat network untagged), and an access port (the upstream router's
// interface, a host on the segment) carries one VLAN untagged. It floods within a VLAN what it does not
// know, and never lets a frame out of its VLAN.
import { isMulticastMac } from '../addr/mac';
import { mapOf } from '../engine/state';
import type { Handler, Step } from '../engine/types';
import type { PhysicalSwitch } from '../realize/dataplane';
import { type Frame, withVlan } from '../wire/frame';

const vlanWords = (v: number) => (v === 0 ? 'untagged' : `VLAN ${v}`);

export const physicalSwitch: Handler<PhysicalSwitch> = (ctx, dev, inPort, frame, _meta, flooded) => {
  const drop = (action: string, reason: string, severity: 'fatal' | 'discard'): Step[] => [
    { out: null, frame, action, rule: null, changes: [], fate: 'drop', drop: { reason, severity } },
  ];
  const inAccess = dev.access.get(inPort);
  if (inAccess !== undefined && frame.eth.vlan !== null)
    return drop(
      `switch ${dev.name}: a frame tagged ${frame.eth.vlan} on access port ${inPort} (${vlanWords(inAccess)})`,
      `switch ${dev.name}: tagged frame (VLAN ${frame.eth.vlan}) on access port ${inPort}`,
      'fatal',
    );
  const vlan = inAccess ?? frame.eth.vlan ?? 0;
  const fdb = mapOf(ctx.state.fdb, dev.id);
  fdb.set(`${vlan}|${frame.eth.src}`, { port: inPort, at: ctx.now });
  /** whether a port carries this VLAN, and the frame it gets: untagged on an access port, tagged on a trunk */
  const carries = (port: string) => {
    const a = dev.access.get(port);
    return a === undefined || a === vlan;
  };
  let untagged: Frame | null = null;
  let tagged: Frame | null = null;
  const frameFor = (port: string): Frame => {
    if (dev.access.has(port) || vlan === 0) {
      untagged ??= withVlan(frame, null);
      return untagged;
    }
    tagged ??= withVlan(frame, vlan);
    return tagged;
  };
  const changes = (out: Frame) =>
    out.eth.vlan === frame.eth.vlan
      ? []
      : out.eth.vlan === null
        ? [`strip vlan ${frame.eth.vlan}`]
        : [`push vlan ${out.eth.vlan}`];
  const known = isMulticastMac(frame.eth.dst) ? undefined : fdb.get(`${vlan}|${frame.eth.dst}`);
  if (known) {
    if (known.port === inPort)
      return drop(
        `${frame.eth.dst} is on the port it came from`,
        'destination on the incoming port',
        'discard',
      );
    const out = frameFor(known.port);
    return [
      {
        out: known.port,
        frame: out,
        action: `switch ${dev.name}: ${frame.eth.dst} learned on ${known.port} in ${vlanWords(vlan)}`,
        rule: `fdb ${vlanWords(vlan)} ${frame.eth.dst} -> ${known.port}`,
        changes: changes(out),
        fate: 'forward',
        flooded,
      },
    ];
  }
  const outs = dev.ports.filter((p) => p !== inPort && carries(p) && ctx.peerName(dev.id, p) !== null);
  if (!outs.length)
    return drop(
      `switch ${dev.name}: no other port in ${vlanWords(vlan)}`,
      `no other port in ${vlanWords(vlan)}`,
      'discard',
    );
  return outs.map((out): Step => {
    const f = frameFor(out);
    return {
      out,
      frame: f,
      action: `switch ${dev.name}: flood ${isMulticastMac(frame.eth.dst) ? 'broadcast' : `unknown ${frame.eth.dst}`} in ${vlanWords(vlan)}`,
      rule: 'flood',
      changes: changes(f),
      fate: 'forward',
      flooded: true,
    };
  });
};
