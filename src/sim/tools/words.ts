// Reading a typed line as a shell does: words with 'single' and "double" quotes and backslashes, and
// the commands of a pipeline. Shared by the core's shell and the app's terminal (which interprets a few
// commands itself), so that both split a line the same way. No imports: the app loads it alone.

/** The commands of a pipeline, each as its words: `a 'b c' | d` is [['a', 'b c'], ['d']]. */
export function splitLine(line: string): string[][] {
  const stages: string[][] = [];
  let words: string[] = [];
  let cur = '';
  let has = false;
  let quote: "'" | '"' | null = null;
  const endWord = () => {
    if (has) words.push(cur);
    cur = '';
    has = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (c === '|') {
      endWord();
      stages.push(words);
      words = [];
    } else if (/\s/.test(c)) endWord();
    else {
      cur += c;
      has = true;
    }
  }
  endWord();
  stages.push(words);
  return stages;
}

/** One command's words (a `|` is kept as a word of its own). */
export function parseCommandLine(line: string): string[] {
  return splitLine(line).flatMap((stage, i) => (i === 0 ? stage : ['|', ...stage]));
}
