// A lesson step's command: where it runs, and whether its output shows what the text quotes. The app
// runs it in the worker when the student asks; the project's tests run every built-in lesson's.
import type { ToolResult, Topology, Where } from '../sim';
import type { LessonTerminal } from './schema';

/** Where a step's command runs: `on` names a host, a server (its console) or an outside host. */
export function terminalWhere(t: Topology, on: string): Where | null {
  if (t.hosts.some((h) => h.name === on)) return { host: on, namespace: null };
  if (t.servers.some((s) => s.name === on)) return { host: null, namespace: null, vm: on };
  if (t.outside.some((w) => w.hosts.some((h) => h.name === on)))
    return { host: null, namespace: null, outside: on };
  return null;
}

/** What is wrong with a command's answer: it failed, or its output lacks a string the step quotes. */
export function checkTerminal(r: ToolResult, term: Pick<LessonTerminal, 'command' | 'shows'>): string[] {
  if (r.exitCode !== 0)
    return [`${term.command} failed (exit ${r.exitCode}): ${r.stderr.trim() || 'no message'}`];
  return (term.shows ?? []).flatMap((s) =>
    r.stdout.includes(s) ? [] : [`the output of ${term.command} does not show "${s}"`],
  );
}
