// What the L3 agents build for a distributed HA router (issue 14, point 5; neutron-facts-beyond §1 and
// §2; config-dvr-ha-snat: keepalived protects the snat- namespace on the dvr_snat nodes): the HA network
// with an ha- port per dvr_snat host, a snat namespace on each holding its ha-, sg- and qg- ports with
// the sg- and qg- addresses on the active one only, keepalived.conf whose VIPs are those addresses, the
// qrouter namespaces still on every host with their qr- addresses, and what the terminal shows of it.
import { describe, expect, it } from 'vitest';
import { ipToInt, planeView, runLine, type StackDevice, type Where } from '../../src/sim';
import { ipv6LinkLocal } from '../../src/sim/realize/keepalived';
import { cloud, loadExample, variant } from './helpers';

const t = loadExample('dvr-ha');
const c = cloud(t);
const router = t.routers[0]!;
const short = (id: string) => id.slice(0, 11);
const haPorts = t.ports.filter((p) => p.device_owner === 'network:router_ha_interface');
const [activePort, backupPort] = [...haPorts].sort(
  (a, b) => ipToInt(b.fixed_ips[0]!.ip_address) - ipToInt(a.fixed_ips[0]!.ip_address),
);
/** keepalived's pick among equal priorities: the highest address on the HA network (§2.4) */
const active = activePort!['binding:host_id']!;
const backup = backupPort!['binding:host_id']!;
const sgPorts = t.ports.filter((p) => p.device_owner === 'network:router_centralized_snat');
const gw = t.ports.find((p) => p.device_owner === 'network:router_gateway')!;
const qrPorts = t.ports.filter(
  (p) => p.device_id === router.id && p.device_owner === 'network:router_interface',
);
const snat = `snat-${router.id}`;
const qrouter = `qrouter-${router.id}`;
const ns = (host: string, name: string) => c.plane.devices.get(`${host}|${name}`) as StackDevice | undefined;
const addrs = (host: string, name: string, dev: string) =>
  [...(ns(host, name)?.stack.ifaces.get(dev)?.addrs ?? [])].map((a) => `${a.ip}/${a.prefix}`);
const sh = (line: string, host: string, cl = c) =>
  runLine(
    { topology: cl.topology, plane: cl.plane, state: cl.state },
    { host, namespace: null } as Where,
    line,
  );

describe('the model of a distributed HA router', () => {
  it('has the HA network of its project and one ha- port on each dvr_snat host', () => {
    const net = t.networks.find((n) => n.id === activePort!.network_id)!;
    expect(net.name).toMatch(/^HA network project /);
    expect(net.project_id).toBe('');
    expect(haPorts.map((p) => p['binding:host_id']).sort()).toEqual(['network1', 'network2']);
    for (const p of haPorts)
      expect(ipToInt(p.fixed_ips[0]!.ip_address) >>> 14).toBe(ipToInt('169.254.192.0') >>> 14);
  });

  it('binds its gateway and SNAT ports to the active host, its interfaces to no host (distributed)', () => {
    expect(sgPorts).toHaveLength(2);
    for (const p of [gw, ...sgPorts]) expect(p['binding:host_id']).toBe(active);
    for (const p of qrPorts) expect(p['binding:host_id']).toBeNull();
  });
});

