// Devices that carry a frame from one side to the other unchanged: a VM's tap, a veth end (qvb, qvo),
// an OVS internal port (qr-, qg-, the DHCP tap) seen from its namespace.
import type { Handler, Step } from '../engine/types';
import type { PassThrough } from '../realize/dataplane';

const WORDS: Record<PassThrough['kind'], string> = {
  tap: 'tap device',
  veth: 'veth',
  'ovs-internal': 'OVS internal port',
  'phys-nic': 'NIC',
};

export const passThrough: Handler<PassThrough> = (ctx, dev, inPort, frame) => {
  const out = inPort === dev.sides[0] ? dev.sides[1] : dev.sides[0];
  const to = ctx.peerName(dev.id, out) ?? 'nothing';
  const step: Step = {
    out,
    frame,
    action: `${WORDS[dev.kind]} ${dev.name}: on to ${to}`,
    rule: null,
    changes: [],
    fate: 'forward',
  };
  return [step];
};
