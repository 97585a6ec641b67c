// Faults: the cloud broken the way clouds break. Each is an ordinary edit of the Topology (visible,
// saved, undoable): a security group rule removed, a router interface detached, a port set down, one
// host's agent believing in another segmentation id, a lowered underlay MTU, a stopped DHCP agent, a
// host cut off the underlay, the L3 agent stopped under an HA router's active instance. Each comes
// with a send that shows its effect.
import { activeInstance, haInstances, type SendRequest, type Topology } from '../sim';
import { refuse } from './refused';

export type FaultKind =
  | 'sg-rule'
  | 'router-interface'
  | 'port-down'
  | 'segmentation'
  | 'mtu'
  | 'dhcp-agent'
  | 'underlay'
  | 'l3-ha';

export interface FaultTarget {
  /** what the fault applies to, in its own terms (a rule id, a port id, host|network...) */
  id: string;
  label: string;
}

export interface Fault {
  kind: FaultKind;
  title: string;
  /** what a student should expect, in words */
  effect: string;
  /** the words on a cloud where they differ from `effect` (the firewall driver drops elsewhere) */
  effectOn?(t: Topology): string;
  targets(t: Topology): FaultTarget[];
  /**
   * Why the cloud would refuse this fault on `target`, naming what stands in the way, or null when it
   * would not. Read-only, so the panel can tell which other targets would be accepted.
   */
  refusal?(t: Topology, target: string): string | null;
  /** introduces the targets offered instead of a refused one ("Detach one no floating IP needs:") */
  instead?: string;
  apply(draft: Topology, target: string): void;
  /** a send that shows the fault, or null when the cloud offers none */
  trial(t: Topology, target: string): SendRequest | null;
  /** the trial keeps what devices learned (the failover's gratuitous ARPs show in it), rather than
   * starting fresh */
  keepsState?: boolean;
}

/** Outer IP, UDP, VXLAN and inner Ethernet headers: an inner IP packet grows by 50 (neutron-facts §10). */
export const VXLAN_OVERHEAD = 50;
/** The MTU a lowered underlay gets: 1400 leaves no room for a full 1450-byte VXLAN payload. */
export const LOWERED_MTU = 1400;
/** ping -s 1422: a 1450-byte IP packet, the largest a 1450-MTU VXLAN network carries. */
export const FULL_SIZE = 1450;

const serverOf = (t: Topology, portId: string) =>
  t.servers.find((s) => t.ports.some((p) => p.id === portId && p.device_id === s.id));
const vmPorts = (t: Topology) =>
  t.ports.filter((p) => p.device_owner.startsWith('compute:') && t.servers.some((s) => s.id === p.device_id));
const netName = (t: Topology, id: string) => t.networks.find((n) => n.id === id)?.name ?? id;
/** "router1's interface on net1 (192.168.1.1)" */
const ifaceName = (t: Topology, port: Topology['ports'][number]) =>
  `${t.routers.find((r) => r.id === port.device_id)?.name ?? 'the router'}'s interface on ${netName(t, port.network_id)} (${port.fixed_ips[0]?.ip_address ?? 'no address'})`;

/** A server that reaches `to` privately (same network or a shared router), else an outside host. */
function someoneTo(t: Topology, to: string, notHost?: string): string | null {
  const target = t.servers.find((s) => s.name === to);
  const tPorts = t.ports.filter((p) => p.device_id === target?.id);
  const tSubnets = new Set(tPorts.flatMap((p) => p.fixed_ips.map((f) => f.subnet_id as string)));
  const routers = t.routers.filter((r) =>
    t.ports.some((p) => p.device_id === r.id && p.fixed_ips.some((f) => tSubnets.has(f.subnet_id))),
  );
  const reachable = new Set<string>(tSubnets);
  for (const r of routers)
    for (const p of t.ports)
      if (p.device_id === r.id && p.device_owner === 'network:router_interface')
        for (const f of p.fixed_ips) reachable.add(f.subnet_id);
  for (const s of t.servers) {
    if (s.name === to || s.host === notHost) continue;
    if (t.ports.some((p) => p.device_id === s.id && p.fixed_ips.some((f) => reachable.has(f.subnet_id))))
      return s.name;
  }
  return null;
}

