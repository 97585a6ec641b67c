// `ip` and net-tools in the simulated terminal: what they print derives from the model of
// two-networks-one-router (neutron-facts §1, §2, §8, §9).
import { describe, expect, it } from 'vitest';
import type { Where } from '../../src/sim/tools/context';
import { runLine } from '../../src/sim/tools/shell';
import { cloud, loadExample } from './helpers';

const t = loadExample('two-networks-one-router');
const fresh = () => cloud(t);
/** the demo with its servers booting the Ubuntu cloud image: iproute2 in the guests (CirrOS's BusyBox
 * forms are in guest-console.test.ts) */
const ubuntu = () => cloud({ ...t, servers: t.servers.map((s) => ({ ...s, image: 'ubuntu' as const })) });
const sh = (c: ReturnType<typeof cloud>, where: Where, line: string) =>
  runLine({ topology: c.topology, plane: c.plane, state: c.state }, where, line);
const host = (name: string, namespace: string | null = null): Where => ({ host: name, namespace });
const lines = (s: string) => s.split('\n').filter(Boolean);

const net = (name: string) => t.networks.find((n) => n.name === name)!;
const subnetOf = (name: string) => t.subnets.find((s) => s.network_id === net(name).id)!;
const router = t.routers[0]!;
const qrouter = `qrouter-${router.id}`;
const server = (name: string) => t.servers.find((s) => s.name === name)!;
const portOf = (vm: string) => t.ports.find((p) => p.device_id === server(vm).id)!;
const routerPort = (netName: string) =>
  t.ports.find((p) => p.device_id === router.id && p.network_id === net(netName).id)!;
const dev = (prefix: string, portId: string) => (prefix + portId).slice(0, 14);
const fip = t.floatingips[0]!;

