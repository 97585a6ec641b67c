// The live state of one device, as plain data for the inspector: what `ovs-vsctl`, `ovs-ofctl
// dump-flows`, `ip addr`, `ip route`, `ip neigh`, `iptables -S` and `brctl showmacs` would tell.
import { flowText } from '../devices/openflow/flow';
import { conntrackTimeoutUs, MAC_AGING_US, NEIGH_GONE_US, NEIGH_REACHABLE_US } from '../engine/aging';
import type { Conntrack, SimState } from '../engine/state';
import type { Topology } from '../model/types';
import type { Dataplane, Device } from '../realize/dataplane';
import { inspectOvnBridge } from './inspect-ovn';

export interface InspectSection {
  title: string;
  /** a command an operator would type to see this */
  command?: string;
  lines: string[];
}

export interface DeviceInspect {
  id: string;
  name: string;
  kind: string;
  host: string | null;
  namespace: string | null;
  summary: string[];
  sections: InspectSection[];
}

function neutronPort(t: Topology, portId: string | null | undefined): InspectSection[] {
  if (!portId) return [];
  const p = t.ports.find((x) => x.id === portId);
  if (!p) return [];
  const net = t.networks.find((n) => n.id === p.network_id);
  const groups = t.security_groups.filter((g) => p.security_groups.includes(g.id));
  const lines = [
    `id           ${p.id}`,
    `network      ${net?.name ?? p.network_id} (${net?.['provider:network_type']} ${net?.['provider:segmentation_id'] ?? ''})`,
    `mac_address  ${p.mac_address}`,
    `fixed_ips    ${p.fixed_ips.map((f) => f.ip_address).join(', ')}`,
    `device_owner ${p.device_owner}`,
    `admin_state  ${p.admin_state_up ? 'UP' : 'DOWN'}`,
  ];
  const sgLines = groups.flatMap((g) => [
    `${g.name} (${g.id.slice(0, 8)})`,
    ...g.rules.map((r) =>
      `  ${r.direction.padEnd(7)} ${(r.protocol ?? 'any').padEnd(4)} ${r.port_range_min !== null ? `${r.port_range_min}${r.port_range_max !== r.port_range_min && r.port_range_max !== null ? `:${r.port_range_max}` : ''}` : ''} ${r.remote_group_id ? `from group ${t.security_groups.find((x) => x.id === r.remote_group_id)?.name ?? r.remote_group_id.slice(0, 8)}` : (r.remote_ip_prefix ?? '')}`.trimEnd(),
    ),
  ]);
  return [
    { title: 'Neutron port', command: `openstack port show ${p.id}`, lines },
    ...(p.device_owner.startsWith('compute:')
      ? [{ title: 'Security groups', lines: sgLines.length ? sgLines : ['(port security disabled)'] }]
      : []),
  ];
}

function stackSections(d: Extract<Device, { stack: unknown }>, state: SimState): InspectSection[] {
  const ns = d.namespace ? `ip netns exec ${d.namespace} ` : '';
  const addrs = [...d.stack.ifaces.values()].flatMap((i) => [
    `${i.name}: <${i.up ? 'BROADCAST,MULTICAST,UP,LOWER_UP' : 'BROADCAST,MULTICAST'}> mtu ${i.mtu}`,
    `    link/ether ${i.mac}`,
    ...i.addrs.map((a) => `    inet ${a.ip}/${a.prefix} scope global ${i.name}`),
  ]);
  const neigh = [...(state.neigh.get(d.id) ?? new Map())].map(([ip, e]) => {
    const age = state.clock - e.at;
    return `${ip} dev ${e.iface} lladdr ${e.mac} ${age < NEIGH_REACHABLE_US ? 'REACHABLE' : 'STALE'}  (${secs(age)} old, forgotten in ${secs(NEIGH_GONE_US - age)})`;
  });
  const out: InspectSection[] = [
    { title: 'Addresses', command: `${ns}ip addr`, lines: addrs },
    { title: 'Routes', command: `${ns}ip route`, lines: d.stack.routes.map((r) => r.text) },
    { title: 'ARP cache', command: `${ns}ip neigh`, lines: neigh.length ? neigh : ['(empty)'] },
  ];
  if (d.stack.nat) {
    const lines: string[] = [];
    for (const [chain, rules] of d.stack.nat.chains) {
      lines.push(`-N ${chain}`);
      for (const r of rules) lines.push(r.text);
    }
    out.push({ title: 'NAT rules', command: `${ns}iptables -t nat -S`, lines });
  }
  const ct = state.conntrack.get(`ns:${d.id}`);
  if (ct) {
    const lines = connections(state, ct, '');
    out.push({
      title: 'Connections',
      command: `${ns}conntrack -L`,
      lines: lines.length ? lines : ['(none)'],
    });
  }
  if (d.stack.dhcpServer) {
    const s = d.stack.dhcpServer;
    out.push({
      title: `dnsmasq ${s.running ? '(running)' : '(stopped: the DHCP agent is down)'}`,
      command: 'cat /var/lib/neutron/dhcp/<network id>/host',
      lines: [...s.leases.values()].map((l) => `${l.mac},${l.hostname},${l.ip}`),
    });
  }
  return out;
}

