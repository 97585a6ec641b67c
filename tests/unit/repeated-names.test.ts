// Repeated names work, as in Neutron: two servers (or routers) may share a name. The cloud loads; the
// core tells them apart by host ("vm1 (compute2)"), by id, and refuses a bare repeated name with the
// candidates, as `openstack server show vm1` does; sends by label, by id (fromId/toId) and from the
// command line reach the right one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findRouter,
  findServer,
  loadTopology,
  newSimState,
  realize,
  routerLabel,
  type SendRequest,
  send,
  serverLabel,
  type Topology,
  type Trace,
} from '../../src/sim';
import { loadExample, packetId } from './helpers';

/** The example, saved, changed as the editor would, and loaded again. */
function changed(edit: (t: Topology) => void): Topology {
  const t = structuredClone(loadExample('two-networks-one-router'));
  edit(t);
  const r = loadTopology(JSON.parse(JSON.stringify(t)));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}

/** vm2 (on compute2) renamed vm1: two servers called vm1, one on each compute host. */
const twoVm1 = () =>
  changed((t) => {
    t.servers.find((s) => s.name === 'vm2')!.name = 'vm1';
  });

const server = (t: Topology, host: string) => t.servers.find((s) => s.host === host)!;

function sendIn(t: Topology, req: SendRequest): { ok: true; trace: Trace } | { ok: false; error: string } {
  return send(t, realize(t), newSimState(), req);
}

/** Where the echo request ends: the host and device of its last hop. */
function echoEnd(trace: Trace): { host: string | null; device: string } {
  const echo = packetId(trace, /echo request/);
  const last = trace.hops.filter((h) => h.packet === echo).at(-1)!;
  return { host: last.host, device: last.deviceId };
}

describe('two servers with one name', () => {
  it('load, with no error and no warning about the name', () => {
    const r = loadTopology(JSON.parse(JSON.stringify(twoVm1())));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings.filter((w) => w.includes('vm1'))).toEqual([]);
  });

  it('are told apart by their host; a name nobody else has stays as it is', () => {
    const t = twoVm1();
    expect(t.servers.map((s) => serverLabel(t, s)).sort()).toEqual(['vm1 (compute1)', 'vm1 (compute2)']);
    const one = loadExample('two-networks-one-router');
    expect(one.servers.map((s) => serverLabel(one, s))).toEqual(['vm1', 'vm2']);
  });

  it('two of them on one host too: by host and the start of the id', () => {
    const t = changed((d) => {
      for (const s of d.servers) {
        s.name = 'vm1';
        s.host = 'compute1' as typeof s.host;
      }
      // a moved server's ports are bound to its new host (a live migration)
      for (const p of d.ports)
        if (p.device_owner.startsWith('compute:')) p['binding:host_id'] = 'compute1' as never;
    });
    const labels = t.servers.map((s) => serverLabel(t, s));
    expect(labels).toEqual(t.servers.map((s) => `vm1 (compute1, ${s.id.slice(0, 8)})`));
    for (const [i, s] of t.servers.entries())
      expect(findServer(t, labels[i]!)).toEqual({ ok: true, item: s });
    expect(findServer(t, 'vm1 (compute1)')).toMatchObject({ ok: false, candidates: t.servers });
  });

  it('are found by label or id; the bare name gives both candidates', () => {
    const t = twoVm1();
    const [a, b] = [server(t, 'compute1'), server(t, 'compute2')];
    expect(findServer(t, 'vm1 (compute2)')).toEqual({ ok: true, item: b });
    expect(findServer(t, 'vm1 (compute1)')).toEqual({ ok: true, item: a });
    expect(findServer(t, b.id)).toEqual({ ok: true, item: b });
    expect(findServer(t, 'vm1')).toEqual({ ok: false, candidates: [a, b] });
    expect(findServer(t, 'vm1 (network1)')).toEqual({ ok: false, candidates: [] });
    expect(findServer(t, 'vm9')).toEqual({ ok: false, candidates: [] });
  });

  it('a send that names vm1 alone is refused with the candidates and how to name one', () => {
    const t = twoVm1();
    const to = sendIn(t, { from: 'internet', to: 'vm1' });
    expect(to).toEqual({
      ok: false,
      error:
        '--to vm1: more than one server is called vm1: vm1 (compute1) and vm1 (compute2); name one as "vm1 (compute1)", or by its id',
    });
    const from = sendIn(t, { from: 'vm1', to: 'internet' });
    expect(from.ok ? '' : from.error).toMatch(
      /^--from vm1: more than one server is called vm1: vm1 \(compute1\) and vm1 \(compute2\);/,
    );
  });

  it('a send by label reaches the server it names, and comes from the one it names', () => {
    const t = twoVm1();
    const [a, b] = [server(t, 'compute1'), server(t, 'compute2')];
    const r = sendIn(t, { from: 'vm1 (compute1)', to: 'vm1 (compute2)' });
    if (!r.ok) throw new Error(r.error);
    expect(r.trace.verdict).toBe('delivered');
    expect(echoEnd(r.trace)).toEqual({ host: 'compute2', device: `compute2|server:${b.id}` });
    const back = sendIn(t, { from: 'vm1 (compute2)', to: 'vm1 (compute1)' });
    if (!back.ok) throw new Error(back.error);
    expect(echoEnd(back.trace)).toEqual({ host: 'compute1', device: `compute1|server:${a.id}` });
    expect(back.trace.hops[0]!.deviceId).toBe(`compute2|server:${b.id}`);
  });

  it('fromId and toId decide whatever the words say', () => {
    const t = twoVm1();
    const [a, b] = [server(t, 'compute1'), server(t, 'compute2')];
    const r = sendIn(t, { from: 'vm1', fromId: b.id, to: 'vm1', toId: a.id });
    if (!r.ok) throw new Error(r.error);
    expect(r.trace.hops[0]!.deviceId).toBe(`compute2|server:${b.id}`);
    expect(echoEnd(r.trace).device).toBe(`compute1|server:${a.id}`);
    // the words are what the trace shows of the request
    expect(r.trace.send).toMatchObject({ from: 'vm1', to: 'vm1' });
    expect(sendIn(t, { from: 'vm1', fromId: 'no-such-id', to: 'vm2' })).toEqual({
      ok: false,
      error: '--from vm1: no server or router has the id no-such-id',
    });
  });

  it('a bare server id works as from and to, as the openstack client takes one', () => {
    const t = twoVm1();
    const [a, b] = [server(t, 'compute1'), server(t, 'compute2')];
    const r = sendIn(t, { from: a.id, to: b.id });
    if (!r.ok) throw new Error(r.error);
    expect(echoEnd(r.trace).device).toBe(`compute2|server:${b.id}`);
  });
});