/** Why Neutron would refuse to detach router interface `target`, or null. */
function interfaceRefusal(t: Topology, target: string): string | null {
  const port = t.ports.find((p) => p.id === target);
  if (!port) return null;
  const subnets = new Set(port.fixed_ips.map((f) => f.subnet_id as string));
  const fip = t.floatingips.find(
    (f) =>
      f.router_id === port.device_id &&
      t.ports.some((p) => p.id === f.port_id && p.fixed_ips.some((x) => subnets.has(x.subnet_id))),
  );
  if (!fip) return null;
  // Neutron refuses this too (RouterInterfaceInUseByFloatingIP): the floating IP's NAT lives in
  // the router, and the router reaches the VM only through this interface
  const vm = fip.port_id ? serverOf(t, fip.port_id)?.name : undefined;
  return `${ifaceName(t, port)} is required by floating IP ${fip.floating_ip_address}${vm ? ` of ${vm}` : ''}: Neutron refuses to detach it until that floating IP is disassociated`;
}

const SG_RULE_EFFECT = "what the rule let in is dropped at the receiver's qbr, by the sg-fallback chain";
/** The host of an HA router's active instance, or null. */
const activeHostOf = (t: Topology, routerId: string): string | null => {
  const r = t.routers.find((x) => x.id === routerId);
  return r?.ha ? (activeInstance(haInstances(t, r))?.host ?? null) : null;
};

/** Stopping the L3 agent under an HA router's active instance (neutron-facts-beyond §2.4). */
export const L3_HA_FAULT: Fault = {
  kind: 'l3-ha',
  title: 'Stop the L3 agent on the active network node',
  effect:
    "with cleanup_on_shutdown the agent takes the router and its keepalived down: the other node's keepalived misses the adverts, becomes MASTER and sends gratuitous ARPs, which move the router's MACs, and the send goes through it (without that option keepalived keeps running, and so does the router)",
  targets: (t) =>
    t.routers
      .filter((r) => r.ha)
      .map((r) => {
        const host = activeHostOf(t, r.id);
        return { id: r.id, label: `${r.name} (${host ? `active on ${host}` : 'no active instance'})` };
      }),
  refusal(t, target) {
    const r = t.routers.find((x) => x.id === target);
    return r && !activeHostOf(t, target)
      ? `router ${r.name} has no active instance left: every L3 agent hosting it is stopped`
      : null;
  },
  instead: 'Stop the agent under another HA router:',
  apply(draft, target) {
    const host = activeHostOf(draft, target) ?? refuse('that router has no active instance');
    const h = draft.hosts.find((x) => x.name === host)!;
    h.agents_down = [...new Set([...h.agents_down, 'l3' as const])];
  },
  trial(t, target) {
    const subnets = new Set(
      t.ports
        .filter((p) => p.device_id === target && p.device_owner === 'network:router_interface')
        .flatMap((p) => p.fixed_ips.map((f) => f.subnet_id as string)),
    );
    const router = t.routers.find((r) => r.id === target);
    const mine = vmPorts(t).filter((p) => p.fixed_ips.some((f) => subnets.has(f.subnet_id)));
    // a distributed router serves floating IPs on the computes: only a VM without one goes out through
    // the snat namespace that fails over (neutron-facts-beyond §1.6)
    const fip = new Set(t.floatingips.map((f) => f.port_id));
    const vm = (router?.distributed ? mine.find((p) => !fip.has(p.id)) : undefined) ?? mine[0];
    const from = vm ? serverOf(t, vm.id)?.name : undefined;
    if (!from) return null;
    const outside = router?.external_gateway_info
      ? t.outside.find((w) => w.network_id === router.external_gateway_info!.network_id)?.hosts[0]?.name
      : undefined;
    return { from, to: outside ?? someoneTo(t, from) ?? from };
  },
  keepsState: true,
};

