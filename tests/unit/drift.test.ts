// The drift check (issue 17, point 2): a host's outputs as the model's own tools print them show no
// difference; each single-line mutation of them (a line removed, a VNI, VLAN, address or route changed)
// is found and explained.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Difference, driftCheck, type HostOutputs, outputsFromFiles } from '../../src/drift';
import { newSimState, realize, runLine, type Topology } from '../../src/sim';
import { loadExample } from './helpers';

/** What an operator would paste from `host`, as the simulated tools print it. */
function outputsOf(t: Topology, host: string): Record<string, string> {
  const ctx = { topology: t, plane: realize(t), state: newSimState() };
  const run = (l: string) => runLine(ctx, { host, namespace: null }, l).stdout;
  const files: Record<string, string> = {
    'ovs-vsctl-show.txt': run('ovs-vsctl show'),
    'ip-netns.txt': run('ip netns'),
  };
  for (const br of run('ovs-vsctl list-br').split('\n').filter(Boolean))
    files[`dump-flows-${br}.txt`] = run(`ovs-ofctl dump-flows ${br}`);
  for (const ns of run('ip netns')
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((x) => x.startsWith('qrouter-'))) {
    files[`${ns}.ip-addr.txt`] = run(`ip netns exec ${ns} ip addr`);
    files[`${ns}.ip-route.txt`] = run(`ip netns exec ${ns} ip route`);
    files[`${ns}.iptables-save.txt`] = run(`ip netns exec ${ns} iptables-save`);
  }
  return files;
}

const topo = loadExample('two-networks-one-router');
const plane = realize(topo);
const check = (host: string, files: Record<string, string>): Difference[] => {
  const { outputs } = outputsFromFiles(Object.entries(files).map(([name, text]) => ({ name, text })));
  const r = driftCheck(topo, plane, host, outputs);
  if (!r.ok) throw new Error(r.error);
  return r.differences;
};
const hosts = topo.hosts.map((h) => h.name);

/**
 * Lines that say what the agents built (a flow, a port and its tag, type or options, a bridge, a
 * namespace, an interface, an address, a route, a rule), as opposed to headers, counters and lines
 * that only describe the tool's own state.
 */
function meaningful(file: string, line: string): boolean {
  if (file.startsWith('dump-flows')) return /actions=/.test(line);
  // every bridge has a port of its own name, which OVS makes with it: not the agent's
  if (file === 'ovs-vsctl-show.txt')
    return /^\s+(Bridge|Port|tag:|type:|options:)/.test(line) && !/Port (br-\S+)$/.test(line);
  if (file === 'ip-netns.txt') return /^q(router|dhcp)-/.test(line);
  if (file.endsWith('ip-addr.txt'))
    return /^\d+: (q[rg]-)|^\s+inet /.test(line) && !/127\.0\.0\.1/.test(line);
  if (file.endsWith('ip-route.txt')) return line.trim().length > 0;
  if (file.endsWith('iptables-save.txt')) return /^-A /.test(line);
  return false;
}

