// What an activity locks: resources named in its file, found by id in the starting cloud so that a
// rename is a change too. An edit that would change a locked resource is refused before the core sees
// it, with a message naming it (the store's edit path asks lockBreach).
import type { Topology } from '../sim';
import type { LockKind, Locks } from './schema';

export interface LockTarget {
  kind: LockKind;
  /** the name in the file */
  name: string;
  /** the resources it stands for (a name may repeat), by id; hosts by name */
  ids: string[];
}

const WORD: Record<LockKind, string> = {
  hosts: 'host',
  networks: 'network',
  routers: 'router',
  servers: 'server',
  security_groups: 'security group',
};

/** The resources of a kind, as [key, name] pairs. */
function listOf(kind: LockKind, t: Topology): { id: string; name: string }[] {
  switch (kind) {
    case 'hosts':
      return t.hosts.map((h) => ({ id: h.name, name: h.name }));
    case 'networks':
      return t.networks;
    case 'routers':
      return t.routers;
    case 'servers':
      return t.servers;
    case 'security_groups':
      return t.security_groups;
  }
}

/**
 * What a locked resource is, as text to compare: a network with its subnets, a router with its
 * interface and gateway ports (`openstack router remove subnet` deletes a port, not a field of the
 * router). A server's ports are not part of it: setting a port down or up is the student's to fix.
 */
function snapshot(kind: LockKind, id: string, t: Topology): string | null {
  const item =
    kind === 'hosts' ? t.hosts.find((h) => h.name === id) : listOf(kind, t).find((x) => x.id === id);
  if (!item) return null;
  if (kind === 'networks') return JSON.stringify([item, t.subnets.filter((s) => s.network_id === id)]);
  if (kind === 'routers')
    return JSON.stringify([
      item,
      t.ports.filter((p) => p.device_id === id && p.device_owner?.startsWith('network:router_')),
    ]);
  return JSON.stringify(item);
}

/** Finds what the locks name in the starting cloud; a name that is not there is an error of the file. */
export function resolveLocks(
  locks: Locks | undefined,
  start: Topology,
): { ok: true; targets: LockTarget[] } | { ok: false; error: string } {
  const targets: LockTarget[] = [];
  for (const kind of Object.keys(WORD) as LockKind[]) {
    for (const [i, name] of (locks?.[kind] ?? []).entries()) {
      const ids = listOf(kind, start)
        .filter((x) => x.name === name)
        .map((x) => x.id);
      if (!ids.length)
        return {
          ok: false,
          error: `locked.${kind}.${i} (${JSON.stringify(name)}): the starting cloud has no ${WORD[kind]} called ${name}`,
        };
      targets.push({ kind, name, ids });
    }
  }
  return { ok: true, targets };
}

/** Why going from `prev` to `next` is refused (the first locked resource it changes), or null. */
export function lockBreach(targets: readonly LockTarget[], prev: Topology, next: Topology): string | null {
  for (const target of targets) {
    for (const id of target.ids) {
      const before = snapshot(target.kind, id, prev);
      if (before === null || before === snapshot(target.kind, id, next)) continue;
      const gone = snapshot(target.kind, id, next) === null;
      return `${WORD[target.kind]} ${target.name} is locked by the activity: it may not be ${gone ? 'removed' : 'changed'}`;
    }
  }
  return null;
}

/** The locks in words, for the goals panel: "hosts compute1, compute2; network net1". */
export function locksWords(targets: readonly LockTarget[]): string[] {
  const byKind = new Map<LockKind, string[]>();
  for (const t of targets) byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), t.name]);
  return [...byKind].map(([kind, list]) => `${WORD[kind]}${list.length > 1 ? 's' : ''} ${list.join(', ')}`);
}
