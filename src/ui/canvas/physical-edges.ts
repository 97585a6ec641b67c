// The physical view's edges: a link between two nodes once (a summary's own links join two of its
// devices and give none), and a tunnel along the way routed beneath the hosts (tunnel-routes.ts).
import type { LinkView, PlaneView, TunnelView } from '../../sim';
import type { OwnerLookup } from './host-drawings';
import type { GraphEdge } from './physical-graph';
import type { PlacedHost } from './physical-host';
import type { Pt, TunnelRoute } from './tunnel-routes';

/** A VXLAN tunnel's VNIs; a Geneve tunnel's tunnel keys (the VNI of a Geneve packet is its datapath's key). */
export const tunnelLabel = (t: TunnelView) =>
  t.encap === 'geneve'
    ? t.vnis.length
      ? `Geneve key ${t.vnis.join(', ')}`
      : 'Geneve'
    : t.vnis.length
      ? `VNI ${t.vnis.join(', ')}`
      : 'no VNI';

export function edgesOf(
  view: PlaneView,
  links: readonly LinkView[],
  owner: OwnerLookup,
  colorIndex: Map<string, number>,
  placedHosts: Map<string, PlacedHost>,
  routes: Map<string, TunnelRoute>,
): GraphEdge[] {
  const portEnds = new Map<string, Pt>();
  for (const p of placedHosts.values()) for (const [k, v] of p.portEnds) portEnds.set(k, v);
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const l of links) {
    const a = owner.get(l.a);
    const b = owner.get(l.b);
    if (!a || !b || a === b) continue;
    const id = `e:${[a, b].sort().join('--')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    // a patch port or NIC is drawn on its bridge: the link ends at it
    const aAt = a === l.a ? portEnds.get(`${l.a}#${l.aPort}`) : undefined;
    const bAt = b === l.b ? portEnds.get(`${l.b}#${l.bPort}`) : undefined;
    edges.push({
      id,
      source: a,
      target: b,
      type: 'net',
      data: {
        kind: l.kind,
        network: l.network ? (colorIndex.get(l.network) ?? null) : null,
        // a veth between two namespaces (a DVR router's rfp- and the fip namespace's fpr-) says so
        label:
          l.tag !== null ? `VLAN ${l.tag}` : l.kind === 'veth' && /^(rfp|fpr)-/.test(l.aPort) ? 'veth' : null,
        ...(l.tag !== null ? { labelNear: bridgeEnd(l, owner) } : {}),
        ...(aAt ? { sourceAt: aAt } : {}),
        ...(bAt ? { targetAt: bAt } : {}),
      },
    });
  }
  for (const t of view.tunnels) edges.push(tunnelEdge(t, owner, colorIndex, routes.get(t.id)));
  return edges;
}

function bridgeEnd(l: LinkView, owner: OwnerLookup): string | undefined {
  const end = /\|br-/.test(l.a) ? l.a : /\|br-/.test(l.b) ? l.b : null;
  return end ? owner.get(end) : undefined;
}

function tunnelEdge(
  t: TunnelView,
  owner: OwnerLookup,
  colorIndex: Map<string, number>,
  route: TunnelRoute | undefined,
): GraphEdge {
  const single = t.networks.length === 1 ? (colorIndex.get(t.networks[0]!) ?? null) : null;
  return {
    id: t.id,
    source: owner.get(t.a) ?? t.a,
    target: owner.get(t.b) ?? t.b,
    type: 'net',
    data: {
      kind: 'tunnel',
      network: single,
      label: tunnelLabel(t),
      vnis: t.vnis,
      ...(route ? { route } : {}),
    },
  };
}
