// A VM's console is the guest's own (issue 18, point 1): CirrOS (the default image) prints BusyBox's
// ping, ip and arp with the addresses dhcpcd configured; a server with image "ubuntu" prints iputils'
// and iproute2's. Expected texts are written from BusyBox (networking/ping.c, ipaddress.c, iproute.c,
// arp.c), dhcpcd's defaults and iproute2, never from the simulator's output.
import { describe, expect, it } from 'vitest';
import {
  busyboxPingHeader,
  busyboxPingLine,
  busyboxPingStatistics,
  runsBusybox,
} from '../../src/logic/terminal/busybox';
import { pingHeader, pingLine, probeResults } from '../../src/logic/terminal/ping';
import { loadTopology } from '../../src/sim';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, loadExample } from './helpers';

const t = loadExample('two-networks-one-router');
const ubuntuTopology = { ...t, servers: t.servers.map((s) => ({ ...s, image: 'ubuntu' as const })) };
type Cloud = ReturnType<typeof cloud>;
const sh = (c: Cloud, vm: string, line: string) =>
  runLine(c, { host: null, namespace: null, vm } as Where, line).stdout;
const port = (name: string) => t.ports.find((p) => p.name === name)!;
const vm1 = port('vm1-port');
const ip1 = vm1.fixed_ips[0]!.ip_address;
const gw1 = t.subnets.find((s) => s.name === 'subnet1')!.gateway_ip!;
const router1 = port('router1-net1');
const ll = '::f816:3eff:fe'; // fa:16:3e:… with the universal/local bit flipped (EUI-64)
const lla = (mac: string) =>
  `fe80${ll}${mac.slice(9, 11)}:${mac.slice(12, 14)}${mac.slice(15, 17)}`.replace(/:0+([0-9a-f])/g, ':$1');

describe('a CirrOS guest (the default image)', () => {
  it('ip a: BusyBox form, pfifo_fast, the leased address dynamic noprefixroute with its lifetimes', () => {
    const c = cloud(t);
    expect(sh(c, 'vm1', 'ip a')).toBe(`1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc pfifo_fast qlen 1000
    link/ether ${vm1.mac_address} brd ff:ff:ff:ff:ff:ff
    inet ${ip1}/24 brd 192.168.1.255 scope global dynamic noprefixroute eth0
       valid_lft 86400sec preferred_lft 86400sec
    inet6 ${lla(vm1.mac_address)}/64 scope link
       valid_lft forever preferred_lft forever
`);
  });

  it('the lease counts down with the simulated clock, and starts again when dhcpcd renews at T1', () => {
    const c = cloud(t);
    c.state.clock = 3_600_000_000; // one hour
    expect(sh(c, 'vm1', 'ip a')).toContain('valid_lft 82800sec preferred_lft 82800sec');
    c.state.clock = 43_201_000_000; // just past half the lease: renewed a second ago
    expect(sh(c, 'vm1', 'ip a')).toContain('valid_lft 86399sec preferred_lft 86399sec');
  });

  it("ip route: dhcpcd's routes (metric 1000 + eth0's index 2), printed by BusyBox", () => {
    expect(sh(cloud(t), 'vm1', 'ip route')).toBe(
      `default via ${gw1} dev eth0  metric 1002 \n192.168.1.0/24 dev eth0 scope link  src ${ip1}  metric 1002 \n`,
    );
  });

  it('arp -n: the BusyBox form, the gateway learned by a ping', () => {
    const c = cloud(t);
    c.send({ from: 'vm1', to: 'vm2' });
    expect(sh(c, 'vm1', 'arp -n')).toBe(`? (${gw1}) at ${router1.mac_address} [ether]  on eth0\n`);
  });

  it('ping: BusyBox header, seq from 0, time in µs as %u.%03u, and its statistics', () => {
    const c = cloud(t);
    const trace = c.send({ from: 'vm1', to: 'vm2', proto: 'icmp', count: 2, size: 84, intervalMs: 1000 });
    const vm2 = port('vm2-port').fixed_ips[0]!.ip_address;
    const rs = probeResults(trace);
    const us = rs.map((r) => r.answerUs! - r.sentUs);
    const ms = (x: number) => `${Math.floor(x / 1000)}.${String(x % 1000).padStart(3, '0')}`;
    const out = [
      busyboxPingHeader('vm2', trace.send.dst, 56),
      ...rs.map(busyboxPingLine),
      '',
      ...busyboxPingStatistics('vm2', 2, rs),
    ].join('\n');
    expect(out).toBe(`PING vm2 (${vm2}): 56 data bytes
64 bytes from ${vm2}: seq=0 ttl=63 time=${ms(us[0]!)} ms
64 bytes from ${vm2}: seq=1 ttl=63 time=${ms(us[1]!)} ms

--- vm2 ping statistics ---
2 packets transmitted, 2 packets received, 0% packet loss
round-trip min/avg/max = ${ms(Math.min(...us))}/${ms(Math.floor((us[0]! + us[1]!) / 2))}/${ms(Math.max(...us))} ms`);
  });

  it('ping: an ICMP error prints nothing, and a lost probe counts in the loss', () => {
    const trace = cloud(t).send({ from: 'vm1', to: 'internet', proto: 'icmp', count: 2, ttl: 1 });
    const rs = probeResults(trace);
    expect(rs.map(busyboxPingLine)).toEqual([null, null]);
    expect(busyboxPingStatistics('internet', 2, rs)).toEqual([
      '--- internet ping statistics ---',
      '2 packets transmitted, 0 packets received, 100% packet loss',
    ]);
  });
});

