// North-south traffic through the qrouter's iptables nat rules, and security groups that drop.
import { describe, expect, it } from 'vitest';
import { runTool } from '../../src/sim';
import { cloud, hopsOf, loadExample, packetId, variant } from './helpers';

const base = 'two-networks-one-router';

describe('floating IPs and SNAT (neutron-facts §8)', () => {
  const t = loadExample(base);
  const fip = t.floatingips[0]!;
  const vm1ip = fip.fixed_ip_address!;
  const router = t.routers[0]!;
  const gwIp = router.external_gateway_info!.external_fixed_ips[0]!.ip_address;
  const vm2ip = t.ports.find((p) => p.device_id === t.servers.find((s) => s.name === 'vm2')!.id)!
    .fixed_ips[0]!.ip_address;

  it('DNATs the floating IP to vm1 on the way in, and translates the reply back', () => {
    const trace = cloud(t).send({ from: 'internet', to: 'vm1' });
    expect(trace.verdict).toBe('delivered');
    expect(trace.send.dst).toBe(fip.floating_ip_address);
    const req = hopsOf(trace, packetId(trace, /echo request/));
    const ns = req.find((h) => h.kind === 'namespace' && h.changes.some((c) => c.startsWith('DNAT')))!;
    expect(ns.changes).toContain(`DNAT dst ${fip.floating_ip_address} -> ${vm1ip}`);
    expect(ns.rule).toContain(
      `-A neutron-l3-agent-PREROUTING -d ${fip.floating_ip_address}/32 -j DNAT --to-destination ${vm1ip}`,
    );
    expect(req.at(-1)!.frame.ip).toMatchObject({ dst: vm1ip, src: '203.0.113.10' });
    const reply = hopsOf(trace, packetId(trace, /echo reply/));
    expect(reply.at(-1)!.frame.ip!.src).toBe(fip.floating_ip_address);
  });

  it('SNATs vm1 to its floating IP on the way out', () => {
    const trace = cloud(t).send({ from: 'vm1', to: 'internet' });
    expect(trace.verdict).toBe('delivered');
    const req = hopsOf(trace, packetId(trace, /echo request/));
    const ns = req.find((h) => h.changes.some((c) => c.startsWith('SNAT')))!;
    expect(ns.changes).toContain(`SNAT src ${vm1ip} -> ${fip.floating_ip_address}`);
    expect(ns.rule).toContain(
      `-A neutron-l3-agent-float-snat -s ${vm1ip}/32 -j SNAT --to-source ${fip.floating_ip_address}`,
    );
    expect(req.at(-1)!.frame.ip!.src).toBe(fip.floating_ip_address);
  });

  it("SNATs vm2, which has no floating IP, to the router's gateway address", () => {
    const trace = cloud(t).send({ from: 'vm2', to: 'internet' });
    expect(trace.verdict).toBe('delivered');
    const req = hopsOf(trace, packetId(trace, /echo request/));
    expect(req.at(-1)!.frame.ip!.src).toBe(gwIp);
    expect(req.find((h) => h.changes.includes(`SNAT src ${vm2ip} -> ${gwIp}`))!.rule).toMatch(
      /-A neutron-l3-agent-snat -o qg-\S+ -j SNAT --to-source/,
    );
  });

  it('an outside host cannot open a connection to vm2', () => {
    const c = cloud(t);
    const byName = c.send({ from: 'internet', to: 'vm2', proto: 'tcp', port: 22 });
    expect(byName.verdict).toBe('dropped');
    expect(byName.send.dst).toBe(vm2ip);
    expect(byName.reason).toMatch(/no route to/);
    const toGateway = c.send({ from: 'internet', to: gwIp, proto: 'tcp', port: 22 });
    expect(toGateway.probes[0]!.outcome).toBe('refused');
  });

  it('without enable_snat: no SNAT out of qg, but the hairpin rule still makes vm1 see the router for vm2', () => {
    const noSnat = variant(base, (i) => {
      i.routers[0].external_gateway_info.enable_snat = false;
    });
    const c = cloud(noSnat);
    const nat = runTool(c, { host: 'network1', namespace: `qrouter-${noSnat.routers[0]!.id}` }, [
      'iptables',
      '-t',
      'nat',
      '-S',
    ]).stdout;
    expect(nat).not.toMatch(/-A neutron-l3-agent-snat -o qg-\S+ -j SNAT/);
    expect(nat).toContain(
      `-A neutron-l3-agent-snat -m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT --to-source ${gwIp}`,
    );
    // vm2 pings vm1's floating IP: DNAT to vm1, and the hairpin SNAT to the gateway so the reply comes back
    const trace = c.send({ from: 'vm2', to: fip.floating_ip_address });
    expect(trace.verdict).toBe('delivered');
    const req = hopsOf(trace, packetId(trace, /echo request/));
    expect(req.at(-1)!.frame.ip).toMatchObject({ src: gwIp, dst: vm1ip });
    // and vm2 alone, with no floating IP, does not reach the internet
    expect(c.send({ from: 'vm2', to: 'internet' }).verdict).not.toBe('delivered');
  });

  it('the gateway port of the router answers only for its own addresses (arp_ignore=1)', () => {
    const trace = cloud(t).send({ from: 'internet', to: gwIp });
    expect(trace.verdict).toBe('delivered');
    expect(trace.probes[0]!.summary).toMatch(/ttl=63/);
  });
});

