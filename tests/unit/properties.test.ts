// Properties of send() on random valid clouds from the generator: every send ends with a verdict
// within the hop budget and a well-formed trace, the same input always gives the same trace, and a
// cloud where nothing is broken delivers what Neutron would deliver.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Dataplane,
  DEFAULT_HOP_BUDGET,
  loadTopology,
  newSimState,
  realize,
  type SendRequest,
  send,
  type Topology,
  type Trace,
} from '../../src/sim';
import { type CloudLayout, type CloudParams, generateCloud, layoutOf } from '../../src/sim/model/generate';

/** The generator's parameters, and the firewall driver the cloud is built with (both must hold). */
type Params = CloudParams & { firewall?: 'iptables_hybrid' | 'openvswitch' };

interface Cloud {
  params: Params;
  topology: Topology;
  plane: Dataplane;
  layout: CloudLayout;
}

function build(params: Params): Cloud {
  const input = generateCloud(params);
  if (params.firewall) input.options = { ...input.options, firewall_driver: params.firewall };
  const r = loadTopology(input);
  if (!r.ok) throw new Error(`${JSON.stringify(params)}: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return { params, topology: r.topology, plane: realize(r.topology), layout: layoutOf(input) };
}

/** Small clouds, so that a hundred of them run in a few seconds. */
const cloudParams = (over: Partial<Record<keyof CloudParams, fc.Arbitrary<unknown>>> = {}) =>
  fc
    .record({
      seed: fc.nat(),
      computeHosts: fc.integer({ min: 1, max: 4 }),
      networkHosts: fc.integer({ min: 1, max: 2 }),
      networks: fc.integer({ min: 1, max: 4 }),
      vms: fc.integer({ min: 2, max: 10 }),
      routers: fc.integer({ min: 0, max: 2 }),
      external: fc.boolean(),
      floatingIps: fc.integer({ min: 0, max: 4 }),
      l2population: fc.boolean(),
      arpResponder: fc.boolean(),
      firewall: fc.constantFrom('iptables_hybrid' as const, 'openvswitch' as const),
      ...over,
    })
    .map((p) => p as Params);

const proto = fc.constantFrom('icmp' as const, 'tcp' as const, 'udp' as const);

/** A cloud and a few sends between its servers and, when it has an external network, the internet. */
const cloudAndSends = cloudParams().chain((params) => {
  const names = [...Array(params.vms).keys()].map((i) => `vm${i + 1}`);
  if (params.external) names.push('internet');
  const endpoint = fc.constantFrom(...names);
  const req = fc.record({ from: endpoint, to: endpoint, proto });
  return fc.tuple(fc.constant(params), fc.array(req, { minLength: 1, maxLength: 4 }));
});

function run(c: Cloud, reqs: readonly SendRequest[]): Trace[] {
  const state = newSimState();
  return reqs.map((req) => {
    const r = send(c.topology, c.plane, state, req);
    if (!r.ok) throw new Error(`${req.from} -> ${req.to}: ${r.error}`);
    return r.trace;
  });
}

function wellFormed(t: Trace): void {
  expect(['delivered', 'dropped', 'loop']).toContain(t.verdict);
  expect(t.hops.length).toBeLessThanOrEqual(DEFAULT_HOP_BUDGET);
  expect(t.hops.map((h) => h.seq)).toEqual(t.hops.map((_, i) => i + 1));
  const ids = new Set(t.packets.map((p) => p.id));
  expect(ids.size).toBe(t.packets.length);
  for (const h of t.hops) expect(ids).toContain(h.packet);
  expect(t.stats.hops).toBe(t.hops.length);
  if (t.verdict !== 'delivered') expect(t.reason).toBeTruthy();
}

describe('every send on a random cloud', () => {
  it('ends with a verdict within the hop budget, each hop in order and of a listed packet', () => {
    fc.assert(
      fc.property(cloudAndSends, ([params, reqs]) => {
        for (const t of run(build(params), reqs)) wellFormed(t);
      }),
      { numRuns: 60 },
    );
  });

  it('gives byte-identical traces for the same topology, seed and sequence of sends', () => {
    fc.assert(
      fc.property(cloudAndSends, ([params, reqs]) => {
        const first = JSON.stringify(run(build(params), reqs));
        expect(JSON.stringify(run(build(params), reqs))).toBe(first);
      }),
      { numRuns: 25 },
    );
  });
});

/** Two VMs of the layout that satisfy `ok`, chosen by the index `pick`. */
function pairWhere(
  layout: CloudLayout,
  pick: number,
  ok: (
    a: { network: string; router: string | null },
    b: { network: string; router: string | null },
  ) => boolean,
): [string, string] | null {
  const vms = [...layout.vms.entries()];
  const pairs: [string, string][] = [];
  for (const [a, la] of vms) for (const [b, lb] of vms) if (a !== b && ok(la, lb)) pairs.push([a, b]);
  return pairs.length ? pairs[pick % pairs.length]! : null;
}

describe('a cloud where nothing is broken', () => {
  const withPick = cloudParams({ routers: fc.integer({ min: 1, max: 2 }) }).chain((p) =>
    fc.tuple(fc.constant(p), fc.nat(), proto),
  );

  it('delivers between two VMs on the same network', () => {
    fc.assert(
      fc.property(withPick, ([params, pick, p]) => {
        const c = build(params);
        const pair = pairWhere(c.layout, pick, (a, b) => a.network === b.network);
        fc.pre(pair !== null);
        // ICMP is admitted from anywhere; TCP 22 (the port every VM listens on) from the project's
        // default group: both are answered. UDP to a closed port is refused by the VM itself.
        const [trace] = run(c, [{ from: pair![0], to: pair![1], proto: p, port: p === 'udp' ? 53 : 22 }]);
        expect(trace!.verdict, trace!.reason ?? '').toBe('delivered');
        expect(trace!.probes[0]!.outcome).toBe({ icmp: 'reply', tcp: 'established', udp: 'refused' }[p]);
      }),
      { numRuns: 40 },
    );
  });

  it('delivers a ping between VMs on different networks of the same router', () => {
    fc.assert(
      fc.property(withPick, ([params, pick]) => {
        const c = build(params);
        const pair = pairWhere(
          c.layout,
          pick,
          (a, b) => a.router !== null && a.router === b.router && a.network !== b.network,
        );
        fc.pre(pair !== null);
        const [trace] = run(c, [{ from: pair![0], to: pair![1] }]);
        expect(trace!.verdict, trace!.reason ?? '').toBe('delivered');
        // routed once, in the qrouter namespace: the echo arrives with TTL 63
        const request = trace!.hops.filter((h) => h.packet === trace!.probes[0]!.request);
        expect(request.at(-1)!.frame.ip!.ttl).toBe(63);
      }),
      { numRuns: 40 },
    );
  });

  it('delivers a ping from a VM to the internet when its network has a router with a gateway', () => {
    const external = cloudParams({ routers: fc.integer({ min: 1, max: 2 }), external: fc.constant(true) });
    fc.assert(
      fc.property(external, fc.nat(), (params, pick) => {
        const c = build(params);
        const vms = [...c.layout.vms.entries()].filter(
          ([, v]) => v.router && c.layout.gateways.has(v.router),
        );
        fc.pre(vms.length > 0);
        const [vm] = vms[pick % vms.length]!;
        const [trace] = run(c, [{ from: vm, to: 'internet' }]);
        expect(trace!.verdict, trace!.reason ?? '').toBe('delivered');
        // and back in through the floating IP, when the VM has one
        if (c.layout.floating.has(vm)) {
          const [back] = run(c, [{ from: 'internet', to: vm }]);
          expect(back!.verdict, back!.reason ?? '').toBe('delivered');
        }
      }),
      { numRuns: 40 },
    );
  });
});
