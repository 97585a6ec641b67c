// The openvswitch firewall driver (firewall_driver = openvswitch, neutron-facts-beyond §4). It needs
// no hybrid plug, so os-vif plugs the VM's tap straight into br-int as an access port of the local
// VLAN: no qbr, qvb or qvo. The security groups become flows in br-int's tables 60-94, and
// connections are tracked in one conntrack zone per network per host, the local VLAN (reg6).
import { tapName } from '../addr/naming';
import type { Flow } from '../devices/openflow/flow';
import type { SecurityGroup, Topology } from '../model/types';
import { devId, type PlaneBuilder } from './builder';
import type { BrIntFirewall, BrIntPort } from './ovs-agent';
import {
  type FirewallPort,
  filteredPortFlows,
  firewallCommonFlows,
  unfilteredPortFlows,
} from './ovs-firewall-flows';
import { ConjIds, memberFlows, type RemoteUse, ruleFlows } from './ovs-firewall-rules';
import type { Plug } from './plan';

/** The name of a VM's port on br-int: the tap itself (nova's VIF name, neutron-facts §1). */
export const tapOnBrInt = (portId: string): string => tapName(portId);

/** os-vif's plain OVS plug: the guest's interface on the tap, the tap on br-int (the OVS agent links
 *  br-int's side, as it owns br-int). */
export function plugTapIntoBrInt(b: PlaneBuilder, _t: Topology, plug: Plug, vmId: string, eth: string): void {
  const tap = tapName(plug.port.id);
  const tapId = devId(plug.host, tap);
  b.add({
    id: tapId,
    kind: 'tap',
    name: tap,
    sides: ['vm', 'br'],
    host: plug.host,
    namespace: null,
    mtu: plug.network.mtu,
    up: plug.up,
    portId: plug.port.id,
  });
  b.link(vmId, eth, tapId, 'vm');
}

/** Security groups apply to VM ports with port security; router and DHCP ports (device_owner
 *  network:*) are trusted (neutron-facts §11). */
const filtered = (p: Plug) => p.kind === 'vm' && p.port.port_security_enabled;

function firewallPort(t: Topology, bp: BrIntPort): FirewallPort {
  const p = bp.plug.port;
  return {
    name: bp.plug.ovsName,
    ofport: bp.ofport,
    lvid: bp.lvid,
    mac: p.mac_address,
    ips: p.fixed_ips.map((f) => f.ip_address),
    network: bp.plug.network,
    groups: p.security_groups
      .map((g) => t.security_groups.find((x) => x.id === g))
      .filter((g): g is SecurityGroup => !!g),
  };
}

/** The firewall's flows on one host's br-int: common tables, each port's, its rules, and the member
 *  addresses of the remote groups its rules name. */
export const OVS_FIREWALL_ON_BR_INT: BrIntFirewall = {
  providesArpSpoofingProtection: true,
  flows(t: Topology, ports: readonly BrIntPort[]): Flow[] {
    const flows = firewallCommonFlows();
    const conj = new ConjIds();
    const uses: RemoteUse[] = [];
    for (const bp of ports) {
      if (!filtered(bp.plug)) {
        flows.push(...unfilteredPortFlows(bp.plug.ovsName, bp.ofport, bp.lvid));
        continue;
      }
      const fp = firewallPort(t, bp);
      flows.push(...filteredPortFlows(fp), ...ruleFlows(fp, conj, uses));
    }
    flows.push(...memberFlows(t, uses));
    return flows;
  },
};
