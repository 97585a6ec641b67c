// Every rule that touched a packet, and no false changes (issue #13): the mangle rule that marks what
// comes in by qg- is a rule of that hop, as the terminal's iptables shows it; a change whose two sides
// are equal is never listed; a VLAN rewrite in a bridge is listed even when the frame leaves as it came.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTopologyText, newSimState, realize, runLine, send, type Trace } from '../../src/sim';

function cloud(name: string) {
  const r = loadTopologyText(readFileSync(`examples/${name}.json`, 'utf8'));
  if (!r.ok) throw new Error(name);
  return { topology: r.topology, plane: realize(r.topology), state: newSimState() };
}

function trace(c: ReturnType<typeof cloud>, from: string, to: string): Trace {
  const s = send(c.topology, c.plane, c.state, { from, to });
  if (!s.ok) throw new Error(s.error);
  return s.trace;
}

describe('the rules of a hop', () => {
  it('the mangle mark on the way in by qg- is a rule of that hop, the line the terminal shows', () => {
    const c = cloud('two-networks-one-router');
    const t = trace(c, 'vm1', 'internet');
    const inByQg = t.hops.filter((h) => h.kind === 'namespace' && h.in?.startsWith('qg-') && h.frame.ip);
    expect(inByQg.length).toBeGreaterThan(0);
    const ns = inByQg[0]!;
    const shown = runLine(c, { host: ns.host!, namespace: ns.device }, 'iptables -t mangle -S').stdout;
    const markLine = shown.split('\n').find((l) => l.includes(`-i ${ns.in}`) && l.includes('MARK'));
    expect(markLine).toMatch(/^-A neutron-l3-agent-mark -i qg-\S+ -j MARK --set-xmark 0x2\/0xffff$/);
    for (const h of inByQg) expect(h.rule?.split('\n')).toContain(markLine);
    // a packet that came in by a qr- port gets its port's address-scope mark, never the external one
    const inByQr = t.hops.filter((h) => h.kind === 'namespace' && h.in?.startsWith('qr-') && h.frame.ip);
    for (const h of inByQr) {
      expect(h.rule ?? '').not.toContain('--set-xmark 0x2/0xffff');
      expect(h.rule?.split('\n')).toContain(
        `-A neutron-l3-agent-scope -i ${h.in} -j MARK --set-xmark 0x4000000/0xffff0000`,
      );
    }
  });
});

describe('the changes of a hop', () => {
  const all: [string, string, string][] = [];
  for (const f of readdirSync('examples')) {
    const name = f.replace(/\.json$/, '');
    const c = cloud(name);
    const ends = [
      ...c.topology.servers.map((s) => s.name),
      ...c.topology.outside.flatMap((w) => w.hosts.map((h) => h.name)),
    ];
    for (const a of ends) for (const b of ends) if (a !== b) all.push([name, a, b]);
  }

  it('never lists a change whose two sides are equal, on any send between any two ends of any example', () => {
    for (const [name, a, b] of all) {
      const t = trace(cloud(name), a, b);
      for (const h of t.hops)
        for (const ch of h.changes) {
          const m = /(\S+) -> (\S+)$/.exec(ch);
          expect(m && m[1] === m[2], `${name} ${a}->${b} #${h.seq} ${h.device}: ${ch}`).toBeFalsy();
        }
    }
  });

  it('lists every VLAN a bridge set, even one an access port took off again', () => {
    let seen = 0;
    for (const [name, a, b] of all) {
      const t = trace(cloud(name), a, b);
      for (const h of t.hops) {
        if (h.kind !== 'ovs-bridge') continue;
        for (const flow of h.trail ?? []) {
          const m = /mod_vlan_vid:(\d+)/.exec(flow.split(' actions=')[1] ?? '');
          if (!m) continue;
          seen++;
          expect(
            h.changes.some((c) => c === `push vlan ${m[1]}` || c.endsWith(`-> ${m[1]}`)),
            `${name} ${a}->${b} #${h.seq} ${h.device}: ${h.changes.join(', ')}`,
          ).toBe(true);
        }
      }
      // a frame tagged and untagged on its way through br-int says both
      for (const h of t.hops.filter(
        (x) => x.device === 'br-int' && x.in === 'int-br-ex' && x.out?.startsWith('qg-'),
      ))
        expect(h.changes.filter((c) => /^(push|strip) vlan/.test(c))).toHaveLength(2);
    }
    expect(seen).toBeGreaterThan(20);
  });
});
