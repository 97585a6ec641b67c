// The terminal on an HA router (issue 14, point 8; neutron-facts-beyond §2.2, §2.3, §2.5):
// `openstack network agent list --router <r> --long` with its HA State, keepalived.conf and the state
// file under ha_confs/, and `ip a` in each qrouter namespace showing where the addresses are.
import { describe, expect, it } from 'vitest';
import { ipToInt, runLine, type Topology, type Where } from '../../src/sim';
import { cloud, loadExample, variant } from './helpers';

const t = loadExample('l3-ha');
const router = t.routers[0]!;
type Cloud = ReturnType<typeof cloud>;
const sh = (c: Cloud, line: string, host = 'network1') =>
  runLine({ topology: c.topology, plane: c.plane, state: c.state }, { host, namespace: null } as Where, line);
const ha = t.ports.filter((p) => p.device_owner === 'network:router_ha_interface');
const [activePort, backupPort] = [...ha].sort(
  (a, b) => ipToInt(b.fixed_ips[0]!.ip_address) - ipToInt(a.fixed_ips[0]!.ip_address),
);
const active = activePort!['binding:host_id']!;
const backup = backupPort!['binding:host_id']!;

/** The rows of a +---+ table, header first, cells trimmed. */
const rows = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );

describe('openstack network agent list --router', () => {
  it('lists the L3 agents hosting the router, with their HA State under --long', () => {
    const out = rows(sh(cloud(t), 'openstack network agent list --router router1 --long').stdout);
    expect(out[0]).toEqual([
      'ID',
      'Agent Type',
      'Host',
      'Availability Zone',
      'Alive',
      'State',
      'Binary',
      'HA State',
    ]);
    const byHost = new Map(out.slice(1).map((r) => [r[2], r]));
    expect(byHost.get(active)?.slice(1)).toEqual([
      'L3 agent',
      active,
      'nova',
      ':-)',
      'UP',
      'neutron-l3-agent',
      'active',
    ]);
    expect(byHost.get(backup)?.[7]).toBe('standby');
    expect(byHost.size).toBe(2);
  });

  it('shows no HA State without --long, and finds the router by id too', () => {
    const out = rows(sh(cloud(t), `openstack network agent list --router ${router.id}`).stdout);
    expect(out[0]).not.toContain('HA State');
    expect(out).toHaveLength(3);
  });

  it('follows a failover: the stopped agent dead and standby, the other active', () => {
    const c = cloud(
      variant('l3-ha', (i) => {
        i.hosts.find((h: { name: string }) => h.name === active).agents_down = ['l3'];
      }),
    );
    const out = rows(sh(c, 'openstack network agent list --router router1 --long').stdout);
    const byHost = new Map(out.slice(1).map((r) => [r[2], r]));
    expect([byHost.get(active)?.[4], byHost.get(active)?.[7]]).toEqual(['XXX', 'standby']);
    expect([byHost.get(backup)?.[4], byHost.get(backup)?.[7]]).toEqual([':-)', 'active']);
  });

  it('refuses a router that does not exist, as the client does', () => {
    const r = sh(cloud(t), 'openstack network agent list --router nope --long');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('No Router found for nope');
  });

  it('shows a legacy router its one agent, without HA state', () => {
    const legacy = cloud(variant('two-networks-one-router', () => {}));
    const out = rows(sh(legacy, 'openstack network agent list --router router1 --long').stdout);
    expect(out.slice(1).map((r) => [r[2], r[7]])).toEqual([['network1', 'None']]);
  });
});

describe('the HA files of the L3 agent', () => {
  const conf = `/var/lib/neutron/ha_confs/${router.id}/keepalived.conf`;

  it('cat keepalived.conf: its own ha- interface on each host, the same VRID', () => {
    for (const [host, port] of [
      [active, activePort!],
      [backup, backupPort!],
    ] as const) {
      const r = sh(cloud(t), `cat ${conf}`, host);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(`vrrp_instance VR_${router.ha_vr_id} {`);
      expect(r.stdout).toContain(`    interface ha-${port.id.slice(0, 11)}\n`);
      expect(r.stdout).toContain('    state BACKUP\n');
    }
  });

  it('cat state: primary on the active host, backup on the other', () => {
    const state = `/var/lib/neutron/ha_confs/${router.id}/state`;
    expect(sh(cloud(t), `cat ${state}`, active).stdout).toBe('primary\n');
    expect(sh(cloud(t), `cat ${state}`, backup).stdout).toBe('backup\n');
  });

  it('has no such file on a host without the router', () => {
    const r = sh(cloud(t), `cat ${conf}`, 'compute1');
    expect(r).toMatchObject({ exitCode: 1, stderr: `cat: ${conf}: No such file or directory\n` });
  });

  it('is gone with the router when its agent stops with cleanup_on_shutdown', () => {
    const c = cloud(
      variant('l3-ha', (i) => {
        i.hosts.find((h: { name: string }) => h.name === active).agents_down = ['l3'];
      }),
    );
    expect(sh(c, `cat ${conf}`, active).exitCode).toBe(1);
    expect(sh(c, `cat ${conf}`, backup).exitCode).toBe(0);
  });
});

describe('ip a in the qrouter namespaces', () => {
  const ipA = (c: Cloud, host: string) => sh(c, `ip netns exec qrouter-${router.id} ip a`, host).stdout;
  /** each interface's block of `ip a` by its name */
  const blocks = (out: string) =>
    new Map(out.split(/\n(?=\d+: )/).map((b) => [/^\d+: ([^:@]+)/.exec(b)![1]!, b] as const));
  const ifaceOf = (topo: Topology, name: string) => {
    const p = topo.ports.find((x) => x.name === name)!;
    return { dev: `qr-${p.id.slice(0, 11)}`, ip: p.fixed_ips[0]!.ip_address };
  };

  it('shows the addresses on the active instance only; the backup has the links, up, with no inet', () => {
    const c = cloud(t);
    const q = ifaceOf(t, 'router1-net1');
    const onActive = blocks(ipA(c, active)).get(q.dev)!;
    const onBackup = blocks(ipA(c, backup)).get(q.dev)!;
    expect(onActive).toContain(`inet ${q.ip}/24 brd 192.168.1.255 scope global ${q.dev}`);
    expect(onActive).toContain('inet6 fe80::');
    expect(onBackup).toContain('state UNKNOWN');
    expect(onBackup).toContain('<BROADCAST,MULTICAST,UP,LOWER_UP>');
    expect(onBackup).not.toContain('inet');
    const haDev = `ha-${activePort!.id.slice(0, 11)}`;
    expect(blocks(ipA(c, active)).get(haDev)).toContain(`inet 169.254.0.${router.ha_vr_id}/24`);
    expect(blocks(ipA(c, backup)).get(`ha-${backupPort!.id.slice(0, 11)}`)).not.toContain('169.254.0.');
  });
});
