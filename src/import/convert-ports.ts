// Ports, servers, floating IPs and security groups of the API as the topology's. A port's device_owner
// says what it is: a server's (compute:<zone>), a router's or a DHCP port are modelled; a floating IP's
// own port is the floating IP itself; a DVR or HA router's ports, a trunk's sub-port, a load balancer's
// port and any owner the model does not know are left out and said (neutron-lib constants.py
// DEVICE_OWNER_*).
import type { TopologyInput } from '../sim';
import type { FloatingIpApi, PortApi, RuleApi, SecurityGroupApi, ServerApi } from './api-schemas';
import { type Imported, keptFixedIps, nameOf, projectOf } from './convert-l3';
import type { Report } from './report';
import type { Sourced } from './validate';

type PortInput = NonNullable<TopologyInput['ports']>[number];
type ServerInput = NonNullable<TopologyInput['servers']>[number];
type FloatingIpInput = NonNullable<TopologyInput['floatingips']>[number];
type GroupInput = NonNullable<TopologyInput['security_groups']>[number];
type RuleInput = NonNullable<GroupInput['rules']>[number];
type Role = 'compute' | 'network';

export interface PortContext extends Imported {
  readonly roles: ReadonlyMap<string, Role>;
  readonly agentsOf: ReadonlyMap<string, readonly string[] | undefined>;
  readonly servers: Map<string, ServerInput>;
  readonly ports: Map<string, PortInput>;
  readonly groups: Set<string>;
}

const COMPUTE_OWNER = /^compute:[A-Za-z0-9_.-]{1,64}$/;

/** Owners of a DVR or HA router's interfaces, imported as the router's interface: the model makes a
 * distributed or HA router's own ports from that (model/normalize-dvr.ts, normalize-ha.ts). */
const AS_INTERFACE: Record<string, string> = {
  'network:router_interface_distributed': 'a DVR router interface',
  'network:ha_router_replicated_interface': 'an HA router interface',
};
/** Owners left out, with why. */
const LEFT_OUT: Record<string, string> = {
  'network:floatingip':
    'the floating IP’s own port: the floating IP is imported from floatingips.json instead',
  'network:router_centralized_snat':
    'a DVR router’s SNAT port: the model makes its own for a distributed router',
  'network:router_ha_interface':
    'an HA router’s port on its HA network: the model makes its own for an HA router',
  'network:floatingip_agent_gateway':
    'a DVR floating IP agent gateway: the model makes its own for a distributed router',
  'trunk:subport': 'a trunk sub-port: trunks are not modelled',
  'neutron:LOADBALANCERV2': 'a load balancer’s VIP port: load balancers are not modelled',
  Octavia: 'a load balancer’s port: Octavia is not modelled',
  'network:distributed': 'an OVN metadata port: OVN is not modelled',
};

function runs(cx: PortContext, host: string, agent: string): boolean {
  const a = cx.agentsOf.get(host);
  return a === undefined || a.includes(agent);
}

export function importServers(
  items: readonly Sourced<ServerApi>[],
  ports: readonly Sourced<PortApi>[],
  cx: PortContext,
  report: Report,
): ServerInput[] {
  const out: ServerInput[] = [];
  // Nova shows OS-EXT-SRV-ATTR:host to admins only; a server's ports say where it runs too
  const boundTo = new Map<string, string>();
  for (const { item: p } of ports)
    if ((p.device_owner ?? '').startsWith('compute:') && p.device_id && p['binding:host_id'])
      boundTo.set(p.device_id, p['binding:host_id']);
  for (const { item: s, file } of items) {
    const base = { resource: 'server', id: s.id, name: s.name ?? '', file };
    const host = s['OS-EXT-SRV-ATTR:host'] || boundTo.get(s.id);
    if (!host) {
      report.add({
        ...base,
        kind: 'skipped',
        message:
          'has no OS-EXT-SRV-ATTR:host (captured without the admin role, or not scheduled) and no bound port: where it runs is unknown',
      });
      continue;
    }
    if (!s['OS-EXT-SRV-ATTR:host'])
      report.add({
        ...base,
        kind: 'assumed',
        message: `no OS-EXT-SRV-ATTR:host (captured without the admin role): runs on ${host}, where its port is bound`,
      });
    const server: ServerInput = {
      id: s.id,
      name: nameOf('server', s.name, s.id, cx),
      project_id: projectOf(s.project_id, cx),
      host,
    };
    if (s.status && s.status !== 'ACTIVE')
      report.add({
        ...base,
        kind: 'ignored',
        message: `status ${s.status}: the simulated instance runs and answers as if ACTIVE`,
      });
    cx.servers.set(s.id, server);
    out.push(server);
  }
  return out;
}

