// Import a cloud from what the OpenStack APIs return (docs/import.md): the files of a capture in, a
// topology file and the import report out. Pure: no DOM, no Node; the app and `npm run import` both
// call importCloud, then check the result with the same loader as any topology file.
import { loadTopology, type TopologyError, type TopologyInput } from '../sim';
import type {
  AgentApi,
  FloatingIpApi,
  NetworkApi,
  PortApi,
  RouterApi,
  SecurityGroupApi,
  ServerApi,
  SubnetApi,
} from './api-schemas';
import {
  type Imported,
  importNetworks,
  importRouters,
  importSubnets,
  legacyWhereRefused,
} from './convert-l3';
import {
  importFloatingIps,
  importGroups,
  importPorts,
  importServers,
  type PortContext,
} from './convert-ports';
import { type ImportError, type InputFile, type ReadFile, type ResourceKind, readFiles } from './files';
import { importHosts } from './hosts';
import { Report, type ReportItem } from './report';
import { type Sourced, validateFile } from './validate';

export type { ImportError, InputFile } from './files';
export { MAX_IMPORT_FILE_CHARS, RESOURCE_KINDS } from './files';
export type { ReportItem, ReportKind } from './report';
export { importErrorText, itemText, REPORT_ORDER, reportHeading, reportText } from './report';

export type ImportResult =
  | {
      ok: true;
      /** the topology file, as `npm run import -o` writes it */
      topology: TopologyInput;
      report: ReportItem[];
      /** the loader's warnings on it */
      warnings: string[];
      /** the files read, by resource */
      read: Partial<Record<ResourceKind, number>>;
    }
  | { ok: false; errors: ImportError[]; report: ReportItem[] };

const CLOUD_FORMAT = 'neutron-explorer/topology' as const;

/** Where each imported resource came from, to point a loader error at its file. */
type Origin = Map<string, { file: string; id: string }[]>;

function originOf(topology: TopologyInput, sources: Map<string, { file: string }>): Origin {
  const out: Origin = new Map();
  for (const key of [
    'networks',
    'subnets',
    'routers',
    'ports',
    'servers',
    'floatingips',
    'security_groups',
  ] as const) {
    const list = (topology[key] ?? []) as { id?: string }[];
    out.set(
      key,
      list.map((r) => ({ file: sources.get(r.id ?? '')?.file ?? `${key}.json`, id: r.id ?? '' })),
    );
  }
  return out;
}

/** A loader error on the imported topology, pointed at the captured file and resource it came from. */
function fromLoadError(e: TopologyError, origin: Origin): ImportError {
  const m = /^([a-z_]+)\[(\d+)\](.*)$/.exec(e.path);
  const o = m ? origin.get(m[1]!)?.[Number(m[2])] : undefined;
  if (!m || !o) return { file: '(imported cloud)', path: e.path, value: e.value, message: e.message };
  const rest = m[3]!.replace(/^\./, '');
  return { file: o.file, path: `id ${o.id}${rest ? `: ${rest}` : ''}`, value: e.value, message: e.message };
}

