// Where the logical view draws each hop: a packet's hops, with repeats folded, read as the path a
// student expects from the API's picture (server, network, router, network, server), and every hop of
// every send on every example lands on a node the logical view really draws.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logicalPlaces } from '../../src/logic/send/logical-places';
import {
  loadTopologyText,
  newSimState,
  planeView,
  realize,
  type SendRequest,
  send,
  type Topology,
  type Trace,
} from '../../src/sim';
import { logicalGraph } from '../../src/ui/canvas/logical-graph';

function cloud(name: string) {
  const r = loadTopologyText(readFileSync(`examples/${name}.json`, 'utf8'));
  if (!r.ok) throw new Error(name);
  const plane = realize(r.topology);
  return { t: r.topology, plane, view: planeView(r.topology, plane) };
}

function traceOf(c: ReturnType<typeof cloud>, req: SendRequest): Trace {
  const s = send(c.t, c.plane, newSimState(), req);
  if (!s.ok) throw new Error(s.error);
  return s.trace;
}

/** The logical nodes on one packet's way to where it was delivered, in order, repeats folded: the
 * chain of hops that carried it there (a flood's other copies branch off it). */
function pathOf(c: ReturnType<typeof cloud>, trace: Trace, packet: string): string[] {
  const place = logicalPlaces(c.t, c.view);
  const bySeq = new Map(trace.hops.map((h) => [h.seq, h]));
  const end = [...trace.hops].reverse().find((h) => h.packet === packet && h.fate === 'deliver')!;
  const chain = [];
  for (
    let h: (typeof trace.hops)[number] | undefined = end;
    h;
    h = h.parent === null ? undefined : bySeq.get(h.parent)
  )
    chain.unshift(h);
  const out: string[] = [];
  for (const h of chain) {
    const p = place(h, (s) => bySeq.get(s));
    if (p !== null && out.at(-1) !== p) out.push(p);
  }
  return out;
}

const id = (t: Topology) => ({
  server: (name: string) => `server:${t.servers.find((s) => s.name === name)!.id}`,
  net: (name: string) => `net:${t.networks.find((n) => n.name === name)!.id}`,
  router: (name: string) => `router:${t.routers.find((r) => r.name === name)!.id}`,
});

describe('logical places', () => {
  it('the article ping: vm1, net1, router1, net2, vm2 and back', () => {
    const c = cloud('two-networks-one-router');
    const trace = traceOf(c, { from: 'vm1', to: 'vm2' });
    const { server, net, router } = id(c.t);
    const request = trace.packets.find((p) => p.kind === 'icmp' && /echo request/.test(p.label))!;
    const reply = trace.packets.find((p) => p.kind === 'icmp' && /echo reply/.test(p.label))!;
    const there = [server('vm1'), net('net1'), router('router1'), net('net2'), server('vm2')];
    expect(pathOf(c, trace, request.id)).toEqual(there);
    expect(pathOf(c, trace, reply.id)).toEqual([...there].reverse());
    // vm1's ARP for its gateway stays on net1 between vm1 and the router
    const arp = trace.packets.find((p) => p.kind === 'arp-request')!;
    expect(pathOf(c, trace, arp.id)).toEqual([server('vm1'), net('net1'), router('router1')]);
  });

  it('to the internet: through the router onto the external network, the upstream router, the host', () => {
    const c = cloud('two-networks-one-router');
    const trace = traceOf(c, { from: 'vm1', to: 'internet' });
    const { server, net, router } = id(c.t);
    const ext = c.t.networks.find((n) => n['router:external'])!;
    const request = trace.packets.find((p) => p.kind === 'icmp' && /echo request/.test(p.label))!;
    expect(pathOf(c, trace, request.id)).toEqual([
      server('vm1'),
      net('net1'),
      router('router1'),
      net(ext.name),
      `upstream:${ext.id}`,
      'outside:internet',
    ]);
  });

  it('from the internet to a floating IP: the reverse way in, through the router that holds it', () => {
    const c = cloud('two-projects-floating-ips');
    const target = c.t.servers.find((s) =>
      c.t.floatingips.some((f) => c.t.ports.some((p) => p.id === f.port_id && p.device_id === s.id)),
    )!;
    const trace = traceOf(c, { from: 'internet', to: target.name });
    expect(trace.verdict).toBe('delivered');
    const request = trace.packets.find((p) => p.kind === 'icmp' && /echo request/.test(p.label))!;
    const path = pathOf(c, trace, request.id);
    const port = c.t.ports.find((p) => p.device_id === target.id)!;
    const router = c.t.routers.find((r) =>
      c.t.ports.some(
        (p) =>
          p.device_id === r.id &&
          p.device_owner === 'network:router_interface' &&
          p.network_id === port.network_id,
      ),
    )!;
    expect(path[0]).toBe('outside:internet');
    expect(path.slice(-3)).toEqual([`router:${router.id}`, `net:${port.network_id}`, `server:${target.id}`]);
  });

  const examples = readdirSync('examples').map((f) => f.replace(/\.json$/, ''));
  it('every hop of any send on any example is at a node the logical view draws, or stays put', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('icmp', 'tcp', 'udp'),
        (name, a, b, proto) => {
          const c = cloud(name);
          const ends = [
            ...c.t.servers.map((s) => s.name),
            ...c.t.outside.flatMap((w) => w.hosts.map((h) => h.name)),
          ];
          const from = ends[a % ends.length]!;
          const to = ends[b % ends.length]!;
          if (from === to || !c.t.servers.some((s) => s.name === from || s.name === to)) return;
          const s = send(c.t, c.plane, newSimState(), { from, to, proto, port: 80 } as SendRequest);
          if (!s.ok) return;
          const drawn = new Set(logicalGraph(c.t, {}).nodes.map((n) => n.id));
          const place = logicalPlaces(c.t, c.view);
          const bySeq = new Map(s.trace.hops.map((h) => [h.seq, h]));
          for (const h of s.trace.hops) {
            const p = place(h, (q) => bySeq.get(q));
            if (p !== null)
              expect(drawn.has(p), `${name} ${from}->${to} #${h.seq} ${h.device}: ${p}`).toBe(true);
          }
          // the first hop of a send is at its source, a server or an outside host
          expect(place(s.trace.hops[0]!, (q) => bySeq.get(q))).not.toBeNull();
        },
      ),
      { numRuns: 40 },
    );
  });
});
