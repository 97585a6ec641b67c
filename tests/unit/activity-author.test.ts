// Writing an activity in the app (issue 16, point 3): the draft becomes an activity file checked as a
// file is, with errors naming the field; the link leaves the answer cloud out; locks by name.
import { readFileSync } from 'node:fs';
import LZString from 'lz-string';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseActivity } from '../../src/activities/schema';
import {
  ACTIVITY_LINK_PREFIX,
  activityLink,
  buildActivity,
  slug,
  useAuthor,
} from '../../src/store/activity-author';
import { useApp } from '../../src/store/app-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
const author = () => useAuthor.getState();

beforeAll(async () => {
  expect(await useApp.getState().applyTopology(example, { history: false })).toBeNull();
});

describe('a draft', () => {
  it('starts from the current cloud, and becomes a file that reads back as the same activity', () => {
    author().begin();
    author().set({
      title: 'Why can’t vm1 reach vm2?',
      introduction: 'Users report: no web.',
      hints: ' one \n\n two ',
    });
    author().setLock('routers', 'router1', true);
    author().addGoal({ type: 'reach', from: 'vm1', to: 'vm2', proto: 'tcp', port: 80 });
    author().addGoal({ type: 'reach', from: 'vm1', to: 'vm2', proto: 'tcp', port: 80 });
    author().takeSolution();
    const built = buildActivity(author().draft);
    if (!built.ok) throw new Error(built.error);
    const a = built.activity;
    expect(a.id).toBe('why-can-t-vm1-reach-vm2');
    expect(a.locked).toEqual({ routers: ['router1'] });
    expect(a.goals, 'the same goal twice would count twice').toHaveLength(1);
    expect(a.hints).toEqual(['one', 'two']);
    expect(a).not.toHaveProperty('hintCost');
    expect(a.solution).toEqual(useApp.getState().doc);
    const back = parseActivity(JSON.stringify(a));
    expect(back.ok && back.activity.goals).toEqual(a.goals);
  });

  it('names what is missing or wrong', () => {
    author().begin();
    expect(buildActivity(author().draft)).toEqual({
      ok: false,
      error: expect.stringMatching(/^the title: /),
    });
    author().set({ title: 'T', introduction: 'I' });
    expect(buildActivity(author().draft)).toEqual({
      ok: false,
      error: expect.stringMatching(/^the goals: /),
    });
    author().addGoal({ type: 'dhcp', server: 'vm1' });
    author().set({ hintCost: '150' });
    expect(buildActivity(author().draft)).toEqual({
      ok: false,
      error: expect.stringMatching(/^the cost of a hint \(150\): /),
    });
    author().set({ hintCost: '25' });
    const ok = buildActivity(author().draft);
    expect(ok.ok && ok.activity.hintCost).toBe(25);
    author().set({ start: null });
    expect(buildActivity(author().draft)).toEqual({
      ok: false,
      error: 'the starting cloud: take the current cloud as the start first',
    });
  });

  it('locks everything or nothing; a link carries the activity without its answer', () => {
    author().begin();
    author().lockAll(useApp.getState().doc!, true);
    expect(author().draft.locks.servers).toEqual(['vm1', 'vm2']);
    expect(author().draft.locks.networks).toEqual(expect.arrayContaining(['net1', 'net2', 'public']));
    author().set({ title: 'T', introduction: 'I' });
    author().addGoal({ type: 'router-interface', router: 'router1', network: 'net2' });
    author().takeSolution();
    const built = buildActivity(author().draft);
    if (!built.ok) throw new Error(built.error);
    const link = activityLink(built.activity, 'https://x.example/app/');
    expect(link.startsWith(`https://x.example/app/${ACTIVITY_LINK_PREFIX}`)).toBe(true);
    const shared = JSON.parse(LZString.decompressFromEncodedURIComponent(link.slice(link.indexOf('=') + 1))!);
    expect(shared).not.toHaveProperty('solution');
    expect(shared.goals).toEqual(built.activity.goals);
    author().lockAll(useApp.getState().doc!, false);
    expect(Object.values(author().draft.locks).flat()).toEqual([]);
  });

  it('slugs a title into an id', () => {
    expect(slug('  --Hello, World!--  ')).toBe('hello-world');
    expect(slug('!!!')).toBe('activity');
  });
});
