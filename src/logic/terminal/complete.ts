// Tab completion in the terminal: the core answers for its tools (command words, namespaces, bridges,
// openstack names); the terminal adds what it runs itself (ping, traceroute, sleep, its builtins, the
// names ping takes) and then does what bash does with the candidates: one completes the word, several
// complete their common prefix and are listed.
import { unwrap } from './words';

/** The words the terminal itself runs. */
export const BUILTINS = ['clear', 'exit', 'help', 'history'] as const;
export const SENDERS = ['ping', 'traceroute'] as const;
/** Commands that move the simulated clock on. */
export const TIME_COMMANDS = ['sleep'] as const;

/** Options of ping and traceroute that take a value: no name completes after them. */
const VALUE_OPTIONS = new Set([
  '-c',
  '-s',
  '-t',
  '-i',
  '-W',
  '-w',
  '-I',
  '-q',
  '-m',
  '-f',
  '-p',
  '-l',
  '-Q',
  '-M',
]);

export interface CompletionInput {
  /** the line up to the cursor */
  before: string;
  /** names ping and traceroute take: servers and outside hosts */
  hostNames: readonly string[];
  /** whether the shell runs in a host (so `ip netns exec <ns> bash` can enter a namespace) */
  onHost: boolean;
}

/** The last word being completed, and the words before it. */
export function splitPartial(before: string): { words: string[]; partial: string } {
  const words = before.split(/\s+/).filter(Boolean);
  const partial = before === '' || /\s$/.test(before) ? '' : (words.pop() ?? '');
  return { words, partial };
}

/** Candidates the terminal adds to the core's for the last word of a line. */
export function terminalCandidates({ before, hostNames, onHost }: CompletionInput): string[] {
  const { words, partial } = splitPartial(before);
  if (words.includes('|')) return [];
  const u = unwrap(words);
  if (u.missingNamespace) return [];
  const out: string[] = [];
  if (!u.argv.length) {
    out.push(...SENDERS, ...TIME_COMMANDS);
    if (!words.length) out.push(...BUILTINS);
    if (u.namespace && onHost) out.push('bash');
  } else if ((SENDERS as readonly string[]).includes(u.argv[0]!)) {
    const prev = u.argv.at(-1)!;
    if (!VALUE_OPTIONS.has(prev) && !partial.startsWith('-')) out.push(...hostNames);
  }
  return out.filter((c) => c.startsWith(partial));
}

export function commonPrefix(words: readonly string[]): string {
  if (!words.length) return '';
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/**
 * What Tab does with the candidates: the line up to the cursor afterwards, and the candidates to list
 * (several that the word does not decide between).
 */
export function applyCompletion(
  before: string,
  candidates: readonly string[],
): { before: string; list: string[] } {
  const { partial } = splitPartial(before);
  const cands = [...new Set(candidates)].filter((c) => c.startsWith(partial)).sort();
  const stem = before.slice(0, before.length - partial.length);
  if (!cands.length) return { before, list: [] };
  if (cands.length === 1) return { before: `${stem}${cands[0]} `, list: [] };
  return { before: `${stem}${commonPrefix(cands)}`, list: cands };
}
