// The resources `openstack ... list|show` reports: the columns the client lists by default, its list
// filters and its errors for a name it does not find; each resource's entries are openstack-entries.ts'.
import type { ToolContext } from './context';
import { agents, type Entry, floatingIp, network, port, router, server, subnet } from './openstack-entries';
import { AGENT_COLUMNS } from './openstack-ha';

export interface Resource {
  readonly noun: string;
  /** the resource name in "No <kind> found for x" */
  readonly kind: string;
  readonly metavar: string;
  readonly columns: readonly string[];
  readonly filterOptions: readonly string[];
  /** false when only `list` is simulated */
  readonly showable: boolean;
  readonly entries: (ctx: ToolContext) => Entry[];
  readonly notFound: (query: string) => string;
}

const resource = (r: Resource) => r;

export const RESOURCES: readonly Resource[] = [
  resource({
    noun: 'network',
    kind: 'Network',
    metavar: '<network>',
    columns: ['ID', 'Name', 'Subnets'],
    filterOptions: [],
    showable: true,
    entries: (c) => c.topology.networks.map((n) => network(c, n)),
    notFound: (q) => `Error while executing command: No Network found for ${q}`,
  }),
  resource({
    noun: 'subnet',
    kind: 'Subnet',
    metavar: '<subnet>',
    columns: ['ID', 'Name', 'Network', 'Subnet'],
    filterOptions: ['--network'],
    showable: true,
    entries: (c) => c.topology.subnets.map((s) => subnet(c, s)),
    notFound: (q) => `Error while executing command: No Subnet found for ${q}`,
  }),
  resource({
    noun: 'router',
    kind: 'Router',
    metavar: '<router>',
    columns: ['ID', 'Name', 'Status', 'State', 'Project', 'Distributed', 'HA'],
    filterOptions: [],
    showable: true,
    entries: (c) => c.topology.routers.map((r) => router(c, r)),
    notFound: (q) => `Error while executing command: No Router found for ${q}`,
  }),
  resource({
    noun: 'server',
    kind: 'Server',
    metavar: '<server>',
    columns: ['ID', 'Name', 'Status', 'Networks', 'Image', 'Flavor'],
    filterOptions: [],
    showable: true,
    // Nova lists the newest server first
    entries: (c) => c.topology.servers.map((s) => server(c, s)).reverse(),
    notFound: (q) => `No server with a name or ID of '${q}' exists.`,
  }),
  resource({
    noun: 'port',
    kind: 'Port',
    metavar: '<port>',
    columns: ['ID', 'Name', 'MAC Address', 'Fixed IP Addresses', 'Status'],
    filterOptions: ['--network', '--device-owner', '--host', '--server', '--router'],
    showable: true,
    entries: (c) => c.topology.ports.map((p) => port(c, p)),
    notFound: (q) => `Error while executing command: No Port found for ${q}`,
  }),
  resource({
    noun: 'floating ip',
    kind: 'FloatingIP',
    metavar: '<floating-ip>',
    columns: ['ID', 'Floating IP Address', 'Fixed IP Address', 'Port', 'Floating Network', 'Project'],
    filterOptions: ['--network'],
    showable: true,
    entries: (c) => c.topology.floatingips.map((f) => floatingIp(c, f)),
    notFound: (q) => `Error while executing command: No FloatingIP found for ${q}`,
  }),
  resource({
    noun: 'network agent',
    kind: 'Agent',
    metavar: '<network-agent>',
    columns: AGENT_COLUMNS,
    filterOptions: ['--router'],
    showable: false,
    entries: agents,
    notFound: (q) => `Error while executing command: No Agent found for ${q}`,
  }),
];
