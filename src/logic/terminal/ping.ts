// ping and traceroute as the terminal runs them: their command lines parsed as iputils and traceroute
// parse them, and their output printed in those tools' formats from the traces of the sends they make.
// Times are the simulated ones: a probe's round trip is the time between its first hop and the hop that
// delivered its answer.
import type { Trace, TraceProbe } from '../../sim';

export type Parsed<T> = { ok: true; value: T } | { ok: false; stderr: string; exitCode: number };

const fail = <T>(stderr: string, exitCode: number): Parsed<T> => ({ ok: false, stderr, exitCode });

/** The most sends of one ping the core makes (engine/send.ts caps count at 100). */
export const MAX_PING_COUNT = 100;
/** A terminal ping without -c sends this many: a real one runs until Ctrl+C. */
export const DEFAULT_PING_COUNT = 4;

export interface PingOptions {
  dest: string;
  count: number;
  countGiven: boolean;
  /** ICMP payload bytes (-s); the IP packet is 28 more */
  size: number;
  ttl: number | null;
  intervalMs: number;
  quiet: boolean;
}

const PING_USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      DNS name or IP address
  -c <count>         stop after <count> replies
  -i <interval>      seconds between sending each packet
  -n                 no dns name resolution
  -q                 quiet output
  -s <size>          use <size> as number of data bytes to be sent
  -t <ttl>           define time to live
  -W <timeout>       time to wait for response
  -w <deadline>      reply wait <deadline> in seconds
`;

/** getopt(3) over short options: flags, and options taking a value glued (-c4) or next (-c 4). */
function getopt(
  args: readonly string[],
  withValue: string,
  flags: string,
): { ok: true; opts: [string, string][]; rest: string[] } | { ok: false; bad: string; missing: boolean } {
  const opts: [string, string][] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if (withValue.includes(c)) {
        const glued = a.slice(k + 1);
        const value = glued || args[++i];
        if (value === undefined) return { ok: false, bad: c, missing: true };
        opts.push([c, value]);
        break;
      }
      if (!flags.includes(c)) return { ok: false, bad: c, missing: false };
      opts.push([c, '']);
    }
  }
  return { ok: true, opts, rest };
}

function intArg(prefix: string, v: string, min: number, max: number): number | string {
  if (!/^[+-]?\d+$/.test(v)) return `${prefix}: invalid argument: '${v}'`;
  const n = Number(v);
  if (n < min || n > max)
    return `${prefix}: invalid argument: '${v}': out of range: ${min} <= value <= ${max}`;
  return n;
}

export function parsePing(args: readonly string[]): Parsed<PingOptions> {
  const g = getopt(args, 'cistWwIlQpM', 'qn4vDOAbh');
  if (!g.ok)
    return fail(
      g.missing
        ? `ping: option requires an argument -- '${g.bad}'${PING_USAGE}`
        : `ping: invalid option -- '${g.bad}'${PING_USAGE}`,
      2,
    );
  const o: PingOptions = {
    dest: '',
    count: DEFAULT_PING_COUNT,
    countGiven: false,
    size: 56,
    ttl: null,
    intervalMs: 1000,
    quiet: false,
  };
  for (const [c, v] of g.opts) {
    switch (c) {
      case 'h':
        return fail(PING_USAGE.slice(1), 2);
      case 'c': {
        const n = intArg('ping', v, 1, Number.MAX_SAFE_INTEGER);
        if (typeof n === 'string') return fail(n, 1);
        o.count = n;
        o.countGiven = true;
        break;
      }
      case 's': {
        const n = intArg('ping', v, 0, 65507);
        if (typeof n === 'string') return fail(n, 1);
        o.size = n;
        break;
      }
      case 't': {
        const n = intArg('ping', v, 1, 255);
        if (typeof n === 'string') return fail(n, 1);
        o.ttl = n;
        break;
      }
      case 'i': {
        const s = Number(v);
        if (!/^\d*\.?\d+$/.test(v) || !Number.isFinite(s)) return fail(`ping: bad timing interval: ${v}`, 1);
        o.intervalMs = Math.max(1, Math.round(s * 1000));
        break;
      }
      case 'q':
        o.quiet = true;
        break;
      // -n -4 -v -D -O -A -b -W -w -I -l -Q -p -M: accepted; they change nothing the simulator shows
    }
  }
  const dest = g.rest.at(-1);
  if (dest === undefined) return fail('ping: usage error: Destination address required', 1);
  o.dest = dest;
  return { ok: true, value: o };
}

export interface TracerouteOptions {
  dest: string;
  /** the IP packet's length, and whether the command line gave it (each tool has its own default) */
  packetLen: number;
  packetLenGiven: boolean;
  queries: number;
  firstTtl: number;
  maxTtl: number;
  port: number;
  icmp: boolean;
  numeric: boolean;
}

const TRACEROUTE_USAGE = `Usage:
  traceroute [ -4nIU ] [ -f first_ttl ] [ -m max_ttl ] [ -p port ] [ -q nqueries ] [ -w waittime ] host [ packetlen ]
