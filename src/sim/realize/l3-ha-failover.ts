// Failover between two planes (neutron-facts-beyond §2.4): an instance of an HA router that was BACKUP
// in the plane before an edit and is MASTER in the plane after it has just taken over. keepalived
// there adds the primary VIP 169.254.0.<vrid>/24 to ha- (which neutron-keepalived-state-change sees),
// the router's addresses to qr- and qg- (to sg- and qg- in the snat namespace of a distributed
// router), and announces each with a gratuitous ARP, so that br-int, the learned flows of br-tun and
// the provider switch move the router's MACs to this host. Those ARPs go out at the start of the next
// send (engine/send.ts), since the failover happened between the two.
import { haName } from '../addr/naming';
import type { Garp } from '../engine/state';
import { haInstances, haNamespace } from '../model/ha';
import type { Topology } from '../model/types';
import { devId } from './builder';
import type { Dataplane, Device } from './dataplane';
import { primaryVip } from './keepalived';

const holds = (d: Device | undefined, iface: string, ip: string): boolean =>
  d?.kind === 'namespace' && !!d.stack.ifaces.get(iface)?.addrs.some((a) => a.ip === ip);

/** The gratuitous ARPs of every HA instance that became master between `before` and `after`. */
export function haFailovers(t: Topology, before: Dataplane, after: Dataplane): Garp[] {
  const out: Garp[] = [];
  for (const r of t.routers) {
    if (!r.ha || r.ha_vr_id === null) continue;
    for (const inst of haInstances(t, r)) {
      if (!inst.master) continue;
      const id = devId(inst.host, haNamespace(r));
      const now = after.devices.get(id);
      const was = before.devices.get(id);
      const ha = haName(inst.port.id);
      const subnet = t.subnets.find((s) => s.id === inst.port.fixed_ips[0]?.subnet_id);
      if (now?.kind !== 'namespace' || was?.kind !== 'namespace' || !subnet) continue;
      const vip = primaryVip(subnet.cidr, r.ha_vr_id).ip;
      // an instance that was master already, or was no HA instance (a router just made HA), has
      // nothing to take over
      if (!was.stack.ifaces.has(ha) || holds(was, ha, vip) || !holds(now, ha, vip)) continue;
      for (const iface of now.stack.ifaces.values())
        for (const a of iface.addrs)
          if (iface.name !== ha || a.ip === vip) out.push({ device: id, iface: iface.name, ip: a.ip });
    }
  }
  return out;
}
