// Tab completion for the simulated terminal: command words, ip objects and verbs, namespace names
// (also after `ip netns exec <ns>`, completing the command run inside), bridge and device names, iptables
// tables and chains, and openstack commands with the names and ids of their resources.

import { linuxBridgesOf } from './brctl';
import { haConfFiles } from './cat';
import { bridgesOf, namespacesOf, type Place, resolvePlace, type ToolContext, type Where } from './context';
import { TABLE_NAMES, type TableName, tablesOf } from './iptables';
import { linksOf } from './netdev';
import { OPENSTACK_NOUNS, openstackNames } from './openstack';
import { FILTERS } from './pipes';
import { commandsAt, type RunOptions } from './shell';

const IP_OBJECTS = ['address', 'link', 'neigh', 'netns', 'route', 'rule'];
const IP_VERBS: Record<string, string[]> = {
  address: ['show'],
  link: ['show'],
  route: ['get', 'show'],
  neigh: ['show'],
  netns: ['exec', 'identify', 'list', 'list-id', 'monitor', 'pids'],
  rule: ['show'],
};

/**
 * The words that can complete the last (partial) word of a line, sorted. A line ending in a space
 * completes a new word.
 */
export function completions(
  ctx: ToolContext,
  where: Where,
  partialLine: string,
  options: RunOptions = {},
): string[] {
  const r = resolvePlace(ctx, where);
  if (!r.ok) return [];
  const words = partialLine.split(/\s+/).filter(Boolean);
  const partial = /\s$/.test(partialLine) || partialLine === '' ? '' : (words.pop() ?? '');
  const pipe = words.lastIndexOf('|');
  const done = pipe >= 0 ? words.slice(pipe + 1) : words;
  const all = pipe >= 0 && !done.length ? [...FILTERS] : candidates(ctx, r.place, done, options);
  return [...new Set(all)].filter((c) => c.startsWith(partial)).sort();
}

function candidates(ctx: ToolContext, place: Place, words: readonly string[], options: RunOptions): string[] {
  const [cmd, ...args] = words;
  if (cmd === undefined) return commandsAt(place, options);
  const host = place.kind === 'guest' ? null : place.host;
  const bridges = () => (host ? bridgesOf(ctx, host).map((b) => b.name) : []);
  const namespaces = () => (host ? namespacesOf(ctx, host).map((n) => n.name) : []);
  switch (cmd) {
    case 'sudo':
      return candidates(ctx, place, args, options);
    case 'ip':
      return ipCandidates(ctx, place, args, options, namespaces);
    case 'ovs-vsctl':
      if (!args.length)
        return ['br-exists', 'iface-to-br', 'list-br', 'list-ifaces', 'list-ports', 'port-to-br', 'show'];
      if (args.length === 1 && ['br-exists', 'list-ports', 'list-ifaces'].includes(args[0]!))
        return bridges();
      if (args.length === 1 && ['port-to-br', 'iface-to-br'].includes(args[0]!))
        return host ? bridgesOf(ctx, host).flatMap((b) => [...b.ports.keys()]) : [];
      return [];
    case 'ovs-ofctl': {
      const plain = args.filter((a) => !a.startsWith('-'));
      if (!plain.length) return ['dump-flows', 'show'];
      if (plain.length === 1) return bridges();
      const br = host ? bridgesOf(ctx, host).find((b) => b.name === plain[1]) : undefined;
      if (plain.length === 2 && plain[0] === 'dump-flows' && br)
        return [...new Set(br.flows.all().map((f) => `table=${f.table}`))];
      return [];
    }
    case 'ovs-appctl':
      return !args.length ? ['fdb/show'] : args.length === 1 ? bridges() : [];
    case 'brctl':
      if (!args.length) return ['show', 'showmacs'];
      return host && args.length === 1 ? linuxBridgesOf(ctx, host).map((b) => b.name) : [];
    case 'iptables':
    case 'iptables-save':
      return iptablesCandidates(ctx, place, cmd, args);
    case 'cat':
      return host ? haConfFiles(ctx, host.name) : [];
    case 'route':
      return ['-n'];
    case 'arp':
      return ['-a', '-n'];
    case 'openstack':
      return openstackCandidates(ctx, args);
    default:
      return [];
  }
}

function ipCandidates(
  ctx: ToolContext,
  place: Place,
  args: readonly string[],
  options: RunOptions,
  namespaces: () => string[],
): string[] {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += args[i] === '-n' || args[i] === '-netns' ? 2 : 1;
  const prev = args[args.length - 1];
  if (i > args.length || prev === '-n' || prev === '-netns') return namespaces();
  const [object, verb, ...rest] = args.slice(i);
  if (object === undefined) return [...IP_OBJECTS, '-4', '-6', '-br', '-n'];
  const full = IP_OBJECTS.find((o) => o.startsWith(object)) ?? object;
  if (verb === undefined) return IP_VERBS[full] ?? [];
  if (full === 'netns' && 'exec'.startsWith(verb) && verb.length) {
    const [ns, ...inner] = rest;
    if (ns === undefined) return namespaces();
    if (place.kind === 'guest') return [];
    const device = namespacesOf(ctx, place.host).find((n) => n.name === ns);
    return device ? candidates(ctx, { kind: 'namespace', host: place.host, device }, inner, options) : [];
  }
  if ((full === 'address' || full === 'link') && rest.length <= 1)
    return rest[0] === 'dev' || !rest.length
      ? linksOf(ctx, place)
          .map((l) => l.name)
          .concat(rest.length ? [] : ['dev'])
      : [];
  if (full === 'neigh' && !rest.length) return ['dev'];
  if (full === 'neigh' && rest[0] === 'dev' && rest.length === 1)
    return linksOf(ctx, place).map((l) => l.name);
  return [];
}

function iptablesCandidates(ctx: ToolContext, place: Place, cmd: string, args: readonly string[]): string[] {
  const prev = args[args.length - 1];
  if (prev === '-t' || prev === '--table') return [...TABLE_NAMES];
  if (cmd === 'iptables-save') return ['-c', '-t'];
  if (prev === '-S' || prev === '--list-rules') {
    const t = args[args.indexOf('-t') + 1];
    const table: TableName =
      args.includes('-t') && TABLE_NAMES.includes(t as TableName) ? (t as TableName) : 'filter';
    return [...(tablesOf(ctx, place).get(table)?.keys() ?? [])];
  }
  return ['-S', '-t', '--list-rules'];
}

function openstackCandidates(ctx: ToolContext, args: readonly string[]): string[] {
  const words = args.filter((a) => !a.startsWith('-'));
  const prev = args[args.length - 1];
  if (prev === '-f' || prev === '--format') return ['table', 'value'];
  const out: string[] = [];
  for (const { noun, showable } of OPENSTACK_NOUNS) {
    const nw = noun.split(' ');
    const matches = (n: number) => nw.slice(0, n).every((w, k) => w === words[k]);
    // the next word of the resource name, then the verb, then what `show` takes
    if (words.length < nw.length && matches(words.length)) out.push(nw[words.length]!);
    else if (words.length === nw.length && matches(nw.length))
      out.push('list', ...(showable ? ['show'] : []));
    else if (words.length === nw.length + 1 && matches(nw.length) && words[nw.length] === 'show' && showable)
      out.push(...openstackNames(ctx, noun));
  }
  return out;
}
