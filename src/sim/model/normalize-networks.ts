// Networks and subnets: Neutron's defaults (type, physical network, segmentation id, MTU, gateway,
// allocation pools) and the checks the Neutron server makes when they are created.
import { type Cidr, defaultPool, inCidr, intToIp, ipToInt, isIpv4, parseCidr } from '../addr/ipv4';
import type { NormalizeContext } from './normalize';
import { Registry } from './refs';
import type { AllocationPool, Network, NetworkId, Project, ProjectId, Subnet, SubnetId } from './types';

/** ML2 type driver ranges: VXLAN and Geneve VNIs 1..2^24-1, VLAN ids 1..4094 (neutron-facts §10). */
export const SEGMENT_RANGE = { vxlan: [1, 16777215], geneve: [1, 16777215], vlan: [1, 4094] } as const;
/** Where tenant segments are drawn from when none is given (devstack-like vni_ranges 1:1000). */
const TENANT_RANGE = { vxlan: [1, 1000], geneve: [1, 1000], vlan: [100, 999] } as const;
/** global_physnet_mtu 1500; VXLAN over IPv4 costs 50 bytes (neutron-facts §10); Geneve under OVN
 * 20 + max_header_size 38 = 58, so 1442 (neutron-facts-beyond §3.1). */
export const PHYSNET_MTU = 1500;
export const VXLAN_OVERHEAD = 50;
export const GENEVE_OVERHEAD = 58;

export function maxMtu(type: Network['provider:network_type']): number {
  if (type === 'vxlan') return PHYSNET_MTU - VXLAN_OVERHEAD;
  if (type === 'geneve') return PHYSNET_MTU - GENEVE_OVERHEAD;
  return PHYSNET_MTU;
}

const isTunnel = (type: Network['provider:network_type']) => type === 'vxlan' || type === 'geneve';

/** The tunnel type each mechanism driver's tenant networks have here: the OVS agent tunnels with
 * VXLAN (tunnel_types vxlan), ML2/OVN with Geneve, whose option carries the logical ports (§3.4). */
function tunnelTypeRefusal(type: Network['provider:network_type'], ovn: boolean): string | null {
  if (ovn && type === 'vxlan')
    return 'is not a tenant network type of ML2/OVN here (options.mechanism_driver is ovn): OVN tunnels with Geneve, whose option carries the logical in and out ports; VXLAN mode leaves no room for them. Use geneve, or leave it out';
  if (!ovn && type === 'geneve')
    return 'is a tenant network type of ML2/OVN (options.mechanism_driver ovn); the OVS agent here tunnels with VXLAN. Use vxlan, or leave it out';
  return null;
}

