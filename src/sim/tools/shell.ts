// The entry point of the simulated tools: runs one command (argv) where a terminal sits — a host's
// root namespace, one of its namespaces, a VM or an outside host — as a shell would: `sudo`, `ip netns
// exec`, the commands each place has, "command not found" for the rest; and whole lines with quoting
// and pipes into grep/head/tail/wc. Sending tools (ping, traceroute) are plugged in by the caller.

import { runBrctl } from './brctl';
import { runCat } from './cat';
import {
  fail,
  namespaceOn,
  noSuchNamespace,
  ok,
  type Place,
  resolvePlace,
  type ToolContext,
  type ToolResult,
  type Where,
} from './context';
import { busyboxArp, guestImage } from './guest-console';
import { type ExecIn, runIp } from './ip';
import { arpN, routeN } from './ip-route';
import { runIptables, runIptablesSave } from './iptables';
import { runOpenstack } from './openstack';
import { runOvnNbctl, runOvnSbctl } from './ovn-show';
import { runOvnTrace } from './ovn-trace';
import { runOvsAppctl, runOvsOfctl, runOvsVsctl } from './ovs';
import { runFilter } from './pipes';
import { parseCommandLine, splitLine } from './words';

export type { ToolContext, ToolResult, Where } from './context';

/** A command the caller implements (ping, traceroute), run with the place it was typed in. */
export type ExternalCommand = (where: Where, argv: readonly string[]) => ToolResult;

export interface RunOptions {
  readonly external?: Readonly<Record<string, ExternalCommand>>;
}

/** What an OpenStack host has installed. */
export const HOST_COMMANDS = [
  'arp',
  'brctl',
  'cat',
  'hostname',
  'ip',
  'iptables',
  'iptables-save',
  'openstack',
  'ovn-nbctl',
  'ovn-sbctl',
  'ovn-trace',
  'ovs-appctl',
  'ovs-ofctl',
  'ovs-vsctl',
  'route',
  'sudo',
] as const;
/** What a CirrOS guest (busybox) or an outside host has of them. */
export const GUEST_COMMANDS = ['arp', 'hostname', 'ip', 'route', 'sudo'] as const;

export function commandsAt(place: Place, options: RunOptions = {}): string[] {
  const own: readonly string[] = place.kind === 'guest' ? GUEST_COMMANDS : HOST_COMMANDS;
  return [...own, ...Object.keys(options.external ?? {})].sort();
}

/** Runs one command where `where` says: `{ host, namespace: null }` is the host's root namespace. */
export function runTool(
  ctx: ToolContext,
  where: Where,
  argv: readonly string[],
  options: RunOptions = {},
): ToolResult {
  const r = resolvePlace(ctx, where);
  if (!r.ok) return r.error;
  return dispatch(ctx, where, r.place, argv, options, false);
}

function whereOf(where: Where, place: Place): Where {
  return place.kind === 'namespace' ? { host: place.host.name, namespace: place.device.name } : where;
}

function dispatch(
  ctx: ToolContext,
  where: Where,
  place: Place,
  argv: readonly string[],
  options: RunOptions,
  viaExec: boolean,
): ToolResult {
  const [cmd, ...args] = argv;
  if (cmd === undefined || cmd === '') return ok('');
  const guest = place.kind === 'guest';
  const notFound = () =>
    viaExec
      ? fail(`exec of "${cmd}" failed: No such file or directory`, 1)
      : guest
        ? fail(`-sh: ${cmd}: not found`, 127)
        : fail(`bash: ${cmd}: command not found`, 127);
  const exec: ExecIn = (ns, inner) => {
    const device = guest ? undefined : namespaceOn(ctx, place.host, ns);
    if (place.kind === 'guest' || !device) return noSuchNamespace(ns);
    const nsPlace: Place = { kind: 'namespace', host: place.host, device };
    return dispatch(ctx, whereOf(where, nsPlace), nsPlace, inner, options, true);
  };
  const external = options.external?.[cmd];
  if (external) return external(whereOf(where, place), args);
  switch (cmd) {
    case 'sudo':
      return args.length
        ? dispatch(ctx, where, place, args, options, viaExec)
        : fail('usage: sudo command', 1);
    case 'ip':
      return runIp(ctx, place, args, exec);
    case 'route':
      if (args.some((a) => a !== '-n' && a !== '-e' && a !== '-ee'))
        return fail(`route: the simulated hosts are read-only (${args.join(' ')})`, 1);
      return routeN(place, args.includes('-n'));
    case 'arp':
      return runArp(ctx, place, args);
    case 'hostname':
      return ok(`${place.kind === 'guest' ? place.name : place.host.name}\n`);
  }
  if (place.kind === 'guest') return notFound();
  switch (cmd) {
    case 'ovs-vsctl':
      return runOvsVsctl(ctx, place.host, args);
    case 'ovs-ofctl':
      return runOvsOfctl(ctx, place.host, args);
    case 'ovs-appctl':
      return runOvsAppctl(ctx, place.host, args);
    case 'brctl':
      return runBrctl(ctx, place.host, args);
    case 'cat':
      return runCat(ctx, place, args);
    case 'iptables':
      return runIptables(ctx, place, args);
    case 'iptables-save':
      return runIptablesSave(ctx, place, args);
    case 'openstack':
      return runOpenstack(ctx, args);
    case 'ovn-nbctl':
      return runOvnNbctl(ctx, args);
    case 'ovn-sbctl':
      return runOvnSbctl(ctx, args);
    case 'ovn-trace':
      return runOvnTrace(ctx, args);
    default:
      return notFound();
  }
}

function runArp(ctx: ToolContext, place: Place, args: readonly string[]): ToolResult {
  if (place.kind === 'guest' && guestImage(ctx, place) === 'cirros') return busyboxArp(ctx, place);
  const table = arpN(ctx, place);
  if (!args.some((a) => /^-\w*a/.test(a))) return table;
  // arp -a: the BSD style, one line per entry
  const lines = table.stdout
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const [ip, , mac, , dev] = l.split(/\s+/);
      return `? (${ip}) at ${mac} [ether] on ${dev}`;
    });
  return ok(lines.length ? `${lines.join('\n')}\n` : '');
}

/** Splits a line at unquoted | into the commands of a pipeline. */

/**
 * Runs a typed line: the first command with runTool, each later one (grep, head, tail, wc) on the
 * output before it. stderr of every stage is kept; the exit code is the last stage's, as in bash.
 */
export { parseCommandLine };

export function runLine(ctx: ToolContext, where: Where, line: string, options: RunOptions = {}): ToolResult {
  const stages = splitLine(line);
  if (stages.length > 1 && stages.some((s) => !s.length))
    return fail("bash: syntax error near unexpected token `|'", 2);
  let result = runTool(ctx, where, stages[0] ?? [], options);
  let stderr = result.stderr;
  for (const stage of stages.slice(1)) {
    const [cmd = '', ...args] = stage;
    const next = runFilter(cmd, args, result.stdout) ?? fail(`bash: ${cmd}: command not found`, 127);
    stderr += next.stderr;
    result = next;
  }
  return { stdout: result.stdout, stderr, exitCode: result.exitCode };
}
