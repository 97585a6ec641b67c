// The two firewall drivers enforce the same security groups: every example cloud, built with either,
// delivers and drops the same sends with the same outcome. Only where the packet goes differs: no
// qbr, qvb or qvo under the openvswitch driver, and its drops happen on br-int.

import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTopology, newSimState, realize, type SendRequest, send, type Trace } from '../../src/sim';
import { type CloudParams, generateCloud } from '../../src/sim/model/generate';
import { cloud, variant } from './helpers';

type Driver = 'iptables_hybrid' | 'openvswitch';
const built = (name: string, driver: Driver) =>
  cloud(
    variant(name, (i) => {
      i.options = { ...i.options, firewall_driver: driver };
    }),
  );

/** What a send came to, driver aside. */
const outcome = (t: Trace) => `${t.verdict}: ${t.probes.map((p) => p.outcome).join(',')}`;

describe('each example under both drivers', () => {
  for (const f of readdirSync('examples').filter((x) => x.endsWith('.json'))) {
    const name = f.replace(/\.json$/, '');
    it(`${name}: the same sends get through, the same are dropped`, () => {
      const clouds = { hybrid: built(name, 'iptables_hybrid'), ovs: built(name, 'openvswitch') };
      const t = clouds.hybrid.topology;
      const ends = [...t.servers.map((s) => s.name), ...t.outside.flatMap((w) => w.hosts.map((h) => h.name))];
      const reqs: SendRequest[] = [];
      for (const a of ends)
        for (const b of ends) {
          if (a === b) continue;
          reqs.push({ from: a, to: b }, { from: a, to: b, proto: 'tcp', port: 22 });
          reqs.push({ from: a, to: b, proto: 'tcp', port: 80 }, { from: a, to: b, proto: 'udp', port: 53 });
        }
      for (const s of t.servers) reqs.push({ from: s.name, to: '', proto: 'dhcp' });
      let delivered = 0;
      let dropped = 0;
      for (const req of reqs) {
        const h = clouds.hybrid.send(req);
        const o = clouds.ovs.send(req);
        const what = `${req.from} -> ${req.to} ${req.proto ?? 'icmp'} ${req.port ?? ''}`;
        expect(outcome(o), `${what}: ${o.reason} / hybrid: ${h.reason}`).toBe(outcome(h));
        expect(
          o.hops.some((x) => /^(qbr|qvb|qvo)/.test(x.device)),
          what,
        ).toBe(false);
        // a security group drop happens on br-int and names the firewall's table
        if (h.dropped?.device.startsWith('qbr')) {
          expect(o.dropped?.device, what).toBe('br-int');
          expect(o.reason, what).toMatch(/security group: .*table (71|72|73|81|82) \(\w+_TABLE\)/);
        }
        if (o.verdict === 'delivered') delivered++;
        else dropped++;
      }
      expect(delivered).toBeGreaterThan(0);
      expect(dropped + delivered).toBe(reqs.length);
    });
  }
});

describe('ports the firewall treats apart, under both drivers', () => {
  type Input = {
    ports: {
      name: string;
      admin_state_up?: boolean;
      port_security_enabled?: boolean;
      security_groups?: string[];
    }[];
  };
  const CASES: [string, (i: Input) => void][] = [
    [
      'vm1 without port security',
      (i) => {
        const p = i.ports.find((x) => x.name === 'vm1-port')!;
        p.port_security_enabled = false;
        p.security_groups = [];
      },
    ],
    [
      'vm2 set down',
      (i) => {
        i.ports.find((x) => x.name === 'vm2-port')!.admin_state_up = false;
      },
    ],
  ];
  for (const [what, change] of CASES)
    it(`${what}: the same outcomes`, () => {
      const clouds = (['iptables_hybrid', 'openvswitch'] as const).map((driver) =>
        cloud(
          variant('two-networks-one-router', (i) => {
            change(i);
            i.options = { firewall_driver: driver };
          }),
        ),
      );
      for (const req of [
        { from: 'internet', to: 'vm1', proto: 'tcp' as const, port: 80 },
        { from: 'internet', to: 'vm1', proto: 'tcp' as const, port: 22 },
        { from: 'vm1', to: 'vm2' },
        { from: 'vm2', to: 'vm1', proto: 'udp' as const, port: 53 },
      ]) {
        const [h, o] = clouds.map((c) => c.send(req));
        expect(outcome(o!), `${req.from} -> ${req.to}: ${o!.reason} / ${h!.reason}`).toBe(outcome(h!));
      }
    });
});

describe('random clouds under both drivers', () => {
  it('give each send the same outcome', () => {
    const params = fc.record({
      seed: fc.nat(),
      computeHosts: fc.integer({ min: 1, max: 3 }),
      networkHosts: fc.constant(1),
      networks: fc.integer({ min: 1, max: 3 }),
      vms: fc.integer({ min: 2, max: 6 }),
      routers: fc.integer({ min: 0, max: 2 }),
      external: fc.boolean(),
      floatingIps: fc.integer({ min: 0, max: 3 }),
    });
    const run = (p: CloudParams, driver: Driver, reqs: SendRequest[]) => {
      const input = generateCloud(p);
      input.options = { ...input.options, firewall_driver: driver };
      const r = loadTopology(input);
      if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 2)));
      const plane = realize(r.topology);
      const state = newSimState();
      return reqs.map((req) => {
        const s = send(r.topology, plane, state, req);
        if (!s.ok) throw new Error(s.error);
        return outcome(s.trace);
      });
    };
    fc.assert(
      fc.property(
        params.chain((p) => {
          const names = [...Array(p.vms).keys()].map((i) => `vm${i + 1}`);
          if (p.external) names.push('internet');
          const end = fc.constantFrom(...names);
          const req = fc.record({
            from: end,
            to: end,
            proto: fc.constantFrom('icmp' as const, 'tcp' as const, 'udp' as const),
            port: fc.constantFrom(22, 80),
          });
          return fc.tuple(fc.constant(p), fc.array(req, { minLength: 1, maxLength: 4 }));
        }),
        ([p, reqs]) => {
          expect(run(p, 'openvswitch', reqs)).toEqual(run(p, 'iptables_hybrid', reqs));
        },
      ),
      { numRuns: 40 },
    );
  });
});
