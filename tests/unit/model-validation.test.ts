// Addresses in a topology file: CIDRs, IPv4 addresses, MACs, gateways, fixed IPs and allocation pools.
// Each bad value must be refused with an error at its own path that carries the value and says what is
// wrong, the way the Neutron API refuses it; each near miss that Neutron accepts must load.
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../src/sim';
import { accept, expectRefused, minimalInput, type RawTopology, refuse } from './model-input';

const vmPort = (t: RawTopology) => t.ports[1];

describe('CIDRs', () => {
  it.each([
    ['a word', 'banana'],
    ['an address without a prefix', '10.1.0.0'],
    ['three octets', '10.1.0/24'],
    ['an octet over 255', '10.1.0.256/24'],
    ['an empty string', ''],
  ])('refuses %s as a subnet cidr', (_, cidr) => {
    expectRefused((t) => (t.subnets[1].cidr = cidr), {
      path: 'subnets[1].cidr',
      value: cidr,
      message: /is not a valid IPv4 CIDR/,
    });
  });

  it.each(['33', '-1', 'ab', ''])('refuses the prefix length "%s"', (prefix) => {
    const cidr = `10.1.0.0/${prefix}`;
    expectRefused((t) => (t.subnets[1].cidr = cidr), {
      path: 'subnets[1].cidr',
      value: cidr,
      message: new RegExp(`invalid prefix length "${prefix}"`),
    });
  });

  it.each(['10.0.0.0/7', '10.1.0.0/31', '10.1.0.1/32'])(
    'refuses %s: a subnet here is /8 to /30 (a /31 or /32 has no room for gateway, DHCP and a VM)',
    (cidr) => {
      expectRefused((t) => (t.subnets[1].cidr = cidr), {
        path: 'subnets[1].cidr',
        value: cidr,
        message: /prefix length from \/8 to \/30/,
      });
    },
  );

  // Neutron: "'10.0.0.5/24' isn't a recognized IP subnet cidr, '10.0.0.0/24' is recommended".
  it.each([
    ['10.1.0.5/24', '10.1.0.0/24'],
    ['192.168.1.130/25', '192.168.1.128/25'], // 130 = 128 + 2: the /25 starts at 128
    ['172.16.5.1/16', '172.16.0.0/16'],
  ])('refuses %s with host bits set and suggests the network address %s', (cidr, network) => {
    expectRefused((t) => (t.subnets[1].cidr = cidr), {
      path: 'subnets[1].cidr',
      value: cidr,
      message: new RegExp(`not a network address; ${network.replaceAll('.', '\\.')} is recommended`),
    });
  });

  it('checks CIDRs in security group rules and routes too, with the same suggestion', () => {
    expectRefused(
      (t) => {
        t.security_groups = [
          {
            name: 'web',
            project_id: 'demo',
            rules: [{ direction: 'ingress', remote_ip_prefix: '0.0.0.1/0' }],
          },
        ];
      },
      {
        path: 'security_groups[0].rules[0].remote_ip_prefix',
        value: '0.0.0.1/0',
        message: /0\.0\.0\.0\/0 is recommended/,
      },
    );
    expectRefused((t) => (t.routers[0].routes = [{ destination: '10.9.0.0', nexthop: '172.24.4.1' }]), {
      path: 'routers[0].routes[0].destination',
      value: '10.9.0.0',
      message: /is not a valid IPv4 CIDR/,
    });
  });

  it('refuses two overlapping subnets on one network', () => {
    expectRefused((t) => t.subnets.push({ name: 'subnet1b', network_id: 'net1', cidr: '10.1.0.128/25' }), {
      path: 'subnets[2].cidr',
      value: '10.1.0.128/25',
      message: /overlaps 10\.1\.0\.0\/24 of subnet subnet1/,
    });
  });
});