describe('the snat namespaces', () => {
  it('exist on both network hosts, each with its own ha- port and the same sg- and qg- (name, MAC, up)', () => {
    for (const p of haPorts) {
      const host = p['binding:host_id']!;
      expect(addrs(host, snat, `ha-${short(p.id)}`)).toContain(`${p.fixed_ips[0]!.ip_address}/18`);
      for (const port of [...sgPorts, gw]) {
        const dev = `${port === gw ? 'qg-' : 'sg-'}${short(port.id)}`;
        expect(ns(host, snat)?.stack.ifaces.get(dev), `${host} ${dev}`).toMatchObject({
          mac: port.mac_address,
          up: true,
        });
      }
    }
  });

  it('give the sg- and qg- addresses, the primary VIP and the default route to the active one only', () => {
    const vip = `169.254.0.${router.ha_vr_id}/24`;
    for (const p of sgPorts) {
      const dev = `sg-${short(p.id)}`;
      expect(addrs(active, snat, dev)).toEqual([`${p.fixed_ips[0]!.ip_address}/24`]);
      expect(addrs(backup, snat, dev)).toEqual([]);
    }
    expect(addrs(active, snat, `qg-${short(gw.id)}`)).toEqual([`${gw.fixed_ips[0]!.ip_address}/24`]);
    expect(addrs(backup, snat, `qg-${short(gw.id)}`)).toEqual([]);
    expect(addrs(active, snat, `ha-${short(activePort!.id)}`)).toContain(vip);
    expect(addrs(backup, snat, `ha-${short(backupPort!.id)}`)).not.toContain(vip);
    const defaults = (host: string) => ns(host, snat)!.stack.routes.filter((r) => r.dst.prefix === 0);
    expect(defaults(active).map((r) => r.via)).toEqual(['172.24.4.1']);
    expect(defaults(backup)).toEqual([]);
  });

  it('keep the qrouter namespaces distributed: on every host, each with the qr- addresses', () => {
    for (const host of ['compute1', 'compute2', 'network1', 'network2'])
      for (const p of qrPorts)
        expect(addrs(host, qrouter, `qr-${short(p.id)}`), host).toEqual([`${p.fixed_ips[0]!.ip_address}/24`]);
    // and no snat namespace on a compute
    expect(ns('compute1', snat)).toBeUndefined();
  });

  it('show the physical view which snat namespace is active, and no HA state on the qrouter ones', () => {
    const view = planeView(t, c.plane);
    const state = (host: string, name: string) =>
      view.devices.find((d) => d.host === host && d.name === name)?.ha;
    expect(state(active, snat)).toBe('active');
    expect(state(backup, snat)).toBe('standby');
    expect(state(active, qrouter)).toBeNull();
    expect(state('compute1', qrouter)).toBeNull();
  });
});

describe('a distributed HA router without a gateway', () => {
  const bare = variant('dvr-ha', (i) => {
    delete i.routers[0].external_gateway_info;
    i.floatingips = [];
  });
  const cb = cloud(bare);
  const r = bare.routers[0]!;

  it('has no sg- or qg- port, and its ha- ports alone in a snat namespace on each dvr_snat host', () => {
    expect(bare.ports.filter((p) => p.device_owner === 'network:router_centralized_snat')).toEqual([]);
    for (const p of bare.ports.filter((x) => x.device_owner === 'network:router_ha_interface')) {
      const d = cb.plane.devices.get(`${p['binding:host_id']}|snat-${r.id}`) as StackDevice;
      expect([...d.stack.ifaces.keys()].filter((n) => n !== 'lo')).toEqual([`ha-${short(p.id)}`]);
    }
    const conf = sh(`cat /var/lib/neutron/ha_confs/${r.id}/keepalived.conf`, 'network1', cb).stdout;
    expect(conf).toContain(`virtual_router_id ${r.ha_vr_id}`);
    expect(conf).not.toContain('virtual_ipaddress_excluded');
    expect(conf).not.toContain('virtual_routes');
  });

  it('still routes east-west on the computes', () => {
    const tr = cb.send({ from: 'vm1', to: 'vm2' });
    expect(tr.verdict).toBe('delivered');
    expect(tr.hops.filter((h) => h.host === 'network1' || h.host === 'network2')).toEqual([]);
  });
});