describe('drift check', () => {
  it('finds no difference on the model’s own output, on every host', () => {
    for (const h of hosts) expect(check(h, outputsOf(topo, h)), h).toEqual([]);
  });

  it('finds and explains every single line removed', () => {
    let tried = 0;
    for (const h of hosts) {
      const files = outputsOf(topo, h);
      for (const [file, text] of Object.entries(files)) {
        const lines = text.split('\n');
        let ownPort = false;
        lines.forEach((line, i) => {
          if (/^\s+Port /.test(line)) ownPort = /Port br-\S+$/.test(line);
          if (!meaningful(file, line) || (ownPort && /^\s{12,}/.test(line))) return;
          // a Port's name line goes with the lines under it, as an operator would lose them together
          let end = i + 1;
          if (/^\s+Port /.test(line)) while (end < lines.length && /^\s{12,}/.test(lines[end]!)) end++;
          const cut = [...lines.slice(0, i), ...lines.slice(end)].join('\n');
          const diffs = check(h, { ...files, [file]: cut });
          tried++;
          expect(diffs.length, `${h} ${file} without line ${i + 1}: ${line}`).toBeGreaterThan(0);
          for (const d of diffs) expect(d.consequence.length, d.found).toBeGreaterThan(10);
        });
      }
    }
    expect(tried).toBeGreaterThan(100);
  });

  it('finds any number changed in a meaningful line (a VNI, a VLAN, an address, a port)', () => {
    const cases: [string, string, number, string][] = [];
    for (const h of hosts)
      for (const [file, text] of Object.entries(outputsOf(topo, h)))
        text.split('\n').forEach((line, i) => {
          if (meaningful(file, line) && /\d/.test(line)) cases.push([h, file, i, line]);
        });
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        ([h, file, i, line], k, delta) => {
          // the numbers that carry meaning: tun_id, dl_vlan, mod_vlan_vid, tags, addresses, not counters
          const spots = [
            ...line.matchAll(
              /(tun_id=0x|load:0x|dl_vlan=|mod_vlan_vid:|tag: |inet |via |-d |--to-destination |--to-source |^)(\d+)/g,
            ),
          ].filter((m) => m[1] !== '');
          fc.pre(spots.length > 0);
          const m = spots[k % spots.length]!;
          const at = m.index! + m[1]!.length;
          const old = m[2]!;
          const base = m[1] === 'tun_id=0x' || m[1] === 'load:0x' ? 16 : 10;
          const changed = (Number.parseInt(old, base) + delta).toString(base);
          const mutated = line.slice(0, at) + changed + line.slice(at + old.length);
          const files = outputsOf(topo, h);
          const lines = files[file]!.split('\n');
          lines[i] = mutated;
          const diffs = check(h, { ...files, [file]: lines.join('\n') });
          expect(diffs.length, `${h} ${file}: ${line} -> ${mutated}`).toBeGreaterThan(0);
        },
      ),
      { numRuns: 120, seed: 17 },
    );
  });

  it('says what a missing flood flow means, in the words of the issue', () => {
    const files = outputsOf(topo, 'compute1');
    const flows = files['dump-flows-br-tun.txt']!.split('\n').filter(
      (l) => !/table=22, .*priority=1,dl_vlan/.test(l),
    );
    const diffs = check('compute1', { ...files, 'dump-flows-br-tun.txt': flows.join('\n') });
    const vni = topo.networks.find((n) => n.name === 'net1')!['provider:segmentation_id'];
    const d = diffs.find((x) => x.found === `br-tun has no flood flow for VNI ${vni}`);
    expect(d?.consequence).toBe("broadcasts from net1's VMs on compute1 reach no other host");
    expect(d?.devices).toContain(
      plane.hosts.get('compute1' as never)!.devices.find((id) => plane.devices.get(id)?.name === 'br-tun'),
    );
  });

  it('maps a real host’s own local VLAN numbers to the model’s through its ports’ tags', () => {
    const files = outputsOf(topo, 'compute1');
    const vlans = [
      ...new Set([...files['ovs-vsctl-show.txt']!.matchAll(/tag: (\d+)/g)].map((m) => Number(m[1]))),
    ];
    const renumber = (s: string) =>
      s.replace(/(tag: |dl_vlan=|mod_vlan_vid:)(\d+)/g, (_, k: string, v: string) =>
        vlans.includes(Number(v)) ? `${k}${Number(v) + 100}` : `${k}${v}`,
      );
    const shifted = Object.fromEntries(Object.entries(files).map(([f, t]) => [f, renumber(t)]));
    expect(check('compute1', shifted)).toEqual([]);
  });

  it('reads ovs-ofctl with port numbers, newer action spellings and real counters', () => {
    const files = outputsOf(topo, 'compute1');
    const ofports = new Map<string, number>();
    const host = plane.hosts.get('compute1' as never)!;
    for (const id of host.devices) {
      const d = plane.devices.get(id);
      if (d?.kind === 'ovs-bridge' && d.name === 'br-tun')
        for (const p of d.ports.values()) ofports.set(p.name, p.ofport);
    }
    const real = files['dump-flows-br-tun.txt']!.replace(
      /n_packets=0, n_bytes=0/g,
      'n_packets=12, n_bytes=1404, idle_age=3',
    )
      .replace(/strip_vlan/g, 'pop_vlan')
      .replace(/load:(0x[0-9a-f]+)->NXM_NX_TUN_ID\[\]/g, 'set_field:$1->tun_id')
      .replace(
        /(in_port=|output:)"([^"]+)"/g,
        (_, k: string, name: string) => `${k}${ofports.get(name) ?? name}`,
      );
    expect(check('compute1', { 'dump-flows-br-tun.txt': real })).toEqual([]);
  });

  it('refuses a host the cloud does not have, naming the hosts it has', () => {
    const r = driftCheck(topo, plane, 'compute9', { flows: {}, namespaces: {} } satisfies HostOutputs);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/no host "compute9".*compute1/);
  });
});
