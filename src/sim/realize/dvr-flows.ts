// The flows the OVS agent adds with enable_distributed_routing (neutron-facts-beyond §1.4, rendered from
// ovs_dvr_neutron_agent.py and openflow/native/{br_int,br_tun,br_phys,br_dvr_process}.py): br-tun sends
// what leaves br-int through table 1, where a frame routed by a local DVR router gets the host's DVR MAC
// as its source and frames for the local gateway never tunnel; tunnels go through table 9, where frames
// from another host's DVR MAC go up unlearned; br-int hands those to table 1, which gives them back the
// gateway's MAC and delivers them straight to their port from table 60. Added on top of the flows of
// ovs-flows.ts: a DVR flow of the same table, match and priority replaces the non-DVR one.
import type { Flow, FlowAction } from '../devices/openflow/flow';
import type { HostName, NetworkId } from '../model/types';
import { T } from './ovs-flows';
import type { Plug } from './plan';

/** The DVR tables of neutron-lib ovs_constants. */
export const DVR_T = {
  /** br-int */
  DVR_TO_SRC_MAC: 1,
  DVR_TO_SRC_MAC_PHYSICAL: 2,
  ARP_DVR_MAC_TO_DST_MAC: 3,
  ARP_DVR_MAC_TO_DST_MAC_PHYSICAL: 4,
  /** br-tun */
  DVR_PROCESS: 1,
  DVR_NOT_LEARN: 9,
  /** br-phys */
  DVR_PROCESS_PHYSICAL: 1,
  LOCAL_VLAN_TRANSLATION: 2,
  DVR_NOT_LEARN_PHYSICAL: 3,
} as const;

const resubmit = (table: number): FlowAction => ({ a: 'resubmit', table });
const drop: FlowAction = { a: 'drop' };

export interface DvrHost {
  readonly host: HostName;
  /** every host's DVR MAC (dvr_mac_address_update tells each agent the full list) */
  readonly macs: ReadonlyMap<HostName, string>;
  /** the plugs of this host */
  readonly plugs: readonly Plug[];
  readonly lvids: ReadonlyMap<NetworkId, number>;
  /** the VXLAN networks of this host: VNI and local VLAN */
  readonly tunnels: readonly { vni: number; lvid: number }[];
}

interface LocalGateway {
  readonly qr: string;
  readonly mac: string;
  readonly ip: string;
  readonly lvid: number;
}

/** The local interfaces of distributed routers, and the subnets they serve here (subnet -> gateway). */
function localGateways(d: DvrHost): { gateways: LocalGateway[]; bySubnet: Map<string, LocalGateway> } {
  const gateways: LocalGateway[] = [];
  const bySubnet = new Map<string, LocalGateway>();
  for (const p of d.plugs) {
    if (p.kind !== 'router-interface' || !p.router?.distributed || !p.up) continue;
    const lvid = d.lvids.get(p.network.id);
    const f = p.port.fixed_ips[0];
    if (lvid === undefined || !f) continue;
    const g = { qr: p.ovsName, mac: p.port.mac_address, ip: f.ip_address, lvid };
    gateways.push(g);
    bySubnet.set(f.subnet_id, g);
  }
  return { gateways, bySubnet };
}

