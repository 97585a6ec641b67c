// realize(): from the Topology to the Dataplane, agent by agent, as a deployment would build it.
import type { Topology } from '../model/types';
import { PlaneBuilder } from './builder';
import type { Dataplane } from './dataplane';
import { realizeDhcp } from './dhcp-agent';
import { realizeRouters } from './l3-agent';
import { realizeServers } from './nova-vif';
import { realizeProviderNetworks, realizeUnderlay } from './outside';
import { realizeOvs } from './ovs-agent';
import { lookupOf, plugPlan } from './plan';

export function realize(topology: Topology): Dataplane {
  const b = new PlaneBuilder(topology);
  const lk = lookupOf(topology);
  const plugs = plugPlan(topology, lk);
  realizeServers(b, lk, plugs);
  realizeRouters(b, lk, plugs);
  realizeDhcp(b, lk, plugs);
  realizeOvs(b, plugs);
  realizeUnderlay(b);
  realizeProviderNetworks(b);
  return b.build();
}
