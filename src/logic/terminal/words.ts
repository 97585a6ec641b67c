// Reading a typed line as a shell does, for the few things the terminal itself interprets (builtins,
// ping, traceroute, entering a namespace with `ip netns exec <ns> bash`): words with 'single' and
// "double" quotes and backslashes, and the commands of a pipeline. Everything else goes to the core
// as typed, which splits it the same way (the same splitLine).
import { splitLine } from '../../sim/tools/words';

export interface ParsedLine {
  /** the commands of the pipeline, each as its words */
  stages: string[][];
}

export function parseLine(line: string): ParsedLine {
  return { stages: splitLine(line) };
}

/** `ip netns exec` as iproute2 accepts it, abbreviations included (`ip net e`). */
function isNetnsExec(w: readonly string[], i: number): boolean {
  const obj = w[i + 1] ?? '';
  const verb = w[i + 2] ?? '';
  return (
    w[i] === 'ip' && obj.length >= 3 && 'netns'.startsWith(obj) && verb.length >= 1 && 'exec'.startsWith(verb)
  );
}

export interface Unwrapped {
  /** the namespace `ip netns exec` named, if the command was wrapped in one */
  namespace: string | null;
  /** the command itself, without `sudo` and `ip netns exec <ns>` */
  argv: string[];
  /** `ip netns exec` without a namespace name */
  missingNamespace: boolean;
}

/** Takes `sudo` and `ip netns exec <ns>` off a command, as the shell and iproute2 would run it. */
export function unwrap(words: readonly string[]): Unwrapped {
  let i = 0;
  let namespace: string | null = null;
  for (;;) {
    if (words[i] === 'sudo') i++;
    else if (isNetnsExec(words, i)) {
      const ns = words[i + 3];
      if (ns === undefined) return { namespace, argv: [], missingNamespace: true };
      namespace = ns;
      i += 4;
    } else break;
  }
  return { namespace, argv: words.slice(i), missingNamespace: false };
}
