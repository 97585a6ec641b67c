// Bring your own cloud (issue 17): File → Import a cloud reads a capture's files and shows the cloud and
// the import report; the Drift tab compares what was run on a host with the model and marks what differs.
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCloud } from '../../src/import';
import { loadTopology, newSimState, realize, runLine, type Topology } from '../../src/sim';
import { openApp } from './app';
import type { Browser } from './harness';

const DIR = 'tests/fixtures/import/api-cloud';
const FILES = readdirSync(DIR).map((f) => `${DIR}/${f}`);

const state = (p: Page) =>
  p.evaluate(() =>
    (window as unknown as { __neutronEdit: { state(): { doc: Topology } } }).__neutronEdit.state(),
  );

/** What `ovs-ofctl dump-flows br-tun` prints on compute1 of the imported cloud, as the app's model has it. */
function modelFlows(): string {
  const r = importCloud(FILES.map((f) => ({ name: f, text: readFileSync(f, 'utf8') })));
  if (!r.ok) throw new Error('fixture does not import');
  const l = loadTopology(r.topology);
  if (!l.ok) throw new Error('fixture does not load');
  const ctx = { topology: l.topology, plane: realize(l.topology), state: newSimState() };
  return runLine(ctx, { host: 'compute1', namespace: null }, 'ovs-ofctl dump-flows br-tun').stdout;
}

describe('import a cloud, then check a host for drift', () => {
  let b: Browser;
  let p: Page;
  // private by design: nothing is asked of any other origin while a capture is imported or a host checked
  const elsewhere: string[] = [];
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
    const origin = new URL(p.url()).origin;
    p.on('request', (r) => {
      if (!/^(data|blob):/.test(r.url()) && new URL(r.url()).origin !== origin) elsewhere.push(r.url());
    });
  });
  afterAll(async () => {
    await b.close();
  });

  it('imports the files of a capture through the File menu and shows the cloud and the report', async () => {
    await p.getByTestId('file-menu').click();
    await p.getByTestId('import-cloud').click();
    const dialog = p.getByTestId('import-dialog');
    await expect.poll(() => dialog.textContent()).toContain('nothing is sent anywhere');
    await p.getByTestId('import-files-input').setInputFiles(FILES);
    await expect
      .poll(() => p.getByTestId('import-outcome').textContent(), { timeout: 20_000 })
      .toContain('Imported 3 hosts');
    // the first items of each kind are shown; the rest one click away
    await p.getByRole('button', { name: 'Show all 11' }).click();
    const report = (await p.getByTestId('import-report').textContent()) ?? '';
    expect(report).toContain('IPv6 subnet 2001:db8::/64');
    expect(report).toContain('load balancer');
    expect(report).toContain('each project is named by its id');
    expect(report).not.toContain('((none))');
    await p.getByTestId('import-close').click();
    const doc = (await state(p)).doc;
    // router2 is distributed in the capture, and comes in distributed
    expect(doc.routers.find((x) => x.id === '915a14a6-867b-4af7-83d1-70efceb146f9')?.distributed).toBe(true);
    expect(doc.ports.find((x) => x.id === 'ce705c24-c1ef-408a-bda3-7bbd946164ab')?.mac_address).toBe(
      'fa:16:3e:b1:3b:30',
    );
    await p.waitForSelector('[data-testid="host-network1"]');
    await p.waitForSelector('[data-device="qrouter-f8a44de0-fc8e-45df-93c7-f79bf3b01c95"]');
    expect(b.errors).toEqual([]);
    expect(elsewhere).toEqual([]);
  });

  it('finds a flood flow missing on compute1, says what follows, and marks br-tun', async () => {
    await p.getByRole('tab', { name: 'Drift' }).click();
    await p.getByTestId('drift-host').selectOption('compute1');
    const flows = modelFlows();
    await p.getByTestId('drift-brTun').fill(flows);
    await p.getByTestId('drift-run').click();
    await expect
      .poll(() => p.getByTestId('drift-result').textContent())
      .toContain('No difference on compute1');
    expect(await p.locator('.dev.is-drift').count()).toBe(0);
    const cut = flows
      .split('\n')
      .filter((l) => !/table=22, .*priority=1,dl_vlan/.test(l))
      .join('\n');
    await p.getByTestId('drift-brTun').fill(cut);
    await p.getByTestId('drift-run').click();
    await expect
      .poll(() => p.getByTestId('drift-result').textContent())
      .toContain(
        "compute1 br-tun has no flood flow for VNI 1042broadcasts from private's VMs on compute1 reach no other host",
      );
    await expect.poll(() => p.locator('.dev.is-drift').count()).toBeGreaterThan(0);
    expect(await p.locator('.dev.is-drift').first().getAttribute('data-device')).toBe('br-tun');
    expect(b.errors).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
