// Simulated time in the user's words: the clock of the send bar ("5:30"), a duration ("5 min 30 s"),
// and what a user types to let time pass ("300", "5 min", "1h30m"), read with a message that names the
// value when it makes no sense. The core keeps the clock (src/sim/engine/state.ts, in µs) and ages
// what the devices learned by it (src/sim/engine/aging.ts).

/** The longest wait at once: a week, more than the longest timeout modelled (an established TCP
 * connection, 5 days, nf_conntrack_tcp_timeout_established). */
export const MAX_WAIT_S = 7 * 86_400;

/** The waits offered in one click: the timeouts that matter fall between them (ARP REACHABLE 30 s,
 * ICMP conntrack 30 s, ARP forgotten 90 s, learned flows and MAC tables 300 s). */
export const WAIT_PRESETS: readonly { seconds: number; label: string }[] = [
  { seconds: 10, label: '10 s' },
  { seconds: 30, label: '30 s' },
  { seconds: 60, label: '1 min' },
  { seconds: 300, label: '5 min' },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** The clock as a stopwatch shows it: "0:02", "5:30", "1:05:30", "2 d 1:05:30" (whole seconds). */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const hms = d || h ? `${h}:${pad(m)}:${pad(rest)}` : `${m}:${pad(rest)}`;
  return d ? `${d} d ${hms}` : hms;
}

/** A duration in words: "0 s", "2.5 s", "5 min 30 s", "1 h 5 min", "2 d 3 h". Seconds past a minute
 * are whole; below a minute one decimal is kept when there is one. */
export function durationText(seconds: number): string {
  const x = Math.max(0, seconds);
  const tenths = Math.round(x * 10) / 10;
  if (tenths < 60) return `${tenths} s`;
  const s = Math.floor(tenths);
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(' ');
}

const UNITS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
};

export type WaitInput = { ok: true; seconds: number } | { ok: false; message: string };

/**
 * Reads a wait typed by a user: seconds ("300", "2.5"), or numbers with units ("5 min", "1h30m",
 * "5 min 30 s"). More than 0 and at most MAX_WAIT_S; anything else is refused with a message that
 * quotes what was typed.
 */
export function parseWait(typed: string): WaitInput {
  const t = typed.trim();
  const q = `Wait "${t}"`;
  if (!t) return { ok: false, message: 'Wait: type how long, in seconds (300) or with a unit (5 min, 1 h).' };
  if (/^[-−]/.test(t)) return { ok: false, message: `${q}: time only moves forward; give more than 0 s.` };
  const re = /(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]*)\s*/y;
  let seconds = 0;
  let n = 0;
  re.lastIndex = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    n++;
    const unit = m[2]!.toLowerCase();
    const per = unit === '' ? 1 : UNITS[unit];
    if (per === undefined)
      return { ok: false, message: `${q}: "${m[2]}" is not a unit of time; use s, min, h or d.` };
    // a bare number after a unit ("5 min 30") is not seconds by any convention: refuse it
    if (unit === '' && n > 1)
      return { ok: false, message: `${q}: give each number its unit, as in 5 min 30 s.` };
    seconds += Number(m[1]) * per;
    if (re.lastIndex === t.length) break;
  }
  if (!n || re.lastIndex !== t.length)
    return { ok: false, message: `${q} is not a number of seconds; type 300, or 5 min.` };
  if (seconds <= 0) return { ok: false, message: `${q} lets no time pass; give more than 0 s.` };
  if (seconds > MAX_WAIT_S)
    return {
      ok: false,
      message: `${q} is ${durationText(seconds)}: the simulator waits at most 7 days (${MAX_WAIT_S} s) at once.`,
    };
  return { ok: true, seconds };
}
