// keepalived.conf of an HA router, as the L3 agent writes it to $state_path/ha_confs/<router id>/
// (neutron-facts-beyond §2.2; neutron:neutron/agent/linux/keepalived.py KeepalivedConf.build_config,
// KeepalivedInstance, KeepalivedVipAddress, KeepalivedVirtualRoute; neutron/agent/l3/ha_router.py
// _init_keepalived_manager, internal_network_added, _add_gateway_vip, add_floating_ip, routes_updated).
// Every instance gets the same file but for its own ha- interface: state BACKUP, priority 50, nopreempt.
import { type Cidr, cidrOf, cidrsOverlap, intToIp } from '../addr/ipv4';
import { haName, qgName, qrName, sgName } from '../addr/naming';
import { CSNAT_OWNER } from '../model/dvr';
import { HA_PRIORITY, haPortsOf, heldPortsOf } from '../model/ha';
import type { HostName, Router, Topology } from '../model/types';

/** ha_confs_path: $state_path/ha_confs, state_path /var/lib/neutron (conf/agent/l3/ha.py) */
export const haConfPath = (routerId: string) => `/var/lib/neutron/ha_confs/${routerId}/keepalived.conf`;

/** keepalived.py constants and the agent's defaults (conf/agent/l3/ha.py) */
const EMAIL_FROM = 'neutron@openstack.local';
const ROUTER_ID = 'neutron';
const GARP_PRIMARY_DELAY = 60;
/** ha_vrrp_advert_int */
export const ADVERT_INT = 2;
const PRIMARY_VIP_RANGE_SIZE = 24;
/** constants.PRIVATE_CIDR_RANGE, METADATA_CIDR and DVR_FIP_LL_CIDR of neutron */
const PRIVATE_CIDR_RANGE = cidrOf('169.254.0.0/16');
const EXCLUDED = [cidrOf('169.254.169.254/32'), cidrOf('169.254.64.0/18')];

/** get_free_range: the first /24 of 169.254.0.0/16 clear of the metadata address, the DVR link-local
 * range and the HA network; 169.254.0.0/24 with the default l3_ha_net_cidr. */
export function primaryVipRange(haCidr: string): Cidr {
  const excluded = [...EXCLUDED, cidrOf(haCidr)];
  const size = 2 ** (32 - PRIMARY_VIP_RANGE_SIZE);
  for (let n = PRIVATE_CIDR_RANGE.net; n < PRIVATE_CIDR_RANGE.net + 2 ** 16; n += size) {
    const c = cidrOf(`${intToIp(n)}/${PRIMARY_VIP_RANGE_SIZE}`);
    if (!excluded.some((x) => cidrsOverlap(x, c))) return c;
  }
  return cidrOf('169.254.0.0/24');
}

/** get_primary_vip: the range's network plus the VRID, /24 (169.254.0.<vrid>/24). */
export function primaryVip(haCidr: string, vrid: number): { ip: string; prefix: number } {
  return { ip: intToIp(primaryVipRange(haCidr).net + vrid), prefix: PRIMARY_VIP_RANGE_SIZE };
}

/** The IPv6 link-local address of a MAC (EUI-64), as netaddr prints it: fe80::f816:3eff:fe12:3456/64.
 * The agent moves it from qr- and qg- into keepalived (_disable_ipv6_addressing_on_interface). */
