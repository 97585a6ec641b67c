// ping and traceroute as the terminal parses and prints them: iputils' and traceroute's options and
// messages, and their output built from the core's traces of the default cloud.
import { describe, expect, it } from 'vitest';
import {
  parsePing,
  parseTraceroute,
  pingHeader,
  pingLine,
  pingStatistics,
  pingTime,
  probeResults,
  tracerouteLine,
} from '../../src/logic/terminal/ping';
import { cloud, loadExample } from './helpers';

describe('parsePing', () => {
  it('reads -c, -s, -t, -i glued or apart, and the destination', () => {
    expect(parsePing(['-c', '2', '-s1000', '-t', '3', '-i', '0.2', '192.168.2.137'])).toEqual({
      ok: true,
      value: {
        dest: '192.168.2.137',
        count: 2,
        countGiven: true,
        size: 1000,
        ttl: 3,
        intervalMs: 200,
        quiet: false,
      },
    });
    const d = parsePing(['-qn', 'vm2']);
    expect(d.ok && d.value).toMatchObject({
      dest: 'vm2',
      count: 4,
      countGiven: false,
      size: 56,
      quiet: true,
    });
  });

  it('answers bad options and arguments as iputils does', () => {
    const bad = parsePing(['-x', 'vm2']);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.stderr).toMatch(/^ping: invalid option -- 'x'\n/);
    expect(!bad.ok && bad.exitCode).toBe(2);
    expect(parsePing(['-c'])).toMatchObject({ ok: false, exitCode: 2 });
    expect(parsePing(['-c', 'x', 'vm2'])).toEqual({
      ok: false,
      stderr: "ping: invalid argument: 'x'",
      exitCode: 1,
    });
    expect(parsePing(['-t', '300', 'vm2'])).toEqual({
      ok: false,
      stderr: "ping: invalid argument: '300': out of range: 1 <= value <= 255",
      exitCode: 1,
    });
    expect(parsePing([])).toEqual({
      ok: false,
      stderr: 'ping: usage error: Destination address required',
      exitCode: 1,
    });
  });
});

