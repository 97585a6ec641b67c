// Editing by typing (issue #19): the keyboard's way to do what the palette's drags do. "add VM to
// compute1" is a VM dropped on compute1; "connect vm1 to net1" is a wire dragged from vm1 to net1.
// This file reads a command against the names in the cloud; the editor (src/ui/edit/command.ts) runs
// what it means with the same edits as the drags.
import type { Topology } from '../sim';

/** What can be added, in the palette's words (src/ui/edit/actions.ts PALETTE). */
export const ADDABLE = {
  vm: ['vm', 'a vm', 'server', 'a server'],
  'compute-host': ['compute host', 'a compute host'],
  'network-host': ['network host', 'a network host'],
  network: ['network', 'a network'],
  'external-network': ['external network', 'an external network'],
  router: ['router', 'a router'],
  project: ['project', 'a project'],
  'floating-ip': ['floating ip', 'a floating ip'],
} as const;

export type Addable = keyof typeof ADDABLE;

export interface Named {
  kind: 'host' | 'server' | 'network' | 'router';
  id: string;
  name: string;
}

export type EditCommand =
  | { kind: 'add'; what: Addable; onto: Named | null }
  | { kind: 'connect'; from: Named; to: Named }
  | { kind: 'error'; message: string };

/** Everything in the cloud a command may name, hosts by their name (their id). */
export function namesOf(t: Topology): Named[] {
  return [
    ...t.hosts.map((h) => ({ kind: 'host' as const, id: h.name, name: h.name })),
    ...t.servers.map((s) => ({ kind: 'server' as const, id: s.id, name: s.name })),
    ...t.networks.map((n) => ({ kind: 'network' as const, id: n.id, name: n.name })),
    ...t.routers.map((r) => ({ kind: 'router' as const, id: r.id, name: r.name })),
  ];
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

function find(names: readonly Named[], word: string, field: string): Named | string {
  const hits = names.filter((n) => norm(n.name) === norm(word) || n.id === word.trim());
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1)
    return `${field}: "${word.trim()}" names ${hits.length} things (${hits.map((h) => h.kind).join(', ')}); rename one first`;
  return `${field}: nothing in the cloud is called "${word.trim()}"`;
}

/** Reads a command; an error names the part of it that is wrong and the word given. */
export function parseCommand(text: string, names: readonly Named[]): EditCommand {
  const t = norm(text);
  if (!t)
    return {
      kind: 'error',
      message: 'Type a command, such as "add VM to compute1" or "connect vm1 to net1".',
    };
  const connect = /^connect (.+?) (?:to|with) (.+)$/.exec(t);
  if (connect) {
    const from = find(names, connect[1]!, 'connect');
    if (typeof from === 'string') return { kind: 'error', message: from };
    const to = find(names, connect[2]!, 'to');
    if (typeof to === 'string') return { kind: 'error', message: to };
    return { kind: 'connect', from, to };
  }
  const add = /^add (.+?)(?: (?:to|on|onto) (.+))?$/.exec(t);
  if (add) {
    const what = (Object.keys(ADDABLE) as Addable[]).find((k) =>
      (ADDABLE[k] as readonly string[]).includes(add[1]!),
    );
    if (!what)
      return {
        kind: 'error',
        message: `add: "${add[1]}" is not something to add; add a VM, compute host, network host, network, external network, router, project or floating IP`,
      };
    if (!add[2]) return { kind: 'add', what, onto: null };
    const onto = find(names, add[2], 'to');
    if (typeof onto === 'string') return { kind: 'error', message: onto };
    return { kind: 'add', what, onto };
  }
  return {
    kind: 'error',
    message: `"${text.trim()}" is no command: start with "add" (add VM to compute1) or "connect" (connect vm1 to net1)`,
  };
}

/** Commands that make sense in this cloud, for the input's suggestions (at most `max`). */
export function suggestions(t: Topology, max = 200): string[] {
  const out = [
    'add network',
    'add router',
    'add compute host',
    'add network host',
    'add external network',
    'add project',
    ...t.hosts.filter((h) => h.role === 'compute').map((h) => `add VM to ${h.name}`),
    ...t.servers.map((s) => `add floating IP to ${s.name}`),
  ];
  for (const n of t.networks) {
    if (!n['router:external'])
      for (const s of t.servers)
        if (!t.ports.some((p) => p.device_id === s.id && p.network_id === n.id))
          out.push(`connect ${s.name} to ${n.name}`);
    for (const r of t.routers)
      if (!t.ports.some((p) => p.device_id === r.id && p.network_id === n.id))
        out.push(`connect ${r.name} to ${n.name}`);
  }
  return out.slice(0, max);
}