export function normalizeNetworks(cx: NormalizeContext, projects: Registry<Project>): void {
  const physnets = cx.topo.options.bridge_mappings.map((m) => m.physical_network);
  const used = new Set<string>();
  const pending: Network[] = [];
  (cx.input.networks ?? []).forEach((n, i) => {
    const path = `networks[${i}]`;
    const external = n['router:external'] ?? false;
    const ovn = cx.topo.options.mechanism_driver === 'ovn';
    const type = n['provider:network_type'] ?? (external ? 'flat' : ovn ? 'geneve' : 'vxlan');
    const refusal = tunnelTypeRefusal(type, ovn);
    if (refusal) cx.errors.add(`${path}.provider:network_type`, type, refusal);
    let physnet = n['provider:physical_network'] ?? null;
    if (isTunnel(type)) {
      if (physnet !== null)
        cx.errors.add(`${path}.provider:physical_network`, physnet, `must be null for a ${type} network`);
      physnet = null;
    } else {
      physnet ??= physnets[0] ?? null;
      if (physnet === null || !physnets.includes(physnet))
        cx.errors.add(
          `${path}.provider:physical_network`,
          physnet,
          `has no bridge mapping (options.bridge_mappings knows ${physnets.join(', ') || 'none'})`,
        );
    }
    const seg = n['provider:segmentation_id'] ?? null;
    if (type === 'flat' && seg !== null)
      cx.errors.add(`${path}.provider:segmentation_id`, seg, 'must be null for a flat network');
    if (type !== 'flat' && seg !== null) {
      const [lo, hi] = SEGMENT_RANGE[type];
      const key = `${type}:${physnet ?? ''}:${seg}`;
      if (seg < lo || seg > hi)
        cx.errors.add(
          `${path}.provider:segmentation_id`,
          seg,
          `is out of range for ${type} (${lo} to ${hi})`,
        );
      else if (used.has(key))
        cx.errors.add(`${path}.provider:segmentation_id`, seg, `is used by another ${type} network`);
      used.add(key);
    }
    const mtu = n.mtu ?? maxMtu(type);
    if (mtu > maxMtu(type))
      cx.errors.add(
        `${path}.mtu`,
        mtu,
        `exceeds the largest MTU a ${type} network can have here (${maxMtu(type)}: global_physnet_mtu ${PHYSNET_MTU}${type === 'vxlan' ? ` minus ${VXLAN_OVERHEAD} for VXLAN` : type === 'geneve' ? ` minus ${GENEVE_OVERHEAD} for Geneve` : ''})`,
      );
    const net: Network = {
      id: cx.id<NetworkId>('network', n.id, `${path}.id`),
      name: n.name,
      project_id: (n.project_id === ''
        ? ''
        : (projects.resolve(n.project_id, `${path}.project_id`, cx.errors)?.id ?? '')) as ProjectId,
      admin_state_up: n.admin_state_up ?? true,
      'provider:network_type': type,
      'provider:physical_network': physnet,
      'provider:segmentation_id': type === 'flat' ? null : seg,
      'router:external': external,
      mtu,
    };
    if (net['provider:segmentation_id'] === null && type !== 'flat') pending.push(net);
    cx.topo.networks.push(net);
  });
  // Tenant segments are picked at random among the free ones, as the ML2 type drivers do.
  for (const net of pending) {
    const type = net['provider:network_type'] as 'vxlan' | 'geneve' | 'vlan';
    const [lo, hi] = TENANT_RANGE[type];
    let seg: number;
    let tries = 0;
    do seg = cx.rng.int(lo, tries++ > 4 * (hi - lo) ? SEGMENT_RANGE[type][1] : hi);
    while (used.has(`${type}:${net['provider:physical_network'] ?? ''}:${seg}`));
    used.add(`${type}:${net['provider:physical_network'] ?? ''}:${seg}`);
    net['provider:segmentation_id'] = seg;
  }
  const networks = new Registry('network', cx.topo.networks);
  cx.input.hosts.forEach((h, i) => {
    (h.segmentation_overrides ?? []).forEach((o, j) => {
      const net = networks.resolve(
        o.network_id,
        `hosts[${i}].segmentation_overrides[${j}].network_id`,
        cx.errors,
      );
      if (net)
        cx.topo.hosts[i]?.segmentation_overrides.push({
          network_id: net.id,
          segmentation_id: o.segmentation_id,
        });
    });
  });
}

