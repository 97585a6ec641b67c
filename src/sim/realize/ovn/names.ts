// Names of ML2/OVN's rows and devices, as the Neutron OVN driver and ovn-controller make them
// (neutron-facts-beyond §3.1, §3.2, §5.1).
import { macFromBytes } from '../../addr/mac';
import { hashText, seededBytes } from '../../addr/random';
import { stableHex } from '../../addr/stable';

/** neutron-<id>: Logical_Switch and Logical_Router names (utils.ovn_name, OVN_NAME_PREFIX). */
export const ovnName = (id: string) => `neutron-${id}`;
/** lrp-<port id>: a router port (utils.ovn_lrouter_port_name). */
export const lrpName = (portId: string) => `lrp-${portId}`;
/** cr-lrp-<gateway port id>: the chassisredirect binding of a distributed gateway port. */
export const crLrpName = (portId: string) => `cr-lrp-${portId}`;
/** pg_<security group id with - as _> (utils.ovn_port_group_name). */
export const pgName = (sgId: string) => `pg_${sgId.replace(/-/g, '_')}`;
/** the address set OVN makes for a port group's IPv4 addresses (utils.ovn_pg_addrset_name) */
export const pgAddrSet = (sgId: string) => `${pgName(sgId)}_ip4`;
/** The port group every port with port security is in: its drop ACLs are the default deny. */
export const PG_DROP = 'neutron_pg_drop';
/** provnet-<segment id>: the localnet port of a provider segment (ovn_client.create_provnet_port). */
export const provnetName = (segmentId: string) => `provnet-${segmentId}`;
/** ovn-controller's patch ports toward a provider bridge (controller/patch.c patch_port_name). */
export const patchToProvnet = (localnet: string) => `patch-br-int-to-${localnet}`;
export const patchFromProvnet = (localnet: string) => `patch-${localnet}-to-br-int`;
/** ovnmeta-<network id>: the metadata agent's namespace. */
export const ovnmetaNs = (networkId: string) => `ovnmeta-${networkId}`;
/** tap<network id[:10]>0 on br-int and tap<network id[:10]>1 in the namespace (agent._get_veth_name). */
export const metaVethNames = (networkId: string): [string, string] => [
  `tap${networkId.slice(0, 10)}0`,
  `tap${networkId.slice(0, 10)}1`,
];
/** The kernel device of OVS's Geneve ports (UDP 6081). */
export const GENEVE_SYS_DEV = 'genev_sys_6081';

/** A uuid that stands for a row's, made from what the row is (the same cloud, the same uuids). */
export function rowUuid(what: string): string {
  const h = stableHex(`ovn|${what}`, 32);
  const variant = '89ab'[Number.parseInt(h[16]!, 16) & 3];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A chassis's name: its OVS system-id, a uuid in a Neutron deployment. */
export const chassisName = (host: string) => rowUuid(`chassis|${host}`);

/** A segment id for a network's one segment (Neutron keeps segments as rows of their own). */
export const segmentId = (networkId: string) => rowUuid(`segment|${networkId}`);

/** The random server_mac Neutron gives a subnet's DHCP_Options. */
export function serverMac(subnetId: string): string {
  const b = seededBytes(hashText(`dhcp-server-mac|${subnetId}`));
  return macFromBytes('fa:16:3e', b.byte(), b.byte(), b.byte());
}

/**
 * ovn-controller's tunnel port names, ovn-<first 6 characters of the remote chassis name>-<counter in
 * hex>: the counter tells apart chassis whose names start alike (controller/encaps.c tunnel_create_name).
 */
export function tunnelNames(remotes: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const r of remotes) {
    let n = 0;
    let name = `ovn-${r.slice(0, 6)}-${n.toString(16)}`;
    while (used.has(name)) name = `ovn-${r.slice(0, 6)}-${(++n).toString(16)}`;
    used.add(name);
    out.set(r, name);
  }
  return out;
}
