// `npm run import` and `npm run drift` (issue 17, points 1 and 2) run as a user runs them: the import
// writes the topology and prints the import report, the drift check prints the same report as the app,
// and both exit with a status a script can test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { driftCheck, driftText, outputsFromFiles } from '../../src/drift';
import { importCloud, reportText } from '../../src/import';
import { loadTopology, newSimState, realize, runLine, type Topology } from '../../src/sim';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const API = join(root, 'tests/fixtures/import/api-cloud');
const dir = mkdtempSync(join(tmpdir(), 'nx-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, ...args: string[]) {
  const r = spawnSync(tsx, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const captured = () =>
  readdirSync(API).map((name) => ({ name, text: readFileSync(join(API, name), 'utf8') }));

describe('npm run import and npm run drift', () => {
  it('imports a capture directory into a topology file and prints the import report', {
    timeout: 60_000,
  }, () => {
    const out = join(dir, 'cloud.json');
    const r = run('src/node/import.ts', API, '-o', out);
    expect(r.code, r.err).toBe(0);
    const expected = importCloud(captured());
    if (!expected.ok) throw new Error('the fixture does not import');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(expected.topology);
    expect(r.out).toMatch(/^Imported 3 hosts, \d+ networks/);
    // the same report as the app shows, item for item
    expect(r.out).toContain(reportText(expected.report).trimEnd());
    expect(r.out).toContain('IPv6 subnet 2001:db8::/64');
  });

  it('refuses a broken capture, naming the file, the field and the value, with exit 1', {
    timeout: 60_000,
  }, () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    for (const f of captured()) writeFileSync(join(broken, f.name), f.text);
    const ports = JSON.parse(readFileSync(join(API, 'ports.json'), 'utf8'));
    ports.ports[1].mac_address = 42;
    writeFileSync(join(broken, 'ports.json'), JSON.stringify(ports));
    const r = run('src/node/import.ts', broken, '-o', join(dir, 'never.json'));
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'ports.json: ports[1].mac_address (id f71a6703-d6de-4be1-a91a-a570ede1d159): 42 is not accepted',
    );
  });

  it('checks a host against the imported cloud: 0 when nothing differs, 1 and each difference when something does', {
    timeout: 60_000,
  }, () => {
    const file = join(dir, 'cloud.json');
    const imp = importCloud(captured());
    if (!imp.ok) throw new Error('the fixture does not import');
    writeFileSync(file, JSON.stringify(imp.topology));
    const loaded = loadTopology(imp.topology);
    if (!loaded.ok) throw new Error('the import does not load');
    const topo = loaded.topology as Topology;
    const ctx = { topology: topo, plane: realize(topo), state: newSimState() };
    const sh = (l: string) => runLine(ctx, { host: 'compute1', namespace: null }, l).stdout;
    const outputs: Record<string, string> = {
      'ovs-vsctl-show.txt': sh('ovs-vsctl show'),
      'dump-flows-br-int.txt': sh('ovs-ofctl dump-flows br-int'),
      'dump-flows-br-tun.txt': sh('ovs-ofctl dump-flows br-tun'),
      'ip-netns.txt': sh('ip netns'),
    };
    const host = join(dir, 'compute1');
    mkdirSync(host);
    for (const [name, text] of Object.entries(outputs)) writeFileSync(join(host, name), text);
    const same = run('src/node/drift.ts', file, 'compute1', host);
    expect(same.code, same.err).toBe(0);
    expect(same.out).toContain('No difference');

    const cut = outputs['dump-flows-br-tun.txt']!.split('\n')
      .filter((l) => !/table=22, .*priority=1,dl_vlan/.test(l))
      .join('\n');
    writeFileSync(join(host, 'dump-flows-br-tun.txt'), cut);
    const drifted = run('src/node/drift.ts', file, 'compute1', host);
    expect(drifted.code).toBe(1);
    expect(drifted.out).toContain(
      "compute1 br-tun has no flood flow for VNI 1042: broadcasts from private's VMs on compute1 reach no other host",
    );
    // the same report the app's Drift tab is made from
    const files = Object.entries({ ...outputs, 'dump-flows-br-tun.txt': cut }).map(([name, text]) => ({
      name,
      text,
    }));
    const inApp = driftCheck(topo, realize(topo), 'compute1', outputsFromFiles(files).outputs);
    expect(drifted.out).toBe(driftText(inApp));
  });

  it('names a host the cloud does not have, with exit 2', { timeout: 60_000 }, () => {
    const r = run('src/node/drift.ts', join(dir, 'cloud.json'), 'compute9', join(dir, 'compute1'));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/no host "compute9"/);
  });
});
