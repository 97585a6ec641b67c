// Forwarding through an HA router and its failover (issue 14, point 4; neutron-facts-beyond §2.4):
// traffic goes through the active instance; when a fault stops it, the other becomes active, and its
// gratuitous ARPs, at the start of the next send, move the router's MACs in br-int, in the learned
// flows of br-tun and on the provider switch, so that the send goes through it.
import { describe, expect, it } from 'vitest';
import { flowText, ipToInt, Session, type Topology, type Trace } from '../../src/sim';
import { exampleText, hex } from './helpers';

type Json = Record<string, unknown> & {
  hosts: { name: string; agents_down?: string[]; underlay_connected?: boolean }[];
};

function session() {
  const s = new Session();
  const r = s.load(JSON.parse(exampleText('l3-ha')));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const t = r.topology;
  const ha = t.ports.filter((p) => p.device_owner === 'network:router_ha_interface');
  const [first, second] = [...ha].sort(
    (a, b) => ipToInt(b.fixed_ips[0]!.ip_address) - ipToInt(a.fixed_ips[0]!.ip_address),
  );
  return { s, t, active: first!['binding:host_id']!, backup: second!['binding:host_id']! };
}

function send(s: Session, from: string, to: string): Trace {
  const r = s.send({ from, to });
  if (!r.ok) throw new Error(r.error);
  return r.trace;
}

/** Applies a fault as an edit does: the cloud reloaded, what devices learned kept. */
function fault(s: Session, t: Topology, change: (d: Json) => void): Topology {
  const d = JSON.parse(JSON.stringify(t)) as Json;
  change(d);
  const r = s.load(d, { keepState: true });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}

const stopL3 = (host: string) => (d: Json) => {
  d.hosts.find((h) => h.name === host)!.agents_down = ['l3'];
};

/** The hosts of the namespaces the echo request (the probe's first packet) is routed in. */
function routedOn(trace: Trace): string[] {
  const echo = trace.probes[0]!.request!;
  return [
    ...new Set(
      trace.hops.filter((h) => h.packet === echo && h.device.startsWith('qrouter-')).map((h) => h.host!),
    ),
  ];
}

const garps = (trace: Trace) => trace.packets.filter((p) => p.label.startsWith('gratuitous ARP'));

