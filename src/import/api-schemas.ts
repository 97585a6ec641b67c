// The fields of the API resources that the import reads, as the Neutron v2.0 and Nova v2.1 API
// references document them (docs/import.md lists the samples followed). Every other field is let
// through unread: a response carries dozens the model has no use for. Sizes are bounded so that a
// hostile file cannot make the import allocate without limit; the messages name the value found.
import { z } from 'zod';

const str = z.string().max(1024);
const id = z.string().min(1, 'must not be empty').max(256);
const nullableStr = str.nullable().optional();
/** The API gives booleans; `openstack … list` prints UP/DOWN, Yes/No, :-)/XXX, True/False. */
const bool = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['up', 'true', 'yes', ':-)', 'external', 'alive'].includes(s)) return true;
  if (['down', 'false', 'no', 'xxx', 'internal'].includes(s)) return false;
  return v;
}, z.boolean());
const fixedIp = z.looseObject({ subnet_id: id.optional(), ip_address: str.optional() });
const route = z.looseObject({ destination: str, nexthop: str });
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);

export const networkApi = z.looseObject({
  id,
  name: str.nullable().optional(),
  project_id: str.nullable().optional(),
  admin_state_up: bool.optional(),
  'provider:network_type': nullableStr,
  'provider:physical_network': nullableStr,
  'provider:segmentation_id': z.number().int().nullable().optional(),
  'router:external': bool.optional(),
  mtu: z.number().int().nullable().optional(),
  segments: list(z.looseObject({}), 64).nullable().optional(),
  qos_policy_id: nullableStr,
  shared: bool.optional(),
});

export const subnetApi = z.looseObject({
  id,
  name: str.nullable().optional(),
  network_id: id,
  project_id: nullableStr,
  ip_version: z.union([z.literal(4), z.literal(6)]).optional(),
  cidr: str,
  gateway_ip: nullableStr,
  allocation_pools: list(z.looseObject({ start: str, end: str }), 256)
    .nullable()
    .optional(),
  enable_dhcp: bool.optional(),
  host_routes: list(route, 256).nullable().optional(),
  dns_nameservers: list(str, 64).nullable().optional(),
  segment_id: nullableStr,
  subnetpool_id: nullableStr,
});

export const routerApi = z.looseObject({
  id,
  name: str.nullable().optional(),
  project_id: nullableStr,
  admin_state_up: bool.optional(),
  external_gateway_info: z
    .looseObject({
      network_id: id,
      enable_snat: bool.nullable().optional(),
      external_fixed_ips: list(fixedIp, 64).nullable().optional(),
    })
    .nullable()
    .optional(),
  routes: list(route, 256).nullable().optional(),
  distributed: bool.nullable().optional(),
  ha: bool.nullable().optional(),
  flavor_id: nullableStr,
});

export const portApi = z.looseObject({
  id,
  name: str.nullable().optional(),
  network_id: id,
  project_id: nullableStr,
  mac_address: str,
  fixed_ips: list(fixedIp, 64).nullable().optional(),
  device_owner: nullableStr,
  device_id: nullableStr,
  'binding:host_id': nullableStr,
  'binding:vnic_type': nullableStr,
  'binding:vif_type': nullableStr,
  security_groups: list(id, 64).nullable().optional(),
  admin_state_up: bool.optional(),
  port_security_enabled: bool.nullable().optional(),
  allowed_address_pairs: list(z.looseObject({}), 64).nullable().optional(),
  trunk_details: z.looseObject({}).nullable().optional(),
  qos_policy_id: nullableStr,
});

export const floatingIpApi = z.looseObject({
  id,
  project_id: nullableStr,
  floating_network_id: id,
  floating_ip_address: str,
  port_id: nullableStr,
  fixed_ip_address: nullableStr,
  router_id: nullableStr,
  port_forwardings: list(z.looseObject({}), 1024).nullable().optional(),
  qos_policy_id: nullableStr,
});

export const ruleApi = z.looseObject({
  id: id.optional(),
  direction: z.enum(['ingress', 'egress']),
  ethertype: str.optional(),
  protocol: z.union([str, z.number().int()]).nullable().optional(),
  port_range_min: z.number().int().nullable().optional(),
  port_range_max: z.number().int().nullable().optional(),
  remote_ip_prefix: nullableStr,
  remote_group_id: nullableStr,
  remote_address_group_id: nullableStr,
});

export const securityGroupApi = z.looseObject({
  id,
  name: str.nullable().optional(),
  project_id: nullableStr,
  security_group_rules: list(ruleApi, 4096).nullable().optional(),
  stateful: bool.nullable().optional(),
});

export const agentApi = z.looseObject({
  id: id.optional(),
  binary: str,
  host: id,
  agent_type: str.optional(),
  alive: bool.optional(),
  admin_state_up: bool.optional(),
  configurations: z
    .looseObject({
      tunneling_ip: nullableStr,
      bridge_mappings: z.record(str, str).nullable().optional(),
      tunnel_types: list(str, 16).nullable().optional(),
      l2_population: bool.nullable().optional(),
      arp_responder_enabled: bool.nullable().optional(),
      agent_mode: nullableStr,
      enable_distributed_routing: bool.nullable().optional(),
    })
    .nullable()
    .optional(),
});

export const serverApi = z.looseObject({
  id,
  name: str.nullable().optional(),
  project_id: nullableStr,
  'OS-EXT-SRV-ATTR:host': nullableStr,
  'OS-EXT-SRV-ATTR:hypervisor_hostname': nullableStr,
  status: nullableStr,
});

export type NetworkApi = z.infer<typeof networkApi>;
export type SubnetApi = z.infer<typeof subnetApi>;
export type RouterApi = z.infer<typeof routerApi>;
export type PortApi = z.infer<typeof portApi>;
export type FloatingIpApi = z.infer<typeof floatingIpApi>;
export type SecurityGroupApi = z.infer<typeof securityGroupApi>;
export type RuleApi = z.infer<typeof ruleApi>;
export type AgentApi = z.infer<typeof agentApi>;
export type ServerApi = z.infer<typeof serverApi>;

export const API_SCHEMAS = {
  networks: networkApi,
  subnets: subnetApi,
  routers: routerApi,
  ports: portApi,
  floatingips: floatingIpApi,
  security_groups: securityGroupApi,
  agents: agentApi,
  servers: serverApi,
} as const;
