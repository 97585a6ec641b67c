// The openstack client in the simulated terminal: list and show of the Topology's resources with the
// client's default columns, its table and value formats, and its errors.
import { describe, expect, it } from 'vitest';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, loadExample, variant } from './helpers';

const t = loadExample('two-networks-one-router');
type Cloud = ReturnType<typeof cloud>;
const fresh = () => cloud(t);
const where: Where = { host: 'network1', namespace: null };
const sh = (c: Cloud, line: string, w: Where = where) =>
  runLine({ topology: c.topology, plane: c.plane, state: c.state }, w, line);

/** The rows of a +---+ table as arrays of trimmed cells (header first), checking the box as it goes. */
function table(out: string): string[][] {
  const ls = out.split('\n').filter(Boolean);
  const rule = ls[0]!;
  expect(rule).toMatch(/^\+(-+\+)+$/);
  expect(ls[2]).toBe(rule);
  expect(ls.at(-1)).toBe(rule);
  for (const l of ls) expect(l.length).toBe(rule.length);
  return ls
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

const net = (name: string) => t.networks.find((n) => n.name === name)!;
const server = (name: string) => t.servers.find((s) => s.name === name)!;
const portOf = (vm: string) => t.ports.find((p) => p.device_id === server(vm).id)!;

describe('openstack ... list', () => {
  it('network list: ID, Name, Subnets of every network', () => {
    const rows = table(sh(fresh(), 'openstack network list').stdout);
    expect(rows[0]).toEqual(['ID', 'Name', 'Subnets']);
    expect(rows.slice(1)).toEqual(
      t.networks.map((n) => [
        n.id,
        n.name,
        t.subnets
          .filter((s) => s.network_id === n.id)
          .map((s) => s.id)
          .sort()
          .join(', '),
      ]),
    );
  });

  it('server list: ID, Name, Status, Networks (fixed then floating IPs), Image, Flavor', () => {
    const rows = table(sh(fresh(), 'openstack server list').stdout);
    expect(rows[0]).toEqual(['ID', 'Name', 'Status', 'Networks', 'Image', 'Flavor']);
    const vm1 = rows.find((r) => r[1] === 'vm1')!;
    const fip = t.floatingips.find((f) => f.port_id === portOf('vm1').id)!;
    expect(vm1).toEqual([
      server('vm1').id,
      'vm1',
      'ACTIVE',
      `net1=${portOf('vm1').fixed_ips[0]!.ip_address}, ${fip.floating_ip_address}`,
      'cirros',
      'm1.tiny',
    ]);
    expect(rows.find((r) => r[1] === 'vm2')![3]).toBe(`net2=${portOf('vm2').fixed_ips[0]!.ip_address}`);
  });

  it('subnet, router, port and floating ip lists have the client default columns', () => {
    const c = fresh();
    expect(table(sh(c, 'openstack subnet list').stdout)[0]).toEqual(['ID', 'Name', 'Network', 'Subnet']);
    const routers = table(sh(c, 'openstack router list').stdout);
    expect(routers[0]).toEqual(['ID', 'Name', 'Status', 'State', 'Project', 'Distributed', 'HA']);
    expect(routers[1]).toEqual([
      t.routers[0]!.id,
      'router1',
      'ACTIVE',
      'UP',
      t.routers[0]!.project_id,
      'False',
      'False',
    ]);
    const ports = table(sh(c, 'openstack port list').stdout);
    expect(ports[0]).toEqual(['ID', 'Name', 'MAC Address', 'Fixed IP Addresses', 'Status']);
    expect(ports.length - 1).toBe(t.ports.length);
    const p = portOf('vm2');
    expect(ports).toContainEqual([
      p.id,
      p.name,
      p.mac_address,
      `ip_address='${p.fixed_ips[0]!.ip_address}', subnet_id='${p.fixed_ips[0]!.subnet_id}'`,
      'ACTIVE',
    ]);
    const fips = table(sh(c, 'openstack floating ip list').stdout);
    expect(fips[0]).toEqual([
      'ID',
      'Floating IP Address',
      'Fixed IP Address',
      'Port',
      'Floating Network',
      'Project',
    ]);
    const f = t.floatingips[0]!;
    expect(fips[1]).toEqual([
      f.id,
      f.floating_ip_address,
      f.fixed_ip_address,
      f.port_id,
      f.floating_network_id,
      f.project_id,
    ]);
  });

  it('port list filters by network and server', () => {
    const c = fresh();
    const ofNet1 = table(sh(c, 'openstack port list --network net1').stdout).slice(1);
    expect(ofNet1.map((r) => r[0]).sort()).toEqual(
      t.ports
        .filter((p) => p.network_id === net('net1').id)
        .map((p) => p.id)
        .sort(),
    );
    const ofVm1 = table(sh(c, 'openstack port list --server vm1').stdout).slice(1);
    expect(ofVm1.map((r) => r[0])).toEqual([portOf('vm1').id]);
    // nothing matches: an empty list prints nothing
    expect(sh(c, 'openstack port list --server nope')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('network agent list shows the agent a fault stopped as not alive', () => {
    const down = variant('two-networks-one-router', (input) => {
      input.hosts.find((h: { name: string }) => h.name === 'network1').agents_down = ['l3'];
    });
    const rows = table(sh(cloud(down), 'openstack network agent list').stdout);
    expect(rows[0]).toEqual(['ID', 'Agent Type', 'Host', 'Availability Zone', 'Alive', 'State', 'Binary']);
    expect(rows.find((r) => r[6] === 'neutron-l3-agent')?.[4]).toBe('XXX');
    expect(
      rows
        .filter((r) => r[6] === 'neutron-openvswitch-agent')
        .map((r) => r[2])
        .sort(),
    ).toEqual(t.hosts.map((h) => h.name).sort());
    expect(rows.find((r) => r[6] === 'neutron-dhcp-agent')?.[4]).toBe(':-)');
  });
});

describe('openstack ... show', () => {
  it('network show by name or id prints the sorted Field/Value table of the network', () => {
    const c = fresh();
    const n = net('net1');
    const byName = sh(c, 'openstack network show net1').stdout;
    expect(sh(c, `openstack network show ${n.id}`).stdout).toBe(byName);
    const rows = table(byName);
    expect(rows[0]).toEqual(['Field', 'Value']);
    const fields = rows.slice(1).map((r) => r[0]!);
    expect(fields).toEqual([...fields].sort());
    const value = (f: string) => rows.find((r) => r[0] === f)?.[1];
    expect(value('id')).toBe(n.id);
    expect(value('mtu')).toBe(String(n.mtu));
    expect(value('provider:network_type')).toBe('vxlan');
    expect(value('provider:segmentation_id')).toBe(String(n['provider:segmentation_id']));
    expect(value('router:external')).toBe('Internal');
    expect(
      table(sh(c, 'openstack network show public').stdout).find((r) => r[0] === 'router:external')?.[1],
    ).toBe('External');
  });

  it('-f value -c picks values for scripts', () => {
    const c = fresh();
    expect(sh(c, 'openstack network show net2 -f value -c id').stdout).toBe(`${net('net2').id}\n`);
    expect(sh(c, 'openstack server list -f value -c Name -c Status').stdout).toBe('vm2 ACTIVE\nvm1 ACTIVE\n');
  });

  it('port show of a VM port: the binding says OVS with the hybrid plug (neutron-facts §2)', () => {
    const rows = table(sh(fresh(), 'openstack port show vm1-port').stdout);
    const value = (f: string) => rows.find((r) => r[0] === f)?.[1];
    expect(value('binding_host_id')).toBe('compute1');
    expect(value('binding_vif_type')).toBe('ovs');
    expect(value('binding_vif_details')).toContain("ovs_hybrid_plug='True'");
    expect(value('mac_address')).toBe(portOf('vm1').mac_address);
  });

  it('router show has the gateway and interfaces as JSON; server show the host and addresses', () => {
    const c = fresh();
    const r = table(sh(c, 'openstack router show router1').stdout);
    const gw = r.find((x) => x[0] === 'external_gateway_info')![1]!;
    expect(JSON.parse(gw)).toEqual(t.routers[0]!.external_gateway_info);
    const ifaces = JSON.parse(r.find((x) => x[0] === 'interfaces_info')![1]!) as { ip_address: string }[];
    expect(ifaces.map((i) => i.ip_address).sort()).toEqual(
      t.subnets
        .filter((s) => s.network_id !== net('public').id)
        .map((s) => s.gateway_ip)
        .sort(),
    );
    const s = table(sh(c, 'openstack server show vm2').stdout);
    expect(s.find((x) => x[0] === 'OS-EXT-SRV-ATTR:host')?.[1]).toBe(server('vm2').host);
  });

  it('errors: unknown resource, missing argument, unknown command', () => {
    const c = fresh();
    expect(sh(c, 'openstack network show nope')).toMatchObject({
      exitCode: 1,
      stderr: 'Error while executing command: No Network found for nope\n',
    });
    expect(sh(c, 'openstack server show nope').stderr).toBe(
      "No server with a name or ID of 'nope' exists.\n",
    );
    const missing = sh(c, 'openstack subnet show');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(
      /openstack subnet show: error: the following arguments are required: <subnet>\n$/,
    );
    expect(sh(c, 'openstack frob list')).toMatchObject({
      exitCode: 2,
      stderr: "openstack: 'frob list' is not an openstack command. See 'openstack --help'.\n",
    });
    expect(sh(c, 'openstack network list --frob').stderr).toMatch(/error: unrecognized arguments: --frob/);
    expect(sh(c, 'openstack network list', { host: null, namespace: null, vm: 'vm1' }).exitCode).toBe(127);
  });
});
