// The links of the physical view: each wire between two device ports once, with its kind, the access
// VLAN of the OVS port at one end, and the network it carries. The underlay is drawn as tunnels.
import type { Device, DeviceId, PortRef } from '../realize/dataplane';
import type { ViewInputs } from './device-views';
import type { LinkKind, LinkView } from './plane-view';

/**
 * Each link's view, by the end it was taken at, while the devices at its two ends are the same objects:
 * a plane realized after an edit keeps a device's ends (its map of links) wherever it keeps the device,
 * and a link's view is made of the two devices alone, as a device's view is (device-views.ts). The
 * same view object then tells the patch sent to the page that the link is as it was (view-patch.ts).
 */
const made = new WeakMap<PortRef, { da: Device; db: Device; view: LinkView }>();

/**
 * The links of these devices (a host's, in its order), each taken at the first of its ends met: a
 * link is listed from both ends (builder.ts link). With `hosted`, a link toward a device of a host is
 * left to that host's list, where it was taken (hosts come first in a plane, builder.ts build).
 */
export function linksOf(
  cx: ViewInputs,
  ids: readonly DeviceId[],
  hosted = false,
  at: ReadonlyMap<DeviceId, number> = new Map(ids.map((id, i) => [id, i])),
): LinkView[] {
  const plane = cx.plane;
  const links: LinkView[] = [];
  for (const a of ids) {
    const ends = plane.links.get(a);
    const da = plane.devices.get(a);
    if (ends && da) linksAt(cx, da, ends, at, links, hosted);
  }
  return links;
}

/** A link's view, taken again while its two devices are the objects it was made of. */
function viewOf(cx: ViewInputs, peer: PortRef, da: Device, aPort: string, db: Device): LinkView {
  const known = made.get(peer);
  if (known && known.da === da && known.db === db) return known.view;
  const view = linkView(cx, da, aPort, db, peer.port);
  made.set(peer, { da, db, view });
  return view;
}

/**
 * The links linksOf takes at one device of a list, `ends` being its links and `at` each device's
 * place in the list: a link toward a device before it, whose way back points here, was taken there.
 * Lets a host's links be taken again at the few devices an edit changed, and copied for the others
 * (host-parts.ts).
 */
export function linksAt(
  cx: ViewInputs,
  da: Device,
  ends: ReadonlyMap<string, PortRef>,
  at: ReadonlyMap<DeviceId, number>,
  out: LinkView[],
  hosted = false,
): void {
  // the underlay is drawn as tunnels: none of its 9,000 ends on a large cloud is a link to draw
  if (da.kind === 'underlay') return;
  const plane = cx.plane;
  const here = at.get(da.id)!;
  for (const [aPort, peer] of ends) {
    const before = at.get(peer.device);
    if (before !== undefined && before < here) {
      const back = plane.links.get(peer.device)?.get(peer.port);
      if (back?.device === da.id && back.port === aPort) continue;
    }
    const db = plane.devices.get(peer.device);
    if (!db) continue;
    if (db.kind === 'underlay') continue; // drawn as tunnels
    if (hosted && db.host && plane.hosts.has(db.host)) continue;
    if (da.id === peer.device) continue; // OVN's logical patch ports: inside br-int, not a link to draw
    out.push(viewOf(cx, peer, da, aPort, db));
  }
}

function linkView(cx: ViewInputs, da: Device, aPort: string, db: Device, bPort: string): LinkView {
  const x = `${da.id}#${aPort}`;
  const y = `${db.id}#${bPort}`;
  const bridge =
    da.kind === 'ovs-bridge'
      ? { d: da, port: aPort }
      : db.kind === 'ovs-bridge'
        ? { d: db, port: bPort }
        : null;
  const op = bridge ? bridge.d.ports.get(bridge.port) : undefined;
  const portId = op?.portId ?? ('portId' in da ? da.portId : null) ?? ('portId' in db ? db.portId : null);
  return {
    id: x < y ? `${x}--${y}` : `${y}--${x}`,
    a: da.id,
    aPort,
    b: db.id,
    bPort,
    kind: kindOf(da, db),
    tag: op?.tag ?? null,
    network: (op?.networkId as string | undefined) ?? (portId ? (cx.networkOf(portId) ?? null) : null),
  };
}

function kindOf(da: Device, db: Device): LinkKind {
  if (da.kind === 'ovs-bridge' && db.kind === 'ovs-bridge') return 'patch';
  if (da.kind === 'vm' || db.kind === 'vm') return 'vif';
  if (da.kind === 'ovs-internal' || db.kind === 'ovs-internal') return 'internal';
  if ((da.kind === 'veth' && db.kind === 'veth') || (da.kind === 'namespace' && db.kind === 'namespace'))
    return 'veth';
  if (da.kind === 'tap' || db.kind === 'tap') return 'tap';
  return 'wire';
}
