// The hop inspector's in / out layers, on real traces of the demo cloud: what came in is the frame the
// hop before handed over, what went out is the hop's own, each change and the rule land on the layer
// they act on, and nothing the trace says is lost on the way.
import { describe, expect, it } from 'vitest';
import { type InOut, type IoLayer, inOutOf, layerOfChange, layerOfRule } from '../../src/logic/send/in-out';
import { flowData } from '../../src/logic/send/timeline';
import type { Trace, TraceHop } from '../../src/sim';
import { cloud, loadExample } from './helpers';

const demo = cloud(loadExample('two-networks-one-router'));
const ping = demo.send({ from: 'vm1', to: 'vm2' });
const out = demo.send({ from: 'vm1', to: 'internet' });
const fip = cloud(loadExample('two-projects-floating-ips'));
const fipIn = fip.send({ from: 'internet', to: fip.topology.floatingips[0]!.floating_ip_address! });

function io(trace: Trace, h: TraceHop): InOut {
  const data = flowData(trace);
  const p = data.prevOf.get(h.seq);
  const kids = data.children.get(h.seq) ?? [];
  return inOutOf(
    h,
    p === undefined ? undefined : data.bySeq.get(p),
    h.parent === null ? undefined : data.bySeq.get(h.parent)?.device,
    kids.length ? data.bySeq.get(kids[0]!)?.device : undefined,
  );
}

const layer = (side: IoLayer[], id: string) => side.find((l) => l.id === id);
const field = (side: IoLayer[], id: string, name: string) =>
  layer(side, id)?.fields.find((f) => f.name === name);
const request = ping.probes[0]!.request!;
const requestHops = ping.hops.filter((h) => h.packet === request);