describe('IPv4 addresses', () => {
  it.each<[string, (t: RawTopology, bad: string) => void, string]>([
    ['a host tunnel_ip', (t, bad) => (t.hosts[0].tunnel_ip = bad), 'hosts[0].tunnel_ip'],
    ['a subnet gateway_ip', (t, bad) => (t.subnets[1].gateway_ip = bad), 'subnets[1].gateway_ip'],
    [
      'a fixed IP',
      (t, bad) => (vmPort(t).fixed_ips = [{ ip_address: bad }]),
      'ports[1].fixed_ips[0].ip_address',
    ],
    [
      'an allocation pool start',
      (t, bad) => (t.subnets[1].allocation_pools = [{ start: bad, end: '10.1.0.20' }]),
      'subnets[1].allocation_pools[0].start',
    ],
    [
      'a floating IP address',
      (t, bad) => (t.floatingips[0].floating_ip_address = bad),
      'floatingips[0].floating_ip_address',
    ],
    [
      'a router gateway address',
      (t, bad) => (t.routers[0].external_gateway_info.external_fixed_ips = [{ ip_address: bad }]),
      'routers[0].external_gateway_info.external_fixed_ips[0].ip_address',
    ],
    [
      'a route nexthop',
      (t, bad) => (t.routers[0].routes = [{ destination: '10.9.0.0/16', nexthop: bad }]),
      'routers[0].routes[0].nexthop',
    ],
  ])('refuses a malformed address as %s', (_, put, path) => {
    for (const bad of ['10.1.0.300', '10.1.0', '10.1.0.x', '010.1.0.5']) {
      expectRefused((t) => put(t, bad), { path, value: bad, message: /is not a valid IPv4 address/ });
    }
  });
});

describe('MAC addresses', () => {
  it.each(['fa:16:3e:zz:00:01', 'fa:16:3e:00:01', 'fa163e000001', 'fa:16:3e:00:00:01:02'])(
    'refuses the malformed MAC %s',
    (mac) => {
      expectRefused((t) => (vmPort(t).mac_address = mac), {
        path: 'ports[1].mac_address',
        value: mac,
        message: /is not a valid MAC address/,
      });
    },
  );

  // neutron-lib validate_mac_address refuses INVALID_MAC_ADDRESSES although they are well formed.
  it.each(['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', 'FF:FF:FF:FF:FF:FF'])('refuses %s for a port', (mac) => {
    expectRefused((t) => (vmPort(t).mac_address = mac), {
      path: 'ports[1].mac_address',
      value: mac,
      message: /not a valid MAC address for a port/,
    });
  });

  it('refuses a MAC given to two ports, whatever its letter case', () => {
    expectRefused(
      (t) => {
        t.ports[0].mac_address = 'FA:16:3E:00:00:01';
        vmPort(t).mac_address = 'fa:16:3e:00:00:01';
      },
      { path: 'ports[1].mac_address', value: 'fa:16:3e:00:00:01', message: /already used by another port/ },
    );
  });

  it('keeps a well-formed MAC given by hand, in lower case, even outside fa:16:3e (Neutron allows it)', () => {
    const t = minimalInput();
    vmPort(t).mac_address = '52:54:00:AB:CD:EF';
    expect(accept(t).ports.find((p) => p.name === 'vm1-port')?.mac_address).toBe('52:54:00:ab:cd:ef');
  });

  it('refuses a malformed MAC in the outside world', () => {
    expectRefused(
      (t) => (t.outside = [{ network_id: 'public', gateway: { name: 'upstream', mac: 'not-a-mac' } }]),
      { path: 'outside[0].gateway.mac', value: 'not-a-mac', message: /is not a valid MAC address/ },
    );
  });
});

describe('subnet gateways', () => {
  it('refuses a gateway outside its subnet', () => {
    expectRefused((t) => (t.subnets[1].gateway_ip = '10.2.0.1'), {
      path: 'subnets[1].gateway_ip',
      value: '10.2.0.1',
      message: /outside the subnet 10\.1\.0\.0\/24/,
    });
  });

  it.each(['10.1.0.0', '10.1.0.255'])('refuses the network or broadcast address %s as gateway', (gw) => {
    expectRefused((t) => (t.subnets[1].gateway_ip = gw), {
      path: 'subnets[1].gateway_ip',
      value: gw,
      message: /network or broadcast address of 10\.1\.0\.0\/24/,
    });
  });

  it('refuses an allocation pool that contains the gateway', () => {
    const pool = { start: '10.1.0.1', end: '10.1.0.50' };
    expectRefused((t) => (t.subnets[1].allocation_pools = [pool]), {
      path: 'subnets[1].allocation_pools[0]',
      value: pool,
      message: /contains the gateway 10\.1\.0\.1/,
    });
  });
});