describe('the metadata REDIRECT (neutron-facts §8)', () => {
  const t = loadExample(base);
  const router = t.routers[0]!;
  const gwIp = router.external_gateway_info!.external_fixed_ips[0]!.ip_address;

  it("sends a VM's TCP 80 to 169.254.169.254 to the metadata proxy on port 9697 of its qrouter", () => {
    const trace = cloud(t).send({ from: 'vm1', to: '169.254.169.254', proto: 'tcp', port: 80 });
    expect(trace.probes[0]!.outcome).toBe('established');
    const syn = hopsOf(trace, packetId(trace, /\[SYN\]/));
    const redirect = syn.find((h) => h.changes.some((c) => c.startsWith('REDIRECT')))!;
    expect(redirect.namespace).toBe(`qrouter-${router.id}`);
    expect(redirect.changes).toContain('REDIRECT dst 169.254.169.254:80 -> 192.168.1.1:9697');
    expect(redirect.rule).toContain(
      '-A neutron-l3-agent-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 9697',
    );
    // answered inside the router: nothing goes out by qg, and vm1 sees the answer from the address it asked
    expect(trace.hops.some((h) => h.device.startsWith('qg-'))).toBe(false);
    const synAck = hopsOf(trace, packetId(trace, /\[SYN, ACK\]/));
    expect(synAck.at(-1)).toMatchObject({ device: 'vm1' });
    expect(synAck.at(-1)!.frame.ip).toMatchObject({ src: '169.254.169.254' });
    expect(synAck.at(-1)!.frame.tcp).toMatchObject({ sport: 80 });
  });

  it('lets nothing else reach the proxy port: TCP 9697 from outside dies in the filter table', () => {
    const trace = cloud(t).send({ from: 'internet', to: gwIp, proto: 'tcp', port: 9697 });
    expect(trace.verdict).toBe('dropped');
    expect(trace.dropped?.rule).toBe('-A neutron-l3-agent-INPUT -p tcp -m tcp --dport 9697 -j DROP');
    // the rule the trace names is the one iptables shows in the namespace, after the ACCEPT of marked requests
    const filter = runTool(cloud(t), { host: 'network1', namespace: `qrouter-${router.id}` }, [
      'iptables',
      '-S',
      'neutron-l3-agent-INPUT',
    ]).stdout.split('\n');
    expect(filter.slice(1, 3)).toEqual([
      '-A neutron-l3-agent-INPUT -m mark --mark 0x1/0xffff -j ACCEPT',
      trace.dropped!.rule,
    ]);
  });

  it('leaves a ping to 169.254.169.254 alone: only TCP 80 is redirected', () => {
    const trace = cloud(t).send({ from: 'vm1', to: '169.254.169.254' });
    expect(trace.verdict).not.toBe('delivered');
    expect(trace.hops.some((h) => h.changes.some((c) => c.startsWith('REDIRECT')))).toBe(false);
  });
});

