// `openstack … list -f json` output as an import (issue 17, point 1: "the show and list commands"):
// what the lists print is read as the API's fields, and what they do not print is said or refused.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type InputFile, importCloud, importErrorText } from '../../src/import';
import { loadTopology, type Topology } from '../../src/sim';

function fixture(dir: string): InputFile[] {
  const base = fileURLToPath(new URL(`../fixtures/import/${dir}/`, import.meta.url));
  return readdirSync(base)
    .sort()
    .map((name) => ({ name, text: readFileSync(`${base}${name}`, 'utf8') }));
}

function imported(files: InputFile[]) {
  const r = importCloud(files);
  if (!r.ok) throw new Error(r.errors.map(importErrorText).join('\n'));
  const loaded = loadTopology(r.topology);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return { ...r, cloud: loaded.topology as Topology };
}

/**
 * What `openstack <resource> list --long -f json` prints of the osc-cloud fixture: the column headings
 * and the attributes under them, as python-openstackclient's network/v2/{network,subnet,port,router,
 * floating_ip,security_group,network_agent}.py and compute/v2/server.py list them.
 */
const LIST_COLUMNS: Record<string, [string, string][]> = {
  'networks.json': [
    ['ID', 'id'],
    ['Name', 'name'],
    ['Status', 'status'],
    ['Project', 'project_id'],
    ['State', 'admin_state_up'],
    ['Shared', 'shared'],
    ['Subnets', 'subnets'],
    ['Network Type', 'provider:network_type'],
    ['Router Type', 'router:external'],
    ['Availability Zones', 'availability_zones'],
    ['Tags', 'tags'],
  ],
  'subnets.json': [
    ['ID', 'id'],
    ['Name', 'name'],
    ['Network', 'network_id'],
    ['Subnet', 'cidr'],
    ['Project', 'project_id'],
    ['DHCP', 'enable_dhcp'],
    ['Name Servers', 'dns_nameservers'],
    ['Allocation Pools', 'allocation_pools'],
    ['Host Routes', 'host_routes'],
    ['IP Version', 'ip_version'],
    ['Gateway', 'gateway_ip'],
    ['Service Types', 'service_types'],
    ['Tags', 'tags'],
  ],
  'ports.json': [
    ['ID', 'id'],
    ['Name', 'name'],
    ['MAC Address', 'mac_address'],
    ['Fixed IP Addresses', 'fixed_ips'],
    ['Status', 'status'],
    ['Security Groups', 'security_group_ids'],
    ['Device Owner', 'device_owner'],
    ['Tags', 'tags'],
  ],
  'routers.json': [
    ['ID', 'id'],
    ['Name', 'name'],
    ['Status', 'status'],
    ['State', 'admin_state_up'],
    ['Project', 'project_id'],
    ['Distributed', 'distributed'],
    ['HA', 'ha'],
    ['Routes', 'routes'],
    ['External gateway info', 'external_gateway_info'],
  ],
  'floatingips.json': [
    ['ID', 'id'],
    ['Floating IP Address', 'floating_ip_address'],
    ['Fixed IP Address', 'fixed_ip_address'],
    ['Port', 'port_id'],
    ['Floating Network', 'floating_network_id'],
    ['Project', 'project_id'],
    ['Router', 'router_id'],
    ['Status', 'status'],
  ],
  'security_groups.json': [
    ['ID', 'id'],
    ['Name', 'name'],
    ['Description', 'description'],
    ['Project', 'project_id'],
    ['Tags', 'tags'],
  ],
  'agents.json': [
    ['ID', 'id'],
    ['Agent Type', 'agent_type'],
    ['Host', 'host'],
    ['Availability Zone', 'availability_zone'],
    ['Alive', 'alive'],
    ['State', 'admin_state_up'],
    ['Binary', 'binary'],
  ],
  'servers.json': [
    ['ID', 'id'],
    ['Name', 'name'],
    ['Status', 'status'],
    ['Networks', 'addresses'],
    ['Image', 'image'],
    ['Flavor', 'flavor'],
    ['Host', 'OS-EXT-SRV-ATTR:host'],
  ],
};

describe('`openstack … list -f json` output', () => {
  const osc = fixture('osc-cloud');
  const shown = imported(osc);
  /** osc-cloud with the given files as their list command prints them. */
  const listed = (names: string[]) =>
    osc.map((f) =>
      names.includes(f.name)
        ? {
            name: f.name,
            text: JSON.stringify(
              (JSON.parse(f.text) as Record<string, unknown>[]).map((i) =>
                Object.fromEntries(LIST_COLUMNS[f.name]!.map(([h, k]) => [h, i[k]])),
              ),
            ),
          }
        : f,
    );
  const ofId = (items: { id: string; message: string }[], id: string) =>
    items.filter((i) => i.id === id).map((i) => i.message);

  it('reads what each list prints as the show output, and says what it does not print', () => {
    const all = Object.keys(LIST_COLUMNS).filter((f) => f !== 'ports.json');
    const x = imported(listed(all));
    // the columns the lists print are read as the API's fields
    expect(x.topology.subnets).toEqual(shown.topology.subnets);
    expect(x.topology.routers).toEqual(shown.topology.routers);
    expect(x.topology.floatingips).toEqual(shown.topology.floatingips);
    const where = (t: typeof x.topology) => t.servers?.map((v) => [v.id, v.name, v.host]);
    expect(where(x.topology)).toEqual(where(shown.topology));
    expect(x.cloud.networks.map((n) => n.id)).toEqual(shown.cloud.networks.map((n) => n.id));
    expect(x.report.some((i) => /dns_nameservers 8\.8\.8\.8/.test(i.message))).toBe(true);
    // what they do not print is said, for each resource it concerns
    const priv = shown.cloud.networks.find((n) => n.name === 'private')!;
    expect(ofId(x.report, priv.id).join()).toMatch(/provider:segmentation_id not in the capture/);
    const groups = JSON.parse(osc.find((f) => f.name === 'security_groups.json')!.text) as { id: string }[];
    for (const g of groups) {
      expect(ofId(x.report, g.id).join(), g.id).toMatch(/rules are not in the capture/);
      expect(x.cloud.security_groups.find((y) => y.id === g.id)?.rules).toEqual([]);
    }
    expect(ofId(x.report, 'compute1').join()).toMatch(/no OVS agent reports a tunneling_ip/);
    expect(x.report.map((i) => i.message).join('\n')).toMatch(
      /bridge_mappings unknown \(no OVS agent reports its configurations\): provider:br-ex assumed/,
    );
  });

  it('refuses a port list, which has no network, and says which command to capture it with', () => {
    const r = importCloud(listed(['ports.json']));
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : importErrorText(r.errors[0]!)).toBe(
      'ports.json: [0].network_id (id d80b1a3b-4fc1-49f3-952e-1e2ab7081d8b): is missing: `openstack port list -f json` does not print it; capture with `openstack port show <id> -f json` (public/capture/neutron-capture.sh)',
    );
  });
});
