// public/capture/neutron-capture.sh against a stand-in `openstack` client that answers list and show
// from the fixture cloud as python-openstackclient prints them: its output is plain JSON that imports
// to the same cloud as the fixture.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importCloud } from '../../src/import';

const root = fileURLToPath(new URL('../../', import.meta.url));
const osc = join(root, 'tests/fixtures/import/osc-cloud');
const dir = mkdtempSync(join(tmpdir(), 'nx-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `openstack <resource words> list -f value -c ID` and `openstack <resource words> show ID -f json`. */
const STUB = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2).filter((a) => a !== '--all-projects');
const files = { network: 'networks', subnet: 'subnets', port: 'ports', router: 'routers', 'floating ip': 'floatingips',
  'security group': 'security_groups', 'network agent': 'agents', server: 'servers' };
const verb = args.findIndex((a) => a === 'list' || a === 'show');
const file = files[args.slice(0, verb).join(' ')];
const items = JSON.parse(fs.readFileSync(${JSON.stringify(osc)} + '/' + file + '.json', 'utf8'));
if (args[verb] === 'list') process.stdout.write(items.map((i) => i.id + '\\n').join(''));
else process.stdout.write(JSON.stringify(items.find((i) => i.id === args[verb + 1]), null, 2) + '\\n');
`;

describe('neutron-capture.sh', () => {
  it('writes plain JSON files that import to the same cloud as the captured one', { timeout: 60_000 }, () => {
    const bin = join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'openstack'), STUB);
    chmodSync(join(bin, 'openstack'), 0o755);
    const out = join(dir, 'capture');
    execFileSync('sh', [join(root, 'public/capture/neutron-capture.sh'), out], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, PARALLEL: '8' },
      stdio: 'pipe',
    });
    const names = readdirSync(out).sort();
    expect(names).toEqual([
      'agents.json',
      'floatingips.json',
      'networks.json',
      'ports.json',
      'routers.json',
      'security_groups.json',
      'servers.json',
      'subnets.json',
    ]);
    const read = (d: string) =>
      readdirSync(d).map((name) => ({ name, text: readFileSync(join(d, name), 'utf8') }));
    for (const f of read(out)) expect(() => JSON.parse(f.text), f.name).not.toThrow();
    const captured = importCloud(read(out));
    const fixture = importCloud(read(osc));
    expect(captured.ok && fixture.ok).toBe(true);
    if (captured.ok && fixture.ok) expect(captured.topology).toEqual(fixture.topology);
  });
});
