// The hosts of a captured cloud and the agents' options. A host is named by its agents (GET
// /v2.0/agents: each agent's `host`), by the ports bound to it (`binding:host_id`) and by the servers
// on it (Nova's `OS-EXT-SRV-ATTR:host`). The OVS agent reports its VXLAN endpoint as
// `configurations.tunneling_ip` (its local_ip) and its `configurations.bridge_mappings`; the L3 agent
// its `agent_mode` (neutron-lib agents-list sample; neutron/plugins/ml2/drivers/openvswitch/agent
// ovs_neutron_agent.py agent_state).
import type { TopologyInput } from '../sim';
import type { AgentApi, PortApi, ServerApi } from './api-schemas';
import type { Report } from './report';
import type { Sourced } from './validate';

type HostInput = TopologyInput['hosts'][number];
type AgentBinary = NonNullable<HostInput['agents']>[number];
type Options = NonNullable<TopologyInput['options']>;

const MODELLED: Record<string, { agent: AgentBinary; down: 'ovs' | 'l3' | 'dhcp' | null }> = {
  'neutron-openvswitch-agent': { agent: 'neutron-openvswitch-agent', down: 'ovs' },
  'neutron-l3-agent': { agent: 'neutron-l3-agent', down: 'l3' },
  'neutron-dhcp-agent': { agent: 'neutron-dhcp-agent', down: 'dhcp' },
  'neutron-metadata-agent': { agent: 'neutron-metadata-agent', down: null },
};
const L3_MODES = ['legacy', 'dvr', 'dvr_snat', 'dvr_no_external'] as const;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** The model's bridge names (options.bridge_mappings[].bridge in src/sim/model/schema.ts). */
const BRIDGE = /^[a-z][a-z0-9-]{0,10}$/;

interface HostFacts {
  agents: Set<AgentBinary>;
  down: Set<'ovs' | 'l3' | 'dhcp'>;
  tunnelIp: string | null;
  l3Mode: (typeof L3_MODES)[number] | null;
  servers: number;
  computePorts: number;
  routerPorts: number;
  file: string;
}

export interface HostsResult {
  readonly hosts: HostInput[];
  readonly options: Options;
  /** host name -> its role, for the checks of port bindings */
  readonly roles: ReadonlyMap<string, HostInput['role']>;
  /** whether any OVS agent reported its configurations (`openstack network agent list` prints none) */
  readonly configured: boolean;
}

