// ping and traceroute as the terminal runs them: sends through the playback store (so their packets
// animate on the canvas), printed as iputils and traceroute print, as the answers come in simulated time;
// and sleep, which moves the simulated clock on.

import {
  BUSYBOX_TRACEROUTE_LEN,
  busyboxPingHeader,
  busyboxPingLine,
  busyboxPingStatistics,
  runsBusybox,
} from '../logic/terminal/busybox';
import {
  DEFAULT_PING_COUNT,
  isIpv4,
  MAX_PING_COUNT,
  noRoute,
  type PingOptions,
  type ProbeResult,
  parsePing,
  parseTraceroute,
  pingHeader,
  pingLine,
  pingStatistics,
  probeResults,
  type TracerouteOptions,
  tracerouteHeader,
  tracerouteLine,
} from '../logic/terminal/ping';
import { type Place, sendSource, targetName } from '../logic/terminal/places';
import { parseSleep } from '../logic/terminal/sleep';
import { findServer, type SendRequest, serverLabel, type Trace } from '../sim';
import { useApp } from './app-store';
import { usePlayback } from './playback-store';
import { useSimClock } from './sim-clock-store';

/** Sends through the playback store, so the packets animate, without taking the panel's tab away. */
function send(req: SendRequest): Promise<Trace | null> {
  return usePlayback.getState().send(req, { quiet: true });
}

// ---- the commands the terminal runs itself ---------------------------------------------------------

export interface Io {
  out(text: string): void;
  err(text: string): void;
  note(text: string): void;
  /** waits, in simulated milliseconds; resolves to the time waited (less when interrupted) */
  sleep(ms: number): Promise<number>;
  aborted(): boolean;
}

export function hostNames(): string[] {
  const doc = useApp.getState().doc;
  if (!doc) return [];
  return [...doc.servers.map((s) => s.name), ...doc.outside.flatMap((w) => w.hosts.map((h) => h.name))];
}

/**
 * What a destination names, for the send: an IPv4, an outside host, or one server (by name, id or
 * label, "vm1 (compute2)", sent to by id). A name two servers have is refused with both, as
 * `openstack server show vm1` refuses it ("More than one Server exists with the name 'vm1'"), and how
 * to name one of them.
 */
type Destination =
  | { ok: true; to: string; toId?: string }
  | { ok: false; unknown: true }
  | { ok: false; unknown: false; error: string };

/** The request's part of a destination. */
const target = (d: Extract<Destination, { ok: true }>): Pick<SendRequest, 'to' | 'toId'> =>
  d.toId ? { to: d.to, toId: d.toId } : { to: d.to };

function destination(tool: string, dest: string): Destination {
  const doc = useApp.getState().doc;
  if (isIpv4(dest) || !doc) return { ok: true, to: dest };
  const f = findServer(doc, dest);
  if (f.ok) return { ok: true, to: dest, toId: f.item.id };
  if (f.candidates.length > 1) {
    const which = f.candidates.map((s) => {
      const ip = doc.ports.find((p) => p.device_id === s.id)?.fixed_ips[0]?.ip_address;
      return `  ${serverLabel(doc, s)}${ip ? `  ${ip}` : ''}`;
    });
    const one = serverLabel(doc, f.candidates.at(-1)!);
    return {
      ok: false,
      unknown: false,
      error: `${tool}: ${dest}: More than one server exists with the name '${dest}':\n${which.join('\n')}\nName one: ${tool} '${one}', or its address or id.`,
    };
  }
  if (doc.outside.some((w) => w.hosts.some((h) => h.name === dest))) return { ok: true, to: dest };
  return { ok: false, unknown: true };
}

export function placeWords(place: Place): string {
  return targetName(place.target, useApp.getState().doc);
}

