// A Linux bridge (the per-VIF qbr): it learns MACs and forwards or floods, and, with the hybrid
// firewall, puts every bridged IP packet through the port's security group chains.
import { isMulticastMac } from '../addr/mac';
import { mapOf } from '../engine/state';
import type { Handler, Step } from '../engine/types';
import type { LinuxBridge } from '../realize/dataplane';
import { filterBridged } from './security-group';

export const linuxBridge: Handler<LinuxBridge> = (ctx, dev, inPort, frame, _meta, flooded) => {
  const fdb = mapOf(ctx.state.fdb, dev.id);
  fdb.set(frame.eth.src, { port: inPort, at: ctx.now });
  const known = isMulticastMac(frame.eth.dst) ? undefined : fdb.get(frame.eth.dst);
  const outs = known ? [known.port] : dev.ports.filter((p) => p !== inPort);
  const how = known
    ? `fdb: ${frame.eth.dst} is on ${known.port}`
    : isMulticastMac(frame.eth.dst)
      ? 'broadcast: flood'
      : `${frame.eth.dst} unknown: flood`;
  const steps: Step[] = [];
  for (const out of outs) {
    if (out === inPort) {
      steps.push({
        out: null,
        frame,
        action: `${how}; it is on the incoming port`,
        rule: null,
        changes: [],
        fate: 'drop',
        drop: { reason: 'destination behind the incoming port', severity: 'discard' },
      });
      continue;
    }
    const fw = dev.firewall ? filterBridged(ctx, dev.firewall, inPort, out, frame, dev.host) : null;
    if (fw && !fw.allowed) {
      steps.push({
        out: null,
        frame,
        action: `iptables on ${dev.name}: ${fw.words}`,
        rule: fw.rule,
        trail: fw.trail,
        changes: [],
        fate: 'drop',
        drop: {
          reason: `security group: ${fw.words} (dropped on ${dev.name} of ${dev.host})`,
          severity: fw.mine ? 'fatal' : 'discard',
        },
      });
      continue;
    }
    steps.push({
      out,
      frame,
      action: `bridge ${dev.name}: ${how}${fw ? `; ${fw.words}` : ''}`,
      rule: fw?.rule ?? null,
      ...(fw ? { trail: fw.trail } : {}),
      changes: [],
      fate: 'forward',
      flooded: flooded || !known,
    });
  }
  return steps;
};
