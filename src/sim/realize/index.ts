// realize(): from the Topology to the Dataplane, agent by agent, as a deployment would build it.
import { isOvn, type Topology } from '../model/types';
import { PlaneBuilder } from './builder';
import type { Dataplane } from './dataplane';
import { realizeDhcp } from './dhcp-agent';
import { realizeRouters } from './l3-agent';
import { realizeServers } from './nova-vif';
import { realizeProviderNetworks, realizeUnderlay } from './outside';
import { realizeOvn } from './ovn';
import { realizeOvs } from './ovs-agent';
import { lookupOf, plugPlan } from './plan';

/**
 * What the agents build from a topology. `previous` is the plane it replaces after an edit: its local
 * VLANs are kept (the OVS agent's LocalVlanManager), so the same topology reached by other edits may
 * have other local VLANs, as on a real host.
 */
export function realize(topology: Topology, previous?: Dataplane): Dataplane {
  const b = new PlaneBuilder(
    topology,
    previous ? new Map([...previous.hosts].map(([h, hp]) => [h, hp.localVlans])) : undefined,
  );
  const lk = lookupOf(topology);
  if (isOvn(topology)) realizeOvn(b, lk);
  else {
    const plugs = plugPlan(topology, lk);
    realizeServers(b, lk, plugs);
    realizeRouters(b, lk, plugs);
    realizeDhcp(b, lk, plugs);
    realizeOvs(b, plugs);
  }
  realizeUnderlay(b);
  realizeProviderNetworks(b);
  return b.build();
}