`;

export function parseTraceroute(args: readonly string[]): Parsed<TracerouteOptions> {
  const g = getopt(args, 'fmpqwNzst', '4nIUdFrAeh');
  if (!g.ok)
    return fail(
      g.missing
        ? `Option \`-${g.bad}' (argc 1) requires an argument: \`-${g.bad} ${optArgName(g.bad)}'\n${TRACEROUTE_USAGE}`
        : `Bad option \`-${g.bad}' (argc 1)\n${TRACEROUTE_USAGE}`,
      2,
    );
  const o: TracerouteOptions = {
    dest: '',
    packetLen: 60,
    packetLenGiven: false,
    queries: 3,
    firstTtl: 1,
    maxTtl: 30,
    port: 33434,
    icmp: false,
    numeric: false,
  };
  const num = (c: string, v: string, min: number, max: number): number | string => {
    const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (Number.isNaN(n)) return `Cannot handle \`-${c}' option with arg \`${v}' (argc 2)`;
    if (n < min || n > max) return rangeWords(c, n, max);
    return n;
  };
  for (const [c, v] of g.opts) {
    const take = (min: number, max: number): number | string => num(c, v, min, max);
    let r: number | string | null = null;
    switch (c) {
      case 'h':
        return fail(TRACEROUTE_USAGE, 0);
      case 'f':
        r = take(1, 255);
        if (typeof r === 'number') o.firstTtl = r;
        break;
      case 'm':
        r = take(1, 255);
        if (typeof r === 'number') o.maxTtl = r;
        break;
      case 'p':
        r = take(1, 65535);
        if (typeof r === 'number') o.port = r;
        break;
      case 'q':
        r = take(1, 10);
        if (typeof r === 'number') o.queries = r;
        break;
      case 'I':
        o.icmp = true;
        break;
      case 'U':
        o.icmp = false;
        break;
      case 'n':
        o.numeric = true;
        break;
    }
    if (typeof r === 'string') return fail(r, 2);
  }
  if (o.firstTtl > o.maxTtl) return fail('first hop out of range', 2);
  const [dest, len, extra] = g.rest;
  if (dest === undefined) return fail(TRACEROUTE_USAGE, 2);
  if (extra !== undefined) return fail(`Extra arg \`${extra}' (position 3, argc 3)`, 2);
  o.dest = dest;
  if (len !== undefined) {
    const n = /^\d+$/.test(len) ? Number(len) : Number.NaN;
    if (Number.isNaN(n))
      return fail(`Cannot handle "packetlen" cmdline arg \`${len}' on position 2 (argc 2)`, 2);
    if (n > 65000) return fail(`too big packetlen ${n} specified`, 2);
    o.packetLen = Math.max(28, n);
    o.packetLenGiven = true;
  }
  return { ok: true, value: o };
}

function optArgName(c: string): string {
  return (
    (
      { f: 'first_ttl', m: 'max_ttl', p: 'port', q: 'nqueries', w: 'MAX,HERE,NEAR' } as Record<string, string>
    )[c] ?? 'arg'
  );
}

function rangeWords(c: string, n: number, max: number): string {
  switch (c) {
    case 'q':
      return `no more than ${max} probes per hop`;
    case 'm':
      return `max hops cannot be more than ${max}`;
    case 'f':
      return 'first hop out of range';
    default:
      return `Cannot handle \`-${c}' option with arg \`${n}' (argc 2)`;
  }
}

/** What a probe of a trace came to, with its simulated times. */
export interface ProbeResult {
  n: number;
  outcome: TraceProbe['outcome'];
  summary: string;
  /** µs since the send began: when the probe left, when its answer arrived (null: none came) */
  sentUs: number;
  answerUs: number | null;
  /** the address the answer came from, read from the summary */
  from: string | null;
}

const ANSWERED = new Set(['reply', 'established', 'refused', 'unreachable', 'ttl-exceeded']);

export function probeResults(trace: Trace): ProbeResult[] {
  const first = new Map<string, number>();
  const delivered = new Map<string, number>();
  const last = new Map<string, number>();
  for (const h of trace.hops) {
    if (!first.has(h.packet)) first.set(h.packet, h.t);
    if (h.fate === 'deliver' && !delivered.has(h.packet)) delivered.set(h.packet, h.t);
    last.set(h.packet, h.t);
  }
  return trace.probes.map((p) => {
    const sentUs = (p.request && first.get(p.request)) || 0;
    const answered = ANSWERED.has(p.outcome) && p.answer !== null;
    const at = answered ? (delivered.get(p.answer!) ?? last.get(p.answer!) ?? null) : null;
    const m = /^From (\S+?):/.exec(p.summary) ?? /bytes from (\S+?):/.exec(p.summary);
    return {
      n: p.n,
      outcome: p.outcome,
      summary: p.summary,
      sentUs,
      answerUs: at,
      from: answered ? (m?.[1] ?? null) : null,
    };
  });
}

