// Opening a lesson file (or a lesson link's text): a valid one opens at its first step with its cloud;
// text that is not JSON, or JSON that is not a lesson, is refused with a message naming the field, and
// the user's cloud stays as it was.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_LESSONS } from '../../src/lessons/all';
import { useApp } from '../../src/store/app-store';
import { useClassroom } from '../../src/store/classroom-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const example = JSON.parse(readFileSync('examples/same-network-two-hosts.json', 'utf8'));
const c = () => useClassroom.getState();

beforeEach(async () => {
  c().close();
  expect(await useApp.getState().applyTopology(example, { history: false })).toBeNull();
});

describe('opening a lesson file', () => {
  it('opens a valid lesson at its first step, on the lesson’s cloud', async () => {
    const lesson = BUILTIN_LESSONS.find((l) => l.id === 'two-networks-router')!;
    expect(await c().openText(JSON.stringify(lesson))).toBeNull();
    expect(c().lesson?.id).toBe('two-networks-router');
    expect(c().step).toBe(0);
    expect(useApp.getState().doc?.routers.length).toBe(1);
  });

  it.each([
    ['text that is not JSON', '{"format":', /^the lesson file is not valid JSON: /],
    ['a topology instead of a lesson', JSON.stringify(example), /^the lesson file is not a lesson: format: /],
    [
      'a step without text',
      JSON.stringify({ ...BUILTIN_LESSONS[0], steps: [{ title: 'x' }] }),
      /^the lesson file is not a lesson: steps\.0\.text: /,
    ],
    [
      'a field no lesson has',
      JSON.stringify({ ...BUILTIN_LESSONS[0], script: 'alert(1)' }),
      /^the lesson file is not a lesson: \(file\): .*script/,
    ],
  ])('refuses %s, says where, and keeps the cloud', async (_what, text, message) => {
    const before = useApp.getState().doc;
    expect(await c().openText(text)).toMatch(message);
    expect(c().lesson).toBeNull();
    expect(useApp.getState().doc).toBe(before);
  });
});
