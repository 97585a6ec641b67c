// `openstack … -f json` names some fields otherwise than the API: the show commands print the
// openstacksdk attribute names (port show: binding_host_id, security_group_ids; agent show:
// configuration; security group show: rules, python-openstackclient network/v2/*.py _get_columns), and
// the list commands print column headings ("ID", "MAC Address", "Fixed IP Addresses", "Host"). They are
// renamed to the API's field names here, so that one reader serves both. A key already in the API's form
// wins over its alias.
import type { ResourceKind } from './files';

/** Headings of `openstack … list -f json` (and --long) shared by every resource. */
const LIST_COLUMNS: Record<string, string> = {
  ID: 'id',
  Name: 'name',
  Project: 'project_id',
  'Project ID': 'project_id',
  Tenant: 'project_id',
  Status: 'status',
  State: 'admin_state_up',
  Description: 'description',
};

const BY_KIND: Partial<Record<ResourceKind, Record<string, string>>> = {
  ports: {
    binding_host_id: 'binding:host_id',
    binding_vif_type: 'binding:vif_type',
    binding_vnic_type: 'binding:vnic_type',
    binding_profile: 'binding:profile',
    binding_vif_details: 'binding:vif_details',
    security_group_ids: 'security_groups',
    'MAC Address': 'mac_address',
    'Fixed IP Addresses': 'fixed_ips',
    'Device Owner': 'device_owner',
    'Device ID': 'device_id',
    Network: 'network_id',
    'Network ID': 'network_id',
    'Security Groups': 'security_groups',
    'Host ID': 'binding:host_id',
  },
  networks: {
    'Network Type': 'provider:network_type',
    'Physical Network': 'provider:physical_network',
    'Segmentation ID': 'provider:segmentation_id',
    'Router Type': 'router:external',
    External: 'router:external',
    is_router_external: 'router:external',
  },
  subnets: {
    Network: 'network_id',
    Subnet: 'cidr',
    'IP Version': 'ip_version',
    Gateway: 'gateway_ip',
    DHCP: 'enable_dhcp',
    'Allocation Pools': 'allocation_pools',
    'Host Routes': 'host_routes',
    'Name Servers': 'dns_nameservers',
  },
  routers: { Distributed: 'distributed', HA: 'ha', 'External gateway info': 'external_gateway_info' },
  floatingips: {
    'Floating IP Address': 'floating_ip_address',
    'Fixed IP Address': 'fixed_ip_address',
    Port: 'port_id',
    'Floating Network': 'floating_network_id',
    Router: 'router_id',
  },
  security_groups: { rules: 'security_group_rules' },
  agents: {
    configuration: 'configurations',
    'Agent Type': 'agent_type',
    Host: 'host',
    Alive: 'alive',
    Binary: 'binary',
    is_alive: 'alive',
  },
  servers: { Host: 'OS-EXT-SRV-ATTR:host', Networks: 'addresses', tenant_id: 'project_id' },
};

/** Whether a resource is a row of `openstack … list -f json` (its keys are column headings). */
export function isListRow(item: Record<string, unknown>): boolean {
  return Object.hasOwn(item, 'ID');
}

/** The resource with its keys as the API names them. */
export function oscToApi(kind: ResourceKind, item: Record<string, unknown>): Record<string, unknown> {
  const aliases = BY_KIND[kind] ?? {};
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(item)) {
    const api = aliases[key] ?? LIST_COLUMNS[key] ?? (key === 'tenant_id' ? 'project_id' : undefined);
    if (api === undefined || api === key || Object.hasOwn(item, api)) continue;
    out ??= { ...item };
    out[api] = item[key];
    delete out[key];
  }
  return out ?? item;
}
