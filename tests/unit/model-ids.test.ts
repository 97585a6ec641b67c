// The ids and MACs the core makes look like Neutron's: every UUID its own uuid4 (fresh random bytes,
// version and variant bits set), no two resources sharing one, none a shifted copy of another's hex;
// every port MAC fa:16:3e plus three bytes of its own. A cloud is normalized again after each edit, so
// all of it must hold over a cloud loaded, changed and loaded again, as the editor does.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadTopology, type Topology } from '../../src/sim';
import { seededBytes, uuid4From } from '../../src/sim/addr/random';
import { type CloudParams, generateCloud } from '../../src/sim/model/generate';
import {
  addHost,
  addNetwork,
  addProject,
  addRouter,
  addServer,
  attachRouter,
  setGateway,
} from '../../src/store/edit-ops';

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PORT_MAC = /^fa:16:3e(:[0-9a-f]{2}){3}$/;

/** Every resource id of a cloud, with what it is. */
function idsOf(t: Topology): { what: string; id: string }[] {
  const of = (kind: string, xs: { id: string; name?: string }[]) =>
    xs.map((x) => ({ what: `${kind} ${x.name ?? ''}`.trim(), id: x.id }));
  return [
    ...of('project', t.projects),
    ...of('network', t.networks),
    ...of('subnet', t.subnets),
    ...of('router', t.routers),
    ...of(
      'port',
      t.ports.map((p) => ({ id: p.id, name: p.name || p.device_owner })),
    ),
    ...of('server', t.servers),
    ...of('floating IP', t.floatingips),
    ...of('security group', t.security_groups),
    ...t.security_groups.flatMap((g) => of(`rule of ${g.name}`, g.rules)),
  ];
}

function macsOf(t: Topology): { what: string; mac: string }[] {
  return [
    ...t.ports.map((p) => ({ what: `port ${p.id}`, mac: p.mac_address })),
    ...t.outside.flatMap((o) => [
      { what: 'upstream gateway', mac: o.gateway.mac },
      { what: 'internet gateway', mac: o.internet.mac },
      ...o.hosts.map((h) => ({ what: `outside host ${h.name}`, mac: h.mac })),
    ]),
  ];
}

/** Pairs of ids that share a run of `run` hex digits anywhere (a copy, whole or shifted). */
function sharedRuns(ids: { what: string; id: string }[], run: number): string[] {
  const seen = new Map<string, string>();
  const found: string[] = [];
  for (const { what, id } of ids) {
    const hex = id.replaceAll('-', '');
    const mine = new Set<string>();
    for (let i = 0; i + run <= hex.length; i++) mine.add(hex.slice(i, i + run));
    for (const g of mine) {
      const other = seen.get(g);
      if (other !== undefined && other !== what) found.push(`${what} and ${other} share ${g}`);
      else seen.set(g, what);
    }
  }
  return found;
}

/** The values held by more than one thing, with those things. */
function repeated<T>(xs: T[], key: (x: T) => string): T[][] {
  const by = new Map<string, T[]>();
  for (const x of xs) by.set(key(x), [...(by.get(key(x)) ?? []), x]);
  return [...by.values()].filter((g) => g.length > 1);
}

/** What must hold of every cloud: checked on the first load and after each change. */
function expectNeutronLike(t: Topology): void {
  const ids = idsOf(t);
  expect(ids.filter((x) => !UUID4.test(x.id))).toEqual([]);
  expect(repeated(ids, (x) => x.id)).toEqual([]);
  // 12 hex digits are 48 random bits: two honest uuid4s share such a run about once in 10^12 pairs
  expect(sharedRuns(ids, 12)).toEqual([]);
  const macs = macsOf(t);
  expect(t.ports.map((p) => p.mac_address).filter((m) => !PORT_MAC.test(m))).toEqual([]);
  expect(repeated(macs, (x) => x.mac)).toEqual([]);
}

function load(input: unknown): Topology {
  const r = loadTopology(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  return r.topology;
}

/**
 * The normalized cloud, saved and given new resources without ids or MACs, as an edit does: a project
 * (with its default group and rules), a router with a gateway, a VM with a port.
 */
function grown(t: Topology, round = 1): unknown {
  const later = `later${round}`;
  const saved = structuredClone(t) as unknown as {
    projects: unknown[];
    routers: unknown[];
    servers: unknown[];
    ports: unknown[];
  };
  saved.projects.push({ name: later });
  const ext = t.networks.find((n) => n['router:external']);
  if (ext)
    saved.routers.push({
      name: `${later}-router`,
      project_id: later,
      external_gateway_info: { network_id: ext.id },
    });
  const net = t.networks.find((n) => !n['router:external']);
  const compute = t.hosts.find((h) => h.role === 'compute');
  if (net && compute) {
    saved.servers.push({ name: `${later}-vm`, project_id: net.project_id, host: compute.name });
    saved.ports.push({ network_id: net.id, device_id: `${later}-vm` });
  }
  return saved;
}

const params: fc.Arbitrary<CloudParams> = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  computeHosts: fc.integer({ min: 1, max: 3 }),
  networkHosts: fc.integer({ min: 0, max: 2 }),
  networks: fc.integer({ min: 1, max: 4 }),
  vms: fc.integer({ min: 0, max: 12 }),
  routers: fc.integer({ min: 0, max: 3 }),
  external: fc.boolean(),
  projects: fc.integer({ min: 1, max: 3 }),
});