describe('security groups (neutron-facts §11)', () => {
  it("drops at the receiver's qbr when no ingress rule matches, and says so", () => {
    const t = variant(base, (input) => {
      input.security_groups.push({ name: 'locked', project_id: 'demo', rules: [{ direction: 'egress' }] });
      input.ports.find((p: { name: string }) => p.name === 'vm2-port').security_groups = ['locked'];
    });
    const trace = cloud(t).send({ from: 'vm1', to: 'vm2' });
    expect(trace.verdict).toBe('dropped');
    expect(trace.reason).toMatch(/security group: no ingress rule .* allows ICMP from 192\.168\.1\./);
    const vm2port = t.ports.find((p) => p.name === 'vm2-port')!;
    expect(trace.dropped).toMatchObject({ host: 'compute2', device: `qbr${vm2port.id.slice(0, 11)}` });
    expect(trace.dropped!.rule).toContain('neutron-openvswi-sg-fallback');
    // the request did get through the sender's egress chain
    const echo = hopsOf(trace, packetId(trace, /echo request/));
    expect(echo.find((h) => h.host === 'compute1' && h.kind === 'linux-bridge')!.fate).toBe('forward');
  });

  it('is stateful: a reply passes on the RELATED,ESTABLISHED rule', () => {
    const trace = cloud(loadExample(base)).send({ from: 'vm1', to: 'vm2' });
    const reply = hopsOf(trace, packetId(trace, /echo reply/));
    const atVm1 = reply.find((h) => h.host === 'compute1' && h.kind === 'linux-bridge')!;
    expect(atVm1.action).toMatch(/conntrack ESTABLISHED/);
    expect(atVm1.rule).toMatch(/--state RELATED,ESTABLISHED/);
  });

  it('allows TCP only on the ports a rule opens', () => {
    const c = cloud(loadExample(base));
    expect(c.send({ from: 'internet', to: 'vm1', proto: 'tcp', port: 22 }).probes[0]!.outcome).toBe(
      'established',
    );
    const blocked = c.send({ from: 'internet', to: 'vm1', proto: 'tcp', port: 80 });
    expect(blocked.verdict).toBe('dropped');
    expect(blocked.reason).toMatch(/TCP to port 80/);
  });
});

describe('a removed router interface', () => {
  it('ends the trace at vm1, which never learns its gateway', () => {
    const t = variant(base, (input) => {
      input.ports = input.ports.filter((p: { name: string }) => p.name !== 'router1-net1');
      input.floatingips = [];
    });
    const trace = cloud(t).send({ from: 'vm1', to: 'vm2' });
    expect(trace.verdict).toBe('dropped');
    expect(trace.reason).toMatch(/no ARP reply for 192\.168\.1\.1 .*default gateway/);
    expect(trace.dropped).toMatchObject({ device: 'vm1', host: 'compute1' });
    expect(trace.packets.filter((p) => p.kind === 'arp-request')).toHaveLength(3);
  });

  it('on the far side, makes the router answer host or net unreachable', () => {
    const t = variant(base, (input) => {
      input.ports = input.ports.filter((p: { name: string }) => p.name !== 'router1-net2');
    });
    const trace = cloud(t).send({ from: 'vm1', to: 'vm2' });
    expect(trace.verdict).toBe('dropped');
    expect(trace.probes[0]!.outcome).toBe('unreachable');
  });
});

describe('an external subnet wider than a /24', () => {
  it('gives the upstream router its real prefix (a /16 above 128.0.0.0)', () => {
    const t = variant(base, (input) => {
      input.subnets[0].cidr = '172.24.0.0/16';
      input.subnets[0].gateway_ip = '172.24.0.1';
    });
    expect(cloud(t).send({ from: 'vm2', to: 'internet' }).verdict).toBe('delivered');
  });
});

describe('several probes', () => {
  it('each gets its outcome, even after one failed', () => {
    const trace = cloud(loadExample(base)).send({
      from: 'internet',
      to: 'vm1',
      proto: 'udp',
      port: 33434,
      count: 3,
    });
    expect(trace.probes).toHaveLength(3);
    for (const p of trace.probes) {
      expect(p.outcome).not.toBe('pending');
      expect(p.summary).not.toBe('');
    }
  });
});
