// Networks, subnets and routers of the API as the topology's. What the model has no place for is said in
// the report and left out, with whatever hangs on it (the subnets of a GENEVE network, the addresses on
// an IPv6 subnet). Ids, addresses and segmentation ids are kept exactly as captured.
import type { TopologyInput } from '../sim';
import type { NetworkApi, RouterApi, SubnetApi } from './api-schemas';
import type { Report } from './report';
import type { Sourced } from './validate';

type NetworkInput = NonNullable<TopologyInput['networks']>[number];
type SubnetInput = NonNullable<TopologyInput['subnets']>[number];
type RouterInput = NonNullable<TopologyInput['routers']>[number];

/** What was imported so far, for the resources that refer to it. */
export interface Imported {
  readonly networks: Map<string, NetworkInput>;
  readonly subnets: Map<string, SubnetInput>;
  readonly routers: Map<string, RouterInput>;
  readonly projects: Set<string>;
  /** resources without a name, which got one from their id */
  readonly named: string[];
}

/** Neutron lets names be empty; the model refers to things by name too, so each gets one. */
export function nameOf(kind: string, name: string | null | undefined, id: string, cx: Imported): string {
  if (name) return name;
  cx.named.push(`${kind} ${id}`);
  return `${kind}-${id.slice(0, 8)}`;
}

export function projectOf(id: string | null | undefined, cx: Imported): string {
  // A resource without a project (admin-made) is given one, so that the model can own it.
  const p = id || 'admin';
  cx.projects.add(p);
  return p;
}

const TYPES = ['vxlan', 'vlan', 'flat'] as const;

export function importNetworks(
  items: readonly Sourced<NetworkApi>[],
  cx: Imported,
  report: Report,
): NetworkInput[] {
  const out: NetworkInput[] = [];
  for (const { item: n, file } of items) {
    const base = { resource: 'network', id: n.id, name: n.name ?? '', file };
    // Neutron shows the provider:* fields to admins only, and `openstack network list` prints at most
    // the type: without them the network is the model's default (vxlan, or flat when external).
    const given = n['provider:network_type'];
    const type =
      given === undefined ? (n['router:external'] ? 'flat' : 'vxlan') : TYPES.find((t) => t === given);
    if (n.segments?.length) {
      report.add({
        ...base,
        kind: 'skipped',
        message: `has ${n.segments.length} segments (multi-segment / routed provider network): not modelled; its subnets and ports are left out`,
      });
      continue;
    }
    if (!type) {
      report.add({
        ...base,
        kind: 'skipped',
        message: `provider:network_type ${JSON.stringify(n['provider:network_type'] ?? null)} is not modelled (only vxlan, vlan and flat); its subnets and ports are left out`,
      });
      continue;
    }
    const net: NetworkInput = {
      id: n.id,
      name: nameOf('network', n.name, n.id, cx),
      project_id: projectOf(n.project_id, cx),
      'provider:network_type': type,
    };
    if (n.admin_state_up !== undefined) net.admin_state_up = n.admin_state_up;
    if (n['provider:physical_network'] !== undefined)
      net['provider:physical_network'] = n['provider:physical_network'];
    if (n['provider:segmentation_id'] !== undefined)
      net['provider:segmentation_id'] = n['provider:segmentation_id'];
    if (n['router:external'] !== undefined) net['router:external'] = n['router:external'];
    if (typeof n.mtu === 'number') net.mtu = n.mtu;
    const unknown = [
      given === undefined ? `provider:network_type (taken as ${type})` : null,
      type !== 'flat' && n['provider:segmentation_id'] === undefined ? 'provider:segmentation_id' : null,
      type !== 'vxlan' && n['provider:physical_network'] === undefined ? 'provider:physical_network' : null,
    ].filter((x) => x !== null);
    if (unknown.length)
      report.add({
        ...base,
        kind: 'assumed',
        message: `${unknown.join(', ')} not in the capture (Neutron shows the provider fields to admins only; \`openstack network list\` does not print them): the model chooses, so they may differ from the real cloud's`,
      });
    if (n.qos_policy_id)
      report.add({
        ...base,
        kind: 'ignored',
        message: `qos_policy_id ${n.qos_policy_id}: QoS is not modelled`,
      });
    if (n.shared)
      report.add({
        ...base,
        kind: 'ignored',
        message: 'shared: RBAC is not modelled; every project sees every network',
      });
    cx.networks.set(n.id, net);
    out.push(net);
  }
  return out;
}

export function importSubnets(
  items: readonly Sourced<SubnetApi>[],
  cx: Imported,
  report: Report,
): SubnetInput[] {
  const out: SubnetInput[] = [];
  for (const { item: s, file } of items) {
    const base = { resource: 'subnet', id: s.id, name: s.name ?? '', file };
    if (!cx.networks.has(s.network_id)) {
      report.add({ ...base, kind: 'skipped', message: `its network ${s.network_id} is not imported` });
      continue;
    }
    if (s.ip_version === 6 || s.cidr.includes(':')) {
      report.add({
        ...base,
        kind: 'skipped',
        message: `IPv6 subnet ${s.cidr}: only IPv4 is modelled; the addresses ports hold on it are left out`,
      });
      continue;
    }
    const sub: SubnetInput = {
      id: s.id,
      name: nameOf('subnet', s.name, s.id, cx),
      network_id: s.network_id,
      ip_version: 4,
      cidr: s.cidr,
    };
    if (s.gateway_ip !== undefined) sub.gateway_ip = s.gateway_ip;
    if (s.allocation_pools)
      sub.allocation_pools = s.allocation_pools.map((p) => ({ start: p.start, end: p.end }));
    if (s.enable_dhcp !== undefined) sub.enable_dhcp = s.enable_dhcp;
    if (s.host_routes?.length)
      sub.host_routes = s.host_routes.map((r) => ({ destination: r.destination, nexthop: r.nexthop }));
    if (s.dns_nameservers?.length)
      report.add({
        ...base,
        kind: 'ignored',
        message: `dns_nameservers ${s.dns_nameservers.join(', ')}: DNS is not modelled`,
      });
    if (s.segment_id)
      report.add({
        ...base,
        kind: 'ignored',
        message: `segment_id ${s.segment_id}: segments are not modelled`,
      });
    cx.subnets.set(s.id, sub);
    out.push(sub);
  }
  return out;
}

