// A gratuitous ARP: a stack announcing that an address is at its interface's MAC, as a new keepalived
// master does for each address it takes over (neutron-facts-beyond §2.4): an ARP request, broadcast,
// whose sender and target address are that address. The switches it crosses learn the MAC where it
// came from. keepalived repeats it (garp_master_repeat, 5 by default) and sends another round after
// garp_master_delay (60 s); one is enough to move a MAC table, and the trace shows one.
import { BROADCAST_MAC, ZERO_MAC } from '../../addr/mac';
import type { Ctx, Step } from '../../engine/types';
import type { StackDevice } from '../../realize/dataplane';
import type { Frame } from '../../wire/frame';

export function gratuitousArp(ctx: Ctx, dev: StackDevice, ifaceName: string, ip: string): Step[] {
  const iface = dev.stack.ifaces.get(ifaceName);
  if (!iface?.up || !iface.addrs.some((a) => a.ip === ip)) return [];
  const frame: Frame = {
    eth: { src: iface.mac, dst: BROADCAST_MAC, vlan: null },
    l3: { kind: 'arp', op: 1, sha: iface.mac, spa: ip, tha: ZERO_MAC, tpa: ip },
  };
  const packet = ctx.newPacket(frame, null);
  return [
    {
      out: ifaceName,
      frame,
      action: `keepalived became MASTER: gratuitous ARP ${ip} is-at ${iface.mac} on ${ifaceName}`,
      rule: null,
      changes: [],
      fate: 'forward',
      packet,
      in: null,
    },
  ];
}