describe('an HA router', () => {
  it('routes through its active instance only', () => {
    const { s, active } = session();
    const out = send(s, 'vm1', 'internet');
    expect(out.verdict).toBe('delivered');
    expect(routedOn(out)).toEqual([active]);
    const back = send(s, 'internet', 'vm2');
    expect(back.verdict).toBe('delivered');
    expect(routedOn(back)).toEqual([active]);
  });

  it('fails over when the active L3 agent stops: gratuitous ARPs first, then the send goes through the other', () => {
    const { s, t, active, backup } = session();
    send(s, 'vm1', 'internet');
    const after = fault(s, t, stopL3(active));
    const trace = send(s, 'vm1', 'internet');
    expect(trace.verdict).toBe('delivered');
    expect(routedOn(trace)).toEqual([backup]);
    // one per address it took over: two qr-, the qg- address, the floating IP, the primary VIP
    const router = after.routers[0]!;
    const fip = after.floatingips[0]!.floating_ip_address;
    expect(
      garps(trace)
        .map((p) => p.label.split(' ')[2])
        .sort(),
    ).toEqual(['192.168.1.1', '192.168.2.1', '172.24.4.190', fip, `169.254.0.${router.ha_vr_id}`].sort());
    const first = trace.hops.find((h) => h.packet === garps(trace)[0]!.id)!;
    expect(first).toMatchObject({ host: backup, device: `qrouter-${router.id}`, t: 0 });
    // they went out before the echo request
    const echoStart = trace.hops.find((h) => h.packet === trace.probes[0]!.request)!;
    expect(echoStart.t).toBeGreaterThan(0);
    // once: the next send has none
    expect(garps(send(s, 'vm1', 'internet'))).toEqual([]);
  });

  it('moves the MAC entries: the learned br-tun flow, br-int and the provider switch', () => {
    const { s, t, active, backup } = session();
    send(s, 'vm1', 'internet');
    const qr = t.ports.find((p) => p.name === 'router1-net1')!;
    const qg = t.ports.find((p) => p.device_owner === 'network:router_gateway')!;
    const state = () => s.current()!.state;
    const tunnelTo = (host: string) => `vxlan-${hex(t.hosts.find((h) => h.name === host)!.tunnel_ip)}`;
    const learned = () =>
      state()
        .learned.get('compute1|br-tun')!
        .flows()
        .map(flowText)
        .filter((l) => l.includes(`dl_dst=${qr.mac_address}`));
    const switchPort = () => state().fdb.get('physnet:provider')?.get(`0|${qg.mac_address}`)?.port;
    expect(learned()).toHaveLength(1);
    expect(learned()[0]).toContain(`output:"${tunnelTo(active)}"`);
    expect(switchPort()).toBe(active);
    fault(s, t, stopL3(active));
    send(s, 'vm1', 'internet');
    expect(learned()).toHaveLength(1);
    expect(learned()[0]).toContain(`output:"${tunnelTo(backup)}"`);
    expect(switchPort()).toBe(backup);
    // the old active's br-int lost the qr- ports its agent unplugged, and the MACs learned on them;
    // where it still has the network, the gratuitous ARP taught it the MAC is behind its tunnels
    const macs = t.ports
      .filter((p) => p.device_id === t.routers[0]!.id && p.device_owner === 'network:router_interface')
      .map((p) => p.mac_address);
    const oldBrInt = [...state().fdb.get(`${active}|br-int`)!.entries()].filter(([k]) =>
      macs.some((m) => k.endsWith(`|${m}`)),
    );
    expect(oldBrInt.length).toBeGreaterThan(0);
    for (const [, e] of oldBrInt) expect(e.port).toBe('patch-tun');
  });

  it('without the gratuitous ARPs, the send would follow the old learned flow and die', () => {
    const { s, t, active, backup } = session();
    send(s, 'vm1', 'internet');
    fault(s, t, stopL3(active));
    s.current()!.state.garps.length = 0;
    const trace = send(s, 'vm1', 'internet');
    expect(trace.verdict).toBe('dropped');
    const echo = trace.hops.filter((h) => h.packet === trace.probes[0]!.request);
    // compute1's br-tun still sends the router MAC toward the old host, whose tunnel is gone
    expect(echo.at(-1)).toMatchObject({ host: 'compute1', device: 'br-tun' });
    expect(echo.some((h) => h.host === backup)).toBe(false);
  });

  it('fails over when the active host is cut off the underlay', () => {
    const { s, t, active, backup } = session();
    send(s, 'vm1', 'internet');
    fault(s, t, (d) => {
      d.hosts.find((h) => h.name === active)!.underlay_connected = false;
    });
    const trace = send(s, 'vm1', 'internet');
    expect(trace.verdict).toBe('delivered');
    expect(routedOn(trace)).toEqual([backup]);
    expect(garps(trace).length).toBeGreaterThan(0);
  });

  it('stays put, and says nothing, when its agent stops without cleanup_on_shutdown', () => {
    const s = new Session();
    const raw = JSON.parse(exampleText('l3-ha'));
    raw.options.cleanup_on_shutdown = false;
    const r = s.load(raw);
    if (!r.ok) throw new Error('load');
    const active = r.topology.ports.find((p) => p.name === 'router1-net1')!['binding:host_id']!;
    send(s, 'vm1', 'internet');
    fault(s, r.topology, stopL3(active));
    const trace = send(s, 'vm1', 'internet');
    expect(garps(trace)).toEqual([]);
    expect(routedOn(trace)).toEqual([active]);
  });

  it('announces nothing after an edit that moves no router, nor on a fresh start', () => {
    const { s, t, active } = session();
    send(s, 'vm1', 'internet');
    fault(s, t, () => {});
    expect(garps(send(s, 'vm1', 'internet'))).toEqual([]);
    const fresh = new Session();
    const d = JSON.parse(JSON.stringify(t));
    stopL3(active)(d);
    if (!fresh.load(d).ok) throw new Error('load');
    expect(garps(send(fresh, 'vm1', 'internet'))).toEqual([]);
  });
});