/** The IPv4 fixed IPs on imported subnets; the rest named in the report. */
export function keptFixedIps(
  ips: readonly { subnet_id?: string | undefined; ip_address?: string | undefined }[],
  cx: Imported,
): { kept: { subnet_id?: string; ip_address?: string }[]; dropped: string[] } {
  const kept: { subnet_id?: string; ip_address?: string }[] = [];
  const dropped: string[] = [];
  for (const f of ips) {
    if (f.subnet_id && !cx.subnets.has(f.subnet_id)) dropped.push(f.ip_address ?? f.subnet_id);
    else if (f.ip_address?.includes(':')) dropped.push(f.ip_address);
    else {
      const k: { subnet_id?: string; ip_address?: string } = {};
      if (f.subnet_id) k.subnet_id = f.subnet_id;
      if (f.ip_address) k.ip_address = f.ip_address;
      kept.push(k);
    }
  }
  return { kept, dropped };
}

/**
 * The routers of `t` the model refuses as distributed or HA (validate-l3.ts), made legacy routers, each
 * said in the report with the reason: a capture whose agents cannot serve a DVR or HA router as the
 * model builds one (no dvr_snat host, no l2population, a VLAN network) still opens.
 */
export function legacyWhereRefused(
  t: { routers?: RouterInput[] },
  errors: readonly { path: string; message: string }[],
  report: Report,
  fileOf: (id: string) => string,
): boolean {
  const refused = new Map<number, string>();
  for (const e of errors) {
    // validate-l3.ts says "router <name> is distributed…" or "…is highly available…"
    const m = /^routers\[(\d+)\]/.exec(e.path);
    if (m && / is (distributed|highly available)\b/.test(e.message) && !refused.has(Number(m[1])))
      refused.set(Number(m[1]), e.message);
  }
  for (const [i, why] of refused) {
    const r = t.routers?.[i];
    if (!r) continue;
    const kinds = [r.distributed ? 'distributed (DVR)' : '', r.ha ? 'HA (VRRP)' : '']
      .filter(Boolean)
      .join(' and ');
    report.add({
      resource: 'router',
      id: r.id ?? '',
      name: r.name ?? '',
      file: fileOf(r.id ?? ''),
      kind: 'changed',
      message: `is ${kinds}, which the model cannot build here (${why}); imported as a legacy router on one network host, so its paths differ from the real cloud's`,
    });
    r.distributed = false;
    r.ha = false;
  }
  return refused.size > 0;
}

export function importRouters(
  items: readonly Sourced<RouterApi>[],
  cx: Imported,
  report: Report,
): RouterInput[] {
  const out: RouterInput[] = [];
  for (const { item: r, file } of items) {
    const base = { resource: 'router', id: r.id, name: r.name ?? '', file };
    const router: RouterInput = {
      id: r.id,
      name: nameOf('router', r.name, r.id, cx),
      project_id: projectOf(r.project_id, cx),
    };
    if (r.admin_state_up !== undefined) router.admin_state_up = r.admin_state_up;
    // A distributed or HA router comes in as what it is; where the model refuses it as such (for
    // the agents the capture shows, say), index.ts imports it as a legacy router and says why.
    if (r.distributed) router.distributed = true;
    if (r.ha) router.ha = true;
    const gw = r.external_gateway_info;
    if (gw) {
      if (!cx.networks.has(gw.network_id))
        report.add({
          ...base,
          kind: 'skipped',
          message: `its gateway network ${gw.network_id} is not imported: the router has no gateway`,
        });
      else {
        const { kept, dropped } = keptFixedIps(gw.external_fixed_ips ?? [], cx);
        router.external_gateway_info = { network_id: gw.network_id };
        if (typeof gw.enable_snat === 'boolean') router.external_gateway_info.enable_snat = gw.enable_snat;
        if (kept.length) router.external_gateway_info.external_fixed_ips = kept;
        if (dropped.length)
          report.add({
            ...base,
            kind: 'skipped',
            message: `gateway address${dropped.length > 1 ? 'es' : ''} ${dropped.join(', ')}: IPv6 or on a subnet not imported`,
          });
      }
    }
    if (r.routes?.length) {
      const v4 = r.routes.filter((x) => !x.destination.includes(':'));
      if (v4.length) router.routes = v4.map((x) => ({ destination: x.destination, nexthop: x.nexthop }));
      if (v4.length < r.routes.length)
        report.add({
          ...base,
          kind: 'skipped',
          message: `${r.routes.length - v4.length} IPv6 extra route(s)`,
        });
    }
    if (r.flavor_id)
      report.add({
        ...base,
        kind: 'ignored',
        message: `flavor_id ${r.flavor_id}: router flavors are not modelled`,
      });
    cx.routers.set(r.id, router);
    out.push(router);
  }
  return out;
}
