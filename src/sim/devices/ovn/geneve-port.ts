// A Geneve tunnel port of br-int (neutron-facts-beyond §3.1, §3.4): going out it wraps the frame in
// outer Ethernet, IPv4 and UDP 6081 headers with the datapath's tunnel key as VNI and OVN's option
// (class 0x0102, type 0x80) holding the logical ingress and egress port keys; coming in it unwraps and
// hands br-int the key and the ports, which table 0 loads into metadata, reg14 and reg15. csum=true,
// and like VXLAN a packet too big for the underlay is dropped.
import type { Handler } from '../../engine/types';
import type { GenevePort } from '../../realize/dataplane';
import { type Frame, GENEVE_UDP_PORT, geneveOf, ipLength } from '../../wire/frame';
import { underlayMac } from '../vxlan-port';

function sourcePort(inner: Frame): number {
  const key = `${inner.eth.src}${inner.eth.dst}${inner.l3.kind === 'ipv4' ? inner.l3.src + inner.l3.dst : ''}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return 32768 + (h % 28232);
}

const hex = (n: number) => `0x${n.toString(16)}`;

export const genevePort: Handler<GenevePort> = (_ctx, dev, inPort, frame, meta) => {
  if (inPort === 'br') {
    const vni = meta.tunId ?? 0;
    const ports = meta.tunPorts ?? { inport: 0, outport: 0 };
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
          dport: GENEVE_UDP_PORT,
          payload: { kind: 'geneve', vni, inport: ports.inport, outport: ports.outport, inner: frame },
        },
      },
    };
    const encap = [
      `encap geneve vni ${vni}`,
      `geneve option 0x0102/0x80: inport ${hex(ports.inport)} outport ${hex(ports.outport)}`,
      `outer ${dev.localIp} > ${dev.remoteIp}`,
    ];
    const size = ipLength(outer.l3 as never);
    if (size > dev.underlayMtu)
      return [
        {
          out: null,
          frame: outer,
          action: `Geneve packet of ${size} bytes does not fit the ${dev.underlayMtu}-byte MTU of ${dev.host}'s underlay`,
          rule: `${dev.name}: type=geneve, options:remote_ip=${dev.remoteIp}`,
          changes: encap,
          fate: 'drop',
          drop: {
            reason: `the Geneve packet of ${size} bytes exceeds the underlay MTU ${dev.underlayMtu} on ${dev.host}`,
            severity: 'fatal',
          },
        },
      ];
    return [
      {
        out: 'underlay',
        frame: outer,
        action: `encapsulate in Geneve, VNI ${vni} (the datapath's tunnel key), option inport ${hex(ports.inport)} outport ${hex(ports.outport)}: ${dev.localIp} > ${dev.remoteIp} UDP ${GENEVE_UDP_PORT}, to ${dev.remoteHost}`,
        rule: `${dev.name}: type=geneve, options:{csum="true", key=flow, remote_ip="${dev.remoteIp}"}`,
        changes: encap,
        fate: 'forward',
      },
    ];
  }
  const g = geneveOf(frame);
  if (!g)
    return [
      {
        out: null,
        frame,
        action: 'not a Geneve packet',
        rule: null,
        changes: [],
        fate: 'drop',
        drop: { reason: 'a non-Geneve packet reached a Geneve port', severity: 'fatal' },
      },
    ];
  return [
    {
      out: 'br',
      frame: g.inner,
      meta: { tunId: g.vni, tunPorts: { inport: g.inport, outport: g.outport } },
      action: `decapsulate Geneve VNI ${g.vni} from ${dev.remoteHost}: tunnel key ${g.vni}, inport ${hex(g.inport)}, outport ${hex(g.outport)} into br-int`,
      rule: `${dev.name}: type=geneve, options:remote_ip=${dev.remoteIp}`,
      changes: [`decap geneve vni ${g.vni}`],
      fate: 'forward',
    },
  ];
};
