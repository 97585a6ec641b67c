// A VXLAN tunnel port of br-tun (neutron-facts §4, §10): going out it wraps the frame in outer
// Ethernet, IPv4 and UDP 4789 headers with the VNI from the tunnel id that br-tun set; coming in it
// unwraps and hands br-tun the VNI as tun_id. df_default=true: a packet too big for the underlay is
// dropped, never fragmented.
import type { Handler } from '../engine/types';
import type { VxlanPort } from '../realize/dataplane';
import { type Frame, frameLength, ipLength, VXLAN_UDP_PORT, vxlanOf } from '../wire/frame';

const macs = new Map<string, string>();

/** The MAC of a host's underlay interface, derived from its tunnel IP. */
export function underlayMac(ip: string): string {
  let mac = macs.get(ip);
  if (!mac) {
    const o = ip.split('.').map((x) => Number(x).toString(16).padStart(2, '0'));
    mac = `52:54:00:${o[1]}:${o[2]}:${o[3]}`;
    macs.set(ip, mac);
  }
  return mac;
}

/** Source port from a hash of the inner frame, as the kernel's udp_flow_src_port spreads flows. */
function sourcePort(inner: Frame): number {
  const key = `${inner.eth.src}${inner.eth.dst}${inner.l3.kind === 'ipv4' ? inner.l3.src + inner.l3.dst : ''}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return 32768 + (h % 28232);
}

/**
 * The sum that breaks the MTU, in the counts the trace shows. An MTU bounds IP packets, so the sum is of
 * IP packets: the inner one (the hop's ip.len) plus 50 bytes (inner Ethernet, VXLAN, UDP and outer IP
 * headers, neutron-facts §10) is the outer one, the size the hop's action gives (its frame, the VXLAN
 * outer length, has 14 more). Adding 50 to the inner frame's length instead gives the outer frame,
 * which the MTU does not bound.
 */
function tooBig(inner: Frame, outerIp: number): string {
  const [what, len] =
    inner.l3.kind === 'ipv4' ? ['IP packet', ipLength(inner.l3)] : ['frame', frameLength(inner)];
  return `the ${len}-byte ${what} plus ${outerIp - len} bytes of VXLAN encapsulation makes a ${outerIp}-byte underlay packet that`;
}

export const vxlanPort: Handler<VxlanPort> = (_ctx, dev, inPort, frame, meta) => {
  if (inPort === 'br') {
    const vni = meta.tunId ?? 0;
    const outer: Frame = {
      eth: { src: underlayMac(dev.localIp), dst: underlayMac(dev.remoteIp), vlan: null },
      l3: {
        kind: 'ipv4',
        src: dev.localIp,
        dst: dev.remoteIp,
        ttl: 64,
        id: 0,
        df: true,
        l4: {
          kind: 'udp',
          sport: sourcePort(frame),
          dport: VXLAN_UDP_PORT,
          payload: { kind: 'vxlan', vni, inner: frame },
        },
      },
    };
    const size = ipLength(outer.l3 as never);
    if (size > dev.underlayMtu) {
      return [
        {
          out: null,
          frame: outer,
          action: `VXLAN packet of ${size} bytes does not fit the ${dev.underlayMtu}-byte MTU of ${dev.host}'s underlay`,
          rule: `${dev.name}: options:df_default="true" (no fragmentation)`,
          changes: [`encap vxlan vni ${vni}`],
          fate: 'drop',
          drop: {
            reason: `${tooBig(frame, size)} exceeds the underlay MTU ${dev.underlayMtu} on ${dev.host}; with df_default=true the tunnel drops it instead of fragmenting`,
            severity: 'fatal',
          },
        },
      ];
    }
    return [
      {
        out: 'underlay',
        frame: outer,
        action: `encapsulate in VXLAN VNI ${vni}: ${dev.localIp} > ${dev.remoteIp} UDP ${VXLAN_UDP_PORT}, to ${dev.remoteHost}`,
        rule: `${dev.name}: remote_ip=${dev.remoteIp}, local_ip=${dev.localIp}, key=flow`,
        changes: [`encap vxlan vni ${vni}`, `outer ${dev.localIp} > ${dev.remoteIp}`],
        fate: 'forward',
      },
    ];
  }
  const vx = vxlanOf(frame);
  if (!vx) {
    return [
      {
        out: null,
        frame,
        action: 'not a VXLAN packet',
        rule: null,
        changes: [],
        fate: 'drop',
        drop: { reason: 'a non-VXLAN packet reached a tunnel port', severity: 'fatal' },
      },
    ];
  }
  return [
    {
      out: 'br',
      frame: vx.inner,
      meta: { tunId: vx.vni },
      action: `decapsulate VXLAN VNI ${vx.vni} from ${dev.remoteHost}; tun_id=0x${vx.vni.toString(16)} into br-tun`,
      rule: `${dev.name}: remote_ip=${dev.remoteIp}, key=flow`,
      changes: [`decap vxlan vni ${vx.vni}`],
      fate: 'forward',
    },
  ];
};
