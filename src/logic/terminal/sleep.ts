// `sleep` as GNU coreutils reads its arguments (src/sleep.c): each NUMBER[SUFFIX] is a floating-point
// number (strtod: decimals, exponents, hex, "inf") with an optional s, m, h or d; several are added up.
// Options are --help and --version only (parse_gnu_standard_options_only): any other word that starts
// with '-' is an invalid option, so `sleep -1` is refused as one, and `sleep -- -1` as an interval.
// Errors print "sleep: …" and "Try 'sleep --help' for more information." and exit 1. The terminal moves
// the simulated clock by the total (src/store/terminal-store.ts).
import { MAX_WAIT_S } from '../sim-time';

export type SleepParse =
  | { ok: true; seconds: number /** the total was more than the simulator sleeps at once */; capped: boolean }
  | { ok: false; stdout: string; stderr: string; exitCode: number };

const TRY = "Try 'sleep --help' for more information.";

export const SLEEP_HELP = `Usage: sleep NUMBER[SUFFIX]...
  or:  sleep OPTION
Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),
'm' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an
integer.  Given two or more arguments, pause for the amount of time
specified by the sum of their values.

      --help        display this help and exit
      --version     output version information and exit`;

const SUFFIX: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

/** strtod's reading of a number and what follows it; null when no number starts the word. */
function strtod(w: string): { value: number; rest: string } | null {
  const m =
    /^\s*([-+]?)(?:(0x[0-9a-f]+)|(inf(?:inity)?|nan)|((?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?))/i.exec(w) ?? null;
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const word = (m[2] ?? m[3] ?? m[4] ?? '').toLowerCase();
  const value = m[2]
    ? Number.parseInt(word.slice(2), 16)
    : m[3]
      ? word === 'nan'
        ? Number.NaN
        : Number.POSITIVE_INFINITY
      : Number(word);
  return { value: sign * value, rest: w.slice(m[0].length) };
}

const failed = (lines: string[]): SleepParse => ({
  ok: false,
  stdout: '',
  stderr: [...lines, TRY].join('\n'),
  exitCode: 1,
});

export function parseSleep(args: readonly string[]): SleepParse {
  const operands: string[] = [];
  let options = true;
  for (const a of args) {
    if (options && a === '--') {
      options = false;
      continue;
    }
    if (options && a.startsWith('--')) {
      // getopt_long takes an unambiguous prefix of a long option
      if (a.length > 2 && '--help'.startsWith(a))
        return { ok: false, stdout: SLEEP_HELP, stderr: '', exitCode: 0 };
      if (a.length > 2 && '--version'.startsWith(a))
        return { ok: false, stdout: 'sleep (GNU coreutils) 9.1', stderr: '', exitCode: 0 };
      return failed([`sleep: unrecognized option '${a}'`]);
    }
    if (options && a.startsWith('-') && a !== '-') return failed([`sleep: invalid option -- '${a[1]}'`]);
    operands.push(a);
  }
  if (!operands.length) return failed(['sleep: missing operand']);
  let seconds = 0;
  const bad: string[] = [];
  for (const w of operands) {
    const n = strtod(w);
    const per = n && n.rest.length <= 1 ? SUFFIX[n.rest] : undefined;
    if (!n || !(n.value >= 0) || per === undefined) bad.push(`sleep: invalid time interval '${w}'`);
    else seconds += n.value * per;
  }
  if (bad.length) return failed(bad);
  const capped = seconds > MAX_WAIT_S;
  return { ok: true, seconds: capped ? MAX_WAIT_S : seconds, capped };
}
