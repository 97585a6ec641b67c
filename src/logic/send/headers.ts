// A hop's headers layer by layer, outermost first, each field compared with the hop before so that the
// inspector can mark what this hop changed. Reads the trace's frame snapshot; decides nothing.
import type { TraceFrame } from '../../sim';

export interface Field {
  name: string;
  value: string;
  /** the value before this hop, when this hop changed it */
  was?: string;
}

export interface Layer {
  id: string;
  title: string;
  fields: Field[];
  /** new: this hop added the layer (VXLAN encapsulation); removed: this hop took it off */
  status: 'kept' | 'new' | 'removed';
}

type Spec = [name: string, get: (f: TraceFrame) => string | number | boolean | null | undefined][];

const vlan = (v: number | null | undefined) => (v === null || v === undefined ? 'untagged' : String(v));

const LAYERS: { id: string; title: string; has: (f: TraceFrame) => boolean; fields: Spec }[] = [
  {
    id: 'outer-eth',
    title: 'Outer Ethernet',
    has: (f) => !!(f.vxlan ?? f.geneve),
    fields: [
      ['src', (f) => (f.vxlan ?? f.geneve)?.outer.ethSrc],
      ['dst', (f) => (f.vxlan ?? f.geneve)?.outer.ethDst],
    ],
  },
  {
    id: 'outer-ip',
    title: 'Outer IPv4 (underlay)',
    has: (f) => !!(f.vxlan ?? f.geneve),
    fields: [
      ['src', (f) => (f.vxlan ?? f.geneve)?.outer.src],
      ['dst', (f) => (f.vxlan ?? f.geneve)?.outer.dst],
      ['TTL', (f) => (f.vxlan ?? f.geneve)?.outer.ttl],
    ],
  },
  {
    id: 'outer-udp',
    title: 'UDP',
    has: (f) => !!(f.vxlan ?? f.geneve),
    fields: [
      ['src port', (f) => (f.vxlan ?? f.geneve)?.outer.udpSrc],
      ['dst port', (f) => (f.vxlan ?? f.geneve)?.outer.udpDst],
    ],
  },
  {
    id: 'geneve',
    title: 'Geneve',
    has: (f) => !!f.geneve,
    fields: [
      ['VNI (tunnel key)', (f) => f.geneve?.vni],
      ['option inport', (f) => (f.geneve ? `0x${f.geneve.inport.toString(16)}` : undefined)],
      ['option outport', (f) => (f.geneve ? `0x${f.geneve.outport.toString(16)}` : undefined)],
    ],
  },
  {
    id: 'vxlan',
    title: 'VXLAN',
    has: (f) => !!f.vxlan,
    fields: [['VNI', (f) => f.vxlan?.vni]],
  },
  {
    id: 'eth',
    title: 'Ethernet',
    has: () => true,
    fields: [
      ['src', (f) => f.eth.src],
      ['dst', (f) => f.eth.dst],
      ['802.1Q VLAN', (f) => vlan(f.eth.vlan)],
    ],
  },
  {
    id: 'arp',
    title: 'ARP',
    has: (f) => !!f.arp,
    fields: [
      ['op', (f) => f.arp?.op],
      ['sender MAC', (f) => f.arp?.sha],
      ['sender IP', (f) => f.arp?.spa],
      ['target MAC', (f) => f.arp?.tha],
      ['target IP', (f) => f.arp?.tpa],
    ],
  },
  {
    id: 'ip',
    title: 'IPv4',
    has: (f) => !!f.ip,
    fields: [
      ['src', (f) => f.ip?.src],
      ['dst', (f) => f.ip?.dst],
      ['TTL', (f) => f.ip?.ttl],
      ['protocol', (f) => f.ip?.proto],
      ['length', (f) => f.ip?.len],
      ['DF', (f) => (f.ip?.df ? 'set' : 'clear')],
    ],
  },
  {
    id: 'icmp',
    title: 'ICMP',
    has: (f) => !!f.icmp,
    fields: [
      ['type', (f) => f.icmp?.type],
      ['code', (f) => f.icmp?.code],
      ['id', (f) => f.icmp?.id],
      ['seq', (f) => f.icmp?.seq],
    ],
  },
  {
    id: 'tcp',
    title: 'TCP',
    has: (f) => !!f.tcp,
    fields: [
      ['src port', (f) => f.tcp?.sport],
      ['dst port', (f) => f.tcp?.dport],
      ['flags', (f) => f.tcp?.flags],
    ],
  },
  {
    id: 'udp',
    title: 'UDP',
    has: (f) => !!f.udp,
    fields: [
      ['src port', (f) => f.udp?.sport],
      ['dst port', (f) => f.udp?.dport],
    ],
  },
  {
    id: 'dhcp',
    title: 'DHCP',
    has: (f) => !!f.dhcp,
    fields: [
      ['message', (f) => f.dhcp?.op],
      ['xid', (f) => f.dhcp?.xid],
      ['client MAC', (f) => f.dhcp?.chaddr],
      ['your IP', (f) => f.dhcp?.yiaddr ?? '—'],
    ],
  },
];

const text = (v: string | number | boolean | null | undefined) =>
  v === undefined || v === null ? '' : String(v);

/** The layers of `frame`, with changes against `prev` (the frame before this hop, if any). */
export function layersOf(frame: TraceFrame, prev: TraceFrame | null): Layer[] {
  const out: Layer[] = [];
  for (const l of LAYERS) {
    const here = l.has(frame);
    const before = prev ? l.has(prev) : false;
    // a layer this hop took off is shown struck through: the VXLAN wrapping, at decapsulation
    if (!here && !before) continue;
    const src = here ? frame : prev!;
    const fields = l.fields.map(([name, get]): Field => {
      const value = text(get(src));
      const old = prev && before && here ? text(get(prev)) : undefined;
      return old !== undefined && old !== value ? { name, value, was: old } : { name, value };
    });
    out.push({
      id: l.id,
      title: l.title,
      fields,
      status: here ? (prev && !before ? 'new' : 'kept') : 'removed',
    });
  }
  return out;
}
