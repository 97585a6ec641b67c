// ping and traceroute as a CirrOS guest prints them: BusyBox's (networking/ping.c, traceroute.c), the
// guest's own tools, where an Ubuntu guest, a namespace or a host print iputils' and traceroute 2.x's
// (ping.ts). BusyBox ping numbers its replies from seq=0, prints times as %u.%03u of whole
// microseconds, ignores ICMP errors, and sums up without the time and mdev; its traceroute sends
// 46-byte packets unless told otherwise.
import type { Topology } from '../../sim';
import type { ProbeResult } from './ping';
import type { Place } from './places';

/** the packet length BusyBox traceroute uses without one on its command line */
export const BUSYBOX_TRACEROUTE_LEN = 46;

/** Does this place's console run BusyBox (a CirrOS guest, the image servers boot unless they say)? */
export function runsBusybox(place: Place, doc: Topology | null): boolean {
  if (place.target.kind !== 'vm') return false;
  const id = place.target.serverId;
  return (doc?.servers.find((s) => s.id === id)?.image ?? 'cirros') === 'cirros';
}

/** %u.%03u of a time in microseconds, truncated as BusyBox's integer arithmetic does */
const ms3 = (us: number): string => {
  const u = Math.max(0, Math.floor(us));
  return `${Math.floor(u / 1000)}.${String(u % 1000).padStart(3, '0')}`;
};

export const busyboxPingHeader = (dest: string, dst: string, size: number): string =>
  `PING ${dest} (${dst}): ${size} data bytes`;

/** "64 bytes from 10.1.2.5: seq=0 ttl=63 time=4.141 ms"; nothing for an ICMP error. */
export function busyboxPingLine(r: ProbeResult): string | null {
  if (r.answerUs === null || r.outcome !== 'reply') return null;
  const m = /^(\d+) bytes from (\S+?): icmp_seq=(\d+) ttl=(\d+)/.exec(r.summary);
  if (!m) return null;
  return `${m[1]} bytes from ${m[2]}: seq=${Number(m[3]) - 1} ttl=${m[4]} time=${ms3(r.answerUs - r.sentUs)} ms`;
}

export function busyboxPingStatistics(
  dest: string,
  transmitted: number,
  answered: readonly ProbeResult[],
): string[] {
  const replies = answered.filter((r) => r.outcome === 'reply' && r.answerUs !== null);
  const loss = transmitted ? Math.floor(((transmitted - replies.length) * 100) / transmitted) : 0;
  const out = [
    `--- ${dest} ping statistics ---`,
    `${transmitted} packets transmitted, ${replies.length} packets received, ${loss}% packet loss`,
  ];
  if (replies.length) {
    const rtts = replies.map((r) => Math.floor(r.answerUs! - r.sentUs));
    const sum = rtts.reduce((a, b) => a + b, 0);
    out.push(
      `round-trip min/avg/max = ${ms3(Math.min(...rtts))}/${ms3(Math.floor(sum / rtts.length))}/${ms3(Math.max(...rtts))} ms`,
    );
  }
  return out;
}