describe('fixed IPs', () => {
  it('refuses an address outside the subnet named with it', () => {
    expectRefused((t) => (vmPort(t).fixed_ips = [{ subnet_id: 'subnet1', ip_address: '10.9.0.5' }]), {
      path: 'ports[1].fixed_ips[0].ip_address',
      value: '10.9.0.5',
      message: /outside subnet subnet1 \(10\.1\.0\.0\/24\)/,
    });
  });

  it('refuses an address in no subnet of the port network when no subnet is named', () => {
    expectRefused((t) => (vmPort(t).fixed_ips = [{ ip_address: '172.24.4.150' }]), {
      path: 'ports[1].fixed_ips[0].ip_address',
      value: '172.24.4.150',
      message: /in no subnet of network net1/,
    });
  });

  it('refuses a subnet of another network', () => {
    expectRefused((t) => (vmPort(t).fixed_ips = [{ subnet_id: 'public-subnet' }]), {
      path: 'ports[1].fixed_ips[0].subnet_id',
      value: 'public-subnet',
      message: /subnet of another network, not of net1/,
    });
  });

  it('refuses an address already held by another port', () => {
    expectRefused(
      (t) => {
        vmPort(t).fixed_ips = [{ ip_address: '10.1.0.50' }];
        t.ports.push({ name: 'spare', network_id: 'net1', fixed_ips: [{ ip_address: '10.1.0.50' }] });
      },
      {
        path: 'ports[2].fixed_ips[0].ip_address',
        value: '10.1.0.50',
        message: /already in use on subnet subnet1/,
      },
    );
  });

  it("refuses the subnet's gateway_ip for a port that is not a router interface", () => {
    expectRefused((t) => (vmPort(t).fixed_ips = [{ ip_address: '10.1.0.1' }]), {
      path: 'ports[1].fixed_ips[0].ip_address',
      value: '10.1.0.1',
      message: /gateway_ip of subnet subnet1/,
    });
  });

  it.each([
    ['network', '10.1.0.0'],
    ['broadcast', '10.1.0.255'],
  ])('refuses the %s address of the subnet, for any port (ipam check_subnet_ip)', (_, ip) => {
    expectRefused((t) => (vmPort(t).fixed_ips = [{ ip_address: ip }]), {
      path: 'ports[1].fixed_ips[0].ip_address',
      value: ip,
      message: /network or broadcast address of subnet subnet1/,
    });
    expectRefused((t) => (t.ports[0].fixed_ips = [{ subnet_id: 'subnet1', ip_address: ip }]), {
      path: 'ports[0].fixed_ips[0].ip_address',
      value: ip,
      message: /network or broadcast address of subnet subnet1/,
    });
  });

  // The pools bound only what IPAM picks by itself; an address asked for by hand needs only to be in the
  // subnet and free (neutrondb_ipam _verify_ip), as the API guide's "static assignment" says.
  it('accepts an address in the subnet but out of the allocation pool, and never hands it out again', () => {
    const t = minimalInput();
    t.subnets[1].allocation_pools = [{ start: '10.1.0.10', end: '10.1.0.20' }];
    vmPort(t).fixed_ips = [{ ip_address: '10.1.0.50' }];
    const topo = accept(t);
    expect(topo.ports.find((p) => p.name === 'vm1-port')?.fixed_ips[0]?.ip_address).toBe('10.1.0.50');
    // The DHCP port still takes the first pool address, the router interface the gateway.
    const net1 = topo.networks.find((n) => n.name === 'net1')!;
    const dhcp = topo.ports.find((p) => p.network_id === net1.id && p.device_owner === 'network:dhcp');
    expect(dhcp?.fixed_ips[0]?.ip_address).toBe('10.1.0.10');
  });

  it('says so in a warning, since the issue asked for a refusal and Neutron does not refuse', () => {
    const t = minimalInput();
    t.subnets[1].allocation_pools = [{ start: '10.1.0.10', end: '10.1.0.20' }];
    vmPort(t).fixed_ips = [{ ip_address: '10.1.0.50' }];
    const r = loadTopology(t);
    expect(
      r.ok &&
        r.warnings.some((w) => /10\.1\.0\.50 is outside the allocation pools .* Neutron accepts/.test(w)),
    ).toBe(true);
  });

  it('refuses a floating IP address already in use, and accepts a free one outside the pool', () => {
    expectRefused(
      (t) => {
        t.routers[0].external_gateway_info.external_fixed_ips = [{ ip_address: '172.24.4.150' }];
        t.floatingips[0].floating_ip_address = '172.24.4.150';
      },
      { path: 'floatingips[0].floating_ip_address', value: '172.24.4.150', message: /already in use/ },
    );
    const t = minimalInput();
    t.floatingips[0].floating_ip_address = '172.24.4.9';
    expect(accept(t).floatingips[0]?.floating_ip_address).toBe('172.24.4.9');
  });
});

