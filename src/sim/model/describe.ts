// What an error's path points at, in words: "ports[7].fixed_ips[0].ip_address" is "the address of
// router router2's interface on subnet subnet1". Paths stay for files (they find the line); the words
// are for the editor, where the user never saw a path. Read from the raw input the path indexes into,
// defensively: it may be a file the schema refused.
import type { TopologyError } from './errors';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function list(raw: unknown, key: string): Obj[] {
  const v = isObj(raw) ? raw[key] : undefined;
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** The name of the item of `key` that `ref` (an id or a name) refers to, else the ref itself. */
function nameOf(raw: unknown, key: string, ref: unknown): string | null {
  const r = str(ref);
  if (!r) return null;
  const hit = list(raw, key).find((x) => x.id === r || x.name === r);
  return str(hit?.name) ?? r;
}

/** Field names as a user reads them in the forms. */
const FIELD_WORDS: Record<string, string> = {
  cidr: 'CIDR',
  gateway_ip: 'gateway IP',
  ip_address: 'address',
  fixed_ips: 'address',
  allocation_pools: 'allocation pools',
  host_routes: 'host routes',
  external_fixed_ips: 'address',
  mac_address: 'MAC address',
  tunnel_ip: 'tunnel IP',
  mtu: 'MTU',
  network_id: 'network',
  subnet_id: 'subnet',
  device_id: 'device',
  project_id: 'project',
  port_id: 'port',
  floating_ip_address: 'address',
  floating_network_id: 'network',
  remote_ip_prefix: 'remote CIDR',
  remote_group_id: 'remote group',
  port_range_min: 'ports',
  port_range_max: 'ports',
  'binding:host_id': 'host',
  'provider:segmentation_id': 'segmentation id',
  'provider:physical_network': 'physical network',
  'provider:network_type': 'network type',
};

function fieldWords(rest: string): string | null {
  // the field of the resource itself: "fixed_ips" of ".fixed_ips[0].ip_address"
  const first = /[A-Za-z_:]+/.exec(rest)?.[0];
  if (!first) return null;
  return FIELD_WORDS[first] ?? first.replace(/[_:]/g, ' ');
}

function portWords(raw: unknown, p: Obj, i: number): string {
  const owner = str(p.device_owner) ?? 'compute:nova';
  const net = nameOf(raw, 'networks', p.network_id);
  const fixed = Array.isArray(p.fixed_ips) && isObj(p.fixed_ips[0]) ? p.fixed_ips[0] : null;
  const subnet = nameOf(raw, 'subnets', fixed?.subnet_id);
  const on = subnet ? ` on subnet ${subnet}` : net ? ` on network ${net}` : '';
  if (owner === 'network:router_interface')
    return `router ${nameOf(raw, 'routers', p.device_id) ?? '?'}'s interface${on}`;
  if (owner === 'network:router_gateway')
    return `router ${nameOf(raw, 'routers', p.device_id) ?? '?'}'s gateway port`;
  if (owner === 'network:dhcp') return `the DHCP port${net ? ` of network ${net}` : ''}`;
  if (owner === 'network:distributed') return `the OVN metadata port${net ? ` of network ${net}` : ''}`;
  const server = owner.startsWith('compute:') ? nameOf(raw, 'servers', p.device_id) : null;
  if (server) return `server ${server}'s port${net ? ` on network ${net}` : ''}`;
  return str(p.name) ? `port ${p.name}` : `port ${i + 1}${net ? ` on network ${net}` : ''}`;
}

/** The resource at `key[i]` and how much of the path its words took in. */
function resourceWords(raw: unknown, key: string, i: number, rest: string): [string, string] | null {
  const item = list(raw, key)[i];
  if (!item) return null;
  const name = str(item.name) ?? `${i + 1}`;
  const sub = /^\.(\w+)\[(\d+)\](.*)$/.exec(rest);
  switch (key) {
    case 'hosts':
      return [`host ${name}`, rest];
    case 'projects':
      return [`project ${name}`, rest];
    case 'networks':
      return [`network ${name}`, rest];
    case 'subnets':
      return [`subnet ${name}`, rest];
    case 'servers':
      return [`server ${name}`, rest];
    case 'routers':
      if (rest.startsWith('.external_gateway_info'))
        return [`router ${name}'s gateway`, rest.slice('.external_gateway_info'.length)];
      if (sub?.[1] === 'routes') return [`route ${Number(sub[2]) + 1} of router ${name}`, sub[3]!];
      return [`router ${name}`, rest];
    case 'security_groups':
      if (sub?.[1] === 'rules') return [`rule ${Number(sub[2]) + 1} of security group ${name}`, sub[3]!];
      return [`security group ${name}`, rest];
    case 'ports':
      return [portWords(raw, item, i), rest];
    case 'floatingips': {
      const addr = str(item.floating_ip_address);
      return [addr ? `floating IP ${addr}` : `floating IP ${i + 1}`, rest];
    }
    case 'outside':
      return [`the world outside network ${nameOf(raw, 'networks', item.network_id) ?? '?'}`, rest];
    default:
      return null;
  }
}

/** The words for a path, or null when the path is not about one resource ("(file)", "(edit)"). */
export function subjectOf(raw: unknown, path: string): string | null {
  let what: string;
  let rest: string;
  const made = /^\(([^)]+)\)(.*)$/.exec(path);
  const item = /^(\w+)\[(\d+)\](.*)$/.exec(path);
  if (made) {
    // a resource normalization made, named in words already: "(the DHCP port).fixed_ips[0]"
    if (['file', 'link', 'edit', 'cloud'].includes(made[1]!)) return null;
    what = made[1]!;
    rest = made[2]!;
  } else if (item) {
    const r = resourceWords(raw, item[1]!, Number(item[2]), item[3]!);
    if (!r) return null;
    [what, rest] = r;
  } else if (path.startsWith('options')) {
    what = 'the cloud settings';
    rest = path.slice('options'.length);
  } else return null;
  const field = fieldWords(rest);
  return field ? `the ${field} of ${what}` : what;
}

/** The errors with their subjects in words. */
export function withSubjects(raw: unknown, errors: TopologyError[]): TopologyError[] {
  return errors.map((e) => {
    const subject = subjectOf(raw, e.path);
    return subject ? { ...e, subject } : e;
  });
}
