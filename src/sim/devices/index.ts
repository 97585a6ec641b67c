// Which behaviour each kind of device has.
import type { Handler, Step } from '../engine/types';
import type { Device } from '../realize/dataplane';
import { linuxBridge } from './linux-bridge';
import { ovnBridge } from './ovn/bridge';
import { genevePort } from './ovn/geneve-port';
import { ovsBridge } from './ovs-bridge';
import { passThrough } from './passthrough';
import { physicalSwitch } from './physical-switch';
import { ipStack } from './stack/receive';
import { underlay } from './underlay';
import { vxlanPort } from './vxlan-port';

export const receive: Handler = (ctx, dev: Device, inPort, frame, meta, flooded): Step[] => {
  switch (dev.kind) {
    case 'tap':
    case 'veth':
    case 'ovs-internal':
    case 'phys-nic':
      return passThrough(ctx, dev, inPort, frame, meta, flooded);
    case 'linux-bridge':
      return linuxBridge(ctx, dev, inPort, frame, meta, flooded);
    case 'ovs-bridge':
      return ovsBridge(ctx, dev, inPort, frame, meta, flooded);
    case 'vxlan-port':
      return vxlanPort(ctx, dev, inPort, frame, meta, flooded);
    case 'ovn-bridge':
      return ovnBridge(ctx, dev, inPort, frame, meta, flooded);
    case 'geneve-port':
      return genevePort(ctx, dev, inPort, frame, meta, flooded);
    case 'underlay':
      return underlay(ctx, dev, inPort, frame, meta, flooded);
    case 'physical-switch':
      return physicalSwitch(ctx, dev, inPort, frame, meta, flooded);
    case 'vm':
    case 'namespace':
    case 'upstream-router':
    case 'outside-host':
      return ipStack(ctx, dev, inPort, frame, meta, flooded);
    default: {
      const never: never = dev;
      return never;
    }
  }
};
