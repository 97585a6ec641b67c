// Does a trace do what a lesson step says it does? Used by the tests for every built-in lesson and by
// the app to show each send's outcome next to the text that announced it.
import type { Trace, TraceHop } from '../sim';
import type { LessonExpect } from './schema';

/** Device names with * wildcards, optionally prefixed by a host: "qbr*", "compute1/br-int", "network1/*". */
export function matches(pattern: string, hop: Pick<TraceHop, 'device' | 'host'>): boolean {
  const slash = pattern.indexOf('/');
  const host = slash >= 0 ? pattern.slice(0, slash) : null;
  const name = slash >= 0 ? pattern.slice(slash + 1) : pattern;
  if (host !== null && host !== hop.host) return false;
  const re = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
  return re.test(hop.device);
}

/** The packet a lesson talks about: the first echo request, SYN, datagram or DHCPDISCOVER. */
export function mainPacket(trace: Trace): string | null {
  return trace.probes[0]?.request ?? null;
}

/** The DHCP messages of a send, in the order they were sent (each packet's first hop says its op). */
export function dhcpMessages(trace: Trace): string[] {
  const first = new Map<string, TraceHop>();
  for (const h of trace.hops) if (!first.has(h.packet)) first.set(h.packet, h);
  return trace.packets.flatMap((p) => {
    const op = p.kind === 'dhcp' ? first.get(p.id)?.frame.dhcp?.op : undefined;
    return op ? [op] : [];
  });
}

export function checkExpect(trace: Trace, e: LessonExpect): string[] {
  const problems: string[] = [];
  if (e.verdict && trace.verdict !== e.verdict)
    problems.push(`verdict is ${trace.verdict}, not ${e.verdict}${trace.reason ? ` (${trace.reason})` : ''}`);
  if (e.reason && !new RegExp(e.reason).test(trace.reason ?? ''))
    problems.push(`reason "${trace.reason}" does not match /${e.reason}/`);
  const main = mainPacket(trace);
  const hops = trace.hops.filter((h) => h.packet === main);
  if (e.via) {
    let i = 0;
    for (const h of hops) if (i < e.via.length && matches(e.via[i]!, h)) i++;
    if (i < e.via.length)
      problems.push(
        `the packet never crosses ${e.via[i]} (after ${e.via.slice(0, i).join(', ') || 'its start'})`,
      );
  }
  for (const a of e.avoid ?? []) {
    const hit = hops.find((h) => matches(a, h));
    if (hit) problems.push(`the packet crosses ${hit.host}/${hit.device}, which it should avoid (${a})`);
  }
  if (e.vnis) {
    const seen = [
      ...new Set(hops.flatMap((h) => (h.kind === 'vxlan-port' && h.frame.vxlan ? [h.frame.vxlan.vni] : []))),
    ];
    if (JSON.stringify([...seen].sort()) !== JSON.stringify([...e.vnis].sort()))
      problems.push(`VNIs seen ${JSON.stringify(seen)}, expected ${JSON.stringify(e.vnis)}`);
  }
  if (e.tunnelKeys) {
    const seen = [...new Set(hops.flatMap((h) => (h.frame.geneve ? [h.frame.geneve.vni] : [])))];
    if (JSON.stringify([...seen].sort()) !== JSON.stringify([...e.tunnelKeys].sort()))
      problems.push(
        `Geneve tunnel keys seen ${JSON.stringify(seen)}, expected ${JSON.stringify(e.tunnelKeys)}`,
      );
  }
  if (e.ttlDrop !== undefined) {
    const ttls = hops.flatMap((h) => (h.frame.ip ? [h.frame.ip.ttl] : []));
    const drop = ttls.length ? ttls[0]! - ttls[ttls.length - 1]! : 0;
    if (drop !== e.ttlDrop) problems.push(`TTL dropped by ${drop}, expected ${e.ttlDrop}`);
  }
  if (e.arp !== undefined) {
    const arp = trace.packets.some((p) => p.kind === 'arp-request');
    if (arp !== e.arp) problems.push(e.arp ? 'no ARP happened' : 'ARP happened');
  }
  if (e.dhcp) {
    const seen = dhcpMessages(trace);
    if (seen.join(' ') !== e.dhcp.join(' '))
      problems.push(`DHCP messages ${seen.join(', ') || 'none'}, expected ${e.dhcp.join(', ')}`);
  }
  for (const c of e.changes ?? []) {
    if (!hops.some((h) => h.changes.some((x) => x.includes(c))))
      problems.push(`no hop of the packet shows the change "${c}"`);
  }
  return problems;
}
