// Distributed routers beside what the other branches brought: the openvswitch firewall driver on the
// same br-int, an HA router in the same cloud (l3-agent.ts builds each by its own module), and ML2/OVN,
// which has no DVR mode and refuses a distributed router however it came to be one.
import { describe, expect, it } from 'vitest';
import { loadTopologyText } from '../../src/sim';
import { cloud, exampleText, hopsOf, packetId, variant } from './helpers';

describe('a distributed router under the openvswitch firewall driver', () => {
  const t = variant('dvr', (i) => {
    i.options = { ...i.options, firewall_driver: 'openvswitch' };
  });
  const c = cloud(t);

  it('routes east-west on compute1, the network node never in the trace, through both ports’ firewalls', () => {
    const tr = c.send({ from: 'vm1', to: 'vm2' });
    expect(tr.verdict).toBe('delivered');
    expect(tr.hops.filter((h) => h.host === 'network1')).toEqual([]);
    const req = hopsOf(tr, packetId(tr, /echo request/));
    const qrouter = `qrouter-${t.routers[0]!.id}`;
    expect(req.some((h) => h.device === qrouter && h.host === 'compute1')).toBe(true);
    expect(req.some((h) => h.device === qrouter && h.host === 'compute2')).toBe(false);
    // the VMs' taps sit on br-int (no qbr); vm1's egress is table 71 on compute1, and on compute2 the
    // DVR to-source-MAC flow hands the packet to table 60, where the firewall takes it to vm2's ingress
    expect(tr.hops.some((h) => h.device.startsWith('qbr'))).toBe(false);
    const trail = (host: string) =>
      req.filter((h) => h.device === 'br-int' && h.host === host).flatMap((h) => h.trail ?? []);
    expect(trail('compute1').some((r) => r.startsWith('table=71,'))).toBe(true);
    const two = trail('compute2');
    const toSrc = two.findIndex((r) => r.startsWith('table=1, priority=20,'));
    expect(toSrc).toBeGreaterThanOrEqual(0);
    expect(two.findIndex((r) => r.startsWith('table=82,'))).toBeGreaterThan(toSrc);
  });

  it('still drops what vm1’s security group does not allow in, on compute1', () => {
    const tr = c.send({ from: 'internet', to: 'vm1', proto: 'tcp', port: 5555 });
    expect(tr.verdict).toBe('dropped');
    const last = tr.hops.filter((h) => !h.frame.arp).at(-1)!;
    expect([last.device, last.host, last.fate]).toEqual(['br-int', 'compute1', 'drop']);
  });

  it('takes a floating IP in through compute1’s fip namespace', () => {
    const tr = c.send({ from: 'internet', to: 'vm1' });
    expect(tr.verdict).toBe('delivered');
    const fip = `fip-${t.networks.find((n) => n.name === 'public')!.id}`;
    expect(tr.hops.some((h) => h.device === fip && h.host === 'compute1')).toBe(true);
    // only the outside's ARP broadcast reaches network1 (it floods the provider network)
    expect(tr.hops.filter((h) => h.host === 'network1' && !h.frame.arp)).toEqual([]);
  });
});

describe('a distributed router and an HA router in one cloud', () => {
  const t = variant('dvr', (i) => {
    i.hosts.push({ name: 'network2', role: 'network', tunnel_ip: '10.0.1.12' });
    i.networks.push({ name: 'net3', project_id: 'demo' });
    i.subnets.push({ name: 'subnet3', network_id: 'net3', cidr: '192.168.3.0/24' });
    i.routers.push({ name: 'router2', project_id: 'demo', ha: true });
    i.ports.push({ network_id: 'net3', device_owner: 'network:router_interface', device_id: 'router2' });
  });
  const [r1, r2] = t.routers;
  const c = cloud(t);
  const namespaces = (name: string) =>
    [...c.plane.devices.values()].filter((d) => d.name === name).map((d) => d.host);

  it('builds each by its own module: DVR qrouter- and snat-, HA qrouter- with keepalived on both network hosts', () => {
    expect(r1!.distributed && !r1!.ha).toBe(true);
    expect(r2!.ha && !r2!.distributed).toBe(true);
    // the DVR router: on each compute, and on every host with a DHCP port of its subnets (is_dvr_serviced)
    expect(namespaces(`qrouter-${r1!.id}`)).toEqual(expect.arrayContaining(['compute1', 'compute2']));
    expect(namespaces(`snat-${r1!.id}`)).toHaveLength(1);
    expect(namespaces(`qrouter-${r2!.id}`).sort()).toEqual(['network1', 'network2']);
    // keepalived's ha- port in each HA instance, none in the DVR router's namespaces
    const haPorts = t.ports.filter((p) => p.device_owner === 'network:router_ha_interface');
    expect(haPorts.map((p) => p.device_id)).toEqual([r2!.id, r2!.id]);
  });

  it('still routes vm1 to vm2 on compute1 alone', () => {
    const tr = c.send({ from: 'vm1', to: 'vm2' });
    expect(tr.verdict).toBe('delivered');
    expect(tr.hops.filter((h) => h.host === 'network1' || h.host === 'network2')).toEqual([]);
  });
});

describe('a DVR host whose L3 agent stopped with cleanup_on_shutdown', () => {
  it('loses its qrouter- and fip- namespaces, as an HA instance does; the other compute keeps its own', () => {
    const t = variant('dvr', (i) => {
      i.options = { ...i.options, cleanup_on_shutdown: true };
      i.hosts[0].agents_down = ['l3'];
    });
    const c = cloud(t);
    const on = (host: string) =>
      [...c.plane.devices.values()]
        .filter((d) => d.host === host && d.kind === 'namespace')
        .map((d) => d.name.split('-')[0]);
    expect(t.hosts[0]!.name).toBe('compute1');
    expect(on('compute1')).toEqual([]);
    expect(on('compute2')).toContain('qrouter');
  });
});

describe('what is still refused', () => {
  it('a router both distributed and HA with a single dvr_snat host, naming routers[0].ha', () => {
    const j = JSON.parse(exampleText('dvr'));
    j.routers[0].ha = true;
    const r = loadTopologyText(JSON.stringify(j));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(
      expect.objectContaining({
        path: 'routers[0].ha',
        message: expect.stringMatching(/router1 is distributed and highly available/),
      }),
    );
    // with a second network host it is built (tests/unit/dvr-ha-*.test.ts)
    j.hosts.push({ name: 'network2', role: 'network', tunnel_ip: '10.0.1.12' });
    const two = loadTopologyText(JSON.stringify(j));
    expect(two.ok ? [] : two.errors).toEqual([]);
  });

  it('under ML2/OVN, a distributed router, whether the file says so or router_distributed does', () => {
    const own = JSON.parse(exampleText('ovn'));
    own.routers[0].distributed = true;
    const byOption = JSON.parse(exampleText('ovn'));
    byOption.options = { ...byOption.options, router_distributed: true };
    for (const j of [own, byOption]) {
      const r = loadTopologyText(JSON.stringify(j));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.errors).toContainEqual(
        expect.objectContaining({
          path: 'routers[0].distributed',
          message: expect.stringMatching(/router1 is a DVR router, which ML2\/OVN does not have/),
        }),
      );
    }
  });
});
