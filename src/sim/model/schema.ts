// The topology file as it may be written by hand or imported: the shape of the normalized Topology,
// with everything Neutron would fill in (ids, MACs, addresses, DHCP and gateway ports, default security
// groups) optional, and references given by id or by name. Sizes are bounded so that a hostile file
// cannot make the app allocate without limit. Shape only: meaning is checked in validate.ts.
import { z } from 'zod';
import { TOPOLOGY_FORMAT, TOPOLOGY_VERSION } from './types';

export const LIMITS = {
  hosts: 500,
  projects: 200,
  networks: 2000,
  subnets: 4000,
  routers: 1000,
  ports: 20000,
  servers: 10000,
  floatingips: 5000,
  security_groups: 2000,
  rules: 200,
  outside: 50,
  outsideHosts: 50,
  listening: 64,
  fixedIps: 16,
  routes: 64,
  pools: 16,
  text: 256,
} as const;

const text = z.string().max(LIMITS.text);
const name = z.string().min(1, 'must not be empty').max(LIMITS.text);
/** An id or the unique name of the thing referred to. */
const ref = z.string().min(1, 'must not be empty').max(LIMITS.text);
/** Addresses are checked in validate.ts so that the message can name the value. */
const addr = z.string().max(64);
const portNumber = z.number().int().min(1).max(65535);
const listening = z
  .strictObject({
    tcp: z.array(portNumber).max(LIMITS.listening).optional(),
    udp: z.array(portNumber).max(LIMITS.listening).optional(),
  })
  .optional();
const route = z.strictObject({ destination: addr, nexthop: addr });
const fixedIp = z.strictObject({ subnet_id: ref.optional(), ip_address: addr.optional() });

export const hostSchema = z.strictObject({
  name,
  role: z.enum(['compute', 'network']),
  tunnel_ip: addr,
  agents: z
    .array(
      z.enum([
        'neutron-openvswitch-agent',
        'neutron-l3-agent',
        'neutron-dhcp-agent',
        'neutron-metadata-agent',
      ]),
    )
    .max(4)
    .optional(),
  agents_down: z
    .array(z.enum(['ovs', 'l3', 'dhcp']))
    .max(3)
    .optional(),
  underlay_connected: z.boolean().optional(),
  underlay_mtu: z.number().int().min(576).max(9216).optional(),
  enable_chassis_as_gw: z.boolean().optional(),
  segmentation_overrides: z
    .array(z.strictObject({ network_id: ref, segmentation_id: z.number().int() }))
    .max(LIMITS.networks)
    .optional(),
  l3_agent_mode: z.enum(['legacy', 'dvr', 'dvr_snat', 'dvr_no_external']).nullable().optional(),
});

export const projectSchema = z.strictObject({ id: ref.optional(), name });

export const networkSchema = z.strictObject({
  id: ref.optional(),
  name,
  /** '' is no project: an HA network (model/ha.ts) */
  project_id: z.union([ref, z.literal('')]),
  admin_state_up: z.boolean().optional(),
  'provider:network_type': z.enum(['vxlan', 'geneve', 'vlan', 'flat']).optional(),
  'provider:physical_network': text.nullable().optional(),
  'provider:segmentation_id': z.number().int().nullable().optional(),
  'router:external': z.boolean().optional(),
  mtu: z.number().int().min(68).max(9216).optional(),
});

export const subnetSchema = z.strictObject({
  id: ref.optional(),
  name,
  network_id: ref,
  ip_version: z.literal(4).optional(),
  cidr: addr,
  gateway_ip: addr.nullable().optional(),
  allocation_pools: z
    .array(z.strictObject({ start: addr, end: addr }))
    .max(LIMITS.pools)
    .optional(),
  enable_dhcp: z.boolean().optional(),
  host_routes: z.array(route).max(LIMITS.routes).optional(),
});

export const routerSchema = z.strictObject({
  id: ref.optional(),
  name,
  project_id: ref,
  admin_state_up: z.boolean().optional(),
  external_gateway_info: z
    .strictObject({
      network_id: ref,
      enable_snat: z.boolean().optional(),
      external_fixed_ips: z.array(fixedIp).max(LIMITS.fixedIps).optional(),
    })
    .nullable()
    .optional(),
  routes: z.array(route).max(LIMITS.routes).optional(),
  distributed: z.boolean().optional(),
  ha: z.boolean().optional(),
  ha_vr_id: z.number().int().min(1).max(254).nullable().optional(),
});

const deviceOwner = z.union([
  z.enum([
    'network:router_interface',
    // what Neutron reports for a distributed router's interface: read as network:router_interface
    'network:router_interface_distributed',
    'network:router_gateway',
    'network:dhcp',
    'network:router_centralized_snat',
    'network:floatingip_agent_gateway',
    'network:distributed',
    'network:router_ha_interface',
  ]),
  z.string().regex(/^compute:[A-Za-z0-9_.-]{1,64}$/, 'must be compute:<zone> or a network: owner'),
]);