/** conntrack -L: protocol, its number, the seconds the entry has left, the tuples, the state; `tail`
 *  adds what follows (the mark and zone of an OVS zone). */
function connections(state: SimState, ct: Conntrack, tail: string): string[] {
  return [...ct.byTuple.values()]
    .filter((x) => x.dir === 'orig')
    .map(({ entry: e }) => {
      const left = Math.max(0, Math.floor((conntrackTimeoutUs(e) - (state.clock - e.at)) / 1_000_000));
      const num = { icmp: 1, tcp: 6, udp: 17 }[e.orig.proto];
      return `${e.orig.proto.padEnd(8)} ${num} ${left} src=${e.orig.src} dst=${e.orig.dst} sport=${e.orig.sport} dport=${e.orig.dport} src=${e.reply.src} dst=${e.reply.dst} ${e.state === 'ESTABLISHED' ? '[ASSURED]' : '[UNREPLIED]'}${tail ? ` mark=${e.mark ?? 0}${tail}` : ''}`;
    });
}

/** The openvswitch firewall's connections on a bridge: one conntrack zone per network (the local
 *  VLAN, neutron-facts-beyond §4). */
function bridgeConnections(state: SimState, bridge: string): InspectSection[] {
  const prefix = `ovs:${bridge}:zone`;
  const lines: string[] = [];
  for (const [key, ct] of state.conntrack)
    if (key.startsWith(prefix)) lines.push(...connections(state, ct, ` zone=${key.slice(prefix.length)}`));
  return lines.length ? [{ title: 'Connections (firewall zones)', command: 'conntrack -L', lines }] : [];
}

/** "12 s": whole seconds of simulated time. */
const secs = (us: number) => `${Math.max(0, Math.floor(us / 1_000_000))} s`;
/** A MAC table entry's age and what is left of the 300 s a MAC is kept. */
const macAge = (us: number) => `${secs(us)} (forgotten in ${secs(MAC_AGING_US - us)})`;