describe('ip netns', () => {
  it('lists on the network host exactly the qrouter namespace and one qdhcp namespace per DHCP network', () => {
    const r = sh(fresh(), host('network1'), 'ip netns');
    expect(r.exitCode).toBe(0);
    const listed = lines(r.stdout).map((l) => l.replace(/ \(id: \d+\)$/, ''));
    const dhcpNets = t.networks.filter((n) => t.subnets.some((s) => s.network_id === n.id && s.enable_dhcp));
    expect(dhcpNets.map((n) => n.name).sort()).toEqual(['net1', 'net2']);
    expect(listed.sort()).toEqual([qrouter, ...dhcpNets.map((n) => `qdhcp-${n.id}`)].sort());
    // every line carries the nsid modern iproute2 prints, ids distinct
    const ids = lines(r.stdout).map((l) => /\(id: (\d+)\)$/.exec(l)?.[1]);
    expect(new Set(ids).size).toBe(3);
  });

  it('lists nothing on a compute host (no router and no DHCP agent there)', () => {
    expect(sh(fresh(), host('compute1'), 'ip netns')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('runs a command inside a namespace with exec, and refuses an unknown one as iproute2 does', () => {
    const c = fresh();
    const inside = sh(c, host('network1'), `ip netns exec ${qrouter} ip -4 addr`);
    expect(inside.stdout).toContain(`inet ${routerPort('net1').fixed_ips[0]!.ip_address}/24`);
    const bad = sh(c, host('network1'), 'ip netns exec qrouter-nope ip a');
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toBe('Cannot open network namespace "qrouter-nope": No such file or directory\n');
    // the router lives on the network node only
    expect(sh(c, host('compute1'), `ip netns exec ${qrouter} ip r`).stderr).toContain(
      'Cannot open network namespace',
    );
  });
});

describe('ip route', () => {
  it('in the qrouter: the connected route of each qr- port and the default via the external gateway on qg-', () => {
    const out = lines(sh(fresh(), host('network1', qrouter), 'ip route').stdout);
    for (const name of ['net1', 'net2']) {
      const qr = dev('qr-', routerPort(name).id);
      // the router interface holds the subnet's gateway_ip (neutron-facts §8)
      expect(out).toContain(
        `${subnetOf(name).cidr} dev ${qr} proto kernel scope link src ${subnetOf(name).gateway_ip}`,
      );
    }
    const gw = t.ports.find((p) => p.device_owner === 'network:router_gateway')!;
    const qg = dev('qg-', gw.id);
    expect(out.find((l) => l.startsWith('default'))).toMatch(
      new RegExp(`^default via ${subnetOf('public').gateway_ip!.replaceAll('.', '\\.')} dev ${qg}( |$)`),
    );
    expect(out).toContain(
      `${subnetOf('public').cidr} dev ${qg} proto kernel scope link src ${gw.fixed_ips[0]!.ip_address}`,
    );
    // listed as the kernel lists the main table: default first
    expect(out[0]).toMatch(/^default /);
  });

  it('`ip r` and `ip ro show` are abbreviations of the same command; route -n shows the same table', () => {
    const c = fresh();
    const where = host('network1', qrouter);
    const full = sh(c, where, 'ip route show').stdout;
    expect(sh(c, where, 'ip r').stdout).toBe(full);
    expect(sh(c, where, 'ip ro sh').stdout).toBe(full);
    const table = lines(sh(c, where, 'route -n').stdout);
    expect(table.slice(0, 2)).toEqual([
      'Kernel IP routing table',
      'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
    ]);
    const qg = dev('qg-', t.ports.find((p) => p.device_owner === 'network:router_gateway')!.id);
    const def = table.find((l) => l.startsWith('0.0.0.0'))!;
    expect(def.split(/\s+/)).toEqual([
      '0.0.0.0',
      subnetOf('public').gateway_ip,
      '0.0.0.0',
      'UG',
      '0',
      '0',
      '0',
      qg,
    ]);
    expect(table.length).toBe(2 + lines(full).length);
  });

  it('in an Ubuntu VM: the subnet route and the default route DHCP gave, via the subnet gateway', () => {
    const out = sh(ubuntu(), { host: null, namespace: null, vm: 'vm1' }, 'ip route').stdout;
    expect(out).toMatch(new RegExp(`^default via ${subnetOf('net1').gateway_ip} dev eth0`, 'm'));
    expect(out).toContain(
      `${subnetOf('net1').cidr} dev eth0 proto kernel scope link src ${portOf('vm1').fixed_ips[0]!.ip_address}`,
    );
  });

  it('on a host: the underlay network of its tunnel IP on eth0', () => {
    const ip = t.hosts.find((h) => h.name === 'compute1')!.tunnel_ip;
    expect(sh(fresh(), host('compute1'), 'ip route').stdout).toMatch(
      new RegExp(`dev eth0 proto kernel scope link src ${ip.replaceAll('.', '\\.')}\\n$`),
    );
  });

  it('`ip route get` picks the longest prefix: vm2 through its qr- port, the internet through qg-', () => {
    const c = fresh();
    const where = host('network1', qrouter);
    const vm2 = portOf('vm2').fixed_ips[0]!.ip_address;
    expect(sh(c, where, `ip route get ${vm2}`).stdout).toMatch(
      new RegExp(`^${vm2} dev ${dev('qr-', routerPort('net2').id)} src ${subnetOf('net2').gateway_ip} `),
    );
    expect(sh(c, where, 'ip route get 203.0.113.10').stdout).toMatch(
      new RegExp(`^203\\.0\\.113\\.10 via ${subnetOf('public').gateway_ip} dev qg-`),
    );
    expect(sh(c, host('compute1'), 'ip route get 8.8.8.8')).toMatchObject({
      exitCode: 2,
      stderr: 'RTNETLINK answers: Network is unreachable\n',
    });
  });
});

describe('ip addr', () => {
  it('in the qrouter: lo, then the qr- ports on the gateway IPs and qg- with the floating IP as a /32', () => {
    const out = sh(fresh(), host('network1', qrouter), 'ip addr').stdout;
    expect(out.startsWith('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536')).toBe(true);
    const qr1 = dev('qr-', routerPort('net1').id);
    expect(out).toMatch(
      new RegExp(`^\\d+: ${qr1}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${net('net1').mtu} `, 'm'),
    );
    expect(out).toContain(`    link/ether ${routerPort('net1').mac_address} brd ff:ff:ff:ff:ff:ff`);
    expect(out).toContain(`    inet ${subnetOf('net1').gateway_ip}/24 brd 192.168.1.255 scope global ${qr1}`);
    const qg = dev('qg-', t.ports.find((p) => p.device_owner === 'network:router_gateway')!.id);
    // a floating IP is added to qg as a /32 (neutron-facts §8), its broadcast the address itself
    expect(out).toContain(
      `    inet ${fip.floating_ip_address}/32 brd ${fip.floating_ip_address} scope global ${qg}`,
    );
    // nothing of the root namespace leaks in
    expect(out).not.toContain('eth0');
    expect(out).not.toContain('qvo');
  });

  it('on a compute host: eth0 with the tunnel IP and the hybrid plug chain with masters', () => {
    const out = sh(fresh(), host('compute1'), 'ip a').stdout;
    const id = portOf('vm1').id;
    const [tap, qbr, qvb, qvo] = ['tap', 'qbr', 'qvb', 'qvo'].map((p) => dev(p, id));
    expect(out).toMatch(/^2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 /m);
    const tunnelIp = t.hosts.find((h) => h.name === 'compute1')!.tunnel_ip;
    expect(out).toContain(`    inet ${tunnelIp}/24 brd ${tunnelIp.replace(/\d+$/, '255')} scope global eth0`);
    expect(out).toMatch(
      new RegExp(`^\\d+: ${qbr}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP`, 'm'),
    );
    // qvo is an OVS port (master ovs-system), qvb and the tap are ports of the qbr (neutron-facts §2)
    expect(out).toMatch(new RegExp(`^\\d+: ${qvo}@${qvb}: .* mtu 1450 .* master ovs-system `, 'm'));
    expect(out).toMatch(new RegExp(`^\\d+: ${qvb}@${qvo}: .* master ${qbr} `, 'm'));
    expect(out).toMatch(new RegExp(`^\\d+: ${tap}: .* master ${qbr} `, 'm'));
    // libvirt's tap carries the guest MAC with the first octet fe
    expect(out).toContain(`link/ether fe${portOf('vm1').mac_address.slice(2)} `);
    for (const d of ['ovs-system', 'br-int', 'br-tun'])
      expect(out).toMatch(new RegExp(`^\\d+: ${d}: <BROADCAST,MULTICAST> `, 'm'));
    expect(out).not.toContain('qr-');
    // interface indexes are unique and increasing
    const idx = lines(out)
      .map((l) => /^(\d+): /.exec(l)?.[1])
      .filter(Boolean)
      .map(Number);
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    expect(new Set(idx).size).toBe(idx.length);
  });

  it('-4 keeps IPv4 lines and the links that have one; show <dev> picks one link', () => {
    const c = fresh();
    const four = sh(c, host('compute1'), 'ip -4 a').stdout;
    expect(
      lines(four)
        .filter((l) => /^\d+: /.test(l))
        .map((l) => l.split(': ')[1]),
    ).toEqual(['lo', 'eth0']);
    expect(four).not.toContain('link/ether');
    expect(four).not.toContain('inet6');
    const one = sh(c, host('compute1'), 'ip addr show dev eth0').stdout;
    expect(lines(one)[0]).toMatch(/^2: eth0: /);
    expect(sh(c, host('compute1'), 'ip a show nope')).toMatchObject({
      exitCode: 1,
      stderr: 'Device "nope" does not exist.\n',
    });
  });

  it('in an Ubuntu VM: lo and eth0 with the port MAC and fixed IP', () => {
    const out = sh(ubuntu(), { host: null, namespace: null, vm: 'vm2' }, 'ip a').stdout;
    const p = portOf('vm2');
    expect(
      lines(out)
        .filter((l) => /^\d+: /.test(l))
        .map((l) => l.split(':')[1]!.trim()),
    ).toEqual(['lo', 'eth0']);
    expect(out).toContain(`link/ether ${p.mac_address} brd ff:ff:ff:ff:ff:ff`);
    expect(out).toContain(`inet ${p.fixed_ips[0]!.ip_address}/24 brd 192.168.2.255 scope global eth0`);
    expect(out).toMatch(/^2: eth0: .* mtu 1450 /m);
  });

  it('-br prints one line per link with its state and addresses', () => {
    const out = sh(fresh(), { host: null, namespace: null, vm: 'vm1' }, 'ip -br a').stdout;
    expect(lines(out)[1]).toMatch(new RegExp(`^eth0 +UP +${portOf('vm1').fixed_ips[0]!.ip_address}/24 `));
  });
});

describe('ip neigh', () => {
  it('is empty before any traffic and holds the ARP cache the ping filled, with the ports MACs', () => {
    const c = fresh();
    const where = host('network1', qrouter);
    expect(sh(c, where, 'ip neigh').stdout).toBe('');
    c.send({ from: 'vm1', to: 'vm2' });
    const out = lines(sh(c, where, 'ip neigh').stdout);
    const vm1 = portOf('vm1');
    const vm2 = portOf('vm2');
    expect(out).toContain(
      `${vm1.fixed_ips[0]!.ip_address} dev ${dev('qr-', routerPort('net1').id)} lladdr ${vm1.mac_address} REACHABLE`,
    );
    expect(out).toContain(
      `${vm2.fixed_ips[0]!.ip_address} dev ${dev('qr-', routerPort('net2').id)} lladdr ${vm2.mac_address} REACHABLE`,
    );
    // vm1 resolved its gateway: the router's qr- MAC on net1
    expect(sh(c, { host: null, namespace: null, vm: 'vm1' }, 'ip n').stdout).toBe(
      `${subnetOf('net1').gateway_ip} dev eth0 lladdr ${routerPort('net1').mac_address} REACHABLE\n`,
    );
    // arp -n prints the same cache in the net-tools table
    const arp = lines(sh(c, where, 'arp -n').stdout);
    expect(arp[0]).toMatch(/^Address +HWtype +HWaddress +Flags Mask +Iface$/);
    expect(arp.some((l) => l.startsWith(vm1.fixed_ips[0]!.ip_address) && l.includes(vm1.mac_address))).toBe(
      true,
    );
  });
});

describe('ip argument errors', () => {
  it('answers unknown objects, commands and options with iproute2s messages and exit codes', () => {
    const c = fresh();
    expect(sh(c, host('network1'), 'ip foo')).toMatchObject({
      exitCode: 1,
      stderr: 'Object "foo" is unknown, try "ip help".\n',
    });
    expect(sh(c, host('network1'), 'ip addr frob')).toMatchObject({
      exitCode: 255,
      stderr: 'Command "frob" is unknown, try "ip address help".\n',
    });
    expect(sh(c, host('network1'), 'ip netns frob').stderr).toBe(
      'Command "frob" is unknown, try "ip netns help".\n',
    );
    expect(sh(c, host('network1'), 'ip -z a')).toMatchObject({
      exitCode: 255,
      stderr: 'Option "-z" is unknown, try "ip -help".\n',
    });
    const usage = sh(c, host('network1'), 'ip');
    expect(usage.exitCode).toBe(255);
    expect(usage.stderr).toMatch(/^Usage: ip \[ OPTIONS \] OBJECT/);
    expect(sh(c, host('network1'), 'ip netns exec')).toMatchObject({
      exitCode: 1,
      stderr: 'No netns name specified\n',
    });
    expect(sh(c, host('network1'), `ip netns exec ${qrouter}`).stderr).toBe('No command specified\n');
    expect(sh(c, host('network1'), 'ip addr add 1.2.3.4/32 dev eth0').exitCode).not.toBe(0);
  });

  it('`ip -n <ns>` runs in the namespace like `ip netns exec <ns> ip`', () => {
    const c = fresh();
    expect(sh(c, host('network1'), `ip -n ${qrouter} -4 a`).stdout).toBe(
      sh(c, host('network1'), `ip netns exec ${qrouter} ip -4 a`).stdout,
    );
    const dhcp = `qdhcp-${net('net1').id}`;
    const dhcpPort = t.ports.find(
      (p) => p.device_owner === 'network:dhcp' && p.network_id === net('net1').id,
    )!;
    // the DHCP port: tap<port id> holding the first pool address (neutron-facts §9)
    expect(sh(c, host('network1'), `ip -n ${dhcp} -4 a`).stdout).toContain(
      `inet ${subnetOf('net1').allocation_pools[0]!.start}/24 brd 192.168.1.255 scope global ${dev('tap', dhcpPort.id)}`,
    );
  });
});

describe('the underlay and the hosts’ NICs', () => {
  it("eth0's MAC is the outer source MAC of the VXLAN frames the host sends", () => {
    const c = fresh();
    const trace = c.send({ from: 'vm1', to: 'vm2' });
    for (const name of ['compute1', 'network1']) {
      const out = sh(c, host(name), 'ip link show eth0').stdout;
      const mac = /link\/ether (\S+)/.exec(out)![1]!;
      const sent = trace.hops.filter((h) => h.host === name && h.kind === 'vxlan-port' && h.frame.vxlan);
      expect(sent.length).toBeGreaterThan(0);
      const outer = sent
        .map((h) => h.frame.vxlan!.outer)
        .filter((o) => o.src === c.topology.hosts.find((x) => x.name === name)!.tunnel_ip);
      expect(outer.length).toBeGreaterThan(0);
      for (const o of outer) expect(o.ethSrc).toBe(mac);
    }
  });

  it('conntrack zones of the hybrid firewall are numbered per host from 4097', () => {
    const trace = fresh().send({ from: 'vm1', to: 'vm2' });
    const zones = trace.hops.flatMap((h) => [...h.action.matchAll(/zone (\d+)/g)].map((m) => Number(m[1])));
    expect(zones.length).toBeGreaterThan(0);
    // one VM per compute host: each host's only port has the first zone
    expect(new Set(zones)).toEqual(new Set([4097]));
  });
});
