// A hop as Packet Tracer's PDU window shows it in its OSI tab: what the device read at each layer on
// the way in (the frame the hop before handed it) and what it wrote on the way out (this hop's frame),
// with the hop's changes and the rule that decided placed on the layer they act on. Reads the trace
// only; decides nothing.
import type { TraceHop } from '../../sim';
import { type Field, layersOf } from './headers';

export interface IoLayer {
  /** 'port' for layer 1, 'tunnel' for OVS's tunnel id, else a header id of headers.ts */
  id: string;
  /** "Layer 2", "Overlay"... */
  level: string;
  title: string;
  fields: Field[];
  /** new: written here (VXLAN encapsulation); removed: taken off here */
  status: 'kept' | 'new' | 'removed';
  /** what the hop did at this layer, in the trace's words */
  notes: string[];
  /** the rule that decided, when it acts on this layer */
  rule: string | null;
}

export interface InOut {
  /** what came in, read from the outside in; empty when the packet is made at this hop */
  in: IoLayer[];
  out: IoLayer[];
}

const LEVEL: Record<string, string> = {
  port: 'Layer 1',
  'outer-eth': 'Layer 2',
  'outer-ip': 'Layer 3',
  'outer-udp': 'Layer 4',
  vxlan: 'Overlay',
  geneve: 'Overlay',
  tunnel: 'Overlay',
  eth: 'Layer 2',
  // Packet Tracer shows ARP with the frame that carries it
  arp: 'Layer 2',
  ip: 'Layer 3',
  icmp: 'Layer 3',
  tcp: 'Layer 4',
  udp: 'Layer 4',
  dhcp: 'Layer 7',
};

/** The layer a change (as the core words it) acts on; anything unknown stays with the port. */
export function layerOfChange(change: string): string {
  if (/^(push|strip|mod) vlan\b|^(src|dst) mac\b/.test(change)) return 'eth';
  if (/^set tunnel\b/.test(change)) return 'tunnel';
  if (/^(encap|decap) vxlan\b/.test(change)) return 'vxlan';
  if (/^(encap|decap) geneve\b|^geneve option\b/.test(change)) return 'geneve';
  if (/^outer /.test(change)) return 'outer-ip';
  if (/^ttl |\b(SNAT|DNAT)\b/.test(change)) return 'ip';
  return 'port';
}

/**
 * The layer the rule that decided acts on: an OpenFlow flow switches frames (layer 2), iptables and
 * routes act on IP, a VXLAN port's options on the overlay, the underlay on the outer IP.
 */
export function layerOfRule(rule: string): string {
  const first = rule.split('\n')[0] ?? '';
  if (/^table=/.test(first)) return 'eth';
  if (/^-A /.test(first)) return 'ip';
  if (/type=geneve/.test(first)) return 'geneve';
  if (/remote_ip=/.test(first)) return 'vxlan';
  // an OVN logical flow: a switch's stages act on frames, a router's on IP
  if (/^\d+\. ls_/.test(first)) return 'eth';
  if (/^\d+\. lr_/.test(first)) return 'ip';
  if (/ is the local_ip of /.test(first)) return 'outer-ip';
  if (/(^default |\bdev\b|\bvia\b)/.test(first)) return 'ip';
  return 'port';
}

const FATE: Record<TraceHop['fate'], string> = {
  forward: '',
  deliver: 'delivered to the stack it was for',
  hold: 'held: waiting for an ARP answer',
  drop: 'dropped',
};

/** Reads the VNI out of "set tunnel 0x65 (VNI 101)". */
function tunnelFields(change: string): Field[] {
  const m = /^set tunnel (0x[0-9a-f]+)(?: \(VNI (\d+)\))?/.exec(change);
  if (!m) return [];
  return [
    { name: 'tun_id', value: m[1]! },
    { name: 'VNI', value: m[2] ?? String(Number.parseInt(m[1]!, 16)) },
  ];
}

/**
 * In and out layers of `hop`. `prev` is the hop that handed it the frame (flow.data.prevOf), `from` and
 * `to` the devices at the other end of its ports (its parent and its first child), when known.
 */
export function inOutOf(
  hop: TraceHop,
  prev: TraceHop | undefined,
  from?: string | undefined,
  to?: string | undefined,
): InOut {
  const inLayers: IoLayer[] = [];
  if (prev) {
    const fields: Field[] = [{ name: 'port', value: hop.in ?? '— (no port: the same device)' }];
    if (from && hop.in !== null) fields.push({ name: 'from', value: from });
    inLayers.push({
      id: 'port',
      level: LEVEL.port!,
      title: 'Port in',
      fields,
      status: 'kept',
      notes: [],
      rule: null,
    });
    for (const l of layersOf(prev.frame, null))
      inLayers.push({ ...l, level: LEVEL[l.id] ?? '', notes: [], rule: null });
  }

  const outPort: IoLayer = {
    id: 'port',
    level: LEVEL.port!,
    title: 'Port out',
    fields: [{ name: 'port', value: hop.out ?? '—' }],
    status: 'kept',
    notes: [],
    rule: null,
  };
  if (to && hop.out !== null) outPort.fields.push({ name: 'to', value: to });
  if (hop.drop)
    outPort.notes.push(`${hop.drop.severity === 'fatal' ? 'dropped' : 'discarded'}: ${hop.drop.reason}`);
  else if (FATE[hop.fate]) outPort.notes.push(FATE[hop.fate]);
  const out: IoLayer[] = [outPort];
  for (const l of layersOf(hop.frame, prev?.frame ?? null))
    out.push({ ...l, level: LEVEL[l.id] ?? '', notes: [], rule: null });

  const byId = (id: string) => out.find((l) => l.id === id);
  for (const c of hop.changes) {
    const id = layerOfChange(c);
    // br-tun's load:<VNI>->NXM_NX_TUN_ID[] sets no header: it is metadata that the VXLAN port (key=flow)
    // writes as the VNI of the header it adds (neutron-facts §4)
    if (id === 'tunnel') {
      let t = byId('tunnel');
      if (!t) {
        t = {
          id: 'tunnel',
          level: LEVEL.tunnel!,
          title: 'Tunnel id (metadata)',
          fields: [],
          status: 'new',
          notes: [],
          rule: null,
        };
        // beside the Ethernet header it travels with; the VXLAN port writes it as the VNI
        const eth = out.findIndex((l) => l.id === 'eth');
        out.splice(eth < 0 ? out.length : eth + 1, 0, t);
      }
      t.fields.push(...tunnelFields(c));
      t.notes.push(c);
    } else (byId(id) ?? outPort).notes.push(c);
  }
  if (hop.rule) (byId(layerOfRule(hop.rule)) ?? outPort).rule = hop.rule;
  return { in: inLayers, out };
}