describe('in and out layers', () => {
  it('br-int tags the frame from the VM: in untagged on the qvo port, out in the local VLAN', () => {
    const h = requestHops.find(
      (x) => x.device === 'br-int' && x.changes.some((c) => c.startsWith('push vlan')),
    )!;
    const v = io(ping, h);
    expect(field(v.in, 'port', 'port')?.value).toBe(h.in);
    expect(field(v.in, 'port', 'from')?.value).toMatch(/^qvo/);
    expect(field(v.in, 'eth', '802.1Q VLAN')?.value).toBe('untagged');
    expect(field(v.out, 'eth', '802.1Q VLAN')).toEqual({
      name: '802.1Q VLAN',
      value: String(h.frame.eth.vlan),
      was: 'untagged',
    });
    expect(layer(v.out, 'eth')?.notes).toEqual([`push vlan ${h.frame.eth.vlan}`]);
    expect(layer(v.out, 'eth')?.rule).toBe(h.rule);
  });

  it('br-tun strips the VLAN and sets the tunnel id the VXLAN port then writes as the VNI', () => {
    const h = requestHops.find(
      (x) => x.device === 'br-tun' && x.changes.some((c) => c.startsWith('set tunnel')),
    )!;
    const v = io(ping, h);
    const vlanIn = field(v.in, 'eth', '802.1Q VLAN')!.value;
    expect(vlanIn).not.toBe('untagged');
    expect(field(v.out, 'eth', '802.1Q VLAN')).toEqual({
      name: '802.1Q VLAN',
      value: 'untagged',
      was: vlanIn,
    });
    // the next hop, the VXLAN port, puts the frame in a VXLAN header: the VNI the tunnel layer showed
    const next = ping.hops.find((x) => x.parent === h.seq)!;
    expect(next.kind).toBe('vxlan-port');
    const tunnel = layer(v.out, 'tunnel')!;
    expect(tunnel.status).toBe('new');
    expect(tunnel.fields.find((f) => f.name === 'VNI')?.value).toBe(String(next.frame.vxlan!.vni));
    expect(tunnel.fields.find((f) => f.name === 'tun_id')?.value).toBe(
      `0x${next.frame.vxlan!.vni.toString(16)}`,
    );
    // beside the Ethernet header, and the flow that decided on layer 2
    expect(v.out.map((l) => l.id).indexOf('tunnel')).toBe(v.out.map((l) => l.id).indexOf('eth') + 1);
    expect(layer(v.out, 'eth')?.rule).toBe(h.rule);
    expect(h.rule).toMatch(/^table=/);
  });

  it('the VXLAN port writes the outer headers; the far one takes them off', () => {
    const [encap, , decap] = requestHops.filter((x) => x.kind === 'vxlan-port' || x.kind === 'underlay');
    const e = io(ping, encap!);
    expect(layer(e.in, 'vxlan')).toBeUndefined();
    for (const id of ['outer-eth', 'outer-ip', 'outer-udp', 'vxlan'])
      expect(layer(e.out, id)?.status, id).toBe('new');
    expect(field(e.out, 'vxlan', 'VNI')?.value).toBe(String(encap!.frame.vxlan!.vni));
    expect(layer(e.out, 'vxlan')?.rule).toBe(encap!.rule);
    expect(field(e.out, 'outer-ip', 'dst')?.value).toBe(encap!.frame.vxlan!.outer.dst);

    const d = io(ping, decap!);
    expect(field(d.in, 'vxlan', 'VNI')?.value).toBe(String(encap!.frame.vxlan!.vni));
    expect(layer(d.out, 'vxlan')?.status).toBe('removed');
    expect(layer(d.out, 'vxlan')?.notes.some((n) => n.startsWith('decap vxlan'))).toBe(true);
  });

  it('a router lowers the TTL and rewrites the MACs on the layers they belong to', () => {
    const h = out.hops.find((x) => x.changes.some((c) => /^ttl /.test(c)))!;
    const v = io(out, h);
    const ttlIn = Number(field(v.in, 'ip', 'TTL')!.value);
    expect(field(v.out, 'ip', 'TTL')).toEqual({ name: 'TTL', value: String(ttlIn - 1), was: String(ttlIn) });
    expect(layer(v.out, 'ip')?.notes.some((n) => n.startsWith('ttl '))).toBe(true);
  });

  it('DNAT of a floating IP is on layer 3, with the address before', () => {
    const h = fipIn.hops.find((x) => x.changes.some((c) => /DNAT/.test(c)))!;
    const v = io(fipIn, h);
    const dstIn = field(v.in, 'ip', 'dst')!.value;
    expect(dstIn).toBe(fip.topology.floatingips[0]!.floating_ip_address);
    expect(field(v.out, 'ip', 'dst')?.was).toBe(dstIn);
    expect(layer(v.out, 'ip')?.notes.some((n) => /DNAT/.test(n))).toBe(true);
  });

  it('the first hop read nothing: the packet is made there', () => {
    const v = io(ping, ping.hops[0]!);
    expect(v.in).toEqual([]);
    expect(layer(v.out, 'port')?.fields[0]?.value).toBe(ping.hops[0]!.out ?? '—');
  });

  it('on every hop of every send: every change is shown once, the rule once, the out port first', () => {
    for (const trace of [ping, out, fipIn]) {
      for (const h of trace.hops) {
        const v = io(trace, h);
        const at = `${h.device} #${h.seq}`;
        expect(v.out[0]?.id, at).toBe('port');
        const notes = v.out.flatMap((l) => l.notes);
        for (const c of h.changes) expect(notes, at).toContain(c);
        const rules = v.out.filter((l) => l.rule !== null);
        expect(
          rules.map((l) => l.rule),
          at,
        ).toEqual(h.rule ? [h.rule] : []);
        // in: the frame before, layer by layer
        if (v.in.length) expect(v.in[0]?.id, at).toBe('port');
      }
    }
  });

  it('places changes and rules by what they act on', () => {
    expect(layerOfChange('mod vlan 1 -> 3')).toBe('eth');
    expect(layerOfChange('src mac fa:16:3e:00:00:01 -> fa:16:3e:00:00:02')).toBe('eth');
    expect(layerOfChange('outer 10.0.1.31 > 10.0.1.11')).toBe('outer-ip');
    expect(layerOfChange('conntrack: SNAT src 192.168.1.5 -> 172.24.4.10')).toBe('ip');
    expect(layerOfChange('something new')).toBe('port');
    expect(layerOfRule('-A neutron-openvswi-i9b5fdf36-a -p tcp -m tcp --dport 22 -j RETURN')).toBe('ip');
    expect(layerOfRule('default via 192.168.1.1 dev eth0')).toBe('ip');
    expect(layerOfRule('vxlan-0a00010b: remote_ip=10.0.1.11, local_ip=10.0.1.31, key=flow')).toBe('vxlan');
    expect(layerOfRule('10.0.1.11 is the local_ip of network1')).toBe('outer-ip');
    expect(layerOfRule('table=0, priority=2,in_port="phy-br-ex" actions=drop')).toBe('eth');
  });
});
