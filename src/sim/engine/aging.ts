// State ages with simulated time (issue #13): what a send left behind is gone once its time is up, as
// on a real host. Swept at the start of every send and when the clock is moved on (Session.wait, the
// send bar's "wait", the terminal's `sleep`). Timeouts are the defaults of the systems modelled:
// - conntrack (nf_conntrack sysctls): ICMP 30 s; UDP 30 s, 180 s once a reply has been seen ("assured",
//   as the issue and older kernels have it); TCP 120 s until established (syn_sent), then 5 days;
// - learned br-tun flows: their hard_timeout (300 s, set by table 10's learn action) since they were
//   (re)learned;
// - MAC tables: 300 s since a frame from that MAC was seen (OVS mac-aging-time, the Linux bridge's
//   ageing_time);
// - ARP caches: an entry is REACHABLE for 30 s after it was confirmed (base_reachable_time), then STALE;
//   unused STALE entries are collected after gc_stale_time (60 s), so 90 s after it was learned the next
//   packet needs ARP again. (Linux would first try a unicast probe of a STALE entry in use; here an entry
//   either is still there or is asked for again with a broadcast.)
import { FlowTable } from '../devices/openflow/table';
import type { CtEntry, SimState } from './state';

const S = 1_000_000;
export const MAC_AGING_US = 300 * S;
export const NEIGH_REACHABLE_US = 30 * S;
export const NEIGH_GONE_US = 90 * S;

/** How long a connection lives without packets. */
export function conntrackTimeoutUs(e: CtEntry): number {
  switch (e.orig.proto) {
    case 'icmp':
      return 30 * S;
    case 'udp':
      return (e.state === 'ESTABLISHED' ? 180 : 30) * S;
    case 'tcp':
      return (e.state === 'ESTABLISHED' ? 432_000 : 120) * S;
  }
}

/** Forgets what timed out by `now` (µs of simulated time). */
export function ageState(state: SimState, now: number): void {
  for (const table of state.fdb.values())
    for (const [k, e] of table) if (now - e.at >= MAC_AGING_US) table.delete(k);
  for (const cache of state.neigh.values())
    for (const [ip, e] of cache) if (now - e.at >= NEIGH_GONE_US) cache.delete(ip);
  for (const ct of state.conntrack.values())
    for (const [k, hit] of ct.byTuple)
      if (now - hit.entry.at >= conntrackTimeoutUs(hit.entry)) ct.byTuple.delete(k);
  for (const [dev, table] of state.learned) {
    const flows = table.flows();
    const kept = flows.filter(
      (f) => !f.hardTimeout || f.installedAt === undefined || now - f.installedAt < f.hardTimeout * S,
    );
    if (kept.length === flows.length) continue;
    const fresh = new FlowTable(table.id);
    for (const f of kept) fresh.add(f);
    state.learned.set(dev, fresh);
    for (const f of flows) if (!kept.includes(f)) state.flowHits.delete(f);
  }
}