export function importPorts(
  items: readonly Sourced<PortApi>[],
  cx: PortContext,
  report: Report,
  serversKnown: boolean,
): { ports: PortInput[]; servers: ServerInput[] } {
  const out: PortInput[] = [];
  const made: ServerInput[] = [];
  for (const { item: p, file } of items) {
    const base = { resource: 'port', id: p.id, name: p.name ?? '', file };
    const owner0 = p.device_owner ?? '';
    if (LEFT_OUT[owner0] || (owner0 && !owner0.startsWith('compute:') && !owner0.startsWith('network:'))) {
      report.add({
        ...base,
        kind: 'skipped',
        message: LEFT_OUT[owner0] ?? `device_owner ${owner0} is not modelled`,
      });
      continue;
    }
    if (!cx.networks.has(p.network_id)) {
      report.add({ ...base, kind: 'skipped', message: `its network ${p.network_id} is not imported` });
      continue;
    }
    let owner = owner0;
    if (AS_INTERFACE[owner]) {
      report.add({
        ...base,
        kind: 'changed',
        message: `${AS_INTERFACE[owner]}: imported as the router's interface (network:router_interface)`,
      });
      owner = 'network:router_interface';
    }
    const known = ['network:router_interface', 'network:router_gateway', 'network:dhcp'];
    if (owner.startsWith('network:') && !known.includes(owner)) {
      report.add({ ...base, kind: 'skipped', message: `device_owner ${owner} is not modelled` });
      continue;
    }
    const port: PortInput = { id: p.id, network_id: p.network_id, mac_address: p.mac_address };
    if (p.name) port.name = p.name;
    if (p.project_id !== undefined && p.project_id !== null)
      port.project_id = p.project_id === '' ? '' : projectOf(p.project_id, cx);
    const { kept, dropped } = keptFixedIps(p.fixed_ips ?? [], cx);
    port.fixed_ips = kept;
    if (dropped.length)
      report.add({
        ...base,
        kind: 'skipped',
        message: `address${dropped.length > 1 ? 'es' : ''} ${dropped.join(', ')}: IPv6 or on a subnet not imported`,
      });
    let host = p['binding:host_id'] || null;
    if (owner.startsWith('compute:')) {
      if (!COMPUTE_OWNER.test(owner)) {
        report.add({ ...base, kind: 'changed', message: `device_owner ${owner} imported as compute:nova` });
        owner = 'compute:nova';
      }
      port.device_owner = owner as PortInput['device_owner'];
      const dev = p.device_id ?? '';
      let server = dev ? cx.servers.get(dev) : undefined;
      if (dev && !server && !serversKnown && host) {
        // without servers.json, the server is known only by its id and the host its port is bound to
        server = {
          id: dev,
          name: `server-${dev.slice(0, 8)}`,
          project_id: projectOf(p.project_id, cx),
          host,
        };
        cx.servers.set(dev, server);
        made.push(server);
      }
      if (server) {
        port.device_id = server.id;
        if (host && host !== server.host)
          report.add({
            ...base,
            kind: 'changed',
            message: `binding:host_id ${host} differs from its server's host ${server.host}: bound to ${server.host}`,
          });
        host = server.host;
      } else if (dev)
        report.add({
          ...base,
          kind: 'changed',
          message: `its server ${dev} is not imported: imported as a port plugged nowhere`,
        });
    } else if (owner === '') {
      if (p.device_id)
        report.add({
          ...base,
          kind: 'changed',
          message: `has device_id ${p.device_id} but no device_owner: imported as a port plugged nowhere`,
        });
    } else {
      port.device_owner = owner as PortInput['device_owner'];
      const isRouter = owner !== 'network:dhcp';
      if (isRouter) {
        if (!p.device_id || !cx.routers.has(p.device_id)) {
          report.add({
            ...base,
            kind: 'skipped',
            message: `its router ${p.device_id ?? '(none)'} is not imported`,
          });
          continue;
        }
        port.device_id = p.device_id;
      } else if (p.device_id) port.device_id = p.device_id;
      const agent = isRouter ? 'neutron-l3-agent' : 'neutron-dhcp-agent';
      const fits = host !== null && runs(cx, host, agent) && (!isRouter || cx.roles.get(host) === 'network');
      if (host !== null && !fits) {
        report.add({
          ...base,
          kind: 'changed',
          message: `bound to ${host}, which ${isRouter ? 'is no network host running the L3 agent' : 'runs no DHCP agent'} in the model: scheduled anew`,
        });
        host = null;
      }
    }
    if (host !== null && owner.startsWith('compute:')) port['binding:host_id'] = host;
    else if (host !== null && owner !== '') port['binding:host_id'] = host;
    if (p.security_groups?.length) {
      const groups = p.security_groups.filter((g) => cx.groups.has(g));
      port.security_groups = groups;
      if (groups.length < p.security_groups.length)
        report.add({ ...base, kind: 'skipped', message: 'some of its security groups are not imported' });
    } else if (p.security_groups) port.security_groups = [];
    if (p.admin_state_up !== undefined) port.admin_state_up = p.admin_state_up;
    if (typeof p.port_security_enabled === 'boolean') port.port_security_enabled = p.port_security_enabled;
    ignoredPortFields(p, base, report);
    cx.ports.set(p.id, port);
    out.push(port);
  }
  return { ports: out, servers: made };
}

