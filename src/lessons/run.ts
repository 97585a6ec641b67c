// A lesson step's command: where it runs (a host's root namespace, a server's console or an outside
// host, named as the lesson names them) and whether its output shows what the text says. Used by the
// app when the student presses the step's button and by the tests for every built-in lesson.
import { findServer, type ToolResult, type Topology, type Where } from '../sim';
import type { LessonStep } from './schema';

export type LessonRun = NonNullable<LessonStep['run']>;

/** Where `on` names: a host, then a server (by name or label, "vm1 (compute2)"), then an outside host. */
export function whereOn(topology: Topology, on: string): Where | null {
  if (topology.hosts.some((h) => h.name === on)) return { host: on, namespace: null };
  const server = findServer(topology, on);
  if (server.ok) return { host: null, namespace: null, vm: server.item.id };
  if (topology.outside.some((w) => w.hosts.some((h) => h.name === on)))
    return { host: null, namespace: null, outside: on };
  return null;
}

/** What is wrong with a command's answer, each problem a sentence naming the command and the pattern. */
export function checkOutput(run: LessonRun, r: ToolResult): string[] {
  const what = `${run.command} on ${run.on}`;
  const problems: string[] = [];
  if (r.exitCode !== 0) problems.push(`${what} failed (exit ${r.exitCode}): ${r.stderr.trim()}`);
  for (const p of run.shows ?? [])
    if (!new RegExp(p, 'm').test(r.stdout)) problems.push(`${what} does not show /${p}/`);
  for (const p of run.lacks ?? [])
    if (new RegExp(p, 'm').test(r.stdout)) problems.push(`${what} shows /${p}/, which it should not`);
  return problems;
}
