// Search over a cloud (src/logic/search.ts): a VM by its name, an IP or MAC of its port, a floating
// IP, a port id; a device by its Neutron name; a router's namespace by the router's name; a host;
// exact matches first. On the demo cloud and a generated one, the expected answers read from the
// Topology itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchFind, searchIndex } from '../../src/logic/search';
import { loadTopology, planeView, realize, type Topology } from '../../src/sim';
import { generateCloud } from '../../src/sim/model/generate';
import { loadExample } from './helpers';

const demo = loadExample('two-networks-one-router');
const demoIndex = searchIndex(demo, planeView(demo, realize(demo)));
const first = (q: string) => searchFind(demoIndex, q)[0]?.entry;
const server = (t: Topology, name: string) => t.servers.find((s) => s.name === name)!;
const portOf = (t: Topology, name: string) => t.ports.find((p) => p.device_id === server(t, name).id)!;

describe('search', () => {
  it('finds a VM by its name, its server id, its IP, its MAC (any case) and its port id', () => {
    const vm1 = server(demo, 'vm1');
    const port = portOf(demo, 'vm1');
    for (const q of ['vm1', vm1.id, port.fixed_ips[0]!.ip_address, port.mac_address.toUpperCase(), port.id])
      expect(first(q)?.select, q).toEqual({ kind: 'server', id: vm1.id });
    expect(first('vm1')?.device?.host).toBe(vm1.host);
  });

  it('finds a VM by its floating IP', () => {
    const fip = demo.floatingips.find((f) => f.port_id)!;
    const owner = demo.ports.find((p) => p.id === fip.port_id)!.device_id;
    expect(first(fip.floating_ip_address)?.select).toEqual({ kind: 'server', id: owner });
  });

  it('finds the devices of a VM’s plumbing by their Neutron names (tap, qvo: the port id’s first 11 characters)', () => {
    const port = portOf(demo, 'vm2');
    for (const prefix of ['tap', 'qbr', 'qvb', 'qvo']) {
      const e = first(`${prefix}${port.id.slice(0, 11)}`);
      expect(e?.select.kind).toBe('device');
      expect(e?.device?.name).toBe(`${prefix}${port.id.slice(0, 11)}`);
      expect(e?.device?.host).toBe(server(demo, 'vm2').host);
    }
  });

  it('finds a router’s namespace by the router’s name, and its qr- port by the interface’s IP', () => {
    const r = demo.routers[0]!;
    const e = first(r.name);
    expect(e?.device?.name).toBe(`qrouter-${r.id}`);
    const iface = demo.ports.find(
      (p) => p.device_id === r.id && p.device_owner === 'network:router_interface',
    )!;
    const hit = first(iface.fixed_ips[0]!.ip_address);
    expect(hit?.device?.name).toBe(`qr-${iface.id.slice(0, 11)}`);
  });

  it('finds a host by its name and its tunnel IP', () => {
    const h = demo.hosts[1]!;
    expect(first(h.name)?.select).toEqual({ kind: 'host', id: h.name });
    expect(first(h.tunnel_ip)?.select).toEqual({ kind: 'host', id: h.name });
  });

  it('puts an exact match before longer names that start with it, and finds nothing for one letter or a stranger', () => {
    const t = (() => {
      const r = loadTopology(
        generateCloud({ seed: 4, computeHosts: 3, networkHosts: 1, vms: 30, networks: 3, routers: 1 }),
      );
      if (!r.ok) throw new Error('no cloud');
      return r.topology;
    })();
    const idx = searchIndex(t, planeView(t, realize(t)));
    const hits = searchFind(idx, 'vm1');
    expect(hits[0]?.entry.label).toBe('vm1');
    expect(hits.slice(1).every((h) => h.entry.label.startsWith('vm1'))).toBe(true);
    expect(hits.length).toBeGreaterThan(1);
    expect(searchFind(idx, 'v')).toEqual([]);
    expect(searchFind(idx, 'no-such-thing')).toEqual([]);
  });

  it('finds every VM of a cloud by each of its IPs and MACs, as the first hit', () => {
    const t = (() => {
      const r = loadTopology(
        generateCloud({ seed: 9, computeHosts: 4, networkHosts: 1, vms: 40, networks: 4, routers: 2 }),
      );
      if (!r.ok) throw new Error('no cloud');
      return r.topology;
    })();
    const idx = searchIndex(t, planeView(t, realize(t)));
    fc.assert(
      fc.property(fc.constantFrom(...t.servers), fc.boolean(), (s, byMac) => {
        const port = t.ports.find((p) => p.device_id === s.id)!;
        const q = byMac ? port.mac_address : port.fixed_ips[0]!.ip_address;
        expect(searchFind(idx, q)[0]?.entry.select).toEqual({ kind: 'server', id: s.id });
      }),
    );
  });
});
