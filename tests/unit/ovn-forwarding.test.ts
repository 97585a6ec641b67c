// Packets under ML2/OVN (neutron-facts-beyond §3.4, §3.6, §3.7): logical pipelines on the chassis where
// the packet enters, Geneve between chassis with the datapath's tunnel key and the logical ports,
// routing on the source chassis, SNAT and floating IPs on the gateway chassis (or the VM's when
// distributed), ACLs with conntrack.
import { describe, expect, it } from 'vitest';
import type { Trace, TraceHop } from '../../src/sim';
import type { OvnDb } from '../../src/sim/realize/ovn/db';
import { cloud, hopsOf, loadExample, packetId, variant } from './helpers';

const request = (t: Trace) => packetId(t, /echo request/);
const reply = (t: Trace) => packetId(t, /echo reply/);
const geneve = (hs: TraceHop[]) => hs.filter((h) => h.kind === 'geneve-port' && h.frame.geneve);
const bridgeHops = (hs: TraceHop[]) => hs.filter((h) => h.kind === 'ovn-bridge');
const dbOf = (c: ReturnType<typeof cloud>) => c.plane.ovn as OvnDb;
const keyOf = (c: ReturnType<typeof cloud>, net: string) =>
  dbOf(c).datapathByName.get(`neutron-${c.topology.networks.find((n) => n.name === net)!.id}`)!.tunnel_key;

