// What the physical view draws of one host: its devices' views, its links, its VXLAN ports and its
// provider NICs. Made once per host device list: a plane realized after an edit keeps the list of each
// host the edit did not reach, with the same devices and links in it (dataplane.ts HostPlane), so the
// view of a cloud of a hundred hosts after an edit is made again for the few hosts rebuilt.
import type { HostName } from '../model/types';
import type { Dataplane, Device, DeviceId, HostPlane, PortRef } from '../realize/dataplane';
import { deviceView, type ViewInputs } from './device-views';
import { linksAt, linksOf } from './link-views';
import type { DeviceView, LinkView, NicView } from './plane-view';

export type VxlanPort = Extract<Device, { kind: 'vxlan-port' }>;

export interface HostPart {
  readonly devices: readonly DeviceView[];
  /** the links taken at this host's devices: among them, and toward what joins the hosts */
  readonly links: readonly LinkView[];
  /** the host's VXLAN ports by remote IP, in the host's order */
  readonly vxlan: ReadonlyMap<string, VxlanPort>;
  readonly brTun: Device | undefined;
  /** the NICs plugged into the host's provider bridges */
  readonly providerNics: readonly NicView[];
}

const parts = new WeakMap<readonly DeviceId[], HostPart>();

/** The underlay's id (realize/outside.ts), which the tunnel ports of every host lead to. */
const UNDERLAY = 'underlay';

/** What a host's part was last made from: its device list, the devices and their links. */
interface Drawn {
  readonly ids: readonly DeviceId[];
  /** each id's place in `ids` */
  readonly at: ReadonlyMap<DeviceId, number>;
  readonly devices: readonly (Device | undefined)[];
  readonly ends: readonly (ReadonlyMap<string, PortRef> | undefined)[];
  readonly part: HostPart;
}

/**
 * Each host's part as last made, by the host's name. A host that l2population alone reached after an
 * edit keeps its devices, each with its links, but br-tun and its tunnel ports, which come last in
 * its list; a host whose VMs' firewalls were written again keeps all but those qbr, in their places
 * (realize/incremental.ts). Its part is the last one's, with the links taken again at the devices
 * that changed and at those that lead to them. A part last made for another plane's devices, or where
 * most devices changed, is made whole.
 */
const lastDrawn = new Map<HostName, Drawn>();

/** How many parts' links were taken from the last part, and how many made whole (for the tests). */
export const linksMade = { again: 0, whole: 0 };

/** Forgets each host's last part: the next parts are made whole (the tests' picture from scratch). */
export function forgetLastParts(): void {
  lastDrawn.clear();
}

export function hostPart(cx: ViewInputs, h: HostPlane): HostPart {
  const known = parts.get(h.devices);
  if (known) return known;
  const plane: Dataplane = cx.plane;
  const ds = h.devices.map((id) => plane.devices.get(id));
  const ends = h.devices.map((id) => plane.links.get(id));
  const was = lastDrawn.get(h.name);
  const same = was !== undefined && sameIds(was.ids, h.devices);
  const at = same ? was.at : new Map<DeviceId, number>(h.devices.map((id, i) => [id, i]));
  const part: HostPart = {
    ...((same && devicesAgain(cx, was, ds)) || wholeDevices(cx, ds)),
    links: linksAgain(cx, h, ds, ends, at) ?? wholeLinks(cx, h.devices, at),
    brTun: plane.devices.get(`${h.name}|br-tun`),
  };
  parts.set(h.devices, part);
  lastDrawn.set(h.name, { ids: h.devices, at, devices: ds, ends, part });
  return part;
}