describe('allocation pools', () => {
  const late = { start: '10.1.0.30', end: '10.1.0.20' };
  const second = { start: '10.1.0.20', end: '10.1.0.40' };
  it.each<[string, { start: string; end: string }[], string, unknown, RegExp]>([
    [
      'a pool end outside the subnet',
      [{ start: '10.1.0.10', end: '10.1.1.20' }],
      'subnets[1].allocation_pools[0].end',
      '10.1.1.20',
      /outside the subnet 10\.1\.0\.0\/24/,
    ],
    [
      'a pool that starts after it ends',
      [late],
      'subnets[1].allocation_pools[0]',
      late,
      /starts after it ends/,
    ],
    [
      'overlapping pools',
      [{ start: '10.1.0.10', end: '10.1.0.30' }, second],
      'subnets[1].allocation_pools[1]',
      second,
      /overlaps another pool/,
    ],
  ])('refuses %s', (_, pools, path, value, message) => {
    expectRefused((t) => (t.subnets[1].allocation_pools = pools), { path, value, message });
  });

  // A /30 has two usable addresses; the gateway takes the first, the DHCP port (created with the subnet)
  // the second, so a VM port finds none.
  it('refuses a port on a /30 when the gateway and the DHCP port have taken both addresses', () => {
    expectRefused((t) => (t.subnets[1].cidr = '10.1.0.0/30'), {
      path: 'ports[1].fixed_ips[0]',
      value: 'subnet1',
      message: /allocation pools of subnet subnet1 \(10\.1\.0\.0\/30\) are exhausted/,
    });
  });

  it('fits one VM on a /30 without DHCP, but not two', () => {
    const one = minimalInput();
    Object.assign(one.subnets[1], { cidr: '10.1.0.0/30', enable_dhcp: false });
    expect(accept(one).ports.find((p) => p.name === 'vm1-port')?.fixed_ips[0]?.ip_address).toBe('10.1.0.2');
    const two = minimalInput();
    Object.assign(two.subnets[1], { cidr: '10.1.0.0/30', enable_dhcp: false });
    two.servers.push({ name: 'vm2', project_id: 'demo', host: 'compute2' });
    two.ports.push({ name: 'vm2-port', network_id: 'net1', device_id: 'vm2' });
    const errors = refuse(two);
    expect(errors.filter((e) => /exhausted/.test(e.message))).toHaveLength(1);
  });

  it('refuses a floating IP when the router gateway took the last external address', () => {
    expectRefused((t) => (t.subnets[0].allocation_pools = [{ start: '172.24.4.100', end: '172.24.4.100' }]), {
      path: 'floatingips[0].floating_network_id',
      value: 'public',
      message: /no free address left/,
    });
  });
});