describe('the same network on two chassis', () => {
  const t = variant('ovn', (i) => {
    i.servers.push({ name: 'vm3', project_id: 'demo', host: 'compute2' });
    i.ports.push({ name: 'vm3-port', network_id: 'net1', device_id: 'vm3' });
  });
  const c = cloud(t);
  const trace = c.send({ from: 'vm1', to: 'vm3' });
  const hops = hopsOf(trace, request(trace));

  it('is delivered through br-int only: no qbr, no br-tun, no namespace', () => {
    expect(trace.verdict).toBe('delivered');
    const kinds = new Set(hops.map((h) => h.kind));
    expect(kinds).not.toContain('linux-bridge');
    expect(kinds).not.toContain('namespace');
    expect(hops.some((h) => h.device === 'br-tun')).toBe(false);
    expect(hops.filter((h) => h.kind === 'ovn-bridge').map((h) => h.host)).toEqual(['compute1', 'compute2']);
  });

  it("crosses one Geneve tunnel with net1's tunnel key and the logical ports in the option", () => {
    const [out] = geneve(hops);
    expect(out?.host).toBe('compute1');
    const db = dbOf(c);
    const dp = db.datapaths.get(keyOf(c, 'net1'))!;
    const port = (name: string) => dp.ports.get(t.ports.find((p) => p.name === name)!.id)!.tunnel_key;
    expect(out!.frame.geneve).toMatchObject({
      vni: dp.tunnel_key,
      inport: port('vm1-port'),
      outport: port('vm3-port'),
    });
    expect(out!.frame.geneve!.outer.udpDst).toBe(6081);
    expect(out!.changes[0]).toBe(`encap geneve vni ${dp.tunnel_key}`);
  });

  it('decides at compute1 by ls_in_l2_lkup, and shows the OpenFlow table it became (8 + 27)', () => {
    const first = bridgeHops(hops)[0]!;
    expect(first.rule).toMatch(/^27\. ls_in_l2_lkup: eth\.dst == [0-9a-f:]+, priority 50, uuid [0-9a-f]{8}/);
    expect(first.rule).toContain('OpenFlow table=35, priority=50');
    expect(first.action).toMatch(/remote output \(OpenFlow table 39\)/);
    // the egress pipeline runs on the chassis that receives it: its to-lport ACL decided there
    const last = bridgeHops(hops)[1]!;
    expect(last.rule).toMatch(/^4\. ls_out_acl_eval: \(outport == @pg_/);
    expect(last.trail?.some((l) => l.startsWith('egress(dp="neutron-'))).toBe(true);
  });

  it('answers ARP in the pipeline: the ARP request never leaves compute1', () => {
    const fresh = cloud(t).send({ from: 'vm1', to: 'vm3' });
    const arp = hopsOf(fresh, packetId(fresh, /ARP request/));
    expect(arp.every((h) => h.host === 'compute1')).toBe(true);
    expect(arp.find((h) => h.kind === 'ovn-bridge')?.rule).toMatch(
      /ls_in_arp_rsp: arp\.tpa == \S+ && arp\.op == 1/,
    );
  });
});

describe('across a router', () => {
  const c = cloud(loadExample('ovn'));
  const trace = c.send({ from: 'vm1', to: 'vm2' });
  const hops = hopsOf(trace, request(trace));

  it('routes on the source chassis: switch, router and switch pipelines all run on compute1', () => {
    expect(trace.verdict).toBe('delivered');
    const routed = hops.filter((h) => h.changes.some((x) => /^ttl 64 -> 63$/.test(x)));
    expect(routed.map((h) => `${h.host}/${h.device}`)).toEqual(['compute1/br-int']);
    expect(routed[0]!.rule).toMatch(/^13\. lr_in_ip_routing: ip4\.dst == 192\.168\.2\.0\/24, priority 74/);
    expect(routed[0]!.rule).toContain('OpenFlow table=21');
    expect(bridgeHops(hops).filter((h) => h.host === 'compute1')).toHaveLength(3);
    expect(hops.some((h) => h.host === 'network1')).toBe(false);
  });

  it("then crosses one Geneve tunnel with net2's key, not the router's", () => {
    const g = geneve(hops);
    expect(g.map((h) => h.host)).toEqual(['compute1']);
    expect(g[0]!.frame.geneve!.vni).toBe(keyOf(c, 'net2'));
    expect(hops.find((h) => h.kind === 'geneve-port' && h.host === 'compute2')?.changes).toEqual([
      `decap geneve vni ${keyOf(c, 'net2')}`,
    ]);
  });
});

describe('SNAT on the gateway chassis', () => {
  const c = cloud(loadExample('ovn'));
  const trace = c.send({ from: 'vm2', to: 'internet' });
  const hops = hopsOf(trace, request(trace));
  const gwIp = c.topology.ports.find((p) => p.device_owner === 'network:router_gateway')!.fixed_ips[0]!
    .ip_address;

  it('is redirected to the cr-lrp port: the router datapath crosses to network1 and is SNATed there', () => {
    expect(trace.verdict).toBe('delivered');
    const db = dbOf(c);
    const cr = [...db.ports.values()].find((b) => b.type === 'chassisredirect')!;
    expect(cr.chassis).toBe('network1');
    const toGw = geneve(hops).find((h) => h.host === 'compute2')!;
    expect(toGw.frame.geneve).toMatchObject({ vni: cr.dp, outport: cr.tunnel_key });
    const snat = hops.find((h) => h.changes.some((x) => x.startsWith('SNAT src')))!;
    expect(snat.host).toBe('network1');
    expect(snat.changes).toContain(
      `SNAT src ${c.topology.ports.find((p) => p.name === 'vm2-port')!.fixed_ips[0]!.ip_address} -> ${gwIp}`,
    );
    expect(hops.find((h) => h.device === 'upstream')?.frame.ip?.src).toBe(gwIp);
  });

  it('buffers the first packet while the router ARPs for the upstream gateway, then sends it on', () => {
    const held = hops.find((h) => h.fate === 'hold' && h.kind === 'ovn-bridge')!;
    expect(held.host).toBe('compute2');
    expect(held.rule).toMatch(/lr_in_arp_request: eth\.dst == 00:00:00:00:00:00 && ip4/);
    const arp = hopsOf(trace, packetId(trace, /ARP request who-has 172\.24\.4\.1 /));
    expect(arp.some((h) => h.device === 'upstream')).toBe(true);
  });

  it('un-SNATs the reply on the gateway chassis from the connection', () => {
    const back = hopsOf(trace, reply(trace));
    const unsnat = back.find((h) => h.changes.some((x) => x.startsWith('SNAT dst')))!;
    expect(unsnat.host).toBe('network1');
    expect(back.at(-1)?.device).toBe('vm2');
  });
});

describe('floating IP, both ways', () => {
  const fipOf = (c: ReturnType<typeof cloud>) => c.topology.floatingips[0]!.floating_ip_address;

  it('centralized: DNAT in on network1, and the reply leaves from network1 as the floating IP', () => {
    const c = cloud(loadExample('ovn'));
    const trace = c.send({ from: 'internet', to: 'vm1' });
    expect(trace.verdict).toBe('delivered');
    const inbound = hopsOf(trace, request(trace));
    const dnat = inbound.find((h) => h.changes.some((x) => x.startsWith('DNAT dst')))!;
    expect(dnat.host).toBe('network1');
    expect(dnat.rule).toMatch(/lr_in_ip_routing/);
    expect(dnat.trail?.some((l) => l.includes(`lr_in_dnat: ip && ip4.dst == ${fipOf(c)}`))).toBe(true);
    const back = hopsOf(trace, reply(trace));
    expect(back.find((h) => h.changes.some((x) => /DNAT src .* -> /.test(x)))?.host).toBe('network1');
    expect(back.find((h) => h.device === 'upstream')?.frame.ip?.src).toBe(fipOf(c));
  });

  it('distributed: the VM chassis answers ARP with the FIP MAC and NATs both ways, no Geneve at all', () => {
    const c = cloud(variant('ovn', (i) => (i.options.enable_distributed_floating_ip = true)));
    const nat = dbOf(c).nb.routers[0]!.nat.find((n) => n.type === 'dnat_and_snat')!;
    expect(nat.external_mac).toMatch(/^fa:16:3e/);
    const trace = c.send({ from: 'internet', to: 'vm1' });
    expect(trace.verdict).toBe('delivered');
    const arpReply = hopsOf(
      trace,
      packetId(trace, new RegExp(`ARP reply ${fipOf(c).replace(/\./g, '\\.')} is-at`)),
    );
    expect(arpReply[0]!.host).toBe('compute1');
    expect(arpReply[0]!.frame.arp?.sha).toBe(nat.external_mac);
    const inbound = hopsOf(trace, request(trace));
    expect(inbound.find((h) => h.changes.some((x) => x.startsWith('DNAT dst')))?.host).toBe('compute1');
    expect(geneve(inbound)).toHaveLength(0);
    const back = hopsOf(trace, reply(trace));
    expect(geneve(back)).toHaveLength(0);
    const wire = back.find((h) => h.device === 'provider')!;
    expect(wire.frame.ip?.src).toBe(fipOf(c));
    expect(wire.frame.eth.src).toBe(nat.external_mac);
    expect(back.find((h) => h.changes.some((x) => x.startsWith('DNAT src')))?.host).toBe('compute1');
  });
});

describe('security groups as ACLs with conntrack', () => {
  const noPing = variant('ovn', (i) => {
    i.security_groups[0].rules = i.security_groups[0].rules.filter(
      (r: { protocol?: string }) => r.protocol !== 'icmp',
    );
  });

  it("drops a ping the VM's groups do not allow at the to-lport ACL on the VM's chassis, naming the group", () => {
    const c = cloud(noPing);
    const trace = c.send({ from: 'internet', to: 'vm1' });
    expect(trace.verdict).toBe('dropped');
    expect(trace.dropped).toMatchObject({ host: 'compute1', device: 'br-int' });
    expect(trace.dropped!.rule).toMatch(
      /^4\. ls_out_acl_eval: \(outport == @neutron_pg_drop && ip\), priority 2001/,
    );
    expect(trace.reason).toMatch(/no ingress rule of security group default of vm1's port on net1 allows it/);
  });

  it('allows the ping once an ingress ICMP rule exists, naming that rule', () => {
    const c = cloud(loadExample('ovn'));
    const trace = c.send({ from: 'internet', to: 'vm1' });
    const last = bridgeHops(hopsOf(trace, request(trace))).at(-1)!;
    const rule = c.topology.security_groups[0]!.rules.find((r) => r.protocol === 'icmp')!;
    const acl = dbOf(c)
      .nb.portGroups.flatMap((g) => g.acls)
      .find((a) => a.source.rule?.id === rule.id)!;
    expect(last.rule).toContain(acl.m.t);
    expect(acl.m.t).toMatch(/^outport == @pg_\w+ && ip4 && ip4\.src == 0\.0\.0\.0\/0 && icmp4$/);
  });

  it('lets the reply of an allowed connection back in (allow-related): it is established in conntrack', () => {
    const c = cloud(noPing);
    const trace = c.send({ from: 'vm1', to: 'internet' });
    expect(trace.verdict).toBe('delivered');
    const back = bridgeHops(hopsOf(trace, reply(trace))).at(-1)!;
    expect(back.host).toBe('compute1');
    expect(back.rule).toMatch(/ls_out_acl_eval: ct\.est && !ct\.rel && !ct\.new && !ct\.inv && ct\.rpl/);
    expect(back.trail).toContain('    ct_next(ct_state=est|trk|rpl) /* zone 1 */');
  });
});

describe('DHCP without dnsmasq', () => {
  it('is answered by ovn-controller in the pipeline on the VM chassis, the gateway as server id', () => {
    const c = cloud(loadExample('ovn'));
    const trace = c.send({ from: 'vm1', to: 'vm1', proto: 'dhcp' });
    expect(trace.verdict).toBe('delivered');
    expect(trace.hops.every((h) => h.host === 'compute1')).toBe(true);
    const answer = trace.hops.find((h) => h.kind === 'ovn-bridge' && h.fate === 'deliver')!;
    expect(answer.rule).toMatch(/ls_in_dhcp_response/);
    expect(answer.trail?.join('\n')).toMatch(
      /put_dhcp_opts\(offerip = [\d.]+, classless_static_route = \{169\.254\.169\.254\/32,[\d.]+, 0\.0\.0\.0\/0,192\.168\.1\.1\}, lease_time = 43200, mtu = 1442/,
    );
    expect(trace.probes[0]!.summary).toMatch(/from 192\.168\.1\.1$/);
  });
});
