// What the L3 agents build for an HA router (issue 14, point 3; neutron-facts-beyond §2.2, §2.3): a
// qrouter namespace on each hosting host with its ha- port, the same qr-/qg- ports everywhere but their
// addresses only on the active instance, and keepalived.conf as Neutron writes it.
import { describe, expect, it } from 'vitest';
import { logicalPlaces } from '../../src/logic/send/logical-places';
import { shortKind } from '../../src/logic/send/timeline';
import {
  flowText,
  ipToInt,
  type OvsBridge,
  type Port,
  planeView,
  Session,
  type StackDevice,
  type Topology,
} from '../../src/sim';
import { ipv6LinkLocal, keepalivedConf, primaryVipRange } from '../../src/sim/realize/keepalived';
import { logicalGraph } from '../../src/ui/canvas/logical-graph';
import { cloud, exampleText, loadExample, variant } from './helpers';

const t = loadExample('l3-ha');
const c = cloud(t);
const router = t.routers[0]!;
const haPorts = t.ports.filter((p) => p.device_owner === 'network:router_ha_interface');
const byAddress = [...haPorts].sort(
  (a, b) => ipToInt(b.fixed_ips[0]!.ip_address) - ipToInt(a.fixed_ips[0]!.ip_address),
);
/** keepalived's pick among equal priorities: the highest address on the HA network */
const activeHost = byAddress[0]!['binding:host_id']!;
const backupHost = byAddress[1]!['binding:host_id']!;
const ns = (host: string) => c.plane.devices.get(`${host}|qrouter-${router.id}`) as StackDevice;
const routerPorts = (topo: Topology): Port[] =>
  topo.ports.filter(
    (p) => p.device_id === router.id && p.device_owner.match(/^network:router_(interface|gateway)$/),
  );
const dev = (p: Port) => `${p.device_owner === 'network:router_gateway' ? 'qg-' : 'qr-'}${p.id.slice(0, 11)}`;
const addrs = (host: string, name: string) =>
  [...(ns(host).stack.ifaces.get(name)?.addrs ?? [])].map((a) => `${a.ip}/${a.prefix}`);

describe('the namespaces of an HA router', () => {
  it('exist on both network hosts, each with its own ha- port on the HA network', () => {
    for (const p of haPorts) {
      const host = p['binding:host_id']!;
      const ha = `ha-${p.id.slice(0, 11)}`;
      expect(ns(host).stack.ifaces.get(ha)?.mac).toBe(p.mac_address);
      expect(addrs(host, ha)).toContain(`${p.fixed_ips[0]!.ip_address}/18`);
    }
  });

  it('have the same qr- and qg- interfaces with the same MACs, up on both', () => {
    for (const host of [activeHost, backupHost])
      for (const p of routerPorts(t)) {
        const i = ns(host).stack.ifaces.get(dev(p));
        expect(i, `${host} ${dev(p)}`).toMatchObject({ mac: p.mac_address, up: true });
      }
  });

  it('give the addresses, the floating IP, the primary VIP and the routes to the active one only', () => {
    const fip = t.floatingips[0]!.floating_ip_address;
    const qg = routerPorts(t).find((p) => p.device_owner === 'network:router_gateway')!;
    const activeHa = `ha-${byAddress[0]!.id.slice(0, 11)}`;
    expect(addrs(activeHost, activeHa)).toContain(`169.254.0.${router.ha_vr_id}/24`);
    expect(addrs(activeHost, dev(qg))).toEqual([`${qg.fixed_ips[0]!.ip_address}/24`, `${fip}/32`]);
    for (const p of routerPorts(t)) {
      expect(addrs(activeHost, dev(p))).not.toEqual([]);
      expect(addrs(backupHost, dev(p))).toEqual([]);
    }
    const backupHa = `ha-${byAddress[1]!.id.slice(0, 11)}`;
    expect(addrs(backupHost, backupHa)).toEqual([`${byAddress[1]!.fixed_ips[0]!.ip_address}/18`]);
    expect(ns(activeHost).stack.routes.map((r) => r.text)).toContain(
      `default via 172.24.4.1 dev ${dev(qg)} proto static`,
    );
    expect(ns(backupHost).stack.routes.map((r) => r.dst.text)).toEqual(['169.254.192.0/18']);
  });

  it('plug the qr- ports on br-int of both hosts, in the network local VLAN', () => {
    for (const host of [activeHost, backupHost]) {
      const brInt = c.plane.devices.get(`${host}|br-int`) as OvsBridge;
      const hostPlane = c.plane.hosts.get(host)!;
      for (const p of routerPorts(t).filter((x) => x.device_owner === 'network:router_interface'))
        expect(brInt.ports.get(dev(p))?.tag).toBe(hostPlane.localVlans.get(p.network_id));
    }
  });

  it('are announced by no l2population unicast flow, so frames to the router MAC flood to both', () => {
    const qr = routerPorts(t).find((p) => p.name === 'router1-net1')!;
    const tun = (c.plane.devices.get('compute1|br-tun') as OvsBridge).flows.all().map(flowText);
    expect(tun.filter((l) => l.includes('table=20,') && l.includes(qr.mac_address))).toEqual([]);
    // with a legacy router the same cloud has that flow
    const legacy = cloud(variant('l3-ha', (i) => (i.routers[0].ha = false)));
    const legacyQr = legacy.topology.ports.find((p) => p.name === 'router1-net1')!;
    const legacyTun = (legacy.plane.devices.get('compute1|br-tun') as OvsBridge).flows.all().map(flowText);
    expect(legacyTun.some((l) => l.includes('table=20,') && l.includes(legacyQr.mac_address))).toBe(true);
    const flood = tun.find((l) => l.includes('table=22,') && l.includes('dl_vlan=1 '))!;
    expect(flood).toContain('"vxlan-0a00010b"'); // network1
    expect(flood).toContain('"vxlan-0a00010c"'); // network2
  });

  it('go with an L3 agent that stops with cleanup_on_shutdown, and the other takes the addresses', () => {
    const moved = variant('l3-ha', (i) => {
      i.hosts.find((h: { name: string }) => h.name === activeHost).agents_down = ['l3'];
    });
    const m = cloud(moved);
    const nsOn = (host: string) => m.plane.devices.get(`${host}|qrouter-${router.id}`) as StackDevice;
    expect(
      [...nsOn(backupHost).stack.ifaces.values()].some((i) => i.name.startsWith('qr-') && i.addrs.length),
    ).toBe(true);
    // the agent's stop() deleted the router there: namespace and ports
    expect(nsOn(activeHost)).toBeUndefined();
    const brInt = m.plane.devices.get(`${activeHost}|br-int`) as OvsBridge;
    expect([...brInt.ports.keys()].filter((p) => /^(qr|qg|ha)-/.test(p))).toEqual([]);
  });
});