export function dvrTunFlows(d: DvrHost): Flow[] {
  const own = d.macs.get(d.host)!;
  const { gateways } = localGateways(d);
  const f: Flow[] = [
    {
      table: T.LOCAL_SWITCHING,
      priority: 1,
      match: { in_port: 'patch-int' },
      actions: [resubmit(DVR_T.DVR_PROCESS)],
      why: 'from br-int: through the DVR table first (enable_distributed_routing)',
    },
    {
      table: DVR_T.DVR_PROCESS,
      priority: 0,
      match: {},
      actions: [resubmit(T.PATCH_LV_TO_TUN)],
      why: 'not routed by a local DVR router: on toward the tunnels',
    },
    {
      table: DVR_T.DVR_NOT_LEARN,
      priority: 0,
      match: {},
      actions: [resubmit(T.LEARN_FROM_TUN)],
      why: 'not from a DVR router: learned as usual',
    },
  ];
  for (const g of gateways)
    f.push(
      {
        table: DVR_T.DVR_PROCESS,
        priority: 2,
        match: { dl_vlan: g.lvid, dl_dst: g.mac },
        actions: [drop],
        why: `frames for the local gateway ${g.ip} (${g.qr}) never tunnel: every DVR host has it`,
      },
      {
        table: DVR_T.DVR_PROCESS,
        priority: 1,
        match: { dl_vlan: g.lvid, dl_src: g.mac },
        actions: [{ a: 'mod_dl_src', mac: own }, resubmit(T.PATCH_LV_TO_TUN)],
        why: `routed by the local DVR router out of ${g.qr}: leaves with ${d.host}'s DVR MAC ${own}, not the gateway MAC every host shares`,
      },
      {
        table: T.FLOOD_TO_TUN,
        priority: 3,
        match: { arp: true, dl_vlan: g.lvid, arp_tpa: g.ip },
        actions: [drop],
        why: `ARP for the gateway ${g.ip} stays on the host: its own router answers`,
      },
    );
  for (const n of d.tunnels)
    f.push({
      table: T.VXLAN_TUN_TO_LV,
      priority: 1,
      match: { tun_id: n.vni },
      actions: [{ a: 'mod_vlan_vid', vlan: n.lvid }, resubmit(DVR_T.DVR_NOT_LEARN)],
      why: `VNI ${n.vni} is local VLAN ${n.lvid} here; through the DVR table before learning`,
    });
  for (const [host, mac] of d.macs)
    if (host !== d.host)
      f.push({
        table: DVR_T.DVR_NOT_LEARN,
        priority: 1,
        match: { dl_src: mac },
        actions: [{ a: 'output', port: 'patch-int' }],
        why: `from ${host}'s DVR MAC ${mac}: routed there, up to br-int without learning the MAC`,
      });
  return f;
}

export function dvrIntFlows(d: DvrHost): Flow[] {
  const own = d.macs.get(d.host)!;
  const { gateways, bySubnet } = localGateways(d);
  const f: Flow[] = [
    {
      table: T.LOCAL_SWITCHING,
      priority: 5,
      match: { in_port: 'patch-tun', dl_dst: own },
      actions: [resubmit(DVR_T.ARP_DVR_MAC_TO_DST_MAC)],
      why: `for ${d.host}'s own DVR MAC: to the router port it stands for`,
    },
    { table: DVR_T.DVR_TO_SRC_MAC, priority: 1, match: {}, actions: [drop] },
    { table: DVR_T.DVR_TO_SRC_MAC_PHYSICAL, priority: 1, match: {}, actions: [drop] },
  ];
  for (const [host, mac] of d.macs)
    if (host !== d.host)
      f.push({
        table: T.LOCAL_SWITCHING,
        priority: 2,
        match: { in_port: 'patch-tun', dl_src: mac },
        actions: [resubmit(DVR_T.DVR_TO_SRC_MAC)],
        why: `routed by ${host}'s DVR router (its DVR MAC ${mac}): to the DVR table`,
      });
  for (const g of gateways)
    f.push(
      {
        table: T.LOCAL_SWITCHING,
        priority: 99,
        match: { arp: true, arp_op: 2, dl_dst: own, arp_tha: g.mac },
        actions: [{ a: 'mod_dl_dst', mac: g.mac }, resubmit(T.PACKET_RATE_LIMIT)],
        why: `an ARP reply to the gateway ${g.ip} sent to the DVR MAC: back to the gateway's MAC`,
      },
      {
        table: DVR_T.ARP_DVR_MAC_TO_DST_MAC,
        priority: 5,
        match: { dl_vlan: g.lvid, dl_dst: own },
        actions: [{ a: 'mod_dl_dst', mac: g.mac }, { a: 'pop_vlan' }, { a: 'output', port: g.qr }],
        why: `for the DVR MAC on local VLAN ${g.lvid}: to ${g.qr}`,
      },
    );
  // each local DVR-serviced port on a subnet of a local DVR router, and the SNAT ports of the dvr_snat
  // host (_bind_port_on_dvr_subnet, _bind_centralized_snat_port_on_dvr_subnet)
  for (const p of d.plugs) {
    if ((p.kind !== 'vm' && p.kind !== 'dhcp' && p.kind !== 'snat') || !p.up) continue;
    const lvid = d.lvids.get(p.network.id);
    if (lvid === undefined) continue;
    const g = p.port.fixed_ips.map((x) => bySubnet.get(x.subnet_id)).find((x) => x !== undefined);
    if (!g) continue;
    const match = { dl_vlan: lvid, dl_dst: p.port.mac_address };
    f.push(
      {
        table: DVR_T.DVR_TO_SRC_MAC,
        priority: 20,
        match,
        actions: [{ a: 'mod_dl_src', mac: g.mac }, resubmit(T.PACKET_RATE_LIMIT)],
        why: `for ${p.ovsName}, routed by another host: its source becomes the gateway's MAC ${g.mac} again`,
      },
      {
        table: T.TRANSIENT,
        priority: 20,
        match,
        actions: [{ a: 'pop_vlan' }, { a: 'output', port: p.ovsName }],
        why: `straight to ${p.ovsName}, without NORMAL (which would learn the gateway MAC behind patch-tun)`,
      },
    );
  }
  return f;
}

