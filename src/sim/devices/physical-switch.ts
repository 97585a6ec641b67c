// A physical switch: the provider network behind each host's br-ex, or the segment behind the upstream
// router. A MAC-learning switch, flooding what it does not know.
import { isMulticastMac } from '../addr/mac';
import { mapOf } from '../engine/state';
import type { Handler, Step } from '../engine/types';
import type { PhysicalSwitch } from '../realize/dataplane';

export const physicalSwitch: Handler<PhysicalSwitch> = (ctx, dev, inPort, frame, _meta, flooded) => {
  const fdb = mapOf(ctx.state.fdb, dev.id);
  const vlan = frame.eth.vlan ?? 0;
  fdb.set(`${vlan}|${frame.eth.src}`, { port: inPort, at: ctx.now });
  const known = isMulticastMac(frame.eth.dst) ? undefined : fdb.get(`${vlan}|${frame.eth.dst}`);
  if (known) {
    if (known.port === inPort)
      return [
        {
          out: null,
          frame,
          action: `${frame.eth.dst} is on the port it came from`,
          rule: null,
          changes: [],
          fate: 'drop',
          drop: { reason: 'destination on the incoming port', severity: 'discard' },
        },
      ];
    return [
      {
        out: known.port,
        frame,
        action: `switch ${dev.name}: ${frame.eth.dst} learned on ${known.port}`,
        rule: `fdb ${frame.eth.dst} -> ${known.port}`,
        changes: [],
        fate: 'forward',
        flooded,
      },
    ];
  }
  const outs = dev.ports.filter((p) => p !== inPort && ctx.peerName(dev.id, p) !== null);
  return outs.map(
    (out): Step => ({
      out,
      frame,
      action: `switch ${dev.name}: flood ${isMulticastMac(frame.eth.dst) ? 'broadcast' : `unknown ${frame.eth.dst}`}`,
      rule: 'flood',
      changes: [],
      fate: 'forward',
      flooded: true,
    }),
  );
};