function ignoredPortFields(
  p: PortApi,
  base: { resource: string; id: string; file: string },
  report: Report,
): void {
  const say = (message: string) => report.add({ ...base, kind: 'ignored', message });
  if (p.allowed_address_pairs?.length)
    say(
      `allowed_address_pairs (${p.allowed_address_pairs.length}): not modelled; anti-spoofing drops their traffic`,
    );
  if (p.trunk_details) say('is a trunk parent: trunks are not modelled; its sub-ports are left out');
  if (p.qos_policy_id) say(`qos_policy_id ${p.qos_policy_id}: QoS is not modelled`);
  const vnic = p['binding:vnic_type'];
  if (vnic && vnic !== 'normal')
    say(`binding:vnic_type ${vnic}: only normal (OVS) ports are modelled; drawn as one`);
  const vif = p['binding:vif_type'];
  if (vif === 'binding_failed')
    say('binding:vif_type binding_failed: the real port is not wired; the model wires it');
}

export function importFloatingIps(
  items: readonly Sourced<FloatingIpApi>[],
  cx: PortContext,
  report: Report,
): FloatingIpInput[] {
  const out: FloatingIpInput[] = [];
  for (const { item: f, file } of items) {
    const base = { resource: 'floating IP', id: f.id, name: f.floating_ip_address, file };
    if (!cx.networks.has(f.floating_network_id)) {
      report.add({
        ...base,
        kind: 'skipped',
        message: `its network ${f.floating_network_id} is not imported`,
      });
      continue;
    }
    if (f.floating_ip_address.includes(':')) {
      report.add({ ...base, kind: 'skipped', message: 'an IPv6 floating IP: not modelled' });
      continue;
    }
    const fip: FloatingIpInput = {
      id: f.id,
      floating_network_id: f.floating_network_id,
      floating_ip_address: f.floating_ip_address,
    };
    if (f.project_id) fip.project_id = projectOf(f.project_id, cx);
    if (f.port_id && cx.ports.has(f.port_id)) {
      fip.port_id = f.port_id;
      if (f.fixed_ip_address) fip.fixed_ip_address = f.fixed_ip_address;
      if (f.router_id && cx.routers.has(f.router_id)) fip.router_id = f.router_id;
    } else if (f.port_id)
      report.add({
        ...base,
        kind: 'changed',
        message: `its port ${f.port_id} is not imported: imported unassociated`,
      });
    if (f.port_forwardings?.length)
      report.add({ ...base, kind: 'ignored', message: 'port forwardings: not modelled' });
    if (f.qos_policy_id)
      report.add({
        ...base,
        kind: 'ignored',
        message: `qos_policy_id ${f.qos_policy_id}: QoS is not modelled`,
      });
    out.push(fip);
  }
  return out;
}

