// npm run bench [-- --json] [-- --only S,M,M-dvr,L-ovn]
// Measures the core on generated clouds S, M and L; on M and L with every router distributed (M-dvr,
// L-dvr: the L3 agent on every compute, as deploy-ovs-ha-dvr sets it up); and on M and L under ML2/OVN
// (M-ovn, L-ovn: the same clouds with mechanism_driver ovn, docs/ovn.md): realize() time (median of
// several runs), the time
// of a cold ping trace (a fresh SimState each time, so every trace includes its ARP exchanges) across
// a router and within one network, the same cross-router ping sent again (ARP resolved), traces per
// second, the heap held once a cloud is realized, and realize after an edit of one resource, full and
// incremental (bench-edits.ts).
// Figures are printed, never asserted: timing depends on the machine.
import { parseArgs } from 'node:util';
import { GCProfiler } from 'node:v8';
import { type Dataplane, loadTopology, newSimState, realize, send, type Topology } from '../sim';
import { type CloudLayout, generateCloud, layoutOf, PRESETS, type PresetName } from '../sim/model/generate';
import type { TopologyInput } from '../sim/model/schema';
import { AGENT_BINARIES } from '../sim/model/types';
import { benchEdits, type EditStats } from './bench-edits';

/** The clouds measured: the presets, and M and L with distributed routers, and under ML2/OVN. */
const CLOUDS = {
  S: { preset: 'S', variant: 'legacy' },
  M: { preset: 'M', variant: 'legacy' },
  L: { preset: 'L', variant: 'legacy' },
  'M-dvr': { preset: 'M', variant: 'dvr' },
  'L-dvr': { preset: 'L', variant: 'dvr' },
  'M-ovn': { preset: 'M', variant: 'ovn' },
  'L-ovn': { preset: 'L', variant: 'ovn' },
} as const satisfies Record<string, { preset: PresetName; variant: 'legacy' | 'dvr' | 'ovn' }>;
type CloudName = keyof typeof CLOUDS;

/** The cloud with every router distributed (router_distributed) and the L3 and metadata agents on
 * every compute host, as neutron's deploy-ovs-ha-dvr guide deploys them. */
function distributed(input: TopologyInput): TopologyInput {
  const computeAgents = [AGENT_BINARIES.ovs, AGENT_BINARIES.l3, AGENT_BINARIES.metadata];
  return {
    ...input,
    options: { ...input.options, router_distributed: true },
    hosts: input.hosts.map((h) => (h.role === 'compute' ? { ...h, agents: computeAgents } : h)),
  };
}

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

/** Repetitions: enough for stable medians, few enough that L finishes in seconds. */
const REALIZE_RUNS: Record<PresetName, number> = { S: 30, M: 15, L: 7 };
/** Passes over the fixed set of edits (bench-edits.ts) */
const EDIT_RUNS: Record<PresetName, number> = { S: 5, M: 3, L: 2 };
const TRACE_WARMUP = 200;
const TRACE_RUNS = 500;
const PAIRS = 25;

type Pair = readonly [string, string];

interface TraceStats {
  median: number;
  p95: number;
  hops: number;
  usPerHop: number;
  /** share of the measuring loop's time spent in garbage collection */
  gcShare: number;
  verdicts: string;
}