export function ipv6LinkLocal(mac: string): string {
  const b = mac.split(':').map((x) => Number.parseInt(x, 16));
  const eui = [b[0]! ^ 0x02, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  const groups = [0, 2, 4, 6].map((i) => ((eui[i]! << 8) | eui[i + 1]!).toString(16));
  return `fe80::${groups.join(':')}/64`;
}

export interface HaVip {
  /** address/prefix */
  cidr: string;
  dev: string;
  scope?: 'link';
}

export interface HaRoute {
  dst: string;
  via: string | null;
  dev: string | null;
}

/** What keepalived manages for the router besides its primary VIP: the addresses of qr- and qg-, the
 * floating IPs and the link-local addresses (virtual_ipaddress_excluded), and the routes. For a
 * distributed router, those of sg- and qg- in its snat namespace (dvr_edge_ha_router.py
 * external_gateway_added: _add_vips of each SNAT port, _add_gateway_vip); its qr- addresses are on
 * every host and no VIP, its floating IPs are served by the computes' fip namespaces, and its extra
 * routes stay in the qrouter namespaces, as realize/l3-dvr.ts builds them. */
export function haVirtuals(t: Topology, router: Router): { vips: HaVip[]; routes: HaRoute[] } {
  const subnets = new Map(t.subnets.map((s) => [s.id as string, s]));
  const vips: HaVip[] = [];
  const routes: HaRoute[] = [];
  const inner = router.distributed ? CSNAT_OWNER : 'network:router_interface';
  for (const p of heldPortsOf(t, router)) {
    const qr = p.device_owner === inner;
    const dev = qr ? (router.distributed ? sgName(p.id) : qrName(p.id)) : qgName(p.id);
    for (const f of p.fixed_ips) {
      const s = subnets.get(f.subnet_id);
      if (!s) continue;
      vips.push({ cidr: `${f.ip_address}/${cidrOf(s.cidr).prefix}`, dev });
      // _add_default_gw_virtual_route: the default route by each gateway of the external subnets
      if (!qr && s.gateway_ip) routes.push({ dst: '0.0.0.0/0', via: s.gateway_ip, dev });
    }
    if (!qr && !router.distributed)
      for (const f of t.floatingips)
        if (f.router_id === router.id && f.port_id) vips.push({ cidr: `${f.floating_ip_address}/32`, dev });
    vips.push({ cidr: ipv6LinkLocal(p.mac_address), dev, scope: 'link' });
  }
  // routes_updated: the router's extra routes, with no device
  if (!router.distributed)
    for (const r of router.routes) routes.push({ dst: r.destination, via: r.nexthop, dev: null });
  return { vips, routes };
}

/** The file on `host`, or null when the router has no instance there. */
export function keepalivedConf(t: Topology, router: Router, host: HostName): string | null {
  const port = haPortsOf(t, router.id).find((p) => p['binding:host_id'] === host);
  const vrid = router.ha_vr_id;
  const haSubnet = port && t.subnets.find((s) => s.id === port.fixed_ips[0]?.subnet_id);
  if (!port || vrid === null || !haSubnet) return null;
  const ha = haName(port.id);
  const primary = primaryVip(haSubnet.cidr, vrid);
  const { vips, routes } = haVirtuals(t, router);
  // keepalived_use_no_track (default True) with keepalived >= 2.0.3: every VIP of an interface keepalived
  // does not track (all but ha-), and every virtual route, gets no_track
  const vip = (v: HaVip) => `${v.cidr} dev ${v.dev}${v.scope ? ` scope ${v.scope}` : ''} no_track`;
  const route = (r: HaRoute) =>
    `${r.dst}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''} no_track`;
  const lines = [
    'global_defs {',
    `    notification_email_from ${EMAIL_FROM}`,
    `    router_id ${ROUTER_ID}`,
    '}',
    `vrrp_instance VR_${vrid} {`,
    '    state BACKUP',
    `    interface ${ha}`,
    `    virtual_router_id ${vrid}`,
    `    priority ${HA_PRIORITY}`,
    `    garp_master_delay ${GARP_PRIMARY_DELAY}`,
    '    nopreempt',
    `    advert_int ${ADVERT_INT}`,
    '    track_interface {',
    `        ${ha}`,
    '    }',
    '    virtual_ipaddress {',
    `        ${primary.ip}/${primary.prefix} dev ${ha}`,
    '    }',
  ];
  if (vips.length) {
    // sorted by address text, as Python sorts them
    const sorted = [...vips].sort((a, b) => (a.cidr < b.cidr ? -1 : a.cidr > b.cidr ? 1 : 0));
    lines.push('    virtual_ipaddress_excluded {', ...sorted.map((v) => `        ${vip(v)}`), '    }');
  }
  if (routes.length) lines.push('    virtual_routes {', ...routes.map((r) => `        ${route(r)}`), '    }');
  lines.push('}');
  return lines.join('\n');
}