describe('a legacy router whose agent stops', () => {
  it('keeps its namespace by default, and loses it with cleanup_on_shutdown', () => {
    const legacy = (cleanup: boolean) =>
      cloud(
        variant('two-networks-one-router', (i) => {
          i.options = { cleanup_on_shutdown: cleanup };
          i.hosts.find((h: { name: string }) => h.name === 'network1').agents_down = ['l3'];
        }),
      );
    const kept = legacy(false);
    expect(kept.plane.devices.has(`network1|qrouter-${kept.topology.routers[0]!.id}`)).toBe(true);
    const gone = legacy(true);
    expect(gone.plane.devices.has(`network1|qrouter-${gone.topology.routers[0]!.id}`)).toBe(false);
  });
});

describe('keepalived.conf', () => {
  const conf = (host: string) => keepalivedConf(t, router, host as never)!;
  const ha = (host: string) => `ha-${haPorts.find((p) => p['binding:host_id'] === host)!.id.slice(0, 11)}`;
  const vrid = router.ha_vr_id!;

  it('starts every instance BACKUP at priority 50, nopreempt, on its own ha- interface', () => {
    for (const host of [activeHost, backupHost]) {
      const text = conf(host);
      expect(text.split('\n').slice(0, 13)).toEqual([
        'global_defs {',
        '    notification_email_from neutron@openstack.local',
        '    router_id neutron',
        '}',
        `vrrp_instance VR_${vrid} {`,
        '    state BACKUP',
        `    interface ${ha(host)}`,
        `    virtual_router_id ${vrid}`,
        '    priority 50',
        '    garp_master_delay 60',
        '    nopreempt',
        '    advert_int 2',
        '    track_interface {',
      ]);
      expect(text).toContain(`    virtual_ipaddress {\n        169.254.0.${vrid}/24 dev ${ha(host)}\n    }`);
    }
  });

  it('lists the router addresses, the floating IP and the link-local ones as excluded VIPs, sorted', () => {
    const text = conf(activeHost);
    const block = /virtual_ipaddress_excluded \{\n([^}]*)\n {4}\}/
      .exec(text)![1]!
      .split('\n')
      .map((l) => l.trim());
    const qg = routerPorts(t).find((p) => p.device_owner === 'network:router_gateway')!;
    const q1 = routerPorts(t).find((p) => p.name === 'router1-net1')!;
    expect(block).toContain(`${qg.fixed_ips[0]!.ip_address}/24 dev ${dev(qg)} no_track`);
    expect(block).toContain(`${t.floatingips[0]!.floating_ip_address}/32 dev ${dev(qg)} no_track`);
    expect(block).toContain(`192.168.1.1/24 dev ${dev(q1)} no_track`);
    expect(block).toContain(`${ipv6LinkLocal(q1.mac_address)} dev ${dev(q1)} scope link no_track`);
    expect(block).toEqual([...block].sort());
    expect(block).toHaveLength(3 + 1 + 3); // three addresses, a floating IP, three link-local
  });

  it('gives the default route by the external gateway as a virtual route', () => {
    const qg = routerPorts(t).find((p) => p.device_owner === 'network:router_gateway')!;
    expect(conf(activeHost)).toContain(
      `    virtual_routes {\n        0.0.0.0/0 via 172.24.4.1 dev ${dev(qg)} no_track\n    }\n}`,
    );
  });

  it('is absent where the router has no instance', () => {
    expect(keepalivedConf(t, router, 'compute1' as never)).toBeNull();
  });

  it('takes the primary VIP from the first /24 of 169.254.0.0/16 clear of the HA network', () => {
    expect(primaryVipRange('169.254.192.0/18').text).toBe('169.254.0.0/24');
    expect(primaryVipRange('169.254.0.0/23').text).toBe('169.254.2.0/24');
    expect(ipv6LinkLocal('fa:16:3e:12:34:56')).toBe('fe80::f816:3eff:fe12:3456/64');
    expect(ipv6LinkLocal('fa:16:3e:00:0a:0b')).toBe('fe80::f816:3eff:fe00:a0b/64');
  });
});

