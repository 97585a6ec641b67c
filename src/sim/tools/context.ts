// What every simulated command-line tool works from: the cloud (Topology, Dataplane, SimState), the
// place a command runs (a host's root namespace, one of its qrouter-/qdhcp- namespaces, a VM or an
// outside host), and the shape of its answer (stdout, stderr, exit code), as a shell would see it.
import { stableHex } from '../addr/stable';

import type { SimState } from '../engine/state';
import type { Topology } from '../model/types';
import type { Dataplane, Device, HostPlane, OvsBridge, StackDevice } from '../realize/dataplane';

export interface ToolContext {
  readonly topology: Topology;
  readonly plane: Dataplane;
  readonly state: SimState;
}

/** Where a command runs: a host (root namespace or one of its namespaces), a VM, or an outside host. */
export interface Where {
  readonly host: string | null;
  readonly namespace: string | null;
  /** a server name or id: the command runs in the guest */
  readonly vm?: string;
  /** an outside host by name (the "internet" host behind an external network) */
  readonly outside?: string;
}

export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export const ok = (stdout: string): ToolResult => ({ stdout, stderr: '', exitCode: 0 });

export const fail = (stderr: string, exitCode = 1, stdout = ''): ToolResult => ({
  stdout,
  stderr: stderr.endsWith('\n') || stderr === '' ? stderr : `${stderr}\n`,
  exitCode,
});

/** Lines as a tool prints them: each ends with a newline; no lines print nothing. */
export const text = (lines: readonly string[]): string => (lines.length ? `${lines.join('\n')}\n` : '');

/** The place a command runs, resolved against the Dataplane. */
export type Place =
  | { readonly kind: 'host'; readonly host: HostPlane }
  | { readonly kind: 'namespace'; readonly host: HostPlane; readonly device: StackDevice }
  | { readonly kind: 'guest'; readonly device: StackDevice; readonly name: string };

export type PlaceResult = { ok: true; place: Place } | { ok: false; error: ToolResult };

/** `Cannot open network namespace "x": No such file or directory` (iproute2 netns_switch). */
export function noSuchNamespace(name: string): ToolResult {
  return fail(`Cannot open network namespace "${name}": No such file or directory`, 1);
}

function isStack(d: Device | undefined): d is StackDevice {
  return (
    !!d &&
    (d.kind === 'vm' || d.kind === 'namespace' || d.kind === 'upstream-router' || d.kind === 'outside-host')
  );
}

export function resolvePlace(ctx: ToolContext, where: Where): PlaceResult {
  const { plane, topology } = ctx;
  if (where.vm !== undefined) {
    const server =
      topology.servers.find((s) => s.id === where.vm) ?? topology.servers.find((s) => s.name === where.vm);
    const dev = server ? plane.devices.get(plane.index.vmByServer.get(server.id) ?? '') : undefined;
    if (!server || !isStack(dev)) return { ok: false, error: fail(`no such server: ${where.vm}`, 255) };
    return { ok: true, place: { kind: 'guest', device: dev, name: server.name } };
  }
  if (where.outside !== undefined) {
    const dev = plane.devices.get(plane.index.outsideByName.get(where.outside) ?? '');
    if (!isStack(dev)) return { ok: false, error: fail(`no such outside host: ${where.outside}`, 255) };
    return { ok: true, place: { kind: 'guest', device: dev, name: dev.name } };
  }
  const host = where.host === null ? undefined : plane.hosts.get(where.host as HostPlane['name']);
  if (!host) return { ok: false, error: fail(`no such host: ${where.host ?? '(none)'}`, 255) };
  if (where.namespace === null) return { ok: true, place: { kind: 'host', host } };
  const ns = namespaceOn(ctx, host, where.namespace);
  if (!ns) return { ok: false, error: noSuchNamespace(where.namespace) };
  return { ok: true, place: { kind: 'namespace', host, device: ns } };
}

/** The qrouter-/qdhcp- namespaces of a host, in the order the agents created them. */
export function namespacesOf(ctx: ToolContext, host: HostPlane): StackDevice[] {
  const out: StackDevice[] = [];
  for (const id of host.devices) {
    const d = ctx.plane.devices.get(id);
    if (d?.kind === 'namespace') out.push(d);
  }
  return out;
}

export function namespaceOn(ctx: ToolContext, host: HostPlane, name: string): StackDevice | undefined {
  return namespacesOf(ctx, host).find((n) => n.name === name);
}

/** The OVS bridges of a host, by name. */
export function bridgesOf(ctx: ToolContext, host: HostPlane): OvsBridge[] {
  const out: OvsBridge[] = [];
  for (const id of host.devices) {
    const d = ctx.plane.devices.get(id);
    if (d?.kind === 'ovs-bridge') out.push(d);
  }
  return out.sort((a, b) => cmp(a.name, b.name));
}

/** The host a place belongs to (null inside a guest). */
export function hostOf(place: Place): HostPlane | null {
  return place.kind === 'guest' ? null : place.host;
}

/** Byte order comparison, as C's strcmp (and so alphasort, libiptc and OVSDB) order names. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { stableMac } from '../addr/stable';

/** A uuid-shaped id derived from a text (the Open_vSwitch row, Nova's image and flavor ids). */
export function stableUuid(textIn: string): string {
  const h = stableHex(textIn, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The prefix of `word` that names one of `choices`, as iproute2's matches() accepts abbreviations
 * ("ip a", "ip r", "ip netns exec"): the first choice that starts with the word.
 */
export function abbrev(word: string, choices: readonly string[]): string | null {
  if (!word) return null;
  return choices.find((c) => c.startsWith(word)) ?? null;
}