function sameIds(a: readonly DeviceId[], b: readonly DeviceId[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type DeviceParts = Pick<HostPart, 'devices' | 'vxlan' | 'providerNics'>;

function wholeDevices(cx: ViewInputs, ds: readonly (Device | undefined)[]): DeviceParts {
  const devices: DeviceView[] = [];
  const vxlan = new Map<string, VxlanPort>();
  const providerNics: NicView[] = [];
  for (const d of ds) {
    if (!d) continue;
    devices.push(deviceView(cx, d));
    if (d.kind === 'vxlan-port') vxlan.set(d.remoteIp, d);
    else if (isPhys(d))
      for (const p of d.ports.values())
        if (p.type === 'system')
          providerNics.push({ name: p.name, role: 'provider', address: null, bridge: d.id });
  }
  return { devices, vxlan, providerNics };
}

const isPhys = (d: Device | undefined): d is Extract<Device, { kind: 'ovs-bridge' }> =>
  d?.kind === 'ovs-bridge' && d.role === 'phys';

/**
 * A host's device views from its last part, its list holding the same ids as then, each with a
 * device (a host whose VMs' firewalls were written again: only those qbr changed): the views of the
 * devices that changed made again, the others', its VXLAN ports and its provider NICs as they were
 * (made again when a VXLAN port or a provider bridge is among those changed). Null else.
 */
function devicesAgain(cx: ViewInputs, was: Drawn, ds: readonly (Device | undefined)[]): DeviceParts | null {
  for (let i = 0; i < ds.length; i++) if (!ds[i] || !was.devices[i]) return null;
  const devices = [...was.part.devices];
  let tunnelsOrNics = false;
  for (let i = 0; i < ds.length; i++) {
    const d = ds[i]!;
    const before = was.devices[i]!;
    if (d === before) continue;
    devices[i] = deviceView(cx, d);
    if (d.kind === 'vxlan-port' || before.kind === 'vxlan-port' || isPhys(d) || isPhys(before))
      tunnelsOrNics = true;
  }
  if (tunnelsOrNics) return { ...wholeDevices(cx, ds), devices };
  return { devices, vxlan: was.part.vxlan, providerNics: was.part.providerNics };
}

function wholeLinks(cx: ViewInputs, ids: readonly DeviceId[], at: ReadonlyMap<DeviceId, number>): LinkView[] {
  linksMade.whole++;
  return linksOf(cx, ids, false, at);
}

/**
 * A host's links from its last part, where most of its list is as then (the same ids in the same
 * places, with the same devices and links): those taken at a device that is as it was and none of
 * whose links leads to a device that changed are copied, the others taken again (linksAt). Null where
 * the last part cannot serve.
 */
function linksAgain(
  cx: ViewInputs,
  h: HostPlane,
  ds: readonly (Device | undefined)[],
  ends: readonly (ReadonlyMap<string, PortRef> | undefined)[],
  at: ReadonlyMap<DeviceId, number>,
): LinkView[] | null {
  const was = lastDrawn.get(h.name);
  if (!was || ds.includes(undefined)) return null;
  // the devices kept in place (the same id, device and links where they were), those changed in
  // place (a qbr whose firewall was written again), and from the first id that differs, the rest
  const n = Math.min(was.ids.length, h.devices.length);
  const changed = new Set<DeviceId>();
  let kept = 0;
  while (kept < n && was.ids[kept] === h.devices[kept]) {
    if (was.devices[kept] !== ds[kept] || was.ends[kept] !== ends[kept]) changed.add(h.devices[kept]!);
    kept++;
  }
  for (let i = kept; i < h.devices.length; i++) changed.add(h.devices[i]!);
  for (let i = kept; i < was.ids.length; i++) changed.add(was.ids[i]!);
  if (changed.size > h.devices.length / 2) return null;
  linksMade.again++;
  const before = was.part.links;
  const out: LinkView[] = [];
  let p = 0;
  for (let i = 0; i < h.devices.length; i++) {
    const d = ds[i]!;
    const links = ends[i];
    // the last part's links taken at this device: they follow one another, in the list's order
    const from = p;
    if (i < kept) while (p < before.length && before[p]!.a === d.id) p++;
    if (!links) continue;
    let reaches = i >= kept || changed.has(d.id);
    if (!reaches)
      // (what joins the hosts is built again after every edit: a link toward it is taken again, but
      // toward the underlay, which is drawn as tunnels and no link: linksAt takes none there)
      for (const peer of links.values())
        if (changed.has(peer.device) || (!at.has(peer.device) && peer.device !== UNDERLAY)) {
          reaches = true;
          break;
        }
    if (!reaches) for (let j = from; j < p; j++) out.push(before[j]!);
    else linksAt(cx, d, links, at, out);
  }
  return out;
}
