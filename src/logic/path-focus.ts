// Path focus: the part of the physical picture a send visited, and the picture cut down to it. On a
// cloud of a hundred hosts a ping crosses two or three; the rest is folded away so the path reads.
import type { PlaneView } from '../sim';

export interface PathFocus {
  hosts: ReadonlySet<string>;
  devices: ReadonlySet<string>;
  tunnels: ReadonlySet<string>;
}

/** What the hops of a send visited: every device a hop was on (broadcasts included: an ARP request
 * flooded to a DHCP namespace visited it), their hosts, and each tunnel whose two VXLAN ports both
 * carried the packet (out one, in the other, neutron-facts §2). */
export function pathFocus(
  view: Pick<PlaneView, 'devices' | 'tunnels'>,
  hopDevices: Iterable<string>,
): PathFocus {
  const devices = new Set(hopDevices);
  const hosts = new Set<string>();
  for (const d of view.devices) if (devices.has(d.id) && d.host) hosts.add(d.host);
  const tunnels = new Set<string>();
  for (const t of view.tunnels) if (devices.has(t.a) && devices.has(t.b)) tunnels.add(t.id);
  return { hosts, devices, tunnels };
}

/** The picture with only what the send visited: its hosts, its devices, the links between two of
 * them, its tunnels. Hosts keep their NICs; networks stay (they only colour). */
export function focusedView(view: PlaneView, f: PathFocus): PlaneView {
  return {
    hosts: view.hosts.filter((h) => f.hosts.has(h.name)),
    devices: view.devices.filter((d) => f.devices.has(d.id)),
    links: view.links.filter((l) => f.devices.has(l.a) && f.devices.has(l.b)),
    tunnels: view.tunnels.filter((t) => f.tunnels.has(t.id)),
    networks: view.networks,
  };
}
