// Which rows of the event list a filter keeps, as Packet Tracer's event list filters ("Edit filters":
// show only the protocols ticked). A filter hides rows and nothing else: the hop numbers and the
// stepping stay those of the whole timeline.
import type { TraceHop } from '../../sim';

export const EVENT_KINDS = ['arp', 'icmp', 'tcp', 'udp', 'dhcp', 'vxlan'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const KIND_LABEL: Record<EventKind, string> = {
  arp: 'ARP',
  icmp: 'ICMP',
  tcp: 'TCP',
  udp: 'UDP',
  dhcp: 'DHCP',
  vxlan: 'VXLAN',
};

export const KIND_TITLE: Record<EventKind, string> = {
  arp: 'ARP requests and replies',
  icmp: 'ICMP: ping echo requests and replies, errors',
  tcp: 'TCP segments',
  udp: 'UDP datagrams (DHCP has its own filter)',
  dhcp: 'DHCP: discover, offer, request, ack',
  vxlan: 'Encapsulated: frames inside a VXLAN tunnel, between the VXLAN ports',
};

export interface EventFilter {
  /** kinds shown; none means every kind */
  kinds: readonly EventKind[];
  /** the host shown; '' for the hops on no host (the underlay, the world outside); null for every host */
  host: string | null;
}

export const NO_FILTER: EventFilter = { kinds: [], host: null };

/**
 * What a hop carries, by its frame: its protocol (ARP, DHCP, else the IP protocol: DHCP is not also
 * UDP, as in Packet Tracer's list) and VXLAN when the frame is inside a tunnel.
 */
export function kindsOf(h: TraceHop): EventKind[] {
  const f = h.frame;
  const out: EventKind[] = [];
  if (f.arp) out.push('arp');
  else if (f.dhcp) out.push('dhcp');
  else if (f.ip) out.push(f.ip.proto);
  // a Geneve packet of OVN is shown with the tunnels
  if (f.vxlan || f.geneve) out.push('vxlan');
  return out;
}

/** Whether the event list shows `h` under `filter`: one of the kinds chosen, on the host chosen. */
export function keeps(filter: EventFilter, h: TraceHop): boolean {
  if (filter.host !== null && (h.host ?? '') !== filter.host) return false;
  return filter.kinds.length === 0 || kindsOf(h).some((k) => filter.kinds.includes(k));
}

export const isFiltering = (filter: EventFilter): boolean => filter.kinds.length > 0 || filter.host !== null;

/** The hosts a filter can choose among for these hops: named hosts sorted, then '' (no host) if any. */
export function hostsOf(hops: Iterable<TraceHop>): string[] {
  const named = new Set<string>();
  let none = false;
  for (const h of hops) {
    if (h.host === null) none = true;
    else named.add(h.host);
  }
  const out = [...named].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return none ? [...out, ''] : out;
}
