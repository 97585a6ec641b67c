// No axe violations on the main screens (issue #19, point 1): axe-core 4 with every rule it runs by
// default (WCAG 2.0/2.1 A and AA, and the best practices such as one level-one heading), on the demo in
// both views and both themes, during a send with the hop inspector, the editor with a form open, a
// lesson in Presenter mode, and the terminal.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './app';
import type { Browser } from './harness';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  nodes: string[];
}

async function violations(p: Page): Promise<Violation[]> {
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ path: AXE });
  return p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: unknown): Promise<any> } }).axe;
    const r = await axe.run(document);
    return r.violations.map((v: any) => ({
      id: v.id,
      nodes: v.nodes.map((n: any) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

describe('axe finds nothing', () => {
  let b: Browser;
  let p: Page;
  beforeAll(async () => {
    b = await openApp();
    p = b.page;
  });
  afterAll(async () => {
    await b.close();
  });
  const theme = () => p.getByRole('button', { name: 'Toggle theme' });

  it('on the demo, physical and logical, light and dark', async () => {
    expect(await violations(p)).toEqual([]);
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.waitForSelector('.react-flow__node-netbar');
    expect(await violations(p)).toEqual([]);
    await theme().click();
    expect(await violations(p)).toEqual([]);
    await p.getByRole('button', { name: 'Physical' }).click();
    expect(await violations(p)).toEqual([]);
    await theme().click();
  });

  it('during a send, with the hop inspector, light and dark', async () => {
    await p.locator('[data-testid="send-from"]').selectOption('vm1');
    await p.locator('[data-testid="send-to"]').fill('vm2');
    await p.locator('[data-testid="send-go"]').click();
    await p.waitForSelector('[data-testid="hop-inspector"]');
    expect(await violations(p)).toEqual([]);
    await theme().click();
    expect(await violations(p)).toEqual([]);
    await theme().click();
  });

  it('in the terminal', async () => {
    await p.getByRole('tab', { name: 'Terminal' }).click();
    await p.waitForSelector('.term');
    expect(await violations(p)).toEqual([]);
  });

  it('in the editor with a form open', async () => {
    await p.getByTestId('edit-toggle').click();
    await p.getByRole('button', { name: 'Logical' }).click();
    await p.getByTestId('server-vm1').click();
    await p.waitForSelector('[data-testid^="form-"]');
    expect(await violations(p)).toEqual([]);
    await theme().click();
    expect(await violations(p)).toEqual([]);
    await theme().click();
    await p.getByTestId('edit-toggle').click();
  });

  it('in a lesson in Presenter mode, light and dark', async () => {
    await p.getByRole('button', { name: 'Lessons ▾' }).click();
    await p.getByRole('menuitem').nth(2).click();
    await p.getByRole('button', { name: 'Presenter' }).click();
    await p.waitForSelector('[data-testid="lesson-panel"]');
    expect(await violations(p)).toEqual([]);
    await theme().click();
    expect(await violations(p)).toEqual([]);
  });
});
