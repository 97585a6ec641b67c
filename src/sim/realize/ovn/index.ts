// ML2/OVN: the Neutron OVN driver writes the Northbound database, ovn-northd derives the Southbound
// one, and ovn-controller builds each chassis from it (neutron-facts-beyond §3).
import type { PlaneBuilder } from '../builder';
import type { Lookup } from '../plan';
import { realizeChassis } from './chassis';
import { northbound } from './nb';
import { southbound } from './sb';

export function realizeOvn(b: PlaneBuilder, lk: Lookup): void {
  const db = southbound(b.topo, northbound(b.topo, lk));
  b.ovn = db;
  realizeChassis(b, lk, db);
}
