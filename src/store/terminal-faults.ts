// The commands an operator would type to break (or mend) a cloud, run from the terminal as edits of
// the Topology: saved, visible, undoable like the Faults tab's. The core's tools are read-only; these
// few are answered here.
//   openstack port set --disable|--enable <port>
//   openstack router remove|add subnet <router> <subnet>
//   openstack security group rule delete <rule id>
//   openstack security group rule create [--ingress|--egress] [--protocol P] [--dst-port N[:M]]
//     [--remote-ip CIDR | --remote-group G] <group>          (what the activities ask a student to fix)
//   systemctl stop|start neutron-dhcp-agent            (on a network host)
//   systemctl stop|start neutron-l3-agent              (on a host that runs it)
//   ip link set [dev] eth0 mtu <n> | down | up          (a host's underlay interface)

import type { Place } from '../logic/terminal/places';
import type { Topology } from '../sim';

type Rule = Topology['security_groups'][number]['rules'][number];

import { useApp } from './app-store';
import { attachRouterSubnet, newId } from './edit-ops';
import { FAULTS } from './faults';
import { refuse } from './refused';

export interface EditResult {
  out: string;
  err: string;
  code: number;
}

const fault = (kind: string) => FAULTS.find((f) => f.kind === kind)!;

/** Finds by id or name, as the openstack client does. */
function byRef<T extends { id: string; name: string }>(list: T[], ref: string, what: string): T {
  const hit = list.find((x) => x.id === ref) ?? list.filter((x) => x.name === ref);
  if (!Array.isArray(hit)) return hit;
  if (hit.length === 1) return hit[0]!;
  return refuse(
    hit.length ? `More than one ${what} exists with the name '${ref}'.` : `No ${what} found for ${ref}`,
  );
}

async function apply(label: string, op: (t: Topology) => void): Promise<EditResult> {
  const errors = await useApp.getState().edit(label, (draft) => {
    op(draft);
  });
  if (errors) return { out: '', err: errors.map((e) => e.message).join('\n'), code: 1 };
  return { out: '', err: '', code: 0 };
}

/** The edit an operator's command asks for, or null when the command is not one of these. */
export function terminalEdit(place: Place, argv: readonly string[]): (() => Promise<EditResult>) | null {
  const host = place.target.kind === 'host' ? place.target.host : null;
  const [cmd, a1, a2, a3, a4, a5] = argv;
  if (
    cmd === 'openstack' &&
    a1 === 'port' &&
    a2 === 'set' &&
    (a3 === '--disable' || a3 === '--enable') &&
    a4
  ) {
    const up = a3 === '--enable';
    return () =>
      apply(`terminal: openstack port set ${a3} ${a4}`, (t) => {
        byRef(t.ports as { id: string; name: string; admin_state_up: boolean }[], a4, 'port').admin_state_up =
          up;
      });
  }
  if (cmd === 'openstack' && a1 === 'router' && a2 === 'remove' && a3 === 'subnet' && a4 && a5) {
    return () =>
      apply(`fault: detach a router interface: openstack router remove subnet ${a4} ${a5}`, (t) => {
        const router = byRef(t.routers, a4, 'router');
        const subnet = byRef(t.subnets, a5, 'subnet');
        const port = t.ports.find(
          (p) =>
            p.device_id === router.id &&
            p.device_owner === 'network:router_interface' &&
            p.fixed_ips.some((f) => f.subnet_id === subnet.id),
        );
        if (!port) refuse(`Router ${router.id} has no interface on subnet ${subnet.id}`);
        fault('router-interface').apply(t, port.id);
      });
  }
  if (cmd === 'openstack' && a1 === 'router' && a2 === 'add' && a3 === 'subnet' && a4 && a5) {
    return () =>
      apply(`openstack router add subnet ${a4} ${a5}`, (t) => {
        const router = byRef(t.routers, a4, 'router');
        const subnet = byRef(t.subnets, a5, 'subnet');
        attachRouterSubnet(t, router.id, subnet.id);
      });
  }
  if (cmd === 'openstack' && a1 === 'security' && a2 === 'group' && a3 === 'rule' && a4 === 'create') {
    const rule = ruleCreate(argv.slice(5));
    if (typeof rule === 'string') return () => Promise.resolve({ out: '', err: rule, code: 2 });
    return () =>
      apply(`openstack security group rule create ${argv.slice(5).join(' ')}`, (t) => {
        const g = byRef(t.security_groups, rule.group, 'security group');
        const remote = rule.remoteGroup
          ? byRef(t.security_groups, rule.remoteGroup, 'security group').id
          : null;
        g.rules.push({
          id: newId() as Rule['id'],
          direction: rule.direction,
          ethertype: 'IPv4',
          protocol: rule.protocol,
          port_range_min: rule.ports?.[0] ?? null,
          port_range_max: rule.ports?.[1] ?? null,
          remote_ip_prefix: remote ? null : (rule.remoteIp ?? '0.0.0.0/0'),
          remote_group_id: remote,
        });
      });
  }
  if (cmd === 'openstack' && a1 === 'security' && a2 === 'group' && a3 === 'rule' && a4 === 'delete' && a5) {
    return () =>
      apply(`fault: remove a security group rule: ${a5}`, (t) =>
        fault('sg-rule').apply(
          t,
          t.security_groups.flatMap((g) => g.rules).find((r) => r.id === a5 || r.id.startsWith(a5))?.id ??
            refuse(`Security group rule ${a5} not found`),
        ),
      );
  }
  if (
    cmd === 'systemctl' &&
    (a1 === 'stop' || a1 === 'start') &&
    (a2 === 'neutron-dhcp-agent' || a2 === 'neutron-dhcp-agent.service')
  ) {
    if (!host)
      return () => Promise.resolve({ out: '', err: `Failed to ${a1} ${a2}: Unit ${a2} not found.`, code: 5 });
    return () =>
      apply(`${a1 === 'stop' ? 'fault: stop the DHCP agent' : 'start the DHCP agent'} on ${host}`, (t) => {
        const h = t.hosts.find((x) => x.name === host) ?? refuse(`no host ${host}`);
        if (h.role !== 'network') refuse(`Failed to ${a1} ${a2}: Unit ${a2} not found.`);
        h.agents_down =
          a1 === 'stop'
            ? [...new Set([...h.agents_down, 'dhcp' as const])]
            : h.agents_down.filter((x) => x !== 'dhcp');
      });
  }
  if (
    cmd === 'systemctl' &&
    (a1 === 'stop' || a1 === 'start') &&
    (a2 === 'neutron-l3-agent' || a2 === 'neutron-l3-agent.service')
  ) {
    const unknown = `Failed to ${a1} ${a2}: Unit ${a2} not found.`;
    if (!host) return () => Promise.resolve({ out: '', err: unknown, code: 5 });
    return () =>
      apply(`${a1 === 'stop' ? 'fault: stop the L3 agent' : 'start the L3 agent'} on ${host}`, (t) => {
        const h = t.hosts.find((x) => x.name === host) ?? refuse(`no host ${host}`);
        if (!h.agents.includes('neutron-l3-agent')) refuse(unknown);
        h.agents_down =
          a1 === 'stop'
            ? [...new Set([...h.agents_down, 'l3' as const])]
            : h.agents_down.filter((x) => x !== 'l3');
      });
  }
  if (cmd === 'ip' && a1 === 'link' && a2 === 'set' && host && place.namespace === null) {
    const rest = argv.slice(3);
    const dev = rest[0] === 'dev' ? rest[1] : rest[0];
    const args = rest.slice(rest[0] === 'dev' ? 2 : 1);
    if (dev !== 'eth0') return null; // only the underlay interface is modelled
    if (args[0] === 'mtu' && args[1] && /^\d+$/.test(args[1])) {
      const mtu = Number(args[1]);
      return () =>
        apply(`fault: lower a host's underlay mtu: ${host} eth0 mtu ${mtu}`, (t) => {
          (t.hosts.find((x) => x.name === host) ?? refuse(`no host ${host}`)).underlay_mtu = mtu;
        });
    }
    if (args[0] === 'down' || args[0] === 'up') {
      const up = args[0] === 'up';
      return () =>
        apply(`${up ? 'reconnect' : 'fault: cut a host off the underlay:'} ${host} eth0 ${args[0]}`, (t) => {
          (t.hosts.find((x) => x.name === host) ?? refuse(`no host ${host}`)).underlay_connected = up;
        });
    }
  }
  return null;
}

