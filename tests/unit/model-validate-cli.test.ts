// npm run validate, run as a user runs it: a subprocess on a file, judged by its output and exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_TOPOLOGY_CHARS } from '../../src/sim';
import { exampleText } from './helpers';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const scratch = mkdtempSync(join(tmpdir(), 'validate-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function validate(...args: string[]) {
  const r = spawnSync(tsx, ['src/node/validate.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr, lines: r.stdout.trim().split('\n') };
}

function scratchFile(name: string, text: string): string {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
}

describe('npm run validate', { timeout: 60_000 }, () => {
  it('says OK and sums up a valid topology, exit 0', () => {
    const r = validate('examples/two-networks-one-router.json');
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe('OK');
    // The example has compute1, compute2 and network1; public, net1 and net2 with one subnet each; router1
    // with two interfaces and a gateway; vm1 and vm2 with a port each; a DHCP port on each of net1 and net2
    // (public has DHCP off): 7 ports. Projects demo and admin each have a default group.
    expect(r.lines.at(-1)).toBe(
      'Two networks, one router: 3 hosts (2 compute, 1 network), 2 projects, 3 networks (1 external), ' +
        '3 subnets, 1 router, 7 ports, 2 servers, 1 floating IP, 2 security groups, 1 outside host',
    );
  });

  it('prints warnings after OK', () => {
    const input = JSON.parse(exampleText('two-networks-one-router'));
    input.servers.push({ name: 'lonely', project_id: 'demo', host: 'compute1' });
    const r = validate(scratchFile('warn.json', JSON.stringify(input)));
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe('OK');
    expect(r.lines).toContain('warning: server lonely has no port: it is not on any network');
  });

  it('prints every error on its own line with path and value, exit 1', () => {
    const input = JSON.parse(exampleText('two-networks-one-router'));
    input.subnets[1].cidr = '192.168.1.5/24';
    input.hosts[0].tunnel_ip = '10.0.1.300';
    input.servers[1].host = 'network1';
    const r = validate(scratchFile('broken.json', JSON.stringify(input)));
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(
      expect.arrayContaining([
        'hosts[0].tunnel_ip: "10.0.1.300" is not a valid IPv4 address',
        'subnets[1].cidr: "192.168.1.5/24" is not a valid IPv4 CIDR: it is not a network address; 192.168.1.0/24 is recommended',
        'servers[1].host: "network1" is a network host; servers run only on compute hosts',
      ]),
    );
    expect(r.out).not.toMatch(/^OK/m);
    expect(r.err).toMatch(/not a valid topology/);
  });

  it('reports a typo from the shape check and text that is not JSON, exit 1', () => {
    const input = JSON.parse(exampleText('two-networks-one-router'));
    input.routers[0].external_gateway_info.enable_nat = false;
    const typo = validate(scratchFile('typo.json', JSON.stringify(input)));
    expect(typo.code).toBe(1);
    expect(typo.lines).toEqual([
      'routers[0].external_gateway_info.enable_nat: false is not a known field here (check its spelling in docs/topology-format.md)',
    ]);
    const text = validate(scratchFile('cut.json', exampleText('two-networks-one-router').slice(0, 200)));
    expect(text.code).toBe(1);
    expect(text.lines).toHaveLength(1);
    expect(text.lines[0]).toMatch(/^\(file\): ".*" is not valid JSON: /);
  });

  it('refuses a file over the size limit, whether or not it is read, exit 1', () => {
    const valid = exampleText('two-networks-one-router');
    // Trailing spaces keep the JSON valid, so only the size can be the reason.
    const justOver = validate(
      scratchFile('big.json', valid + ' '.repeat(MAX_TOPOLOGY_CHARS + 1 - valid.length)),
    );
    expect(justOver.code).toBe(1);
    expect(justOver.lines).toEqual([
      `(file): "${MAX_TOPOLOGY_CHARS + 1} characters" is too large (at most ${MAX_TOPOLOGY_CHARS})`,
    ]);
    const huge = validate(scratchFile('huge.json', ' '.repeat(3 * MAX_TOPOLOGY_CHARS + 1)));
    expect(huge.code).toBe(1);
    expect(huge.lines).toEqual([
      `(file): "${3 * MAX_TOPOLOGY_CHARS + 1} bytes" is too large (at most ${MAX_TOPOLOGY_CHARS} characters)`,
    ]);
  });

  it('says why it cannot read a missing file, exit 2', () => {
    const missing = join(scratch, 'no-such-file.json');
    const r = validate(missing);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`cannot read ${missing}`);
    expect(r.err).toMatch(/ENOENT/);
  });

  it('shows usage without a file, exit 2', () => {
    const r = validate();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/usage: npm run validate -- <topology.json>/);
  });
});
