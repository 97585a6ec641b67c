// The physical picture's ports and NICs: what `ovs-vsctl show` and `ip addr` name on each host of
// two-networks-one-router, as neutron-facts §1 (patch-tun/patch-int, int-<bridge>/phy-<bridge>), §2
// (the tunnels leave by the NIC holding local_ip) and §6 (a NIC plugged into the provider bridge) say.
import { describe, expect, it } from 'vitest';
import { planeView, realize } from '../../src/sim';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, loadExample, variant } from './helpers';

const t = loadExample('two-networks-one-router');
const view = planeView(t, realize(t));
const ports = (v: typeof view, id: string) => v.devices.find((d) => d.id === id)!.ports;
const host = (v: typeof view, name: string) => v.hosts.find((h) => h.name === name)!;

describe('bridge ports in the physical picture', () => {
  it('joins br-int and br-tun by patch-tun and patch-int on every host, each naming the other as peer', () => {
    for (const h of ['compute1', 'compute2', 'network1']) {
      expect(ports(view, `${h}|br-int`)).toContainEqual({
        name: 'patch-tun',
        kind: 'patch',
        peer: 'patch-int',
        peerDevice: `${h}|br-tun`,
      });
      // br-tun's other ports are its VXLAN ports, drawn as devices of their own
      expect(ports(view, `${h}|br-tun`)).toEqual([
        { name: 'patch-int', kind: 'patch', peer: 'patch-tun', peerDevice: `${h}|br-int` },
      ]);
    }
  });

  it('joins br-int and br-ex by int-br-ex and phy-br-ex where the provider bridge is, and plugs a NIC into br-ex', () => {
    expect(ports(view, 'network1|br-int')).toContainEqual({
      name: 'int-br-ex',
      kind: 'patch',
      peer: 'phy-br-ex',
      peerDevice: 'network1|br-ex',
    });
    const brEx = ports(view, 'network1|br-ex');
    expect(brEx).toContainEqual({
      name: 'phy-br-ex',
      kind: 'patch',
      peer: 'int-br-ex',
      peerDevice: 'network1|br-int',
    });
    const nic = brEx.find((p) => p.kind === 'nic');
    expect(nic?.name).toMatch(/^eth\d$/);
    // the NIC's other end is the provider network the mapping names (physnet "provider")
    expect(view.devices.find((d) => d.id === nic?.peerDevice)?.role).toBe('provider');
    // no provider network reaches the compute hosts: no provider bridge, no int-br-ex there
    expect(ports(view, 'compute1|br-int').map((p) => p.name)).toEqual(['patch-tun']);
    expect(view.devices.some((d) => d.id === 'compute1|br-ex')).toBe(false);
  });

  it('names int-<bridge> and phy-<bridge> after the bridge of the mapping (int-br-provider)', () => {
    const t2 = variant('two-networks-one-router', (x) => {
      x.options = { bridge_mappings: [{ physical_network: 'provider', bridge: 'br-provider' }] };
    });
    const v2 = planeView(t2, realize(t2));
    expect(ports(v2, 'network1|br-int').map((p) => p.name)).toContain('int-br-provider');
    expect(ports(v2, 'network1|br-provider').map((p) => [p.name, p.peer])).toContainEqual([
      'phy-br-provider',
      'int-br-provider',
    ]);
  });

  it('shows exactly the patch ports and provider NICs that `ovs-vsctl show` lists, under its names', () => {
    const c = cloud(t);
    for (const h of ['compute1', 'compute2', 'network1']) {
      const where: Where = { host: h, namespace: null };
      const show = runLine(
        { topology: c.topology, plane: c.plane, state: c.state },
        where,
        'ovs-vsctl show',
      ).stdout.split('\n');
      // the ports of each bridge block that are patches or, on a provider bridge, system NICs
      const listed: string[] = [];
      let bridge = '';
      for (const [i, line] of show.entries()) {
        const br = /^ {4}Bridge (\S+)$/.exec(line);
        if (br) bridge = br[1]!;
        const port = /^ {8}Port (\S+)$/.exec(line);
        if (!port) continue;
        const type = /^ {16}type: (\S+)$/.exec(show[i + 2] ?? '')?.[1] ?? 'system';
        const peer = /options: \{peer=(\S+)\}/.exec(show[i + 3] ?? '')?.[1] ?? null;
        if (type === 'patch') listed.push(`${bridge} ${port[1]} patch ${peer}`);
        // a system port on br-int is a qvo (a device of its own); on br-ex it is the host NIC
        if (type === 'system' && bridge === 'br-ex') listed.push(`${bridge} ${port[1]} nic null`);
      }
      const drawn = view.devices
        .filter((d) => d.host === h)
        .flatMap((d) => d.ports.map((p) => `${d.name} ${p.name} ${p.kind} ${p.peer}`));
      expect(drawn.sort(), h).toEqual(listed.sort());
      expect(drawn.length).toBeGreaterThan(0);
    }
  });
});

describe('host NICs in the physical picture', () => {
  it('gives every host its underlay NIC with the tunnel IP, named and addressed as `ip addr` shows it', () => {
    const c = cloud(t);
    for (const h of t.hosts) {
      const [underlay, ...rest] = host(view, h.name).nics;
      expect(underlay).toEqual({
        name: 'eth0',
        role: 'underlay',
        address: `${h.tunnel_ip}/24`,
        bridge: null,
      });
      const addr = runLine(
        { topology: c.topology, plane: c.plane, state: c.state },
        { host: h.name, namespace: null },
        `ip -4 addr show ${underlay!.name}`,
      ).stdout;
      expect(addr).toContain(`inet ${underlay!.address} `);
      expect(rest.every((n) => n.role === 'provider')).toBe(true);
    }
  });

  it('lists the provider NIC of network1 as a port of its br-ex, the same NIC br-ex shows', () => {
    const nics = host(view, 'network1').nics.filter((n) => n.role === 'provider');
    const onBridge = ports(view, 'network1|br-ex').filter((p) => p.kind === 'nic');
    expect(nics.map((n) => [n.name, n.bridge])).toEqual(onBridge.map((p) => [p.name, 'network1|br-ex']));
    expect(nics).toHaveLength(1);
    expect(host(view, 'compute1').nics.map((n) => n.name)).toEqual(['eth0']);
  });
});