interface CloudResult {
  name: CloudName;
  loadMs: number;
  realizeMs: number;
  devices: number;
  cross: TraceStats;
  /** the same cross-router ping sent a second time, ARP resolved */
  warmCross: TraceStats;
  same: TraceStats;
  tracesPerSecond: number;
  heapMB: number;
  heapDeltaMB: number;
  edit: EditStats;
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

const median = (xs: readonly number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/**
 * Pairs of VMs on different hosts: on different networks of the same router (cross), or on the same
 * network (same). Taken in VM order, so the same cloud always gives the same pairs.
 */
function pairs(layout: CloudLayout, cross: boolean): Pair[] {
  const vms = [...layout.vms.entries()];
  const out: Pair[] = [];
  for (let i = 0; i < vms.length && out.length < PAIRS; i++) {
    const [a, la] = vms[i]!;
    for (let j = i + 1; j < vms.length; j++) {
      const [b, lb] = vms[j]!;
      if (la.host === lb.host) continue;
      const ok = cross
        ? la.router !== null && la.router === lb.router && la.network !== lb.network
        : la.network === lb.network;
      if (ok) {
        out.push([a, b]);
        break;
      }
    }
  }
  return out;
}

/**
 * Cold: a fresh state, so the trace includes the ARP exchanges and the floods they cause. Warm: the
 * same ping a second time, as when a user clicks Send again: ARP caches, MAC tables and learned flows
 * are filled, and the trace is the echo request and reply alone.
 */
function traceStats(topology: Topology, plane: Dataplane, list: readonly Pair[], warm = false): TraceStats {
  if (list.length === 0)
    return { median: Number.NaN, p95: Number.NaN, hops: 0, usPerHop: 0, gcShare: 0, verdicts: '-' };
  const one = (k: number) => {
    const [from, to] = list[k % list.length]!;
    const state = newSimState();
    if (warm) send(topology, plane, state, { from, to, proto: 'icmp' });
    const t0 = performance.now();
    const r = send(topology, plane, state, { from, to, proto: 'icmp' });
    const us = (performance.now() - t0) * 1000;
    if (!r.ok) throw new Error(`${from} -> ${to}: ${r.error}`);
    return { us, hops: r.trace.hops.length, verdict: r.trace.verdict };
  };
  for (let k = 0; k < TRACE_WARMUP; k++) one(k);
  const times: number[] = [];
  const hops: number[] = [];
  const verdicts = new Map<string, number>();
  // Garbage collection is the share to watch: a trace kept alive too long shows here first. It is
  // taken of the whole loop, so a warm run counts the collections of its unmeasured first sends too.
  const gcProfiler = new GCProfiler();
  gcProfiler.start();
  const loopStart = performance.now();
  for (let k = 0; k < TRACE_RUNS; k++) {
    const r = one(k);
    times.push(r.us);
    hops.push(r.hops);
    verdicts.set(r.verdict, (verdicts.get(r.verdict) ?? 0) + 1);
  }
  const loopUs = (performance.now() - loopStart) * 1000;
  const gcUs = gcProfiler.stop().statistics.reduce((sum, g) => sum + g.cost, 0);
  times.sort((a, b) => a - b);
  const med = quantile(times, 0.5);
  const h = median(hops);
  return {
    median: med,
    p95: quantile(times, 0.95),
    hops: h,
    usPerHop: med / h,
    gcShare: loopUs > 0 ? gcUs / loopUs : 0,
    verdicts: [...verdicts].map(([v, n]) => `${v} ${n}`).join(', '),
  };
}

/** Back-to-back cold cross-router traces (state creation included) for about half a second. */
function throughput(topology: Topology, plane: Dataplane, list: readonly Pair[]): number {
  if (list.length === 0) return 0;
  let n = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < 500) {
    const [from, to] = list[n % list.length]!;
    send(topology, plane, newSimState(), { from, to });
    n++;
    elapsed = performance.now() - t0;
  }
  return (n / elapsed) * 1000;
}

function bench(name: CloudName): CloudResult {
  const { preset, variant } = CLOUDS[name];
  const generated = generateCloud(PRESETS[preset]);
  const input =
    variant === 'dvr'
      ? distributed(generated)
      : variant === 'ovn'
        ? { ...generated, options: { ...generated.options, mechanism_driver: 'ovn' as const } }
        : generated;
  const before = heapMB();
  let t0 = performance.now();
  const loaded = loadTopology(input);
  const loadMs = performance.now() - t0;
  if (!loaded.ok) throw new Error(`${name}: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  const topology = loaded.topology;
  realize(topology); // warm-up: the first run pays for compiling the code
  const times: number[] = [];
  for (let i = 0; i < REALIZE_RUNS[preset]; i++) {
    t0 = performance.now();
    realize(topology);
    times.push(performance.now() - t0);
  }
  const plane = realize(topology);
  const heap = heapMB();
  const layout = layoutOf(input);
  const crossPairs = pairs(layout, true);
  const samePairs = pairs(layout, false);
  const result: CloudResult = {
    name,
    loadMs,
    realizeMs: median(times),
    devices: plane.devices.size,
    cross: traceStats(topology, plane, crossPairs),
    warmCross: traceStats(topology, plane, crossPairs, true),
    same: traceStats(topology, plane, samePairs),
    tracesPerSecond: throughput(topology, plane, crossPairs),
    heapMB: heap,
    heapDeltaMB: heap - before,
    edit: benchEdits(topology, EDIT_RUNS[preset]),
  };
  return result;
}

const round = (x: number, digits: number) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

function table(results: readonly CloudResult[]): string {
  const head = [
    'cloud',
    'devices',
    'load ms',
    'realize ms',
    'cross µs med',
    'p95',
    'hops',
    'µs/hop',
    'gc %',
    'warm µs med',
    'hops',
    'same µs med',
    'p95',
    'hops',
    'µs/hop',
    'traces/s',
    'heap MB',
    '(cloud)',
  ];
  const rows = results.map((r) => [
    r.name,
    String(r.devices),
    r.loadMs.toFixed(1),
    r.realizeMs.toFixed(1),
    r.cross.median.toFixed(0),
    r.cross.p95.toFixed(0),
    String(r.cross.hops),
    r.cross.usPerHop.toFixed(2),
    (r.cross.gcShare * 100).toFixed(0),
    r.warmCross.median.toFixed(0),
    String(r.warmCross.hops),
    r.same.median.toFixed(0),
    r.same.p95.toFixed(0),
    String(r.same.hops),
    r.same.usPerHop.toFixed(2),
    r.tracesPerSecond.toFixed(0),
    r.heapMB.toFixed(1),
    `+${r.heapDeltaMB.toFixed(1)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), ...rows.map(line)];
  out.push('');
  for (const r of results) {
    const p = PRESETS[CLOUDS[r.name].preset];
    out.push(
      `${r.name}: ${p.computeHosts + p.networkHosts} hosts, ${p.vms} VMs, ${p.networks} networks, ${p.routers} ${CLOUDS[r.name].variant === 'dvr' ? 'distributed ' : ''}routers; ` +
        `cross-router traces ${r.cross.verdicts}; same-network traces ${r.same.verdicts}`,
    );
  }
  out.push('');
  out.push(
    'after an edit of one resource (medians over bench-edits.ts): realize ms full / incremental, hosts rebuilt; the incremental edit in the worker: validate + realize + view (made and diffed) = total ms',
  );
  for (const r of results) {
    const e = r.edit;
    out.push(
      `${r.name}: editMs { full: ${e.full.toFixed(1)}, incremental: ${e.incremental.toFixed(1)} }, ${e.rebuiltHosts} hosts rebuilt; ` +
        `${e.session.validate.toFixed(1)} + ${e.session.realize.toFixed(1)} + ${e.session.view.toFixed(1)} = ${e.session.total.toFixed(1)} ms`,
    );
  }
  const s = results.find((r) => r.name === 'S');
  const l = results.find((r) => r.name === 'L');
  if (l) {
    out.push('');
    out.push(`target: L realized in under 150 ms: ${l.realizeMs.toFixed(1)} ms`);
    out.push(
      `target: an edit of L applied, validated, realized and shown in under 100 ms: ${l.edit.session.total.toFixed(1)} ms`,
    );
    out.push(
      `target: L cross-router trace under 200 µs median: ${l.cross.median.toFixed(0)} µs ` +
        `(sent again, ARP resolved: ${l.warmCross.median.toFixed(0)} µs)`,
    );
    if (s)
      out.push(
        `target: L trace within 1.5x S: ${(l.cross.median / s.cross.median).toFixed(2)}x ` +
          `(per hop ${(l.cross.usPerHop / s.cross.usPerHop).toFixed(2)}x)`,
      );
  }
  if (!gc) out.push('(run with node --expose-gc for a settled heap figure)');
  return out.join('\n');
}

const names = (values.only?.split(',') ?? Object.keys(CLOUDS)).filter((n): n is CloudName => n in CLOUDS);
const results = names.map(bench);
if (values.json) {
  const clouds = results.map((r) => ({
    name: r.name,
    realizeMs: round(r.realizeMs, 2),
    crossRouterTraceUs: { median: round(r.cross.median, 1), p95: round(r.cross.p95, 1) },
    warmCrossRouterTraceUs: { median: round(r.warmCross.median, 1), p95: round(r.warmCross.p95, 1) },
    sameNetworkTraceUs: { median: round(r.same.median, 1), p95: round(r.same.p95, 1) },
    tracesPerSecond: round(r.tracesPerSecond, 0),
    heapMB: round(r.heapMB, 1),
    editMs: { full: round(r.edit.full, 2), incremental: round(r.edit.incremental, 2) },
    editRebuiltHosts: r.edit.rebuiltHosts,
    editSessionMs: {
      validate: round(r.edit.session.validate, 2),
      realize: round(r.edit.session.realize, 2),
      view: round(r.edit.session.view, 2),
      total: round(r.edit.session.total, 2),
    },
  }));
  console.log(JSON.stringify({ clouds }));
} else {
  console.log(table(results));
}
