// What Neutron's server refuses about distributed and HA routers (neutron-facts-beyond §1, §2), each
// refusal naming the router and what it lacks.
import { parseCidr } from '../addr/ipv4';
import { isMac } from '../addr/mac';
import type { ErrorList } from './errors';
import { type Host, l3AgentMode, type Router, routerFlavour, runsAgent, type Topology } from './types';

/** Hosts whose L3 agent can host an HA router: legacy and dvr_snat modes (l3_hamode_db.py,
 * get_number_of_agents_for_scheduling); for a distributed HA router only dvr_snat ones, where its snat
 * namespace lives (the scheduler gives no distributed router to a legacy agent, and a dvr agent hosts
 * no SNAT: l3_agent_scheduler.py get_l3_agent_candidates). A stopped agent still counts: it is
 * scheduled, then fails. */
export const haEligibleHosts = (t: Topology, r?: Pick<Router, 'distributed'>): Host[] =>
  t.hosts.filter(
    (h) =>
      runsAgent(h, 'l3') &&
      (r?.distributed ? ['dvr_snat'] : ['legacy', 'dvr_snat']).includes(l3AgentMode(t, h)),
  );

/** The compute hosts a distributed router must be on: those with a DVR-serviced port (an instance's,
 * or a DHCP port) on one of its subnets (neutron/common/utils.py is_dvr_serviced). */
export function dvrHostsOf(t: Topology, r: Router): Host[] {
  const subnets = new Set(
    t.ports
      .filter((p) => p.device_id === r.id && p.device_owner === 'network:router_interface')
      .flatMap((p) => p.fixed_ips.map((f) => f.subnet_id)),
  );
  const names = new Set(
    t.ports
      .filter(
        (p) =>
          (p.device_owner.startsWith('compute:') || p.device_owner === 'network:dhcp') &&
          p.fixed_ips.some((f) => subnets.has(f.subnet_id)),
      )
      .map((p) => p['binding:host_id']),
  );
  return t.hosts.filter((h) => names.has(h.name));
}

function checkOptions(t: Topology, errors: ErrorList): void {
  const o = t.options;
  const c = parseCidr(o.l3_ha_net_cidr);
  if (!c.ok)
    errors.add('options.l3_ha_net_cidr', o.l3_ha_net_cidr, `is not a valid IPv4 CIDR: it ${c.message}`);
  if (!isMac(o.dvr_base_mac))
    errors.add('options.dvr_base_mac', o.dvr_base_mac, 'is not a valid MAC address');
}

function checkRouter(t: Topology, r: Router, i: number, errors: ErrorList): void {
  const flavour = routerFlavour(r);
  if (flavour === 'legacy') return;
  const path = `routers[${i}]`;
  if (r.ha) {
    const eligible = haEligibleHosts(t, r);
    const modes = r.distributed
      ? 'is distributed and highly available: its snat namespace needs at least two hosts running the L3 agent in dvr_snat mode'
      : 'is highly available, which needs at least two hosts running the L3 agent in legacy or dvr_snat mode';
    if (eligible.length < 2)
      errors.add(
        `${path}.ha`,
        true,
        `router ${r.name} ${modes}; ${eligible.length ? `only ${eligible.map((h) => h.name).join(', ')} does` : 'none does'}`,
      );
  }
  if (r.distributed) {
    if (!t.options.l2population)
      errors.add(
        `${path}.distributed`,
        true,
        `router ${r.name} is distributed, and DVR over VXLAN needs l2population ("DVR deployments for VXLAN/GRE/Geneve underlays require L2-pop"): set options.l2population to true`,
      );
    for (const h of dvrHostsOf(t, r))
      if (h.role === 'compute' && !runsAgent(h, 'l3'))
        errors.add(
          `${path}.distributed`,
          true,
          `router ${r.name} is distributed, so host ${h.name}, which has instances on its subnets, must run the L3 agent (neutron-l3-agent in dvr mode)`,
        );
    if (
      r.external_gateway_info &&
      !t.hosts.some((h) => runsAgent(h, 'l3') && l3AgentMode(t, h) === 'dvr_snat')
    )
      errors.add(
        `${path}.external_gateway_info`,
        r.external_gateway_info.network_id,
        `router ${r.name} is distributed with a gateway: its SNAT needs a host running the L3 agent in dvr_snat mode, and none does`,
      );
  }
  if (r.distributed) {
    // realize/l3-dvr*.ts builds DVR over VXLAN only: the br-phys DVR flows of VLAN tenant networks
    // (neutron-facts-beyond §1.4, br-phys tables 1-3) are not modelled
    const nets = new Map(t.networks.map((n) => [n.id as string, n]));
    for (const p of t.ports) {
      const n = nets.get(p.network_id);
      if (p.device_id !== r.id || p.device_owner !== 'network:router_interface' || !n) continue;
      if (n['provider:network_type'] !== 'vxlan')
        errors.add(
          `${path}.distributed`,
          true,
          `router ${r.name} is distributed and has an interface on ${n['provider:network_type']} network ${n.name}; DVR is modelled on VXLAN tenant networks only`,
        );
    }
  }
}

export function checkL3(t: Topology, errors: ErrorList): void {
  checkOptions(t, errors);
  t.routers.forEach((r, i) => {
    checkRouter(t, r, i, errors);
  });
}