describe('two routers with one name', () => {
  const twoRouters = () =>
    changed((t) => {
      const r = t.routers[0]!;
      t.routers.push({
        ...structuredClone(r),
        id: '0b6e3b8c-5f7a-4c2d-9e10-2a3b4c5d6e7f' as typeof r.id,
        external_gateway_info: null,
      });
    });

  it('are told apart by the start of the id, as their qrouter namespaces are', () => {
    const t = twoRouters();
    expect(t.routers.map((r) => routerLabel(t, r))).toEqual(
      t.routers.map((r) => `router1 (${r.id.slice(0, 8)})`),
    );
    expect(findRouter(t, 'router1 (0b6e3b8c)')).toEqual({ ok: true, item: t.routers[1] });
    expect(findRouter(t, 'router1')).toMatchObject({ ok: false, candidates: t.routers });
  });

  it('a send from router:router1 is refused with both; by label or id it goes from that namespace', () => {
    const t = twoRouters();
    const first = t.routers[0]!;
    const r = sendIn(t, { from: 'router:router1', to: 'vm2' });
    expect(r.ok ? '' : r.error).toBe(
      `--from router:router1: more than one router is called router1: router1 (${first.id.slice(0, 8)}) and router1 (0b6e3b8c); name one as "router:router1 (${first.id.slice(0, 8)})", or by its id`,
    );
    for (const from of [`router:router1 (${first.id.slice(0, 8)})`, `router:${first.id}`]) {
      const ok = sendIn(t, { from, to: 'vm2' });
      if (!ok.ok) throw new Error(ok.error);
      expect(ok.trace.verdict).toBe('delivered');
      expect(ok.trace.hops[0]!.namespace).toBe(`qrouter-${first.id}`);
    }
  });
});

describe('npm run trace with a repeated name', { timeout: 60_000 }, () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const scratch = mkdtempSync(join(tmpdir(), 'trace-names-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const trace = (...args: string[]) =>
    spawnSync(join(root, 'node_modules/.bin/tsx'), ['src/node/trace.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('refuses --to vm1 with the candidates, and takes --to "vm1 (compute2)" or the id', () => {
    const t = twoVm1();
    const file = join(scratch, 'two-vm1.json');
    writeFileSync(file, JSON.stringify(t));
    const bare = trace(file, '--from', 'internet', '--to', 'vm1');
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain(
      '--to vm1: more than one server is called vm1: vm1 (compute1) and vm1 (compute2)',
    );
    for (const to of ['vm1 (compute2)', server(t, 'compute2').id]) {
      const r = trace(file, '--from', 'vm1 (compute1)', '--to', to, '--json');
      expect(r.status).toBe(0);
      const json = JSON.parse(r.stdout) as Trace;
      const echo = packetId(json, /echo request/);
      expect(json.hops.filter((h) => h.packet === echo).at(-1)!.deviceId).toBe(
        `compute2|server:${server(t, 'compute2').id}`,
      );
    }
  });
});
