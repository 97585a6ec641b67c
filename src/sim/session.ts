// A cloud being explored: its Topology, the Dataplane the agents built from it, and the state that
// traffic leaves behind. The worker holds one; everything it returns is plain data.

import { compareVariants, type Variant, type VariantOutcome } from './compare';
import { ageState } from './engine/aging';
import type { SendRequest } from './engine/resolve';
import { type SendResult, send } from './engine/send';
import { newSimState, type SimState } from './engine/state';
import { type LoadResult, loadEdit, loadTopology } from './model/load';
import type { Topology } from './model/types';
import type { RecordPatch } from './plain-patch';
import { realize } from './realize';
import type { Dataplane } from './realize/dataplane';
import { realizeEdit } from './realize/incremental';
import { haFailovers } from './realize/l3-ha-failover';
import { completions, runLine, type ToolResult, type Where } from './tools';
import { deviceFingerprint } from './view/fingerprint';
import { type DeviceInspect, inspectDevice } from './view/inspect';
import { type PlaneView, planeView } from './view/plane-view';

export type SessionLoad =
  | { ok: true; topology: Topology; warnings: string[]; view: PlaneView }
  | Extract<LoadResult, { ok: false }>;

export type SessionCompare = { ok: true; outcomes: VariantOutcome[] } | { ok: false; error: string };

/** A send's result, with what each device it passed was at the time (see fingerprints()). */
export type SessionSend = SendResult & { fingerprints?: Record<string, string | null> };

export class Session {
  private topology: Topology | null = null;
  private plane: Dataplane | null = null;
  private state: SimState = newSimState();
  /** device fingerprints of the current plane, worked out when first asked */
  private prints = new Map<string, string | null>();

  /** Validates and realizes a topology. On error the current cloud stays as it was. */
  load(raw: unknown, opts: { keepState?: boolean } = {}): SessionLoad {
    return this.take(loadTopology(raw), opts);
  }

  /** An edit of the cloud loaded: `base` (its topology as last loaded) with `change` applied, loaded
   * (model/load.ts loadEdit), keeping what traffic taught the devices. */
  loadEdit(base: Topology, change: RecordPatch): SessionLoad {
    return this.take(loadEdit(base, change), { keepState: true });
  }

  private take(r: LoadResult, opts: { keepState?: boolean }): SessionLoad {
    if (!r.ok) return r;
    const previous = this.topology;
    this.topology = r.topology;
    const before = this.plane;
    // an edit keeps the local VLANs the hosts' agents gave the networks that keep ports there, and
    // rebuilds only the hosts it reaches (realize/incremental.ts)
    this.plane =
      before && previous
        ? realizeEdit(r.topology, { topology: previous, plane: before }).plane
        : realize(r.topology);
    this.prints.clear();
    if (!opts.keepState) this.state = newSimState();
    else {
      this.pruneState();
      // an HA router that failed over announces itself at the next send
      if (before) this.state.garps.push(...haFailovers(r.topology, before, this.plane));
    }
    return { ok: true, topology: r.topology, warnings: r.warnings, view: planeView(r.topology, this.plane) };
  }

  /** After an edit, keep what devices that still exist had learned. */
  private pruneState(): void {
    const plane = this.plane!;
    for (const m of [this.state.fdb, this.state.learned, this.state.neigh])
      for (const id of [...m.keys()]) if (!plane.devices.has(id)) m.delete(id);
    // OVS forgets the MACs it learned on a port that is deleted (mac_learning_flush of the port)
    for (const [id, table] of this.state.fdb) {
      const d = plane.devices.get(id);
      if (d?.kind === 'ovs-bridge')
        for (const [k, e] of [...table]) if (!d.ports.has(e.port)) table.delete(k);
    }
    const garps = this.state.garps.filter((g) => plane.devices.has(g.device));
    this.state.garps.splice(0, this.state.garps.length, ...garps);
  }

  send(req: SendRequest): SessionSend {
    if (!this.topology || !this.plane) return { ok: false, error: 'no cloud loaded' };
    const r = send(this.topology, this.plane, this.state, req);
    return r.ok
      ? { ...r, fingerprints: this.fingerprints([...new Set(r.trace.hops.map((h) => h.deviceId))]) }
      : r;
  }

  /** One send under each variant, each on its own copy of this cloud and a fresh state: neither the
   * cloud nor what its devices learned changes. */
  compare(req: SendRequest, variants: readonly Variant[]): SessionCompare {
    if (!this.topology) return { ok: false, error: 'no cloud loaded' };
    return { ok: true, outcomes: compareVariants(this.topology, req, variants) };
  }

  /**
   * Sends each request on a state of its own, fresh, and forgets it: what the cloud does now, whatever
   * traffic taught the devices before, leaving the live state as it was (an activity's goals).
   */
  trySends(reqs: readonly SendRequest[]): SendResult[] {
    const cloud = this.topology && this.plane ? { t: this.topology, plane: this.plane } : null;
    return reqs.map((req) =>
      cloud ? send(cloud.t, cloud.plane, newSimState(), req) : { ok: false, error: 'no cloud loaded' },
    );
  }

  /** Lets simulated time pass: what timed out meanwhile (conntrack, learned flows, MAC tables, ARP
   * caches) is gone by the next send. Returns the clock, in seconds. */
  wait(seconds: number): number {
    if (Number.isFinite(seconds) && seconds > 0) this.state.clock += Math.round(seconds * 1_000_000);
    ageState(this.state, this.state.clock);
    return this.state.clock / 1_000_000;
  }

  /** Forget MAC tables, learned flows, ARP caches and conntrack: as after a restart of everything. */
  reset(): void {
    this.state = newSimState();
  }

  view(): PlaneView | null {
    return this.topology && this.plane ? planeView(this.topology, this.plane) : null;
  }

  inspect(deviceId: string): DeviceInspect | null {
    if (!this.topology || !this.plane) return null;
    return inspectDevice(this.topology, this.plane, this.state, deviceId);
  }

  /** What each device is now (view/fingerprint.ts): null for a device the cloud no longer has. */
  fingerprints(ids: readonly string[]): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const id of ids) {
      let fp = this.prints.get(id);
      if (fp === undefined) {
        fp = this.plane ? deviceFingerprint(this.plane, id) : null;
        this.prints.set(id, fp);
      }
      out[id] = fp;
    }
    return out;
  }

  /** A command typed in a terminal on a host, in a namespace or in a guest, answered from the live model. */
  tool(where: Where, line: string): ToolResult {
    const ctx = this.current();
    if (!ctx) return { stdout: '', stderr: 'no cloud loaded', exitCode: 1 };
    return runLine(ctx, where, line);
  }

  /** Tab completion for a terminal: the candidates for the last word of the line. */
  complete(where: Where, partialLine: string): string[] {
    const ctx = this.current();
    return ctx ? completions(ctx, where, partialLine) : [];
  }

  /** For tools: the current cloud, or null. */
  current(): { topology: Topology; plane: Dataplane; state: SimState } | null {
    return this.topology && this.plane
      ? { topology: this.topology, plane: this.plane, state: this.state }
      : null;
  }
}
