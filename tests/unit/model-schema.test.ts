// The edge of the loader: text that is not JSON, a file too large, and the shape check (zod) that
// catches typos, wrong types, missing fields and values outside an enumeration before any meaning is
// looked at. Each error names the path and carries what the file holds there.
import { describe, expect, it } from 'vitest';
import { formatError, loadTopology, loadTopologyText, MAX_TOPOLOGY_CHARS } from '../../src/sim';
import { expectError, expectRefused, minimalInput, type RawTopology, refuse } from './model-input';

describe('unknown fields', () => {
  it.each([
    [
      'a typo in a subnet',
      (t: RawTopology) => (t.subnets[1].gatway_ip = '10.1.0.1'),
      'subnets[1].gatway_ip',
      '10.1.0.1',
    ],
    ['a singular section name', (t: RawTopology) => (t.network = []), 'network', []],
    [
      'a field from another resource',
      (t: RawTopology) => (t.servers[0].network_id = 'net1'),
      'servers[0].network_id',
      'net1',
    ],
    [
      'a typo inside external_gateway_info',
      (t: RawTopology) => (t.routers[0].external_gateway_info.enable_nat = false),
      'routers[0].external_gateway_info.enable_nat',
      false,
    ],
    [
      'a misspelt extension field',
      (t: RawTopology) => (t.networks[1]['provider:segmentation'] = 5),
      'networks[1].provider:segmentation',
      5,
    ],
  ])('refuses %s, naming the field', (_, change, path, value) => {
    expectRefused(change, { path, value, message: /is not a known field here/ });
  });

  it('reports every unknown field, not only the first', () => {
    const t = minimalInput();
    t.subnets[1].gatway_ip = '10.1.0.1';
    t.ports[1].mac = 'fa:16:3e:00:00:01';
    const paths = refuse(t).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['subnets[1].gatway_ip', 'ports[1].mac']));
  });
});

describe('wrong types and values', () => {
  it.each([
    ['a string for a boolean', 'subnets[1].enable_dhcp', 'yes', /expected boolean, received string/],
    [
      'a string for a number',
      'networks[1].provider:segmentation_id',
      '101',
      /expected number, received string/,
    ],
    ['a number for a string', 'subnets[1].cidr', 24, /expected string, received number/],
    ['an object for a list', 'subnets[1].allocation_pools', { start: '10.1.0.2' }, /expected array/],
    ['a fraction for an integer', 'networks[1].provider:segmentation_id', 1.5, /expected int/],
    ['a role outside the enumeration', 'hosts[0].role', 'storage', /expected one of "compute"\|"network"/],
    ['an unknown network type', 'networks[1].provider:network_type', 'gre', /expected one of/],
    [
      'a device owner Neutron does not use',
      'ports[1].device_owner',
      'network:floatingip_agent',
      /compute:<zone>/,
    ],
    ['an MTU below the IPv4 minimum 68', 'networks[1].mtu', 60, /too small/],
  ])('refuses %s', (_, path, value, message) => {
    const t = minimalInput();
    set(t, path, value);
    expectError(refuse(t), { path, value, message: new RegExp(`is not accepted: .*${message.source}`) });
  });

  it('refuses another format or version, and an empty name', () => {
    expectRefused((t) => (t.format = 'openstack/heat'), {
      path: 'format',
      value: 'openstack/heat',
      message: /expected "neutron-explorer\/topology"/,
    });
    expectRefused((t) => (t.version = 2), { path: 'version', value: 2, message: /expected 1/ });
    expectRefused((t) => (t.networks[1].name = ''), {
      path: 'networks[1].name',
      value: '',
      message: /must not be empty/,
    });
  });

  it('says a required field is missing, without inventing a value for it', () => {
    const t = minimalInput();
    delete t.subnets[1].cidr;
    const e = expectError(refuse(t), {
      path: 'subnets[1].cidr',
      value: undefined,
      message: /is missing \(required\)/,
    });
    expect(formatError(e)).toBe('subnets[1].cidr: is missing (required)');
    const noHosts = minimalInput();
    delete noHosts.hosts;
    expectError(refuse(noHosts), { path: 'hosts', value: undefined, message: /is missing/ });
  });

  it('refuses more hosts than the limit (500)', () => {
    const t = minimalInput();
    t.hosts = Array.from({ length: 501 }, (_, i) => ({
      name: `h${i}`,
      role: 'compute',
      tunnel_ip: `10.0.${i >> 8}.${i & 255}`,
    }));
    const e = refuse(t).find((x) => x.path === 'hosts');
    expect(e?.message).toMatch(/too big: expected array to have <=500 items/);
    expect(e?.value).toHaveLength(501);
  });
});

describe('the file itself', () => {
  it.each([
    ['an unterminated object', '{"format": "neutron-explorer/topology"'],
    ['a trailing comma', '{"hosts": [],}'],
    ['single quotes', "{'hosts': []}"],
    ['an empty file', ''],
  ])('refuses text that is not JSON: %s', (_, text) => {
    const r = loadTopologyText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.path).toBe('(file)');
    expect(r.errors[0]?.value).toBe(text.slice(0, 40));
    expect(r.errors[0]?.message).toMatch(/^is not valid JSON: /);
  });

  it.each([
    ['a list', [minimalInput()]],
    ['null', null],
    ['a string', 'hosts'],
    ['a number', 1],
  ])('refuses JSON that is %s rather than an object', (_, raw) => {
    const r = loadTopologyText(JSON.stringify(raw));
    expect(r.ok).toBe(false);
    if (!r.ok) expectError(r.errors, { path: '(file)', value: raw, message: /expected a JSON object/ });
    expect(loadTopology(raw).ok).toBe(false);
  });

  it('refuses a file over the size limit before parsing it, and loads one just under it', () => {
    const valid = JSON.stringify(minimalInput());
    // Padding with whitespace keeps the JSON valid, so only the size can be the reason.
    const over = valid + ' '.repeat(MAX_TOPOLOGY_CHARS + 1 - valid.length);
    const r = loadTopologyText(over);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expectError(r.errors, {
        path: '(file)',
        value: `${MAX_TOPOLOGY_CHARS + 1} characters`,
        message: new RegExp(`is too large \\(at most ${MAX_TOPOLOGY_CHARS}\\)`),
      });
    expect(loadTopologyText(over.slice(0, MAX_TOPOLOGY_CHARS)).ok).toBe(true);
  });
});

/** Sets a value at a path written as the errors write it (a.b[1].c, with colons allowed in keys). */
function set(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
  let cur = root as Record<string | number, unknown>;
  for (const k of keys.slice(0, -1)) cur = cur[k!] as Record<string | number, unknown>;
  cur[keys.at(-1)!] = value;
}