export function inspectDevice(
  t: Topology,
  plane: Dataplane,
  state: SimState,
  id: string,
): DeviceInspect | null {
  const d = plane.devices.get(id);
  if (!d) return null;
  const base = { id: d.id, name: d.name, kind: d.kind, host: d.host, namespace: d.namespace };
  switch (d.kind) {
    case 'ovs-bridge': {
      const ports = [...d.ports.values()].map(
        (p) =>
          `${String(p.ofport).padStart(3)} ${p.name.padEnd(16)} ${p.tag !== null ? `tag=${p.tag}`.padEnd(9) : 'trunk    '}${p.type}${
            p.options
              ? ` ${Object.entries(p.options)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(',')}`
              : ''
          }`,
      );
      const flows = d.flows.all().map(flowText);
      // a learned flow: how old it is, and what is left of its hard_timeout
      const learned =
        state.learned
          .get(d.id)
          ?.flows()
          .map((f) => {
            const since = f.installedAt ?? state.clock;
            const left = (f.hardTimeout ?? 0) * 1_000_000 - (state.clock - since);
            return `${flowText(f)}  (duration ${secs(state.clock - (f.addedAt ?? since))}, hard_timeout ends in ${secs(left)})`;
          }) ?? [];
      const fdb = [...(state.fdb.get(d.id) ?? new Map())].map(([k, e]) => {
        const [vlan, mac] = k.split('|');
        return `${e.port.padEnd(16)} ${vlan?.padStart(4)}  ${mac}  ${macAge(state.clock - e.at)}`;
      });
      return {
        ...base,
        summary: [
          `${d.ports.size} ports, ${d.flows.size} flows${learned.length ? ` + ${learned.length} learned` : ''}`,
        ],
        sections: [
          { title: 'Ports', command: `ovs-vsctl show`, lines: ports },
          { title: 'Flows', command: `ovs-ofctl dump-flows ${d.name}`, lines: [...flows, ...learned] },
          ...(d.role !== 'tun'
            ? [
                {
                  title: 'MAC table',
                  command: `ovs-appctl fdb/show ${d.name}`,
                  lines: fdb.length
                    ? [' port             VLAN  MAC                Age', ...fdb]
                    : ['(empty)'],
                },
              ]
            : []),
          ...bridgeConnections(state, d.id),
        ],
      };
    }
    case 'linux-bridge': {
      const fdb = [...(state.fdb.get(d.id) ?? new Map())].map(
        ([mac, e]) => `${e.port}  ${mac}  ${macAge(state.clock - e.at)}`,
      );
      const sections: InspectSection[] = [
        { title: 'Bridge ports', command: 'brctl show', lines: d.ports.map((p) => p) },
        { title: 'MAC table', command: `brctl showmacs ${d.name}`, lines: fdb.length ? fdb : ['(empty)'] },
      ];
      if (d.firewall) {
        const lines: string[] = [];
        for (const [chain, rules] of d.firewall.filter.chains) {
          // the port's own chains; the agent's hooks into the built-in chains are the same on every port
          if (['INPUT', 'FORWARD', 'OUTPUT', 'neutron-filter-top'].includes(chain) || !rules.length) continue;
          lines.push(`-N ${chain}`);
          for (const r of rules) lines.push(r.text);
        }
        sections.push({ title: 'Security group rules (iptables filter)', command: 'iptables -S', lines });
      }
      return {
        ...base,
        summary: [`hybrid firewall bridge of port ${d.firewall?.portId.slice(0, 8) ?? '?'}`],
        sections: [...sections, ...neutronPort(t, d.firewall?.portId)],
      };
    }
    case 'vxlan-port':
      return {
        ...base,
        summary: [`VXLAN tunnel ${d.localIp} → ${d.remoteIp} (${d.remoteHost}), UDP 4789`],
        sections: [
          {
            title: 'Interface',
            command: 'ovs-vsctl show',
            lines: [
              `type: vxlan`,
              `options: {df_default="true", egress_pkt_mark="0", in_key=flow, local_ip="${d.localIp}", out_key=flow, remote_ip="${d.remoteIp}"}`,
              `underlay MTU ${d.underlayMtu}`,
            ],
          },
        ],
      };
    case 'ovn-bridge':
      return inspectOvnBridge(d, state, base);
    case 'geneve-port':
      return {
        ...base,
        summary: [`Geneve tunnel ${d.localIp} → ${d.remoteIp} (${d.remoteHost}), UDP 6081`],
        sections: [
          {
            title: 'Interface',
            command: 'ovs-vsctl show',
            lines: [
              `type: geneve`,
              `options: {csum="true", key=flow, remote_ip="${d.remoteIp}"}`,
              `underlay MTU ${d.underlayMtu}`,
            ],
          },
        ],
      };
    case 'vm':
    case 'namespace':
    case 'upstream-router':
    case 'outside-host': {
      const ports =
        d.kind === 'vm'
          ? t.ports.filter((p) => p.device_id === d.serverId)
          : d.kind === 'namespace' && d.routerId
            ? t.ports.filter((p) => p.device_id === d.routerId)
            : [];
      return {
        ...base,
        summary: [...d.stack.ifaces.values()].map(
          (i) => `${i.name} ${i.mac} ${i.addrs.map((a) => `${a.ip}/${a.prefix}`).join(' ')}`,
        ),
        sections: [...stackSections(d, state), ...ports.flatMap((p) => neutronPort(t, p.id))],
      };
    }
    case 'tap':
    case 'veth':
    case 'ovs-internal':
    case 'phys-nic':
      return {
        ...base,
        summary: [`${d.kind} ${d.sides.join(' ↔ ')}, mtu ${d.mtu}${d.up ? '' : ', port DOWN'}`],
        sections: neutronPort(t, d.portId),
      };
    case 'underlay':
      return {
        ...base,
        summary: ['the IP network between the tunnel endpoints'],
        sections: [
          {
            title: 'Tunnel endpoints',
            lines: [...d.hostByIp].map(
              ([ip, h]) => `${h.padEnd(12)} ${ip}${d.connected.get(h) ? '' : '  (cut off)'}`,
            ),
          },
        ],
      };
    case 'physical-switch': {
      const fdb = [...(state.fdb.get(d.id) ?? new Map())].map(
        ([k, e]) => `${e.port}  ${k}  ${macAge(state.clock - e.at)}`,
      );
      return {
        ...base,
        summary: [`${d.ports.length} ports`],
        sections: [{ title: 'MAC table', lines: fdb.length ? fdb : ['(empty)'] }],
      };
    }
  }
}