describe('generated ids and MACs on random clouds', () => {
  it('are uuid4s and fa:16:3e MACs, unique across all resources, no id a shifted copy of another', () => {
    fc.assert(
      fc.property(params, (p) => {
        const first = load(generateCloud(p));
        expectNeutronLike(first);
        const second = load(grown(first));
        expectNeutronLike(second);
        // what the first load made is kept, and what the second made is new
        const before = new Set(idsOf(first).map((x) => x.id));
        expect(idsOf(second).filter((x) => before.has(x.id))).toHaveLength(before.size);
        expectNeutronLike(load(grown(second, 2)));
      }),
      { numRuns: 60 },
    );
  });

  it('are the same for the same file and seed, and others for another seed', () => {
    fc.assert(
      fc.property(params, (p) => {
        const a = load(generateCloud(p));
        const b = load(generateCloud(p));
        expect(idsOf(b)).toEqual(idsOf(a));
        expect(macsOf(b)).toEqual(macsOf(a));
        expect(idsOf(load(grown(b)))).toEqual(idsOf(load(grown(a))));
        const other = load({ ...generateCloud(p), seed: (p.seed + 1) % 2 ** 32 });
        const mine = new Set(idsOf(a).map((x) => x.id));
        expect(idsOf(other).filter((x) => mine.has(x.id))).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});

describe('a cloud built from empty in the editor, loaded after every step', () => {
  // The editor's own ids are crypto.randomUUID; here a fixed list, so that the cloud is the same each run.
  afterEach(() => vi.restoreAllMocks());
  const editorIds = () => {
    const src = seededBytes(99);
    vi.spyOn(globalThis.crypto, 'randomUUID').mockImplementation(
      () => uuid4From(src) as `${string}-${string}-${string}-${string}-${string}`,
    );
  };

  function build(): Topology[] {
    editorIds();
    const steps: Topology[] = [];
    let t = load({ format: 'neutron-explorer/topology', version: 1, name: 'Empty cloud', hosts: [] });
    const step = (edit: (draft: Topology) => void) => {
      const draft = structuredClone(t);
      edit(draft);
      t = load(draft);
      steps.push(t);
    };
    let project = '';
    let ext = '';
    let net1 = '';
    let net2 = '';
    let router = '';
    step((d) => {
      addHost(d, 'compute');
      addHost(d, 'compute');
      addHost(d, 'network');
    });
    step((d) => {
      project = addProject(d);
    });
    step((d) => {
      ext = addNetwork(d, project, true);
    });
    step((d) => {
      net1 = addNetwork(d, project, false);
    });
    step((d) => {
      router = addRouter(d, project);
    });
    step((d) => setGateway(d, router, ext));
    step((d) => attachRouter(d, router, net1));
    step((d) => {
      net2 = addNetwork(d, project, false);
    });
    step((d) => attachRouter(d, router, net2));
    step((d) => addServer(d, project, 'compute1', net1));
    step((d) => addServer(d, project, 'compute2', net2));
    return steps;
  }

  it('never gives two resources one id, nor an id or MAC cut from another', () => {
    const steps = build();
    for (const t of steps) expectNeutronLike(t);
    const last = steps.at(-1)!;
    const gateway = last.ports.find((p) => p.device_owner === 'network:router_gateway')!;
    const group = last.security_groups.find((g) => g.name === 'default')!;
    expect([group.id, ...group.rules.map((r) => r.id)]).not.toContain(gateway.id);
    // A MAC's three bytes are its own: they appear in no id, at any byte of it. (For honest random
    // bytes the chance that any of this cloud's 10 MACs sits in one of its 30 ids is about 1 in 10^4,
    // and this cloud is always the same.)
    const hex = idsOf(last).map((x) => x.id.replaceAll('-', ''));
    for (const { mac } of macsOf(last)) {
      const tail = mac.slice(9).replaceAll(':', '');
      expect(
        hex.filter((h) =>
          [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26].some((i) => h.startsWith(tail, i)),
        ),
      ).toEqual([]);
    }
    // and no two ids share even 8 hex digits (a chance of about 1 in 10^5 for this cloud)
    expect(sharedRuns(idsOf(last), 8)).toEqual([]);
  });
});

describe('a router gateway added beside floating IPs', () => {
  // A floating IP holds its address as a port does: a gateway Neutron picks an address for never gets
  // it. Found by the property above (seed 2379833935): the new router's gateway took 172.24.4.219, and
  // the cloud's floating IP at that address was refused as "already in use".
  it('never takes the address of a floating IP, on the cloud where it once did and on random ones', () => {
    const found: CloudParams = {
      seed: 2379833935,
      computeHosts: 1,
      networkHosts: 0,
      networks: 3,
      vms: 10,
      routers: 1,
      external: true,
      projects: 1,
    };
    const check = (p: CloudParams) => {
      const first = load(generateCloud(p));
      let t = first;
      for (let round = 1; round <= 6; round++) {
        t = load(grown(t, round));
        const fips = new Set(t.floatingips.map((f) => f.floating_ip_address));
        for (const port of t.ports)
          if (port.device_owner === 'network:router_gateway')
            for (const f of port.fixed_ips) expect(fips.has(f.ip_address), f.ip_address).toBe(false);
      }
    };
    check(found);
    fc.assert(
      fc.property(params, (p) => check({ ...p, external: true, vms: Math.max(p.vms, 4) })),
      {
        numRuns: 40,
      },
    );
  }, 30_000);
});
