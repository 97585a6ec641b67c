// realize(): from the Topology to the Dataplane, agent by agent, as a deployment would build it.
import type { Topology } from '../model/types';
import { realizeBackend } from './backend';
import { PlaneBuilder } from './builder';
import type { Dataplane } from './dataplane';
import { realizeProviderNetworks, realizeUnderlay } from './outside';
import { lookupOf } from './plan';

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
  realizeBackend(b, topology, lk);
  realizeUnderlay(b);
  realizeProviderNetworks(b);
  return b.build();
}