/**
 * A physical bridge in DVR mode (setup_dvr_flows_on_phys_br, provision_local_vlan(distributed=True)):
 * what comes from br-int goes through tables 1 and 2, where the local VLAN is translated; what comes
 * from the wire through table 3, where frames of other hosts' DVR MACs go up unlearned.
 */
export function brPhysDvrFlows(
  phyPort: string,
  vlans: readonly { seg: number | null; lvid: number }[],
  host: HostName,
  macs: ReadonlyMap<HostName, string>,
): Flow[] {
  const f: Flow[] = [
    {
      table: 0,
      priority: 2,
      match: { in_port: phyPort },
      actions: [resubmit(DVR_T.DVR_PROCESS_PHYSICAL)],
      why: 'from br-int: through the DVR table first',
    },
    {
      table: 0,
      priority: 1,
      match: {},
      actions: [resubmit(DVR_T.DVR_NOT_LEARN_PHYSICAL)],
      why: 'from the wire: past the DVR MACs of other hosts',
    },
    { table: 0, priority: 0, match: {}, actions: [{ a: 'normal' }] },
    {
      table: DVR_T.DVR_PROCESS_PHYSICAL,
      priority: 0,
      match: {},
      actions: [resubmit(DVR_T.LOCAL_VLAN_TRANSLATION)],
    },
    ...vlans.map(
      ({ seg, lvid }): Flow => ({
        table: DVR_T.LOCAL_VLAN_TRANSLATION,
        priority: 4,
        match: { in_port: phyPort, dl_vlan: lvid },
        actions: [seg === null ? { a: 'strip_vlan' } : { a: 'mod_vlan_vid', vlan: seg }, { a: 'normal' }],
        why: `local VLAN ${lvid} leaves ${seg === null ? 'untagged (flat)' : `tagged ${seg}`}`,
      }),
    ),
    {
      table: DVR_T.LOCAL_VLAN_TRANSLATION,
      priority: 2,
      match: { in_port: phyPort },
      actions: [drop],
      why: 'local VLANs of other networks never reach the wire',
    },
    {
      table: DVR_T.DVR_NOT_LEARN_PHYSICAL,
      priority: 1,
      match: {},
      actions: [{ a: 'normal' }],
      why: 'frames from the wire are switched NORMAL',
    },
  ];
  for (const [h, mac] of macs)
    if (h !== host)
      f.push({
        table: DVR_T.DVR_NOT_LEARN_PHYSICAL,
        priority: 2,
        match: { dl_src: mac },
        actions: [{ a: 'output', port: phyPort }],
        why: `from ${h}'s DVR MAC: up to br-int without learning it`,
      });
  return f;
}