function noSource(tool: string, place: Place, io: Io): number {
  io.err(
    `${tool}: the simulator sends from a VM console, a qrouter namespace or an outside host, not from ${
      place.namespace ? place.namespace : `${placeWords(place)}'s root namespace`
    }`,
  );
  return 2;
}

export async function ping(place: Place, args: string[], io: Io): Promise<number> {
  const p = parsePing(args);
  if (!p.ok) {
    io.err(p.stderr);
    return p.exitCode;
  }
  const o: PingOptions = p.value;
  const from = sendSource(place, useApp.getState().doc);
  if (!from) return noSource('ping', place, io);
  const dest = destination('ping', o.dest);
  if (!dest.ok) {
    io.err(dest.unknown ? `ping: ${o.dest}: Name or service not known` : dest.error);
    return 2;
  }
  const count = Math.min(o.count, MAX_PING_COUNT);
  if (!o.countGiven)
    io.note(
      `No -c given: sending ${DEFAULT_PING_COUNT}, as \`ping -c ${DEFAULT_PING_COUNT}\`. A real ping runs until Ctrl+C.`,
    );
  else if (o.count > MAX_PING_COUNT)
    io.note(`The simulator sends at most ${MAX_PING_COUNT}: \`ping -c ${MAX_PING_COUNT}\`.`);
  const trace = await send({
    ...from,
    ...target(dest),
    proto: 'icmp',
    count,
    size: o.size + 28,
    intervalMs: o.intervalMs,
    ...(o.ttl !== null ? { ttl: o.ttl } : {}),
  });
  // Ctrl+C while the simulator was still working: like a ping stopped before its first packet (in its
  // name lookup), it prints nothing after the ^C
  if (io.aborted()) return 130;
  if (!trace) {
    io.err('ping: the simulator could not send (see the notice)');
    return 2;
  }
  if (noRoute(trace)) {
    io.err('ping: connect: Network is unreachable');
    return 2;
  }
  const busybox = runsBusybox(place, useApp.getState().doc);
  io.out((busybox ? busyboxPingHeader : pingHeader)(o.dest, trace.send.dst, o.size));
  const results = probeResults(trace);
  // each answer is printed when it comes, in simulated time
  const events = results
    .filter((r) => r.answerUs !== null)
    .sort((a, b) => a.answerUs! - b.answerUs! || a.n - b.n);
  const shown: ProbeResult[] = [];
  let nowUs = 0;
  const until = async (us: number): Promise<boolean> => {
    nowUs += (await io.sleep(Math.max(0, us - nowUs) / 1000)) * 1000;
    return !io.aborted();
  };
  let done = true;
  for (const r of events) {
    if (!(await until(r.answerUs!))) {
      done = false;
      break;
    }
    const line = busybox ? busyboxPingLine(r) : pingLine(r);
    if (line && !o.quiet) io.out(line);
    shown.push(r);
  }
  // a lost last probe: ping waits a while for it before it gives up
  const lastSent = Math.max(0, ...results.map((r) => r.sentUs));
  if (done && nowUs <= lastSent && !(await until(lastSent + o.intervalMs * 1000))) done = false;
  const sent = done ? results : results.filter((r) => r.sentUs <= nowUs);
  const timeMs = sent.length ? (Math.max(...sent.map((r) => r.sentUs)) - sent[0]!.sentUs) / 1000 : 0;
  // after ^C the statistics follow at once; at the end, after an empty line
  const stats = busybox
    ? busyboxPingStatistics(o.dest, Math.max(1, sent.length), shown)
    : pingStatistics(o.dest, Math.max(1, sent.length), shown, timeMs);
  io.out(`${done ? '\n' : ''}${stats.join('\n')}`);
  // a probe that died silently prints nothing: say where it died
  if (results.some((r) => r.answerUs === null) && trace.reason) io.note(`Simulator: ${trace.reason}`);
  return shown.some((r) => r.outcome === 'reply') ? 0 : 1;
}

export async function traceroute(place: Place, args: string[], io: Io): Promise<number> {
  const p = parseTraceroute(args);
  if (!p.ok) {
    io.err(p.stderr);
    return p.exitCode;
  }
  const o: TracerouteOptions = p.value;
  if (runsBusybox(place, useApp.getState().doc) && !o.packetLenGiven) o.packetLen = BUSYBOX_TRACEROUTE_LEN;
  const from = sendSource(place, useApp.getState().doc);
  if (!from) return noSource('traceroute', place, io);
  const dest = destination('traceroute', o.dest);
  if (!dest.ok) {
    io.err(
      dest.unknown
        ? `${o.dest}: Name or service not known\nCannot handle "host" cmdline arg \`${o.dest}' on position 1 (argc 1)`
        : dest.error,
    );
    return 2;
  }
  let header = false;
  for (let ttl = o.firstTtl; ttl <= o.maxTtl; ttl++) {
    if (io.aborted()) return 130;
    const trace = await send({
      ...from,
      ...target(dest),
      proto: o.icmp ? 'icmp' : 'udp',
      ...(o.icmp ? {} : { port: o.port + (ttl - 1) * o.queries }),
      count: o.queries,
      ttl,
      size: o.packetLen,
      intervalMs: 0,
    });
    if (io.aborted()) return 130;
    if (!trace) {
      io.err('traceroute: the simulator could not send (see the notice)');
      return 2;
    }
    if (noRoute(trace)) {
      io.err('connect: Network is unreachable');
      return 1;
    }
    if (!header) {
      io.out(tracerouteHeader(o.dest, trace.send.dst, o));
      header = true;
    }
    const results = probeResults(trace);
    await io.sleep(Math.max(0, ...results.map((r) => r.answerUs ?? 0)) / 1000);
    if (io.aborted()) return 130;
    const { line, done } = tracerouteLine(ttl, results, o.numeric);
    io.out(line);
    if (done) return 0;
    if (results.every((r) => r.answerUs === null)) {
      // the probes die on the way, before their TTL runs out: every later hop is the same * * *
      const stars = Array.from(
        { length: o.maxTtl - ttl },
        (_, k) => tracerouteLine(ttl + k + 1, results, true).line,
      );
      if (stars.length) io.out(stars.join('\n'));
      if (trace.reason)
        io.note(`Simulator: ${trace.reason}. Later hops were not sent: they would die there too.`);
      return 0;
    }
  }
  return 0;
}

/**
 * `sleep N`: N seconds of simulated time pass at once (the terminal does not wait them out), and, as
 * sleep does, nothing is printed. What timed out meanwhile is gone for the next command and send.
 */
export async function runSleep(args: string[], io: Io): Promise<number> {
  const p = parseSleep(args);
  if (!p.ok) {
    io.out(p.stdout);
    io.err(p.stderr);
    return p.exitCode;
  }
  if (p.capped) io.note('The simulator sleeps at most 7 days at a time: as `sleep 7d`.');
  if (p.seconds > 0 && (await useSimClock.getState().wait(p.seconds, { quiet: true })) === null) return 1;
  return 0;
}
