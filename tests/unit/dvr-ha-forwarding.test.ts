// Forwarding through a distributed HA router and its failover (issue 14, point 5; neutron-facts-beyond
// §1.6, §2.4): a VM without a floating IP goes out through the snat namespace of the active dvr_snat
// host, redirected by its compute's qrouter to the sg- port; when the L3 agent there stops, the other
// dvr_snat host's keepalived becomes master, its gratuitous ARPs move the sg- and qg- MACs, and the same
// send goes through it. East-west and floating IPs stay on the computes throughout.
import { describe, expect, it } from 'vitest';
import { flowText, ipToInt, Session, type Topology, type Trace } from '../../src/sim';
import { FAULTS } from '../../src/store/faults';
import { exampleText, hex } from './helpers';

type Json = Record<string, unknown> & { hosts: { name: string; agents_down?: string[] }[] };

function session() {
  const s = new Session();
  const r = s.load(JSON.parse(exampleText('dvr-ha')));
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

/** A fault as an edit applies it: the cloud reloaded, what the devices learned kept. */
function stopL3(s: Session, t: Topology, host: string): Topology {
  const d = JSON.parse(JSON.stringify(t)) as Json;
  d.hosts.find((h) => h.name === host)!.agents_down = ['l3'];
  const r = s.load(d, { keepState: true });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}

const NETWORK_HOSTS = ['network1', 'network2'];
/** The hosts whose snat namespace translated the packet (SNAT on the way out, its undoing on the way
 * back): where the router's centralized SNAT ran. */
const natOn = (trace: Trace, packet: string | null | undefined) => [
  ...new Set(
    trace.hops
      .filter(
        (h) => h.packet === packet && h.device.startsWith('snat-') && h.changes.some((c) => /NAT/.test(c)),
      )
      .map((h) => h.host!),
  ),
];
/** The tunnel endpoints a packet was sent to from a host. */
const tunnelsFrom = (trace: Trace, packet: string | null | undefined, host: string) =>
  trace.hops
    .filter((h) => h.packet === packet && h.host === host && h.kind === 'vxlan-port')
    .flatMap((h) => h.changes.filter((c) => c.startsWith('outer ')).map((c) => c.split(' > ')[1]!));
const tunnelIp = (t: Topology, host: string) => t.hosts.find((h) => h.name === host)!.tunnel_ip;
const garps = (trace: Trace) => trace.packets.filter((p) => p.label.startsWith('gratuitous ARP'));

describe('SNAT through a distributed HA router', () => {
  it('goes out and comes back through the active snat namespace only, the backup translating nothing', () => {
    const { s, active } = session();
    const trace = send(s, 'vm2', 'internet');
    expect(trace.verdict).toBe('delivered');
    const probe = trace.probes[0]!;
    expect(natOn(trace, probe.request)).toEqual([active]);
    expect(natOn(trace, probe.answer)).toEqual([active]);
    // routed first on vm2's compute, whose qrouter redirects it to the sg- port (§1.6)
    const first = trace.hops.find((h) => h.packet === probe.request && h.device.startsWith('qrouter-'))!;
    expect(first.host).toBe('compute2');
  });

  it('once compute2 learned where the sg- MAC is, tunnels only to the active host', () => {
    const { s, t, active } = session();
    send(s, 'vm2', 'internet');
    const trace = send(s, 'vm2', 'internet');
    expect(tunnelsFrom(trace, trace.probes[0]!.request, 'compute2')).toEqual([tunnelIp(t, active)]);
  });
});

describe('failover of the snat namespace', () => {
  it('stopping the active L3 agent: gratuitous ARPs for the sg- and qg- addresses, then SNAT on the other host', () => {
    const { s, t, active, backup } = session();
    send(s, 'vm2', 'internet');
    send(s, 'vm2', 'internet');
    const after = stopL3(s, t, active);
    const trace = send(s, 'vm2', 'internet');
    expect(trace.verdict).toBe('delivered');
    const router = after.routers[0]!;
    const sgs = after.ports.filter((p) => p.device_owner === 'network:router_centralized_snat');
    const qg = after.ports.find((p) => p.device_owner === 'network:router_gateway')!;
    // keepalived's addresses in the snat namespace: both sg-, the qg- address, the primary VIP
    expect(
      garps(trace)
        .map((p) => p.label.split(' ')[2])
        .sort(),
    ).toEqual(
      [
        ...sgs.map((p) => p.fixed_ips[0]!.ip_address),
        qg.fixed_ips[0]!.ip_address,
        `169.254.0.${router.ha_vr_id}`,
      ].sort(),
    );
    const garpHop = trace.hops.find((h) => h.packet === garps(trace)[0]!.id)!;
    expect(garpHop).toMatchObject({ host: backup, device: `snat-${router.id}` });
    const probe = trace.probes[0]!;
    expect(natOn(trace, probe.request)).toEqual([backup]);
    expect(natOn(trace, probe.answer)).toEqual([backup]);
    // the gratuitous ARP moved compute2's learned sg- flow: straight to the new active host
    expect(tunnelsFrom(trace, probe.request, 'compute2')).toEqual([tunnelIp(t, backup)]);
    // and the server moved the ports the active instance holds
    for (const p of [qg, ...sgs]) expect(p['binding:host_id']).toBe(backup);
  });

  it('moves the learned br-tun flow of the sg- MAC and the qg- MAC on the provider switch', () => {
    const { s, t, active, backup } = session();
    send(s, 'vm2', 'internet');
    const sg = t.ports.find(
      (p) =>
        p.device_owner === 'network:router_centralized_snat' &&
        p.network_id === t.ports.find((x) => x.name === 'vm2-port')!.network_id,
    )!;
    const qg = t.ports.find((p) => p.device_owner === 'network:router_gateway')!;
    const state = () => s.current()!.state;
    const tunnelTo = (host: string) => `vxlan-${hex(tunnelIp(t, host))}`;
    const learned = () =>
      state()
        .learned.get('compute2|br-tun')!
        .flows()
        .map(flowText)
        .filter((l) => l.includes(`dl_dst=${sg.mac_address}`));
    const switchPort = () => state().fdb.get('physnet:provider')?.get(`0|${qg.mac_address}`)?.port;
    expect(learned()).toHaveLength(1);
    expect(learned()[0]).toContain(`output:"${tunnelTo(active)}"`);
    expect(switchPort()).toBe(active);
    stopL3(s, t, active);
    send(s, 'vm2', 'internet');
    expect(learned()).toHaveLength(1);
    expect(learned()[0]).toContain(`output:"${tunnelTo(backup)}"`);
    expect(switchPort()).toBe(backup);
  });

  it('the l3-ha fault takes the active network node of a distributed HA router, and sends from a VM without a floating IP', () => {
    const { t, active } = session();
    const f = FAULTS.find((x) => x.kind === 'l3-ha')!;
    const router = t.routers[0]!;
    expect(f.targets(t)).toEqual([{ id: router.id, label: `router1 (active on ${active})` }]);
    expect(f.trial?.(t, router.id)).toEqual({ from: 'vm2', to: 'internet' });
    const draft = JSON.parse(JSON.stringify(t)) as Topology;
    f.apply(draft, router.id);
    expect(draft.hosts.find((h) => h.name === active)!.agents_down).toContain('l3');
  });
});

describe('what stays on the computes', () => {
  it('east-west vm1 -> vm2 never touches a network host, before and after the failover', () => {
    const { s, t, active } = session();
    const before = send(s, 'vm1', 'vm2');
    expect(before.verdict).toBe('delivered');
    expect(before.hops.filter((h) => NETWORK_HOSTS.includes(h.host ?? ''))).toEqual([]);
    stopL3(s, t, active);
    const after = send(s, 'vm1', 'vm2');
    expect(after.verdict).toBe('delivered');
    // the failover's gratuitous ARPs come from a network host; the echo request and reply do not
    const probe = after.probes[0]!;
    const onNetwork = after.hops.filter(
      (h) =>
        (h.packet === probe.request || h.packet === probe.answer) && NETWORK_HOSTS.includes(h.host ?? ''),
    );
    expect(onNetwork).toEqual([]);
  });

  it('a floating IP goes out through its compute fip namespace, not a snat namespace', () => {
    const { s } = session();
    const trace = send(s, 'vm1', 'internet');
    expect(trace.verdict).toBe('delivered');
    const probe = trace.probes[0]!;
    expect(trace.hops.some((h) => h.packet === probe.request && h.device.startsWith('snat-'))).toBe(false);
    expect(
      trace.hops.some(
        (h) => h.packet === probe.request && h.device.startsWith('fip-') && h.host === 'compute1',
      ),
    ).toBe(true);
  });
});
