// What the agents build on one host, as plain data for a drift check against the real host
// (src/drift): its OVS bridges with their ports and the flows the OVS agent installs (not the ones
// table 10 learns from traffic), its local VLANs, and its qrouter-/qdhcp- namespaces with their
// interfaces, routes and iptables rules. Read from the Dataplane, never from the tools' text, so that
// a change of how a tool prints cannot hide a difference.

import { actionText, matchText } from '../devices/openflow/flow';
import { newSimState } from '../engine/state';
import type { Topology } from '../model/types';
import type { Dataplane, DeviceId, HostPlane, OvsBridge, OvsPort, StackDevice } from '../realize/dataplane';
import type { ToolContext } from '../tools/context';
import { tablesOf } from '../tools/iptables';

export interface BuiltFlow {
  readonly table: number;
  readonly priority: number;
  /** match fields as ovs-ofctl prints them, one `field=value` (or `arp`) each */
  readonly match: readonly string[];
  /** actions as ovs-ofctl prints them, one each */
  readonly actions: readonly string[];
  /** why the agent installs it, in words */
  readonly why: string;
}

export interface BuiltPort {
  readonly name: string;
  readonly ofport: number;
  readonly tag: number | null;
  readonly type: OvsPort['type'];
  readonly options: Readonly<Record<string, string>>;
  readonly portId: string | null;
  readonly networkId: string | null;
}

export interface BuiltBridge {
  readonly device: DeviceId;
  readonly name: string;
  readonly role: 'int' | 'tun' | 'phys';
  readonly ports: readonly BuiltPort[];
  readonly flows: readonly BuiltFlow[];
}

export interface BuiltIface {
  readonly name: string;
  readonly mac: string;
  readonly addrs: readonly { readonly ip: string; readonly prefix: number }[];
}

export interface BuiltNamespace {
  readonly device: DeviceId;
  readonly name: string;
  readonly routerId: string | null;
  readonly networkId: string | null;
  readonly ifaces: readonly BuiltIface[];
  readonly routes: readonly { readonly dst: string; readonly via: string | null; readonly dev: string }[];
  /** table -> `-A chain …` rules as iptables-save prints them */
  readonly iptables: Readonly<Record<string, readonly string[]>>;
}

export interface HostBuild {
  readonly host: string;
  readonly tunnelIp: string;
  readonly bridges: readonly BuiltBridge[];
  /** network id -> local VLAN */
  readonly localVlans: Readonly<Record<string, number>>;
  readonly namespaces: readonly BuiltNamespace[];
  /** device name on this host -> its device ids (a VXLAN port's OVS port and its tunnel device) */
  readonly devicesByName: Readonly<Record<string, readonly DeviceId[]>>;
}

function bridgeOf(br: OvsBridge): BuiltBridge {
  return {
    device: br.id,
    name: br.name,
    role: br.role,
    ports: [...br.ports.values()].map((p) => ({
      name: p.name,
      ofport: p.ofport,
      tag: p.tag,
      type: p.type,
      options: { ...(p.options ?? {}) },
      portId: p.portId ?? null,
      networkId: p.networkId ?? null,
    })),
    flows: br.flows.all().map((f) => ({
      table: f.table,
      priority: f.priority,
      match: matchText(f).split(',').filter(Boolean),
      actions: f.actions.map(actionText),
      why: f.why ?? '',
    })),
  };
}

function namespaceOf(ctx: ToolContext, host: HostPlane, d: StackDevice): BuiltNamespace {
  const tables = tablesOf(ctx, { kind: 'namespace', host, device: d });
  const iptables: Record<string, string[]> = {};
  for (const [t, chains] of tables) iptables[t] = [...chains.values()].flat();
  return {
    device: d.id,
    name: d.name,
    routerId: d.routerId ?? null,
    networkId: d.networkId ?? null,
    ifaces: [...d.stack.ifaces.values()].map((i) => ({
      name: i.name,
      mac: i.mac,
      addrs: i.addrs.map((a) => ({ ip: a.ip, prefix: a.prefix })),
    })),
    routes: d.stack.routes.map((r) => ({ dst: r.dst.text, via: r.via, dev: r.dev })),
    iptables,
  };
}

/** What the model says the agents built on `hostName`; null when the cloud has no such host. */
export function hostBuild(topology: Topology, plane: Dataplane, hostName: string): HostBuild | null {
  const host = [...plane.hosts.values()].find((h) => h.name === hostName);
  if (!host) return null;
  const ctx: ToolContext = { topology, plane, state: newSimState() };
  const bridges: BuiltBridge[] = [];
  const namespaces: BuiltNamespace[] = [];
  const devicesByName: Record<string, DeviceId[]> = {};
  for (const id of host.devices) {
    const d = plane.devices.get(id);
    if (!d) continue;
    devicesByName[d.name] = [...(devicesByName[d.name] ?? []), id];
    if (d.kind === 'ovs-bridge') bridges.push(bridgeOf(d));
    else if (d.kind === 'namespace') namespaces.push(namespaceOf(ctx, host, d));
  }
  return {
    host: host.name,
    tunnelIp: host.tunnelIp,
    bridges,
    localVlans: Object.fromEntries(host.localVlans),
    namespaces,
    devicesByName,
  };
}