describe('an Ubuntu guest (image "ubuntu")', () => {
  it('ip a, ip route and arp -n keep iproute2 and net-tools forms', () => {
    const c = cloud(ubuntuTopology);
    c.send({ from: 'vm1', to: 'vm2' });
    expect(
      sh(c, 'vm1', 'ip a'),
    ).toBe(`1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host noprefixroute 
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc fq_codel state UP group default qlen 1000
    link/ether ${vm1.mac_address} brd ff:ff:ff:ff:ff:ff
    inet ${ip1}/24 brd 192.168.1.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 ${lla(vm1.mac_address)}/64 scope link 
       valid_lft forever preferred_lft forever
`);
    expect(sh(c, 'vm1', 'ip route')).toBe(
      `default via ${gw1} dev eth0 proto dhcp src ${ip1} metric 100\n192.168.1.0/24 dev eth0 proto kernel scope link src ${ip1}\n`,
    );
    expect(sh(c, 'vm1', 'arp -n')).toBe(
      `Address                  HWtype  HWaddress           Flags Mask            Iface\n${gw1.padEnd(23)}  ether   ${router1.mac_address}   C                     eth0\n`,
    );
  });

  it('ping: iputils form', () => {
    const c = cloud(ubuntuTopology);
    const trace = c.send({ from: 'vm1', to: 'vm2', proto: 'icmp', count: 1, size: 84 });
    const vm2 = port('vm2-port').fixed_ips[0]!.ip_address;
    expect(pingHeader('vm2', trace.send.dst, 56)).toBe(`PING vm2 (${vm2}) 56(84) bytes of data.`);
    expect(pingLine(probeResults(trace)[0]!)).toMatch(
      new RegExp(`^64 bytes from ${vm2.replaceAll('.', '\\.')}: icmp_seq=1 ttl=63 time=[\\d.]+ ms$`),
    );
  });
});

describe('the image field', () => {
  it('picks the console: cirros unless the server says ubuntu; anything else is refused by name', () => {
    const vm = () => ({
      target: { kind: 'vm' as const, serverId: t.servers[0]!.id },
      namespace: null,
    });
    expect(runsBusybox(vm(), t)).toBe(true);
    expect(runsBusybox(vm(), ubuntuTopology)).toBe(false);
    const bad = loadTopology({
      ...JSON.parse(JSON.stringify(t)),
      servers: [{ ...t.servers[0], image: 'fedora' }],
    });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(!bad.ok && bad.errors)).toMatch(/servers\[0\]\.image/);
    expect(JSON.stringify(!bad.ok && bad.errors)).toMatch(/fedora|cirros/);
  });
});