describe('keepalived.conf of the snat namespace', () => {
  const conf = `/var/lib/neutron/ha_confs/${router.id}/keepalived.conf`;

  it('on each dvr_snat host: its own ha- interface, the VRID, and the sg- and qg- addresses as VIPs', () => {
    for (const p of haPorts) {
      const r = sh(`cat ${conf}`, p['binding:host_id']!);
      expect(r.exitCode).toBe(0);
      const ha = `ha-${short(p.id)}`;
      expect(r.stdout).toContain(`    interface ${ha}\n`);
      expect(r.stdout).toContain(`    virtual_router_id ${router.ha_vr_id}\n`);
      expect(r.stdout).toContain(`        169.254.0.${router.ha_vr_id}/24 dev ${ha}\n`);
      const excluded = /virtual_ipaddress_excluded \{\n([\s\S]*?)\n {4}\}/.exec(r.stdout)![1]!;
      const lines = excluded.split('\n').map((l) => l.trim());
      const want = [
        ...sgPorts.map((s) => `${s.fixed_ips[0]!.ip_address}/24 dev sg-${short(s.id)} no_track`),
        `${gw.fixed_ips[0]!.ip_address}/24 dev qg-${short(gw.id)} no_track`,
        ...[...sgPorts, gw].map(
          (s) =>
            `${ipv6LinkLocal(s.mac_address)} dev ${s === gw ? 'qg' : 'sg'}-${short(s.id)} scope link no_track`,
        ),
      ];
      expect([...lines].sort()).toEqual([...want].sort());
      // the qr- addresses are on every host and are no VIP; the floating IP lives on compute1
      expect(r.stdout).not.toContain('dev qr-');
      expect(r.stdout).not.toContain(t.floatingips[0]!.floating_ip_address);
      expect(r.stdout).toContain(`0.0.0.0/0 via 172.24.4.1 dev qg-${short(gw.id)} no_track`);
    }
  });

  it('is on no compute host', () => {
    expect(sh(`cat ${conf}`, 'compute1').exitCode).toBe(1);
  });
});

describe('the terminal on a distributed HA router', () => {
  it('agent list --router --long: active on one dvr_snat host, standby on the other', () => {
    const out = sh('openstack network agent list --router router1 --long', 'network1').stdout;
    const rows = out
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| ID'))
      .map((l) => l.split('|').map((x) => x.trim()));
    expect(rows.map((r) => [r[3], r[8]]).sort()).toEqual(
      [
        [active, 'active'],
        [backup, 'standby'],
      ].sort(),
    );
  });

  it('ip a in the backup snat namespace: the sg- and qg- links up with no inet', () => {
    const out = sh(`ip netns exec ${snat} ip a`, backup).stdout;
    const blocks = new Map(out.split(/\n(?=\d+: )/).map((b) => [/^\d+: ([^:@]+)/.exec(b)![1]!, b] as const));
    for (const p of [...sgPorts, gw]) {
      const b = blocks.get(`${p === gw ? 'qg' : 'sg'}-${short(p.id)}`)!;
      expect(b).toContain('<BROADCAST,MULTICAST,UP,LOWER_UP>');
      expect(b).toContain(`link/ether ${p.mac_address}`);
      expect(b).not.toContain('inet');
    }
    const onActive = sh(`ip netns exec ${snat} ip a`, active).stdout;
    expect(onActive).toContain(`inet ${gw.fixed_ips[0]!.ip_address}/24`);
  });

  it('ip netns lists snat- on both network hosts, qrouter- and fip- on a compute', () => {
    for (const host of ['network1', 'network2']) expect(sh('ip netns', host).stdout).toContain(snat);
    const compute = sh('ip netns', 'compute1').stdout;
    expect(compute).toContain(qrouter);
    expect(compute).toContain('fip-');
    expect(compute).not.toContain('snat-');
  });

  it('loses the files with the router when the active agent stops with cleanup_on_shutdown', () => {
    const stopped = cloud(
      variant('dvr-ha', (i) => {
        i.hosts.find((h: { name: string }) => h.name === active).agents_down = ['l3'];
      }),
    );
    const conf = `/var/lib/neutron/ha_confs/${router.id}/keepalived.conf`;
    expect(sh(`cat ${conf}`, active, stopped).exitCode).toBe(1);
    const state = `/var/lib/neutron/ha_confs/${router.id}/state`;
    expect(sh(`cat ${state}`, backup, stopped).stdout).toBe('primary\n');
  });
});
