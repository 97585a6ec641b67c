// Stable local VLANs (issue #13, neutron-facts §3): a network keeps its local VLAN on a host for as long
// as it has a port there, across edits; a tag freed when a network's last port leaves goes to the next
// network that needs one. A model-based property over random edits on the real Session.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Dataplane, Session, type Topology } from '../../src/sim';
import { generateCloud } from '../../src/sim/model/generate';

/** host -> network -> tag */
function vlansOf(s: Session): Map<string, Map<string, number>> {
  const plane = (s.current() as { plane: Dataplane }).plane;
  return new Map([...plane.hosts].map(([h, hp]) => [h, new Map(hp.localVlans)]));
}

/** host -> networks that have an up port there */
function portsOf(t: Topology): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of t.ports) {
    const h = p['binding:host_id'];
    if (!h || !p.admin_state_up) continue;
    out.set(h, (out.get(h) ?? new Set()).add(p.network_id));
  }
  return out;
}

type Edit = { kind: 'remove'; pick: number } | { kind: 'add'; host: number; net: number };

function apply(t: Topology, e: Edit, n: number): Topology {
  const next = structuredClone(t);
  if (e.kind === 'remove') {
    if (!next.servers.length) return next;
    const s = next.servers[e.pick % next.servers.length]!;
    next.servers = next.servers.filter((x) => x.id !== s.id);
    next.ports = next.ports.filter((p) => p.device_id !== s.id);
  } else {
    const computes = next.hosts.filter((h) => h.role === 'compute');
    const nets = next.networks.filter((x) => !x['router:external']);
    if (!computes.length || !nets.length) return next;
    const host = computes[e.host % computes.length]!;
    const net = nets[e.net % nets.length]!;
    const id = `edit-vm-${n}`;
    (next.servers as unknown[]).push({ name: id, project_id: net.project_id, host: host.name });
    (next.ports as unknown[]).push({ name: `${id}-port`, network_id: net.id, device_id: id });
  }
  return next;
}

describe('local VLANs across edits', () => {
  it('a network that keeps a port on a host keeps its tag there; tags stay unique per host', {
    timeout: 30_000,
  }, () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
            fc.record({ kind: fc.constant('add' as const), host: fc.nat(), net: fc.nat() }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        (seed, edits) => {
          const s = new Session();
          const first = s.load(
            generateCloud({ seed, computeHosts: 3, networkHosts: 1, vms: 8, networks: 4, routers: 1 }),
          );
          if (!first.ok) throw new Error('generated cloud');
          let t = first.topology;
          let before = vlansOf(s);
          edits.forEach((e, i) => {
            const r = s.load(apply(t, e, i));
            if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 2)));
            const after = vlansOf(s);
            const kept = portsOf(t);
            const now = portsOf(r.topology);
            for (const [host, nets] of now)
              for (const net of nets) {
                const tag = after.get(host)?.get(net);
                expect(tag, `${host} ${net}`).toBeDefined();
                if (kept.get(host)?.has(net))
                  expect(tag, `${host} ${net} after ${e.kind}`).toBe(before.get(host)?.get(net));
              }
            for (const tags of after.values()) expect(new Set(tags.values()).size).toBe(tags.size);
            t = r.topology;
            before = after;
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('detaching a router interface leaves the other networks their tags on the network host', () => {
    const s = new Session();
    const r = s.load(
      generateCloud({ seed: 7, computeHosts: 1, networkHosts: 1, vms: 2, networks: 2, routers: 1 }),
    );
    if (!r.ok) throw new Error('cloud');
    const before = vlansOf(s).get('network1')!;
    const t = structuredClone(r.topology);
    const iface = t.ports.find((p) => p.device_owner === 'network:router_interface')!;
    t.ports = t.ports.filter((p) => p.id !== iface.id);
    const again = s.load(t);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    const after = vlansOf(s).get('network1')!;
    for (const [net, tag] of after) if (before.has(net)) expect(tag).toBe(before.get(net));
    // a fresh session numbers them from 1 again, as a host that starts over does
    const fresh = new Session();
    fresh.load(t);
    expect([...vlansOf(fresh).get('network1')!.values()].sort()).toEqual(
      Array.from({ length: after.size }, (_, i) => i + 1),
    );
  });
});