interface RuleCreate {
  group: string;
  direction: 'ingress' | 'egress';
  protocol: Rule['protocol'];
  ports: [number, number] | null;
  remoteIp: string | null;
  remoteGroup: string | null;
}

/** The options of `openstack security group rule create`, or the client's complaint. */
function ruleCreate(args: readonly string[]): RuleCreate | string {
  const usage =
    'usage: openstack security group rule create [--ingress|--egress] [--protocol icmp|tcp|udp] [--dst-port N[:M]] [--remote-ip CIDR | --remote-group GROUP] GROUP';
  const r: RuleCreate = {
    group: '',
    direction: 'ingress',
    protocol: null,
    ports: null,
    remoteIp: null,
    remoteGroup: null,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => args[++i] ?? '';
    if (a === '--ingress' || a === '--egress') r.direction = a === '--ingress' ? 'ingress' : 'egress';
    else if (a === '--protocol' || a === '--proto') {
      const p = value();
      if (p === 'any') r.protocol = null;
      else if (p === 'icmp' || p === 'tcp' || p === 'udp') r.protocol = p;
      else
        return `openstack security group rule create: error: argument --protocol: invalid choice: '${p}' (icmp, tcp, udp or any)`;
    } else if (a === '--dst-port') {
      const m = /^(\d+)(?::(\d+))?$/.exec(value());
      if (!m)
        return `openstack security group rule create: error: argument --dst-port: expected N or N:M\n${usage}`;
      r.ports = [Number(m[1]), Number(m[2] ?? m[1])];
    } else if (a === '--remote-ip') r.remoteIp = value();
    else if (a === '--remote-group') r.remoteGroup = value();
    else if (a.startsWith('--'))
      return `openstack security group rule create: error: unrecognized argument ${a}\n${usage}`;
    else r.group = a;
  }
  if (!r.group)
    return `openstack security group rule create: error: the following arguments are required: <group>\n${usage}`;
  if (r.ports && r.protocol !== 'tcp' && r.protocol !== 'udp')
    return 'openstack security group rule create: --dst-port needs --protocol tcp or udp';
  return r;
}