/** A round trip as iputils ping prints it: three significant digits, at most three decimals. */
export function pingTime(us: number): string {
  const ms = us / 1000;
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

export function pingHeader(dest: string, dst: string, size: number): string {
  return `PING ${dest} (${dst}) ${size}(${size + 28}) bytes of data.`;
}

/** The line ping prints for a probe's answer, or null when none came (ping prints nothing then). */
export function pingLine(r: ProbeResult): string | null {
  if (r.answerUs === null) return null;
  if (r.outcome === 'reply') return `${r.summary} time=${pingTime(r.answerUs - r.sentUs)} ms`;
  // an ICMP error: "From 192.168.1.1 icmp_seq=1 Time to live exceeded"
  const m = /^From (\S+?): (.*)$/.exec(r.summary);
  return m ? `From ${m[1]} icmp_seq=${r.n} ${m[2]}` : r.summary;
}

/** `%g` of C's printf: six significant digits, no trailing zeros. */
const g6 = (x: number): string => String(Number(x.toPrecision(6)));

/**
 * The statistics ping prints at the end: over the probes sent (`transmitted`) and the answers printed
 * (`answered`), with the time from the first probe to the last one sent.
 */
export function pingStatistics(
  dest: string,
  transmitted: number,
  answered: readonly ProbeResult[],
  timeMs: number,
): string[] {
  const replies = answered.filter((r) => r.outcome === 'reply');
  const errors = answered.length - replies.length;
  const loss = transmitted ? ((transmitted - replies.length) * 100) / transmitted : 0;
  const out = [
    `--- ${dest} ping statistics ---`,
    `${transmitted} packets transmitted, ${replies.length} received, ${errors ? `+${errors} errors, ` : ''}${g6(loss)}% packet loss, time ${Math.round(timeMs)}ms`,
  ];
  if (replies.length) {
    const rtts = replies.map((r) => (r.answerUs! - r.sentUs) / 1000);
    const min = Math.min(...rtts);
    const max = Math.max(...rtts);
    const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
    const sq = rtts.reduce((a, b) => a + b * b, 0) / rtts.length;
    const mdev = Math.sqrt(Math.max(0, sq - avg * avg));
    out.push(`rtt min/avg/max/mdev = ${[min, avg, max, mdev].map((x) => x.toFixed(3)).join('/')} ms`);
  }
  return out;
}

export function tracerouteHeader(dest: string, dst: string, o: TracerouteOptions): string {
  return `traceroute to ${dest} (${dst}), ${o.maxTtl} hops max, ${o.packetLen} byte packets`;
}

/** The mark traceroute prints after an ICMP error that is not "time exceeded" nor the destination's. */
function annotation(r: ProbeResult): string {
  if (r.outcome !== 'unreachable') return '';
  if (/Host Unreachable/.test(r.summary)) return ' !H';
  if (/Net Unreachable/.test(r.summary)) return ' !N';
  if (/Port Unreachable/.test(r.summary)) return ' !P';
  if (/Frag needed/.test(r.summary)) return ' !F';
  return ' !X';
}

/**
 * One hop of traceroute: ` 1  192.168.1.1 (192.168.1.1)  0.300 ms  0.250 ms  0.240 ms`, ` 4  * * *`.
 * `done` when the destination answered or the way on is unreachable.
 */
export function tracerouteLine(
  ttl: number,
  results: readonly ProbeResult[],
  numeric: boolean,
): { line: string; done: boolean } {
  let line = `${String(ttl).padStart(2)} `;
  let prev: string | null = null;
  let done = false;
  for (const r of results) {
    if (r.answerUs === null || !r.from) {
      line += ' *';
      if (r.outcome === 'delivered') done = true;
      continue;
    }
    if (r.from !== prev) line += numeric ? ` ${r.from}` : ` ${r.from} (${r.from})`;
    prev = r.from;
    line += `  ${((r.answerUs - r.sentUs) / 1000).toFixed(3)} ms${annotation(r)}`;
    if (r.outcome !== 'ttl-exceeded') done = true;
  }
  return { line, done };
}

/** `connect: Network is unreachable`: the source has no route at all, nothing was sent. */
export function noRoute(trace: Trace): boolean {
  return (
    trace.probes.length > 0 &&
    trace.probes.every((p) => p.summary.startsWith('connect: Network is unreachable'))
  );
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
export const isIpv4 = (s: string): boolean => IPV4.test(s);