function poolFrom(
  cx: NormalizeContext,
  path: string,
  cidr: Cidr,
  gw: number | null,
  given: AllocationPool[] | undefined,
): AllocationPool[] {
  if (given) {
    const ranges: [number, number][] = [];
    given.forEach((p, j) => {
      const pp = `${path}.allocation_pools[${j}]`;
      let ok = true;
      for (const end of ['start', 'end'] as const) {
        if (!isIpv4(p[end])) {
          cx.errors.add(`${pp}.${end}`, p[end], 'is not a valid IPv4 address');
          ok = false;
        } else if (!inCidr(ipToInt(p[end]), cidr)) {
          cx.errors.add(`${pp}.${end}`, p[end], `is outside the subnet ${cidr.text}`);
          ok = false;
        }
      }
      if (!ok) return;
      const s = ipToInt(p.start);
      const e = ipToInt(p.end);
      if (s > e) cx.errors.add(pp, p, 'starts after it ends');
      else if (gw !== null && gw >= s && gw <= e)
        cx.errors.add(pp, p, `contains the gateway ${intToIp(gw)}; a pool must not include the gateway IP`);
      else if (ranges.some(([a, b]) => s <= b && e >= a)) cx.errors.add(pp, p, 'overlaps another pool');
      ranges.push([s, e]);
    });
    return given.map((p) => ({ ...p }));
  }
  const { start, end } = defaultPool(cidr);
  const out: AllocationPool[] = [];
  if (gw !== null && gw >= start && gw <= end) {
    if (gw > start) out.push({ start: intToIp(start), end: intToIp(gw - 1) });
    if (gw < end) out.push({ start: intToIp(gw + 1), end: intToIp(end) });
  } else if (start <= end) out.push({ start: intToIp(start), end: intToIp(end) });
  return out;
}

export function normalizeSubnets(cx: NormalizeContext): void {
  const networks = new Registry('network', cx.topo.networks);
  (cx.input.subnets ?? []).forEach((s, i) => {
    const path = `subnets[${i}]`;
    const net = networks.resolve(s.network_id, `${path}.network_id`, cx.errors);
    const parsed = parseCidr(s.cidr);
    const id = cx.id<SubnetId>('subnet', s.id, `${path}.id`);
    // A subnet without a usable CIDR is left out; the ports on it say nothing more (one cause, one message).
    const leaveOut = () => {
      cx.errors.refuse('subnet', s.id, s.name);
      if (net) cx.errors.refuse('subnet of network', net.id);
    };
    if (!parsed.ok) {
      cx.errors.add(`${path}.cidr`, s.cidr, `is not a valid IPv4 CIDR: it ${parsed.message}`);
      leaveOut();
      return;
    }
    const cidr = parsed.cidr;
    if (cidr.prefix < 8 || cidr.prefix > 30) {
      cx.errors.add(`${path}.cidr`, s.cidr, 'must have a prefix length from /8 to /30');
      leaveOut();
      return;
    }
    let gw: number | null = null;
    if (s.gateway_ip === undefined) gw = cidr.net + 1;
    else if (s.gateway_ip !== null) {
      if (!isIpv4(s.gateway_ip))
        cx.errors.add(`${path}.gateway_ip`, s.gateway_ip, 'is not a valid IPv4 address');
      else if (!inCidr(ipToInt(s.gateway_ip), cidr))
        cx.errors.add(`${path}.gateway_ip`, s.gateway_ip, `is outside the subnet ${cidr.text}`);
      else if (ipToInt(s.gateway_ip) === cidr.net || ipToInt(s.gateway_ip) === (cidr.net | ~cidr.mask) >>> 0)
        cx.errors.add(
          `${path}.gateway_ip`,
          s.gateway_ip,
          `is the network or broadcast address of ${cidr.text}`,
        );
      else gw = ipToInt(s.gateway_ip);
    }
    const subnet: Subnet = {
      id,
      name: s.name,
      network_id: (net?.id ?? '') as NetworkId,
      ip_version: 4,
      cidr: cidr.text,
      gateway_ip: gw === null ? null : intToIp(gw),
      allocation_pools: poolFrom(cx, path, cidr, gw, s.allocation_pools),
      enable_dhcp: s.enable_dhcp ?? true,
      host_routes: (s.host_routes ?? []).map((r) => ({ ...r })),
    };
    for (const other of cx.topo.subnets) {
      if (other.network_id !== subnet.network_id) continue;
      const o = parseCidr(other.cidr);
      if (o.ok && (inCidr(o.cidr.net, cidr) || inCidr(cidr.net, o.cidr)))
        cx.errors.add(
          `${path}.cidr`,
          s.cidr,
          `overlaps ${other.cidr} of subnet ${other.name} on the same network`,
        );
    }
    cx.topo.subnets.push(subnet);
  });
}
