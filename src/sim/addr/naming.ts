// Device and namespace names exactly as Neutron, Nova and os-vif derive them (neutron-facts §1):
// prefix + port id, truncated to LINUX_DEV_LEN = 14 characters; namespaces keep the full UUID.
export const LINUX_DEV_LEN = 14;

const dev = (prefix: string, id: string) => (prefix + id).slice(0, LINUX_DEV_LEN);

/** tap<port id> (nova _build_vif_model; also the DHCP port with the OVS interface driver). */
export const tapName = (portId: string) => dev('tap', portId);
/** qbr<port id>: the per-VIF hybrid Linux bridge (nova os_vif_util._get_hybrid_bridge_name). */
export const qbrName = (portId: string) => dev('qbr', portId);
/** qvb<port id>: the veth end on the qbr (os-vif get_veth_pair_names). */
export const qvbName = (portId: string) => dev('qvb', portId);
/** qvo<port id>: the veth end on br-int. */
export const qvoName = (portId: string) => dev('qvo', portId);
/** qr-<port id>: a router interface (neutron/agent/l3/namespaces.py INTERNAL_DEV_PREFIX). */
export const qrName = (portId: string) => dev('qr-', portId);
/** qg-<port id>: the router gateway (EXTERNAL_DEV_PREFIX). */
export const qgName = (portId: string) => dev('qg-', portId);
/** ha-<HA port id>: an HA router's port on its HA network (ha_router.py HA_DEV_PREFIX). */
export const haName = (portId: string) => dev('ha-', portId);

/** sg-<port id>: a centralized SNAT port (SNAT_INT_DEV_PREFIX, dvr_edge_router.py). */
export const sgName = (portId: string) => dev('sg-', portId);
/** fg-<port id>: the floating IP agent gateway port (dvr_fip_ns.py). */
export const fgName = (portId: string) => dev('fg-', portId);
/** rfp-<router id> in the router's namespace and fpr-<router id> in the fip namespace: the two ends of
 * their veth (a 4-character prefix, so 10 characters of the id; neutron-facts §1). */
export const rfpName = (routerId: string) => dev('rfp-', routerId);
export const fprName = (routerId: string) => dev('fpr-', routerId);

export const qrouterNs = (routerId: string) => `qrouter-${routerId}`;
export const snatNs = (routerId: string) => `snat-${routerId}`;
export const fipNs = (externalNetworkId: string) => `fip-${externalNetworkId}`;
export const qdhcpNs = (networkId: string) => `qdhcp-${networkId}`;

/** vxlan-<remote IP as 8 hex digits> (ovs_neutron_agent get_tunnel_name / get_tunnel_hash). */
export function tunnelPortName(remoteIp: string, networkType = 'vxlan'): string {
  const hex = remoteIp
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .join('');
  return `${networkType}-${hex}`;
}

/** int-<bridge> on br-int and phy-<bridge> on the physical bridge (ovs_constants PEER_*_PREFIX). */
export const intPeerName = (bridge: string) => `int-${bridge}`;
export const phyPeerName = (bridge: string) => `phy-${bridge}`;

/**
 * The host NICs the model leaves implicit: the underlay interface that holds the tunnel IP (local_ip;
 * "physical NIC (local_ip) -> remote VTEP", neutron-facts §2) and, one per bridge mapping, the NIC
 * plugged into a provider bridge as an OVS system port (§6). A deployment names them after its
 * hardware; these are the names of the install guides' virtual machines.
 */
export const UNDERLAY_NIC = 'eth0';
export const providerNicName = (mappingIndex: number) => `eth${mappingIndex + 1}`;
/** Underlay prefix length: the admin guide's overlay network is 10.0.1.0/24 (neutron-facts §12). */
export const UNDERLAY_PREFIX = 24;

/** iptables chains of the hybrid firewall: 'i'/'o'/'s' + tap name minus "tap", cut to 11 (MAX_CHAIN_LEN_WRAP). */
export function sgChainName(direction: 'ingress' | 'egress' | 'spoof', portId: string): string {
  const letter = direction === 'ingress' ? 'i' : direction === 'egress' ? 'o' : 's';
  return `neutron-openvswi-${(letter + tapName(portId).slice(3)).slice(0, 11)}`;
}

/** ipset holding the IPv4 members of a security group: N + ethertype + group id, at most 31 characters. */
export const ipsetName = (sgId: string) => `NIPv4${sgId}`.slice(0, 31);