export function importHosts(
  agents: readonly Sourced<AgentApi>[] | null,
  ports: readonly Sourced<PortApi>[],
  servers: readonly Sourced<ServerApi>[] | null,
  report: Report,
): HostsResult {
  const facts = new Map<string, HostFacts>();
  const factsOf = (name: string, file: string): HostFacts => {
    let f = facts.get(name);
    if (!f) {
      f = {
        agents: new Set(),
        down: new Set(),
        tunnelIp: null,
        l3Mode: null,
        servers: 0,
        computePorts: 0,
        routerPorts: 0,
        file,
      };
      facts.set(name, f);
    }
    return f;
  };
  const mappings = new Map<string, { bridge: string; host: string }>();
  const l2pop: boolean[] = [];
  const arpResponder: boolean[] = [];
  let configured = false;
  for (const { item: a, file } of agents ?? []) {
    const f = factsOf(a.host, file);
    const known = MODELLED[a.binary];
    if (!known) {
      report.add({
        kind: 'skipped',
        resource: 'agent',
        id: a.id ?? a.binary,
        name: `${a.binary} on ${a.host}`,
        file,
        message: `${a.agent_type ?? a.binary} is not modelled (only the OVS, L3, DHCP and metadata agents of ML2/OVS are); what it builds on ${a.host} is not shown`,
      });
      continue;
    }
    f.agents.add(known.agent);
    if (known.down && (a.alive === false || a.admin_state_up === false)) {
      f.down.add(known.down);
      report.add({
        kind: 'changed',
        resource: 'agent',
        id: a.id ?? a.binary,
        name: `${a.binary} on ${a.host}`,
        file,
        message: `${a.alive === false ? 'is not alive' : 'is administratively down'}: imported as a stopped agent (agents_down)`,
      });
    }
    const c = a.configurations ?? {};
    if (known.agent === 'neutron-openvswitch-agent') {
      configured ||= a.configurations !== undefined && a.configurations !== null;
      if (c.tunneling_ip && IPV4.test(c.tunneling_ip)) f.tunnelIp = c.tunneling_ip;
      for (const [physnet, bridge] of Object.entries(c.bridge_mappings ?? {})) {
        const seen = mappings.get(physnet);
        if (!BRIDGE.test(bridge))
          report.add({
            kind: 'skipped',
            resource: 'agent',
            id: a.id ?? a.binary,
            name: `${a.binary} on ${a.host}`,
            file,
            message: `bridge_mappings ${physnet}:${bridge}: the bridge name is not one the model draws (lower-case, at most 11 characters)`,
          });
        else if (!seen) mappings.set(physnet, { bridge, host: a.host });
        else if (seen.bridge !== bridge)
          report.add({
            kind: 'changed',
            resource: 'agent',
            id: a.id ?? a.binary,
            name: `${a.binary} on ${a.host}`,
            file,
            message: `bridge_mappings ${physnet}:${bridge} differs from ${seen.host}'s ${physnet}:${seen.bridge}; the model has one mapping for the cloud and keeps ${seen.bridge}`,
          });
      }
      if (typeof c.l2_population === 'boolean') l2pop.push(c.l2_population);
      if (typeof c.arp_responder_enabled === 'boolean') arpResponder.push(c.arp_responder_enabled);
      const types = c.tunnel_types ?? [];
      if (types.some((t) => t !== 'vxlan'))
        report.add({
          kind: 'ignored',
          resource: 'agent',
          id: a.id ?? a.binary,
          name: `${a.binary} on ${a.host}`,
          file,
          message: `tunnel_types ${types.join(', ')}: only VXLAN tunnels are modelled`,
        });
    }
    if (known.agent === 'neutron-l3-agent' && c.agent_mode) {
      const mode = L3_MODES.find((m) => m === c.agent_mode);
      if (mode) f.l3Mode = mode;
      else
        report.add({
          kind: 'ignored',
          resource: 'agent',
          id: a.id ?? a.binary,
          name: `${a.binary} on ${a.host}`,
          file,
          message: `agent_mode ${c.agent_mode} is not one the model knows; the host follows the cloud`,
        });
    }
  }
  for (const { item: p, file } of ports) {
    const host = p['binding:host_id'];
    if (!host) continue;
    const f = factsOf(host, file);
    if ((p.device_owner ?? '').startsWith('compute:')) f.computePorts++;
    if ((p.device_owner ?? '').startsWith('network:router')) f.routerPorts++;
  }
  for (const { item: s, file } of servers ?? []) {
    const host = s['OS-EXT-SRV-ATTR:host'];
    if (host) factsOf(host, file).servers++;
  }

  const hosts: HostInput[] = [];
  const roles = new Map<string, HostInput['role']>();
  let made = 0;
  for (const [name, f] of [...facts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    // Servers run on compute hosts; a host with the L3 agent and no instance is a network node.
    const runsVms = f.servers > 0 || f.computePorts > 0;
    // Without agents.json, a host that holds router ports and no instance is taken for one too.
    const l3 = agents ? f.agents.has('neutron-l3-agent') : f.routerPorts > 0;
    const role: HostInput['role'] = l3 && !runsVms ? 'network' : 'compute';
    let tunnel = f.tunnelIp;
    if (!tunnel) {
      made++;
      tunnel = `192.0.2.${made}`;
      report.add({
        kind: 'assumed',
        resource: 'host',
        id: name,
        file: f.file,
        message: agents
          ? `no OVS agent reports a tunneling_ip for it: its tunnel IP is taken as ${tunnel} (TEST-NET-1)`
          : `agents.json is missing, so its tunnel IP is unknown: taken as ${tunnel} (TEST-NET-1)`,
      });
    }
    const agentsOf = agents
      ? [...f.agents].sort()
      : role === 'network'
        ? undefined
        : (['neutron-openvswitch-agent'] as AgentBinary[]);
    if (!agents && f.computePorts === 0 && f.servers === 0)
      report.add({
        kind: 'assumed',
        resource: 'host',
        id: name,
        file: f.file,
        message: 'agents.json is missing: taken as a compute host running the OVS agent',
      });
    if (agents && role === 'compute' && f.agents.has('neutron-l3-agent'))
      report.add({
        kind: 'changed',
        resource: 'host',
        id: name,
        file: f.file,
        message:
          'runs the L3 agent and instances: a compute host in the model, which schedules no legacy router there',
      });
    const h: HostInput = { name, role, tunnel_ip: tunnel };
    if (agentsOf) h.agents = agentsOf;
    if (f.down.size) h.agents_down = [...f.down].sort();
    if (f.l3Mode) h.l3_agent_mode = f.l3Mode;
    hosts.push(h);
    roles.set(name, role);
  }

  const options: Options = {};
  if (agents) {
    options.bridge_mappings = [...mappings].map(([physical_network, m]) => ({
      physical_network,
      bridge: m.bridge,
    }));
    const majority = (xs: boolean[], what: string, field: 'l2population' | 'arp_responder') => {
      if (!xs.length) return;
      const on = xs.filter(Boolean).length;
      options[field] = on * 2 >= xs.length;
      if (on !== 0 && on !== xs.length)
        report.add({
          kind: 'changed',
          resource: 'cloud',
          id: '',
          file: 'agents.json',
          message: `${on} of ${xs.length} OVS agents report ${what} on: the model has one setting for the cloud and takes ${options[field] ? 'on' : 'off'}`,
        });
    };
    majority(l2pop, 'l2_population', 'l2population');
    majority(arpResponder, 'arp_responder_enabled', 'arp_responder');
  } else
    report.add({
      kind: 'assumed',
      resource: 'cloud',
      id: '',
      file: '(none)',
      message: 'agents.json is missing: the agents, tunnel IPs and bridge mappings are the model’s defaults',
    });
  return { hosts, options, roles, configured };
}
