// The underlay: the physical IP network between the hosts' tunnel addresses (local_ip). It delivers a
// VXLAN packet to the tunnel port on the destination host whose remote_ip is the sender.
import type { Handler } from '../engine/types';
import type { Underlay } from '../realize/dataplane';
import { ipOf } from '../wire/frame';

export const underlay: Handler<Underlay> = (_ctx, dev, _inPort, frame) => {
  const ip = ipOf(frame);
  const drop = (reason: string) => [
    {
      out: null,
      frame,
      action: reason,
      rule: null,
      changes: [],
      fate: 'drop' as const,
      drop: { reason, severity: 'fatal' as const },
    },
  ];
  if (!ip) return drop('the underlay carries only IP');
  const from = dev.hostByIp.get(ip.src);
  const to = dev.hostByIp.get(ip.dst);
  if (!to) return drop(`no host has the tunnel address ${ip.dst}`);
  if (from && !dev.connected.get(from))
    return drop(`${from} is cut off the underlay: its packet to ${to} is lost`);
  if (!dev.connected.get(to))
    return drop(`${to} is cut off the underlay: the packet from ${from ?? ip.src} never arrives`);
  const port = dev.tunnelPort.get(`${ip.dst}|${ip.src}`);
  if (!port)
    return drop(
      `${to} has no VXLAN port toward ${from ?? ip.src}: its agent never made one (l2population found no shared network)`,
    );
  return [
    {
      out: port,
      frame,
      action: `underlay delivers ${ip.src} (${from ?? '?'}) > ${ip.dst} (${to})`,
      rule: `${ip.dst} is the local_ip of ${to}`,
      changes: [],
      fate: 'forward',
    },
  ];
};
