// The filters an operator pipes tool output through (`| grep table=20`, `| head -n 5`, `| wc -l`),
// applied to the text the previous command printed.
import { fail, ok, type ToolResult } from './context';

/** A GNU basic regular expression as a JavaScript one: in BRE, + ? | ( ) { } are special only after \. */
function breToJs(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i]!;
      out += '+?|(){}'.includes(n) ? n : `\\${n}`;
    } else out += '+?|(){}'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

const linesOf = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
const join = (ls: readonly string[]) => (ls.length ? `${ls.join('\n')}\n` : '');

function grep(args: readonly string[], input: string): ToolResult {
  let invert = false;
  let ignoreCase = false;
  let count = false;
  let extended = false;
  let fixed = false;
  let pattern: string | undefined;
  for (const a of args) {
    if (/^-[vicEFw]+$/.test(a)) {
      invert ||= a.includes('v');
      ignoreCase ||= a.includes('i');
      count ||= a.includes('c');
      extended ||= a.includes('E');
      fixed ||= a.includes('F');
    } else if (a.startsWith('-') && pattern === undefined)
      return fail(`grep: invalid option -- '${a.slice(1)}'\nUsage: grep [OPTION]... PATTERNS [FILE]...`, 2);
    else pattern ??= a;
  }
  if (pattern === undefined)
    return fail("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.", 2);
  let re: RegExp;
  try {
    const source = fixed
      ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      : extended
        ? pattern
        : breToJs(pattern);
    re = new RegExp(source, ignoreCase ? 'i' : '');
  } catch {
    return fail('grep: Invalid regular expression', 2);
  }
  const hits = linesOf(input).filter((l) => re.test(l) !== invert);
  const out = count ? `${hits.length}\n` : join(hits);
  return { stdout: out, stderr: '', exitCode: hits.length ? 0 : 1 };
}

function lineCount(args: readonly string[], fallback: number): number | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n') return Number.isInteger(Number(args[i + 1])) ? Number(args[i + 1]) : null;
    const m = /^-n?(\d+)$/.exec(a);
    if (m) return Number(m[1]);
  }
  return fallback;
}

export const FILTERS = ['grep', 'head', 'tail', 'wc'] as const;

/** Runs one filter of a pipeline on the text before it; null when `cmd` is not a filter. */
export function runFilter(cmd: string, args: readonly string[], input: string): ToolResult | null {
  switch (cmd) {
    case 'grep':
      return grep(args, input);
    case 'head':
    case 'tail': {
      const n = lineCount(args, 10);
      if (n === null) return fail(`${cmd}: invalid number of lines`, 1);
      const ls = linesOf(input);
      return ok(join(cmd === 'head' ? ls.slice(0, n) : ls.slice(Math.max(0, ls.length - n))));
    }
    case 'wc': {
      const ls = linesOf(input);
      if (args.includes('-l')) return ok(`${ls.length}\n`);
      const words = input.split(/\s+/).filter(Boolean).length;
      return ok(
        `${String(ls.length).padStart(7)} ${String(words).padStart(7)} ${String(input.length).padStart(7)}\n`,
      );
    }
    default:
      return null;
  }
}
