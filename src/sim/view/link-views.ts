// The links of the physical view: each wire between two device ports once, with its kind, the access
// VLAN of the OVS port at one end, and the network it carries. The underlay is drawn as tunnels.
import type { Dataplane, PortRef } from '../realize/dataplane';
import type { LinkKind, LinkView } from './plane-view';

export function linksOf(plane: Dataplane, portNet: Map<string, string>): LinkView[] {
  const links: LinkView[] = [];
  // a link is listed from both ends (builder.ts link): taken at the first, its other end noted (by
  // identity: no id string is made for an end already seen)
  const seen = new Set<PortRef>();
  for (const [a, ports] of plane.links)
    for (const [aPort, peer] of ports) {
      if (seen.has(peer)) continue;
      const back = plane.links.get(peer.device)?.get(peer.port);
      if (back?.device === a && back.port === aPort) seen.add(back);
      const x = `${a}#${aPort}`;
      const y = `${peer.device}#${peer.port}`;
      const id = x < y ? `${x}--${y}` : `${y}--${x}`;
      const da = plane.devices.get(a);
      const db = plane.devices.get(peer.device);
      if (!da || !db) continue;
      if (a === peer.device) continue; // OVN's logical patch ports: inside br-int, not a link to draw
      if (da.kind === 'underlay' || db.kind === 'underlay') continue; // drawn as tunnels
      const bridge =
        da.kind === 'ovs-bridge'
          ? { d: da, port: aPort }
          : db.kind === 'ovs-bridge'
            ? { d: db, port: peer.port }
            : null;
      const op = bridge && bridge.d.kind === 'ovs-bridge' ? bridge.d.ports.get(bridge.port) : undefined;
      const kind: LinkKind =
        da.kind === 'ovs-bridge' && db.kind === 'ovs-bridge'
          ? 'patch'
          : da.kind === 'vm' || db.kind === 'vm'
            ? 'vif'
            : da.kind === 'ovs-internal' || db.kind === 'ovs-internal'
              ? 'internal'
              : (da.kind === 'veth' && db.kind === 'veth') ||
                  (da.kind === 'namespace' && db.kind === 'namespace')
                ? 'veth'
                : da.kind === 'tap' || db.kind === 'tap'
                  ? 'tap'
                  : 'wire';
      const portId = op?.portId ?? ('portId' in da ? da.portId : null) ?? ('portId' in db ? db.portId : null);
      links.push({
        id,
        a,
        aPort,
        b: peer.device,
        bPort: peer.port,
        kind,
        tag: op?.tag ?? null,
        network: (op?.networkId as string | undefined) ?? (portId ? (portNet.get(portId) ?? null) : null),
      });
    }
  return links;
}
