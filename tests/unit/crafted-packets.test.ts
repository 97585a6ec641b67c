// Hand-made packets (issue 16, point 6): a spoofed source, TTL, DF, size, TCP flags and ports carried
// by the core, and what port security and security groups do with them (neutron-facts §11): a spoofed
// source dies on the sender's qbr in its neutron-openvswi-s<port> chain; without port security it
// goes on, and the answer goes to the address it claimed.
import { describe, expect, it } from 'vitest';
import { loadTopologyText, newSimState, realize, send } from '../../src/sim';
import { cloud, exampleText, hopsOf, loadExample, packetId, variant } from './helpers';

const base = 'same-network-two-hosts';
const t = loadExample(base);
const ipOf = (name: string, topo = t) =>
  topo.ports.find((p) => p.device_id === topo.servers.find((s) => s.name === name)!.id)!.fixed_ips[0]!
    .ip_address;
const portOf = (name: string) =>
  t.ports.find((p) => p.device_id === t.servers.find((s) => s.name === name)!.id)!;

describe('a spoofed source address', () => {
  it('is dropped on the sender qbr by the anti-spoofing chain, named as Neutron names it', () => {
    const trace = cloud(t).send({ from: 'vm1', to: 'vm2', src: '192.0.2.66' });
    expect(trace.verdict).toBe('dropped');
    expect(trace.reason).toMatch(/anti-spoofing: 192\.0\.2\.66 .* is not the port's own address/);
    const req = hopsOf(trace, packetId(trace, /echo request/));
    expect(req[0]!.frame.ip!.src, 'the packet carries the address given').toBe('192.0.2.66');
    const dropAt = req.find((h) => h.fate === 'drop')!;
    expect(dropAt.device).toMatch(/^qbr/);
    const chain = `neutron-openvswi-s${portOf('vm1').id.slice(0, 10)}`;
    expect(dropAt.rule).toBe(
      `-A ${chain} -m comment --comment "Drop traffic without an IP/MAC allow rule." -j DROP`,
    );
    expect(dropAt.trail!.join('\n'), 'the egress chain jumped to the spoofing chain first').toContain(
      `-j ${chain}`,
    );
    expect(
      req.some((h) => h.device === 'br-int'),
      'it never reaches br-int',
    ).toBe(false);
    expect(trace.send.crafted).toEqual({ src: '192.0.2.66' });
  });

  it("is dropped too when it claims a neighbour's address on the same network", () => {
    const trace = cloud(t).send({ from: 'vm1', to: 'vm2', src: ipOf('vm2') });
    expect(trace.verdict).toBe('dropped');
    expect(trace.reason).toContain('anti-spoofing');
  });

  it("the sender's own address, given by hand, is no spoofing: delivered", () => {
    const trace = cloud(t).send({ from: 'vm1', to: 'vm2', src: ipOf('vm1') });
    expect(trace.verdict).toBe('delivered');
  });

  it("passes without port security, and meets the receiver's ingress rules under the address it claims", () => {
    const noSecurity = (input: { ports: { device_id: string; port_security_enabled?: boolean }[] }) => {
      input.ports.find((x) => x.device_id === 'vm1')!.port_security_enabled = false;
    };
    // the default group lets in only its members: 192.0.2.66 is none, so vm2's qbr drops it
    const closed = cloud(variant(base, noSecurity)).send({ from: 'vm1', to: 'vm2', src: '192.0.2.66' });
    expect(closed.verdict).toBe('dropped');
    expect(closed.reason).toMatch(
      /no ingress rule .* allows ICMP from 192\.0\.2\.66 \(dropped on qbr\S+ of compute2\)/,
    );
    // a group that lets ICMP in from anywhere: vm2 answers the address the packet claimed
    const open = variant(base, (input) => {
      noSecurity(input);
      input.security_groups = [
        {
          name: 'default',
          project_id: 'demo',
          rules: [
            { direction: 'egress' },
            { direction: 'ingress', protocol: 'icmp', remote_ip_prefix: '0.0.0.0/0' },
          ],
        },
      ];
    });
    const trace = cloud(open).send({ from: 'vm1', to: 'vm2', src: '192.0.2.66' });
    const req = hopsOf(trace, packetId(trace, /echo request/));
    expect(req.some((h) => h.device === 'vm2' && h.fate === 'deliver')).toBe(true);
    const reply = trace.packets.find((p) => /echo reply/.test(p.label))!;
    expect(reply.label).toContain('> 192.0.2.66');
    expect(trace.verdict, 'vm1 never gets an answer').toBe('dropped');
  });
});

describe('TTL, DF, size, flags and ports', () => {
  it('carries the TTL and the source port given', () => {
    const trace = cloud(t).send({ from: 'vm1', to: 'vm2', proto: 'tcp', port: 22, sport: 40000, ttl: 9 });
    const req = hopsOf(trace, packetId(trace, /SYN/));
    expect(req[0]!.frame.ip!.ttl).toBe(9);
    expect(req[0]!.frame.tcp).toMatchObject({ sport: 40000, dport: 22, flags: 'S' });
    expect(trace.verdict).toBe('delivered');
  });

  it('a lone ACK is answered with a RST by the host it reaches; a lone RST is never answered', () => {
    const ack = cloud(t).send({ from: 'vm1', to: 'vm2', proto: 'tcp', port: 22, flags: 'A' });
    const first = hopsOf(ack, ack.probes[0]!.request!);
    expect(first[0]!.frame.tcp!.flags).toBe('A');
    expect(ack.packets.some((p) => /TCP 22 > \d+ \[RST\]/.test(p.label))).toBe(true);
    expect(ack.probes[0]!.outcome).toBe('refused');
    const rst = cloud(t).send({ from: 'vm1', to: 'vm2', proto: 'tcp', port: 22, flags: 'R' });
    expect(rst.probes[0]!.outcome).toBe('delivered');
    expect(rst.packets).toHaveLength(rst.packets.filter((p) => p.kind !== 'tcp').length + 1);
  });

  it('a lone ACK is picked up as NEW (tcp_loose) and judged by the rules; a lone FIN is INVALID', () => {
    const onlySsh = variant(base, (input) => {
      input.security_groups = [
        {
          name: 'default',
          project_id: 'demo',
          rules: [
            { direction: 'egress' },
            {
              direction: 'ingress',
              protocol: 'tcp',
              port_range_min: 22,
              port_range_max: 22,
              remote_ip_prefix: '0.0.0.0/0',
            },
          ],
        },
      ];
    });
    const ssh = cloud(onlySsh).send({ from: 'vm1', to: 'vm2', proto: 'tcp', port: 22, flags: 'A' });
    expect(ssh.verdict, 'the rule for port 22 matches before the INVALID check').toBe('delivered');
    const ack = cloud(onlySsh).send({ from: 'vm1', to: 'vm2', proto: 'tcp', port: 8080, flags: 'A' });
    expect(ack.verdict).toBe('dropped');
    expect(ack.hops.find((h) => h.drop?.severity === 'fatal')!.rule).toMatch(
      /^-A neutron-openvswi-sg-fallback .* -j DROP$/,
    );
    const fin = cloud(onlySsh).send({ from: 'vm1', to: 'vm2', proto: 'tcp', port: 8080, flags: 'F' });
    expect(fin.verdict).toBe('dropped');
    expect(fin.hops.find((h) => h.drop?.severity === 'fatal')!.rule).toContain('--state INVALID');
  });

  it('a TCP probe of a given size carries a payload', () => {
    const trace = cloud(t).send({ from: 'vm1', to: 'vm2', proto: 'tcp', port: 22, size: 1000 });
    expect(hopsOf(trace, trace.probes[0]!.request!)[0]!.frame.ip!.len).toBe(1000);
  });

  it('DF set: too big for the VM interface is refused by the sender; DF clear: it is fragmented', () => {
    const big = cloud(t).send({ from: 'vm1', to: 'vm2', size: 1472 });
    expect(big.verdict).toBe('dropped');
    expect(big.reason).toMatch(/exceeds the MTU 1450/);
    const frag = cloud(t).send({ from: 'vm1', to: 'vm2', size: 1472, df: false });
    expect(frag.verdict).toBe('delivered');
    const req = hopsOf(frag, frag.probes[0]!.request!);
    expect(req[0]!.changes.join(' ')).toMatch(/fragment: 1472 bytes in 2 fragments for the MTU 1450/);
    expect(req[0]!.frame.ip).toMatchObject({ len: 1444, df: false });
  });

  it('refuses what no packet can carry, naming the field and the value', () => {
    const c = cloud(t);
    const bad = (req: Parameters<typeof c.send>[0]) => {
      const r = send(t, c.plane, newSimState(), req);
      return r.ok ? null : r.error;
    };
    expect(bad({ from: 'vm1', to: 'vm2', src: '10.0.0.300' })).toBe('--src 10.0.0.300: not an IPv4 address');
    expect(bad({ from: 'vm1', to: 'vm2', ttl: 0 })).toMatch(/^--ttl 0: /);
    expect(bad({ from: 'vm1', to: 'vm2', size: 20 })).toMatch(/^--size 20: a icmp packet is 28 to 65535/);
    expect(bad({ from: 'vm1', to: 'vm2', flags: 'A' })).toBe('--flags A: only a TCP probe has flags');
    expect(bad({ from: 'vm1', to: 'vm2', proto: 'tcp', port: 22, sport: 70000 })).toMatch(/^--sport 70000/);
  });

  it('the same hand-made send on a fresh state gives the same trace', () => {
    const topo = loadTopologyText(exampleText(base));
    if (!topo.ok) throw new Error('example');
    const plane = realize(topo.topology);
    const once = () =>
      JSON.stringify(
        send(topo.topology, plane, newSimState(), { from: 'vm1', to: 'vm2', src: '192.0.2.1', ttl: 3 }),
      );
    expect(once()).toBe(once());
  });
});
