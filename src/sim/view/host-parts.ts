// What the physical view draws of one host: its devices' views, its links, its VXLAN ports and its
// provider NICs. Made once per host device list: a plane realized after an edit keeps the list of each
// host the edit did not reach, with the same devices and links in it (dataplane.ts HostPlane), so the
// view of a cloud of a hundred hosts after an edit is made again for the few hosts rebuilt.
import type { Dataplane, Device, DeviceId, HostPlane } from '../realize/dataplane';
import { deviceView, type ViewInputs } from './device-views';
import { linksOf } from './link-views';
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

export function hostPart(cx: ViewInputs, h: HostPlane): HostPart {
  const known = parts.get(h.devices);
  if (known) return known;
  const plane: Dataplane = cx.plane;
  const devices: DeviceView[] = [];
  const vxlan = new Map<string, VxlanPort>();
  const providerNics: NicView[] = [];
  for (const id of h.devices) {
    const d = plane.devices.get(id);
    if (!d) continue;
    devices.push(deviceView(cx, d));
    if (d.kind === 'vxlan-port') vxlan.set(d.remoteIp, d);
    else if (d.kind === 'ovs-bridge' && d.role === 'phys')
      for (const p of d.ports.values())
        if (p.type === 'system')
          providerNics.push({ name: p.name, role: 'provider', address: null, bridge: d.id });
  }
  const part: HostPart = {
    devices,
    links: linksOf(cx, h.devices),
    vxlan,
    brTun: plane.devices.get(`${h.name}|br-tun`),
    providerNics,
  };
  parts.set(h.devices, part);
  return part;
}