describe('parseTraceroute', () => {
  it('has traceroute’s defaults and reads -n -I -q -m -f -p and a packet length', () => {
    const d = parseTraceroute(['internet']);
    expect(d.ok && d.value).toEqual({
      dest: 'internet',
      packetLen: 60,
      packetLenGiven: false,
      queries: 3,
      firstTtl: 1,
      maxTtl: 30,
      port: 33434,
      icmp: false,
      numeric: false,
    });
    const o = parseTraceroute(['-nI', '-q', '1', '-m5', '-f', '2', '-p', '40000', '203.0.113.10', '100']);
    expect(o.ok && o.value).toEqual({
      dest: '203.0.113.10',
      packetLen: 100,
      packetLenGiven: true,
      queries: 1,
      firstTtl: 2,
      maxTtl: 5,
      port: 40000,
      icmp: true,
      numeric: true,
    });
    expect(parseTraceroute(['-z'])).toMatchObject({ ok: false, exitCode: 2 });
    expect(parseTraceroute(['-x', 'a'])).toMatchObject({
      ok: false,
      stderr: expect.stringMatching(/^Bad option `-x'/),
    });
    expect(parseTraceroute(['-q', '20', 'a'])).toMatchObject({ stderr: 'no more than 10 probes per hop' });
  });
});

describe('ping output from the core’s traces', () => {
  const t = loadExample('two-networks-one-router');

  it('vm1 to vm2: the header, a line per reply with ttl=63 and the simulated time, the statistics', () => {
    const c = cloud(t);
    const trace = c.send({ from: 'vm1', to: 'vm2', proto: 'icmp', count: 3, size: 84, intervalMs: 1000 });
    const vm2 = t.ports.find((p) => p.name === 'vm2-port')!.fixed_ips[0]!.ip_address;
    expect(pingHeader('vm2', trace.send.dst, 56)).toBe(`PING vm2 (${vm2}) 56(84) bytes of data.`);
    const rs = probeResults(trace);
    const lines = rs.map(pingLine);
    for (const [i, l] of lines.entries())
      expect(l).toMatch(
        new RegExp(
          `^64 bytes from ${vm2.replaceAll('.', '\\.')}: icmp_seq=${i + 1} ttl=63 time=\\d+\\.\\d+ ms$`,
        ),
      );
    // the first one waited for ARP: it took longer
    expect(rs[0]!.answerUs! - rs[0]!.sentUs).toBeGreaterThan(rs[1]!.answerUs! - rs[1]!.sentUs);
    expect(rs.map((r) => r.sentUs)).toEqual([0, 1_000_000, 2_000_000]);
    const stats = pingStatistics('vm2', 3, rs, 2000);
    expect(stats[0]).toBe('--- vm2 ping statistics ---');
    expect(stats[1]).toBe('3 packets transmitted, 3 received, 0% packet loss, time 2000ms');
    expect(stats[2]).toMatch(/^rtt min\/avg\/max\/mdev = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/);
  });

  it('-s 1000 sends 1028-byte packets and prints 1008 bytes per reply', () => {
    const c = cloud(t);
    const trace = c.send({ from: 'vm1', to: 'vm2', proto: 'icmp', count: 1, size: 1028 });
    const vm2 = t.ports.find((p) => p.name === 'vm2-port')!.fixed_ips[0]!.ip_address;
    expect(pingLine(probeResults(trace)[0]!)).toMatch(
      new RegExp(`^1008 bytes from ${vm2.replaceAll('.', '\\.')}: icmp_seq=1 ttl=63 `),
    );
  });

  it('an ICMP error prints as iputils does, and counts as an error, not a reply', () => {
    const c = cloud(t);
    const trace = c.send({ from: 'vm1', to: 'internet', proto: 'icmp', count: 2, ttl: 1, intervalMs: 1000 });
    const rs = probeResults(trace);
    expect(rs.map(pingLine)).toEqual([
      'From 192.168.1.1 icmp_seq=1 Time to live exceeded',
      'From 192.168.1.1 icmp_seq=2 Time to live exceeded',
    ]);
    expect(pingStatistics('internet', 2, rs, 1000)).toEqual([
      '--- internet ping statistics ---',
      '2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1000ms',
    ]);
  });

  it('prints times with three significant digits, as iputils', () => {
    expect([pingTime(412), pingTime(1200), pingTime(12_345), pingTime(123_456)]).toEqual([
      '0.412',
      '1.20',
      '12.3',
      '123',
    ]);
    expect(pingStatistics('x', 3, [], 2000)[1]).toBe(
      '3 packets transmitted, 0 received, 100% packet loss, time 2000ms',
    );
  });
});

describe('traceroute output from the core’s traces', () => {
  it('vm1 to the internet host: the qrouter, the upstream router, then the host refuses the port', () => {
    const t = loadExample('two-networks-one-router');
    const c = cloud(t);
    const hops: string[] = [];
    for (let ttl = 1; ttl <= 30; ttl++) {
      const trace = c.send({
        from: 'vm1',
        to: 'internet',
        proto: 'udp',
        port: 33434 + (ttl - 1) * 3,
        count: 3,
        ttl,
        size: 60,
        intervalMs: 0,
      });
      const { line, done } = tracerouteLine(ttl, probeResults(trace), true);
      hops.push(line);
      if (done) break;
    }
    expect(hops).toHaveLength(3);
    expect(hops[0]).toMatch(/^ 1 {2}192\.168\.1\.1( {2}\d+\.\d{3} ms){3}$/);
    expect(hops[1]).toMatch(/^ 2 {2}172\.24\.4\.1( {2}\d+\.\d{3} ms){3}$/);
    expect(hops[2]).toMatch(/^ 3 {2}203\.0\.113\.10( {2}\d+\.\d{3} ms){3}$/);
    const named = tracerouteLine(
      1,
      probeResults(c.send({ from: 'vm1', to: 'internet', proto: 'udp', port: 1, ttl: 1 })),
      false,
    );
    expect(named.line).toMatch(/^ 1 {2}192\.168\.1\.1 \(192\.168\.1\.1\) {2}\d+\.\d{3} ms$/);
  });

  it('prints * for a probe nothing answered, and !N after a network unreachable', () => {
    const rs = [
      { n: 1, outcome: 'failed' as const, summary: 'x', sentUs: 0, answerUs: null, from: null },
      {
        n: 2,
        outcome: 'unreachable' as const,
        summary: 'From 172.24.4.1: Destination Net Unreachable',
        sentUs: 0,
        answerUs: 500,
        from: '172.24.4.1',
      },
    ];
    expect(tracerouteLine(4, rs, true)).toEqual({ line: ' 4  * 172.24.4.1  0.500 ms !N', done: true });
    expect(tracerouteLine(12, [rs[0]!, rs[0]!, rs[0]!], true)).toEqual({ line: '12  * * *', done: false });
  });
});