export const portSchema = z.strictObject({
  id: ref.optional(),
  name: text.optional(),
  network_id: ref,
  /** '' is no project: Neutron leaves a router gateway port's project unset (l3_db _create_router_gw_port). */
  project_id: z.union([ref, z.literal('')]).optional(),
  mac_address: addr.optional(),
  fixed_ips: z.array(fixedIp).max(LIMITS.fixedIps).optional(),
  device_owner: deviceOwner.optional(),
  device_id: ref.optional(),
  'binding:host_id': text.nullable().optional(),
  security_groups: z.array(ref).max(16).optional(),
  admin_state_up: z.boolean().optional(),
  port_security_enabled: z.boolean().optional(),
});

export const serverSchema = z.strictObject({
  id: ref.optional(),
  name,
  project_id: ref,
  host: ref,
  listening,
  /** the guest image its console runs: CirrOS (BusyBox, dhcpcd) by default, or Ubuntu (iproute2, iputils) */
  image: z.enum(['cirros', 'ubuntu']).optional(),
});

export const floatingIpSchema = z.strictObject({
  id: ref.optional(),
  project_id: ref.optional(),
  floating_network_id: ref,
  floating_ip_address: addr.optional(),
  port_id: ref.nullable().optional(),
  fixed_ip_address: addr.nullable().optional(),
  router_id: ref.nullable().optional(),
});

export const ruleSchema = z.strictObject({
  id: ref.optional(),
  direction: z.enum(['ingress', 'egress']),
  ethertype: z.literal('IPv4').optional(),
  protocol: z.enum(['icmp', 'tcp', 'udp']).nullable().optional(),
  port_range_min: z.number().int().min(0).max(65535).nullable().optional(),
  port_range_max: z.number().int().min(0).max(65535).nullable().optional(),
  remote_ip_prefix: addr.nullable().optional(),
  remote_group_id: ref.nullable().optional(),
});

export const securityGroupSchema = z.strictObject({
  id: ref.optional(),
  name,
  project_id: ref,
  rules: z.array(ruleSchema).max(LIMITS.rules).optional(),
});

export const outsideHostSchema = z.strictObject({
  name,
  ip: addr,
  mac: addr.optional(),
  listening,
});

export const outsideSchema = z.strictObject({
  network_id: ref,
  gateway: z.strictObject({ name, ip: addr.optional(), mac: addr.optional() }).optional(),
  internet: z.strictObject({ cidr: addr, gateway_ip: addr, mac: addr.optional() }).optional(),
  hosts: z.array(outsideHostSchema).max(LIMITS.outsideHosts).optional(),
});

export const optionsSchema = z.strictObject({
  l2population: z.boolean().optional(),
  arp_responder: z.boolean().optional(),
  firewall_driver: z.enum(['iptables_hybrid', 'openvswitch']).optional(),
  bridge_mappings: z
    .array(z.strictObject({ physical_network: name, bridge: z.string().regex(/^[a-z][a-z0-9-]{0,10}$/) }))
    .max(16)
    .optional(),
  dhcp_agents_per_network: z.number().int().min(1).max(16).optional(),
  router_distributed: z.boolean().optional(),
  l3_ha: z.boolean().optional(),
  max_l3_agents_per_router: z.number().int().min(0).max(64).optional(),
  l3_ha_net_cidr: addr.optional(),
  dvr_base_mac: addr.optional(),
  mechanism_driver: z.enum(['openvswitch', 'ovn']).optional(),
  enable_distributed_floating_ip: z.boolean().optional(),
  cleanup_on_shutdown: z.boolean().optional(),
});

export const topologyInputSchema = z.strictObject({
  format: z.literal(TOPOLOGY_FORMAT),
  version: z.literal(TOPOLOGY_VERSION),
  name: text.optional(),
  description: z.string().max(4000).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  options: optionsSchema.optional(),
  hosts: z.array(hostSchema).max(LIMITS.hosts),
  projects: z.array(projectSchema).max(LIMITS.projects).optional(),
  networks: z.array(networkSchema).max(LIMITS.networks).optional(),
  subnets: z.array(subnetSchema).max(LIMITS.subnets).optional(),
  routers: z.array(routerSchema).max(LIMITS.routers).optional(),
  ports: z.array(portSchema).max(LIMITS.ports).optional(),
  servers: z.array(serverSchema).max(LIMITS.servers).optional(),
  floatingips: z.array(floatingIpSchema).max(LIMITS.floatingips).optional(),
  security_groups: z.array(securityGroupSchema).max(LIMITS.security_groups).optional(),
  outside: z.array(outsideSchema).max(LIMITS.outside).optional(),
});

export type TopologyInput = z.infer<typeof topologyInputSchema>;
export type PortInput = z.infer<typeof portSchema>;
export type FixedIpInput = z.infer<typeof fixedIp>;

/** The JSON Schema of the topology file, generated from the zod schema (shipped as public/topology.schema.json). */
export function topologyJsonSchema(): unknown {
  return z.toJSONSchema(topologyInputSchema, { target: 'draft-2020-12' });
}