export const FAULTS: Fault[] = [
  {
    kind: 'sg-rule',
    title: 'Remove a security group rule',
    effect: SG_RULE_EFFECT,
    // the openvswitch firewall has no qbr: its rules are flows of br-int (neutron-facts-beyond §4)
    effectOn: (t) =>
      t.options.firewall_driver === 'openvswitch'
        ? "what the rule let in is dropped in the receiver's br-int: table 82 (RULES_INGRESS_TABLE) has no flow for it any more and sends it to table 93 (DROPPED_TRAFFIC_TABLE)"
        : SG_RULE_EFFECT,
    targets: (t) =>
      t.security_groups.flatMap((g) =>
        g.rules
          .filter((r) => r.direction === 'ingress')
          .map((r) => ({
            id: r.id,
            label: `${g.name} (${t.projects.find((p) => p.id === g.project_id)?.name ?? '?'}): ingress ${r.protocol ?? 'any'}${r.port_range_min !== null ? ` ${r.port_range_min}` : ''} ${r.remote_group_id ? 'from members' : `from ${r.remote_ip_prefix ?? 'anywhere'}`}`,
          })),
      ),
    apply(draft, target) {
      const g =
        draft.security_groups.find((x) => x.rules.some((r) => r.id === target)) ??
        refuse('that rule is gone');
      g.rules = g.rules.filter((r) => r.id !== target);
    },
    trial(t, target) {
      const g = t.security_groups.find((x) => x.rules.some((r) => r.id === target));
      const rule = g?.rules.find((r) => r.id === target);
      const port = vmPorts(t).find((p) => g && p.security_groups.includes(g.id));
      const to = port ? serverOf(t, port.id)?.name : undefined;
      if (!g || !rule || !to) return null;
      // A rule for members is shown by a member's traffic; a rule for an address range by the outside's,
      // when the VM has a floating IP. The traffic is of a kind no other rule would let in anyway.
      const fromOutside = !rule.remote_group_id && t.floatingips.some((f) => f.port_id === port?.id);
      const from = fromOutside ? (t.outside[0]?.hosts[0]?.name ?? null) : someoneTo(t, to);
      const others = g.rules.filter(
        (r) => r.direction === 'ingress' && r.id !== rule.id && (!fromOutside || !r.remote_group_id),
      );
      const covered = (proto: string, port_: number) =>
        others.some(
          (r) =>
            (r.protocol === null || r.protocol === proto) &&
            (proto === 'icmp' ||
              r.port_range_min === null ||
              (port_ >= r.port_range_min && port_ <= (r.port_range_max ?? r.port_range_min))),
        );
      const kinds: { proto: 'icmp' | 'tcp' | 'udp'; port: number }[] =
        rule.protocol === 'icmp'
          ? [{ proto: 'icmp', port: 0 }]
          : rule.protocol === 'tcp' || rule.protocol === 'udp'
            ? [{ proto: rule.protocol, port: rule.port_range_min ?? 80 }]
            : [
                { proto: 'icmp', port: 0 },
                { proto: 'udp', port: 53 },
                { proto: 'tcp', port: 80 },
                { proto: 'tcp', port: 8080 },
              ];
      const pick = kinds.find((k) => !covered(k.proto, k.port)) ?? kinds[0]!;
      if (!from) return null;
      return pick.proto === 'icmp' ? { from, to } : { from, to, proto: pick.proto, port: pick.port };
    },
  },
  {
    kind: 'router-interface',
    title: 'Detach a router interface',
    effect: 'the VMs on that subnet lose their gateway: their ARP for it goes unanswered',
    targets: (t) =>
      t.ports
        .filter((p) => p.device_owner === 'network:router_interface')
        .map((p) => ({
          id: p.id,
          label: `${t.routers.find((r) => r.id === p.device_id)?.name ?? '?'} on ${netName(t, p.network_id)} (${p.fixed_ips[0]?.ip_address ?? ''})`,
        })),
    refusal: interfaceRefusal,
    instead: 'Detach an interface no floating IP needs:',
    apply(draft, target) {
      if (!draft.ports.some((p) => p.id === target)) refuse('that interface is gone');
      const why = interfaceRefusal(draft, target);
      if (why) refuse(why);
      draft.ports = draft.ports.filter((p) => p.id !== target);
    },
    trial(t, target) {
      const port = t.ports.find((p) => p.id === target);
      const from = vmPorts(t).find((p) => p.network_id === port?.network_id);
      const name = from ? serverOf(t, from.id)?.name : undefined;
      if (!name) return null;
      const other = t.servers.find(
        (s) =>
          s.name !== name && t.ports.some((p) => p.device_id === s.id && p.network_id !== port?.network_id),
      );
      return { from: name, to: other?.name ?? t.outside[0]?.hosts[0]?.name ?? '8.8.8.8' };
    },
  },
  {
    kind: 'port-down',
    title: "Set a VM's port down",
    effect: 'br-int puts the port in the dead VLAN 4095 and drops what it sends; nothing reaches the VM',
    targets: (t) =>
      vmPorts(t).map((p) => ({
        id: p.id,
        label: `${serverOf(t, p.id)?.name ?? '?'} on ${netName(t, p.network_id)}${p.admin_state_up ? '' : ' (already down)'}`,
      })),
    apply(draft, target) {
      (draft.ports.find((p) => p.id === target) ?? refuse('that port is gone')).admin_state_up = false;
    },
    trial(t, target) {
      const to = serverOf(t, target)?.name;
      const from = to ? someoneTo(t, to) : null;
      return to && from ? { from, to } : null;
    },
  },
  {
    kind: 'segmentation',
    title: 'Give a network a wrong segmentation id on one host',
    effect: "that host's br-tun maps another VNI: what arrives with the real one finds no flow in table 4",
    targets: (t) =>
      t.hosts.flatMap((h) =>
        t.networks
          .filter(
            (n) =>
              n['provider:network_type'] === 'vxlan' &&
              t.ports.some((p) => p.network_id === n.id && p['binding:host_id'] === h.name),
          )
          .map((n) => ({
            id: `${h.name}|${n.id}`,
            label: `${n.name} on ${h.name} (VNI ${n['provider:segmentation_id']})`,
          })),
      ),
    apply(draft, target) {
      const [hostName, netId] = target.split('|');
      const h = draft.hosts.find((x) => x.name === hostName) ?? refuse('that host is gone');
      const n = draft.networks.find((x) => x.id === netId) ?? refuse('that network is gone');
      const wrong = (n['provider:segmentation_id'] ?? 0) + 1000;
      h.segmentation_overrides = [
        ...h.segmentation_overrides.filter((o) => o.network_id !== n.id),
        { network_id: n.id, segmentation_id: wrong },
      ];
    },
    trial(t, target) {
      const [hostName, netId] = target.split('|');
      const on = vmPorts(t).find((p) => p.network_id === netId && p['binding:host_id'] === hostName);
      const to = on ? serverOf(t, on.id)?.name : undefined;
      const from = to ? someoneTo(t, to, hostName) : null;
      if (to && from) return { from, to };
      const off = vmPorts(t).find((p) => p.network_id === netId && p['binding:host_id'] !== hostName);
      const name = off ? serverOf(t, off.id)?.name : undefined;
      return name ? { from: name, to: t.outside[0]?.hosts[0]?.name ?? '8.8.8.8' } : null;
    },
  },
  {
    kind: 'mtu',
    title: "Lower a host's underlay MTU",
    // the counts of the trace: the inner ip.len, the outer IP packet the underlay MTU bounds
    effect: `a full-size ${FULL_SIZE}-byte IP packet plus ${VXLAN_OVERHEAD} bytes of VXLAN encapsulation makes a ${FULL_SIZE + VXLAN_OVERHEAD}-byte underlay packet, more than the lowered MTU ${LOWERED_MTU}; with df_default=true it is dropped, not fragmented`,
    targets: (t) => t.hosts.map((h) => ({ id: h.name, label: `${h.name} (now ${h.underlay_mtu})` })),
    apply(draft, target) {
      (draft.hosts.find((h) => h.name === target) ?? refuse('that host is gone')).underlay_mtu = LOWERED_MTU;
    },
    trial(t, target) {
      const on = t.servers.find((s) => s.host === target);
      if (!on) return null;
      const other = t.servers.find((s) => s.host !== target && someoneTo(t, s.name) !== null);
      return { from: on.name, to: other?.name ?? t.outside[0]?.hosts[0]?.name ?? '8.8.8.8', size: FULL_SIZE };
    },
  },
  {
    kind: 'dhcp-agent',
    title: 'Stop the DHCP agent',
    effect: 'no dnsmasq answers on that network node: a VM asking for its lease gets no offer',
    targets: (t) =>
      t.hosts
        .filter((h) => h.role === 'network')
        .map((h) => ({
          id: h.name,
          label: `${h.name}${h.agents_down.includes('dhcp') ? ' (already stopped)' : ''}`,
        })),
    apply(draft, target) {
      const h = draft.hosts.find((x) => x.name === target) ?? refuse('that host is gone');
      if (!h.agents_down.includes('dhcp')) h.agents_down = [...h.agents_down, 'dhcp'];
    },
    trial(t, target) {
      const served = t.ports
        .filter((p) => p.device_owner === 'network:dhcp' && p['binding:host_id'] === target)
        .map((p) => p.network_id);
      const vm = vmPorts(t).find((p) => served.includes(p.network_id));
      const name = vm ? serverOf(t, vm.id)?.name : undefined;
      return name ? { from: name, to: '', proto: 'dhcp' } : null;
    },
  },
  {
    kind: 'underlay',
    title: 'Cut a host off the underlay',
    effect: 'every VXLAN packet to or from the host is lost on the way',
    targets: (t) =>
      t.hosts.map((h) => ({
        id: h.name,
        label: `${h.name} (${h.tunnel_ip})${h.underlay_connected ? '' : ' (already cut)'}`,
      })),
    apply(draft, target) {
      (draft.hosts.find((h) => h.name === target) ?? refuse('that host is gone')).underlay_connected = false;
    },
    trial(t, target) {
      const on = t.servers.find((s) => s.host === target);
      if (on) {
        const from = someoneTo(t, on.name, target);
        return from ? { from, to: on.name } : null;
      }
      const vm = t.servers.find((s) => s.host !== target);
      return vm ? { from: vm.name, to: t.outside[0]?.hosts[0]?.name ?? '8.8.8.8' } : null;
    },
  },
  L3_HA_FAULT,
];

/** Faults the Topology shows it has (a removed rule or interface is only in the undo history). */
export function activeFaults(t: Topology): string[] {
  const out: string[] = [];
  for (const p of vmPorts(t))
    if (!p.admin_state_up) out.push(`port of ${serverOf(t, p.id)?.name ?? '?'} is down`);
  for (const h of t.hosts) {
    if (!h.underlay_connected) out.push(`${h.name} is cut off the underlay`);
    if (h.underlay_mtu < 1500) out.push(`${h.name}'s underlay MTU is ${h.underlay_mtu}`);
    for (const a of h.agents_down) out.push(`the ${a} agent on ${h.name} is stopped`);
    for (const o of h.segmentation_overrides)
      out.push(`${h.name} uses VNI ${o.segmentation_id} for ${netName(t, o.network_id)}`);
  }
  return out;
}

/** A fault's target named by its id, or by the first word of its label ("router1", "network1"), as a
 * lesson names it; null when the cloud offers none such. */
export function targetByRef(fault: Fault, t: Topology, ref: string): FaultTarget | null {
  const targets = fault.targets(t);
  return targets.find((x) => x.id === ref) ?? targets.find((x) => x.label.split(' ')[0] === ref) ?? null;
}