export function importCloud(files: readonly InputFile[], name = 'Imported cloud'): ImportResult {
  const report = new Report();
  const read = readFiles(files);
  const errors: ImportError[] = [...read.errors];
  for (const f of read.skipped)
    report.add({
      kind: 'skipped',
      resource: 'file',
      id: '',
      file: f,
      message: 'is not a JSON file: not read',
    });
  const v = <K extends ResourceKind, T>(kind: K): Sourced<T>[] | null => {
    const f = read.files.get(kind);
    return f ? (validateFile(f as ReadFile & { kind: K }, errors) as Sourced<T>[]) : null;
  };
  const networks = v<'networks', NetworkApi>('networks');
  const subnets = v<'subnets', SubnetApi>('subnets');
  const routers = v<'routers', RouterApi>('routers');
  const ports = v<'ports', PortApi>('ports');
  const fips = v<'floatingips', FloatingIpApi>('floatingips');
  const groups = v<'security_groups', SecurityGroupApi>('security_groups');
  const agents = v<'agents', AgentApi>('agents');
  const servers = v<'servers', ServerApi>('servers');
  if (!networks && !ports && !servers)
    errors.push({
      file: '(files)',
      path: '(file)',
      value: files.map((f) => f.name).slice(0, 10),
      message:
        'hold no networks, ports or servers: give at least networks.json (see public/capture/neutron-capture.sh)',
    });
  if (errors.length) return { ok: false, errors, report: report.items };

  const hosts = importHosts(agents, ports ?? [], servers, report);
  const agentsOf = new Map(hosts.hosts.map((h) => [h.name, h.agents]));
  const cx: PortContext = {
    networks: new Map(),
    subnets: new Map(),
    routers: new Map(),
    projects: new Set(),
    named: [],
    roles: hosts.roles,
    agentsOf,
    servers: new Map(),
    ports: new Map(),
    groups: new Set(),
  };
  const topology: TopologyInput = {
    format: CLOUD_FORMAT,
    version: 1,
    name,
    description: 'Imported from the OpenStack API by Neutron Explorer (docs/import.md).',
    seed: 1,
    options: hosts.options,
    hosts: hosts.hosts,
  };
  topology.networks = importNetworks(networks ?? [], cx as Imported, report);
  if (!agents || !hosts.configured)
    assumeMappings(
      topology,
      report,
      agents ? 'no OVS agent reports its configurations' : 'agents.json is missing',
    );
  topology.subnets = importSubnets(subnets ?? [], cx, report);
  topology.routers = importRouters(routers ?? [], cx, report);
  topology.security_groups = importGroups(groups ?? [], cx, report);
  const fromNova = importServers(servers ?? [], ports ?? [], cx, report);
  const p = importPorts(ports ?? [], cx, report, servers !== null);
  topology.servers = [...fromNova, ...p.servers];
  topology.ports = p.ports;
  topology.floatingips = importFloatingIps(fips ?? [], cx, report);
  topology.projects = [...cx.projects]
    .sort()
    .map((id) => ({ id: /^[0-9a-f]{32}$|^[0-9a-f-]{36}$/.test(id) ? id : undefined, name: id }))
    .map((x) => (x.id ? x : { name: x.name }));
  cloudNotes(topology, cx, report, servers !== null, groups !== null);

  const sources = new Map<string, { file: string }>();
  for (const list of [networks, subnets, routers, ports, fips, groups, servers])
    for (const s of list ?? []) sources.set((s.item as { id: string }).id, { file: s.file });
  let loaded = loadTopology(topology);
  if (
    !loaded.ok &&
    legacyWhereRefused(topology, loaded.errors, report, (id) => sources.get(id)?.file ?? 'routers.json')
  )
    loaded = loadTopology(topology);
  if (!loaded.ok) {
    const origin = originOf(topology, sources);
    return {
      ok: false,
      errors: loaded.errors.slice(0, 50).map((e) => fromLoadError(e, origin)),
      report: report.items,
    };
  }
  const counts: Partial<Record<ResourceKind, number>> = {};
  for (const [k, f] of read.files) counts[k] = f.items.length;
  return { ok: true, topology, report: report.items, warnings: loaded.warnings, read: counts };
}

function cloudNotes(
  t: TopologyInput,
  cx: PortContext,
  report: Report,
  servers: boolean,
  groups: boolean,
): void {
  const say = (message: string, file = '(none)') =>
    report.add({ kind: 'assumed', resource: 'cloud', id: '', file, message });
  say('project names are not in the Neutron API: each project is named by its id');
  if (cx.named.length)
    say(
      `${cx.named.length} resource(s) had no name and are named after their id: ${cx.named.slice(0, 5).join(', ')}${cx.named.length > 5 ? ', …' : ''}`,
    );
  if (!servers) say('servers.json is missing: servers are known by their ports only, named server-<id>');
  if (!groups) say('security_groups.json is missing: each project gets the default group of a new project');
  for (const n of t.networks ?? [])
    if (n['router:external'])
      say(
        `the world beyond external network ${n.name} is not in the API: an upstream router at its subnet's gateway_ip and an internet host at 198.51.100.10 are assumed`,
        'networks.json',
      );
}

/**
 * Without the agents' configurations, each physical network of the capture is taken to ride br-ex (the
 * install guide's); a flat or VLAN network whose physical network is not captured either rides the
 * model's own `provider`.
 */
function assumeMappings(t: TopologyInput, report: Report, why: string): void {
  const nets = t.networks ?? [];
  const physnets = [
    ...new Set(nets.map((n) => n['provider:physical_network']).filter((p): p is string => !!p)),
  ];
  if (!physnets.length && nets.some((n) => n['provider:network_type'] !== 'vxlan')) physnets.push('provider');
  if (!physnets.length) return;
  t.options = {
    ...t.options,
    bridge_mappings: physnets.map((p, i) => ({
      physical_network: p,
      bridge: i === 0 ? 'br-ex' : `br-ex${i + 1}`,
    })),
  };
  report.add({
    kind: 'assumed',
    resource: 'cloud',
    id: '',
    file: 'networks.json',
    message: `bridge_mappings unknown (${why}): ${t.options.bridge_mappings!.map((m) => `${m.physical_network}:${m.bridge}`).join(', ')} assumed`,
  });
}