const PROTOCOLS: Record<string, 'icmp' | 'tcp' | 'udp'> = {
  icmp: 'icmp',
  tcp: 'tcp',
  udp: 'udp',
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
};

function rule(r: RuleApi): RuleInput | string {
  if (r.ethertype && r.ethertype !== 'IPv4') return `${r.ethertype}`;
  if (r.remote_address_group_id) return 'remote address group';
  const proto =
    r.protocol === null || r.protocol === undefined ? null : PROTOCOLS[String(r.protocol).toLowerCase()];
  if (proto === undefined) return `protocol ${r.protocol}`;
  const out: RuleInput = { direction: r.direction, ethertype: 'IPv4', protocol: proto };
  if (r.id) out.id = r.id;
  if (r.port_range_min !== undefined) out.port_range_min = r.port_range_min;
  if (r.port_range_max !== undefined) out.port_range_max = r.port_range_max;
  if (r.remote_ip_prefix !== undefined) out.remote_ip_prefix = r.remote_ip_prefix;
  if (r.remote_group_id !== undefined) out.remote_group_id = r.remote_group_id;
  return out;
}

export function importGroups(
  items: readonly Sourced<SecurityGroupApi>[],
  cx: PortContext,
  report: Report,
): GroupInput[] {
  const out: GroupInput[] = [];
  const ids = new Set(items.map((g) => g.item.id));
  for (const { item: g, file } of items) {
    const base = { resource: 'security group', id: g.id, name: g.name ?? '', file };
    const rules: RuleInput[] = [];
    const left: Map<string, number> = new Map();
    for (const r of g.security_group_rules ?? []) {
      const x = rule(r);
      if (typeof x === 'string') left.set(x, (left.get(x) ?? 0) + 1);
      else if (x.remote_group_id && !ids.has(x.remote_group_id))
        left.set('remote group not captured', (left.get('remote group not captured') ?? 0) + 1);
      else rules.push(x);
    }
    if (left.size)
      report.add({
        ...base,
        kind: 'skipped',
        message: `rules not modelled: ${[...left].map(([k, n]) => `${n} ${k}`).join(', ')}`,
      });
    if (g.security_group_rules === undefined)
      report.add({
        ...base,
        kind: 'assumed',
        message:
          'its rules are not in the capture (`openstack security group list` does not print them): imported with none, so it lets nothing in or out; capture with `openstack security group show <id> -f json`',
      });
    if (g.stateful === false)
      report.add({ ...base, kind: 'ignored', message: 'stateless: the model’s groups are stateful' });
    out.push({
      id: g.id,
      name: nameOf('security-group', g.name, g.id, cx),
      project_id: projectOf(g.project_id, cx),
      rules,
    });
    cx.groups.add(g.id);
  }
  return out;
}