describe('the physical picture of an HA router', () => {
  it('marks each namespace active or standby, and says so first among its facts', () => {
    const view = planeView(t, c.plane);
    const ns = view.devices.filter((d) => d.role === 'qrouter');
    expect(ns.map((d) => [d.host, d.ha, d.facts[0]]).sort()).toEqual(
      [
        [activeHost, 'active', 'HA active'],
        [backupHost, 'standby', 'HA standby'],
      ].sort(),
    );
    // a legacy router's namespace is neither
    const legacy = cloud(variant('l3-ha', (i) => (i.routers[0].ha = false)));
    expect(planeView(legacy.topology, legacy.plane).devices.find((d) => d.role === 'qrouter')?.ha).toBeNull();
  });

  it('names a gratuitous ARP as such in the event list', () => {
    const s = new Session();
    if (!s.load(JSON.parse(exampleText('l3-ha'))).ok) throw new Error('load');
    s.send({ from: 'vm1', to: 'internet' });
    const d = JSON.parse(JSON.stringify(s.current()!.topology));
    d.hosts.find((h: { name: string }) => h.name === activeHost).agents_down = ['l3'];
    if (!s.load(d, { keepState: true }).ok) throw new Error('reload');
    const r = s.send({ from: 'vm1', to: 'internet' });
    if (!r.ok) throw new Error(r.error);
    const kinds = new Set(r.trace.hops.map(shortKind));
    expect(kinds).toContain('gratuitous ARP');
    expect(kinds).toContain('ARP who-has'); // the new master still asks for the upstream router
  });
});

describe('the logical picture of an HA router', () => {
  it('leaves the HA network out, and places every hop of a failover send on a node it draws', () => {
    const drawn = logicalGraph(t, {}).nodes;
    expect(
      drawn.some((n) => n.id.includes(t.networks.find((x) => x.name.startsWith('HA network'))!.id)),
    ).toBe(false);
    expect(drawn.filter((n) => n.type === 'netbar')).toHaveLength(3);
    const s = new Session();
    if (!s.load(JSON.parse(exampleText('l3-ha'))).ok) throw new Error('load');
    s.send({ from: 'vm1', to: 'internet' });
    const d = JSON.parse(JSON.stringify(s.current()!.topology));
    d.hosts.find((h: { name: string }) => h.name === activeHost).agents_down = ['l3'];
    const after = s.load(d, { keepState: true });
    if (!after.ok) throw new Error('reload');
    const r = s.send({ from: 'vm1', to: 'internet' });
    if (!r.ok) throw new Error(r.error);
    const ids = new Set(logicalGraph(after.topology, {}).nodes.map((n) => n.id));
    const place = logicalPlaces(after.topology, after.view);
    const bySeq = new Map(r.trace.hops.map((h) => [h.seq, h]));
    for (const h of r.trace.hops) {
      const p = place(h, (q) => bySeq.get(q));
      if (p !== null) expect(ids.has(p), `#${h.seq} ${h.host}/${h.device}: ${p}`).toBe(true);
    }
  });
});
