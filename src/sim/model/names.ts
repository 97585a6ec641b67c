// Names are not unique in Neutron: two servers, networks or routers may share one. `openstack server
// show vm1` then answers "More than one Server exists with the name 'vm1'" and wants the id. Here a
// repeated name is told apart by what a user sees of the thing: a server by its host ("vm1 (compute2)"),
// and by the start of its id as well when two of one name share a host ("vm1 (compute2, 6fa1d1c6)"); a
// router by the start of its id, as its namespace qrouter-<id> shows it ("router1 (897b68c4)").
// A name used by one thing alone is its own label.
import type { Router, Server, Topology } from './types';

/** How many characters of an id tell things apart: what `qrouter-897b68c4…` shows of one. */
const ID_SHOWN = 8;

interface Labels {
  servers: Map<string, string>;
  routers: Map<string, string>;
  serversByName: Map<string, Server[]>;
  routersByName: Map<string, Router[]>;
}

const cache = new WeakMap<Topology, Labels>();

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const list = m.get(x.name);
    if (list) list.push(x);
    else m.set(x.name, [x]);
  }
  return m;
}

function labelsOf(t: Topology): Labels {
  const hit = cache.get(t);
  if (hit) return hit;
  const serversByName = byName(t.servers);
  const routersByName = byName(t.routers);
  const servers = new Map<string, string>();
  for (const [name, list] of serversByName) {
    for (const s of list) {
      const sameHost = list.filter((x) => x.host === s.host).length;
      servers.set(
        s.id,
        list.length === 1
          ? name
          : sameHost === 1
            ? `${name} (${s.host})`
            : `${name} (${s.host}, ${s.id.slice(0, ID_SHOWN)})`,
      );
    }
  }
  const routers = new Map<string, string>();
  for (const [name, list] of routersByName)
    for (const r of list)
      routers.set(r.id, list.length === 1 ? name : `${name} (${r.id.slice(0, ID_SHOWN)})`);
  const labels = { servers, routers, serversByName, routersByName };
  cache.set(t, labels);
  return labels;
}

/** A server in words that name it alone: "vm1", or "vm1 (compute2)" when its name repeats. */
export function serverLabel(t: Topology, s: Server): string {
  return labelsOf(t).servers.get(s.id) ?? s.name;
}

/** A router in words that name it alone: "router1", or "router1 (897b68c4)" when its name repeats. */
export function routerLabel(t: Topology, r: Router): string {
  return labelsOf(t).routers.get(r.id) ?? r.name;
}

/** The other servers called what this one is called. */
export function namesakes(t: Topology, s: Pick<Server, 'id' | 'name'>): Server[] {
  return (labelsOf(t).serversByName.get(s.name) ?? []).filter((x) => x.id !== s.id);
}

/** What a text names: exactly one thing, or the things it could be (none: no such thing). */
export type Found<T> = { ok: true; item: T } | { ok: false; candidates: T[] };

const LABEL = /^(.*) \(([^(),]+)(?:, ([0-9a-f-]+))?\)$/;

function found<T>(items: readonly T[]): Found<T> {
  return items.length === 1 ? { ok: true, item: items[0]! } : { ok: false, candidates: [...items] };
}

/**
 * The server a text names: its id, its name when no other server has it, or its label
 * ("vm1 (compute2)", "vm1 (compute2, 6fa1d1c6)"). A repeated name, or a label that still fits several,
 * gives the candidates.
 */
export function findServer(t: Topology, text: string): Found<Server> {
  const byId = t.servers.find((s) => s.id === text);
  if (byId) return { ok: true, item: byId };
  const { serversByName } = labelsOf(t);
  const named = serversByName.get(text);
  if (named) return found(named);
  const m = LABEL.exec(text);
  if (!m) return found([]);
  const [, name = '', host = '', id = ''] = m;
  return found((serversByName.get(name) ?? []).filter((s) => s.host === host && s.id.startsWith(id)));
}

/** The router a text names: its id, its name when no other router has it, or "router1 (897b68c4)". */
export function findRouter(t: Topology, text: string): Found<Router> {
  const byId = t.routers.find((r) => r.id === text);
  if (byId) return { ok: true, item: byId };
  const { routersByName } = labelsOf(t);
  const named = routersByName.get(text);
  if (named) return found(named);
  const m = LABEL.exec(text);
  if (!m || m[3] !== undefined) return found([]);
  const [, name = '', id = ''] = m;
  return found((routersByName.get(name) ?? []).filter((r) => id.length >= 4 && r.id.startsWith(id)));
}

/** "vm1 (compute1), vm1 (compute2)": the candidates of a repeated name, as they are told apart. */
export function labelList(t: Topology, found: readonly (Server | Router)[]): string {
  return found.map((x) => ('host' in x ? serverLabel(t, x) : routerLabel(t, x as Router))).join(', ');
}
