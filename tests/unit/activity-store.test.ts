// The activity store against the real core (in-process): opening an activity, its locks refusing an
// edit, an undo or a redo with a message naming the resource, goals judged again after every edit,
// hints, a submission with its score, the result, and another cloud closing it.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readResult, resultCode } from '../../src/activities/result';
import { activitySchema } from '../../src/activities/schema';
import { ACTIVITY_KEY, savedActivity, watchActivity } from '../../src/store/activity-persist';
import { resultOf, useActivity } from '../../src/store/activity-store';
import { useApp } from '../../src/store/app-store';
import { useChallenge } from '../../src/store/challenge-store';

vi.mock('../../src/store/sim-client', async () => {
  const { fakeSimClient } = await import('./edit-harness');
  const client = fakeSimClient();
  return { simClient: () => client };
});

const portDown = activitySchema.parse(JSON.parse(readFileSync('activities/3-port-down.json', 'utf8')));
const example = JSON.parse(readFileSync('examples/two-networks-one-router.json', 'utf8'));
const act = () => useActivity.getState();
const app = () => useApp.getState();
const vm2Port = () => app().doc!.ports.find((p) => p.name === 'vm2-port')!;

beforeEach(async () => {
  act().close();
  useApp.setState({ doc: null, past: [], future: [], notices: [] });
  expect(await app().applyTopology(example, { history: false })).toBeNull();
});

describe('an activity', () => {
  it('opens broken, judges its goals, and refuses to change what it locks, naming it', async () => {
    expect(await act().open(portDown)).toBeNull();
    expect(vm2Port().admin_state_up).toBe(false);
    expect(act().results?.map((r) => r.met)).toEqual([false, false]);

    const errors = await app().edit('move vm2', (t) => {
      t.servers.find((s) => s.name === 'vm2')!.host = 'compute1' as never;
    });
    expect(errors?.[0]?.message).toBe('server vm2 is locked by the activity: it may not be changed');
    expect(app().doc!.servers.find((s) => s.name === 'vm2')!.host).toBe('compute2');

    // the fix: an edit of what is not locked
    expect(
      await app().edit('set vm2 port up', (t) => {
        t.ports.find((p) => p.name === 'vm2-port')!.admin_state_up = true;
      }),
    ).toBeNull();
    const fixed = await act().check();
    expect(fixed?.map((r) => r.met)).toEqual([true, true]);
  });

  it('undo stops where the locks would break: the cloud before the activity is not the activity', async () => {
    expect(await act().open(portDown)).toBeNull();
    expect(app().past.length).toBeGreaterThan(0);
    const before = app().doc;
    expect(await app().undo()).toBe(false);
    expect(app().doc).toBe(before);
    expect(app().notices.at(-1)?.text).toBe(
      'Could not undo "open the activity: vm2 does not answer": the activity starts here: close it to go back to the cloud before.',
    );
    // an edit after it undoes as any edit does
    await app().edit('set vm2 port up', (t) => {
      t.ports.find((p) => p.name === 'vm2-port')!.admin_state_up = true;
    });
    expect(await app().undo()).toBe(true);
    expect(vm2Port().admin_state_up).toBe(false);
    expect(await app().redo()).toBe(true);
  });

  it('hints cost points; the submission scores the goals met; the result reads back', async () => {
    expect(await act().open(portDown)).toBeNull();
    act().takeHint();
    act().takeHint();
    act().takeHint();
    act().takeHint();
    expect(act().hintsTaken, 'no more hints than the file has').toBe(3);
    await app().edit('set vm2 port up', (t) => {
      t.ports.find((p) => p.name === 'vm2-port')!.admin_state_up = true;
    });
    act().setStudent('  Ada ');
    const sub = await act().submit();
    expect(sub?.score).toMatchObject({ goalsPercent: 100, hintPenalty: 30, score: 70 });
    const result = resultOf(act())!;
    expect(result).toMatchObject({
      activity: 'port-down',
      student: 'Ada',
      hints: [1, 2, 3],
      score: 70,
      goals: [
        { text: 'vm1 reaches vm2 by ping', met: true },
        { text: 'vm1 reaches vm2 on tcp/22', met: true },
      ],
    });
    expect(readResult(resultCode(result))).toEqual({ ok: true, result });
  });

  it('opening another cloud closes it, and lifts its locks', async () => {
    expect(await act().open(portDown)).toBeNull();
    expect(await app().applyTopology(example)).toBeNull();
    expect(act().activity).toBeNull();
    expect(app().notices.at(-1)?.text).toBe(
      'The activity "vm2 does not answer" was closed: another cloud was opened.',
    );
    expect(
      await app().edit('rename vm2', (t) => {
        t.servers.find((s) => s.name === 'vm2')!.name = 'web';
      }),
    ).toBeNull();
  });

  it('a file that is not an activity is refused with the field', async () => {
    const bad = { ...portDown, locked: { servers: ['vm9'] } };
    expect(await act().open(bad)).toBe(
      'the activity file is wrong: locked.servers.0 ("vm9"): the starting cloud has no server called vm9',
    );
    expect(await act().openText('{"format":"neutron-explorer/activity"}')).toMatch(
      /^the activity file is not an activity: version/,
    );
  });
});

describe('an activity under way and a reload', () => {
  /** A Storage in memory, as the browser's localStorage behaves. */
  function memoryStorage(): Storage {
    const m = new Map<string, string>();
    return {
      get length() {
        return m.size;
      },
      clear: () => m.clear(),
      getItem: (k) => m.get(k) ?? null,
      key: (i) => [...m.keys()][i] ?? null,
      removeItem: (k) => void m.delete(k),
      setItem: (k, v) => void m.set(k, String(v)),
    };
  }

  it('is saved as it goes, taken up again on the saved cloud with its hints and start, and forgotten when closed', async () => {
    const storage = memoryStorage();
    const stop = watchActivity(storage);
    try {
      expect(await act().open(portDown)).toBeNull();
      act().takeHint();
      act().setStudent('Ada');
      const startedAt = act().startedAt;
      const saved = savedActivity(storage);
      expect(saved).toMatchObject({ hintsTaken: 1, student: 'Ada', startedAt, trial: false });
      expect(saved?.activity.id).toBe('port-down');

      // the page goes: the store forgets, the cloud (saved apart) stays as the student left it
      useActivity.setState({ activity: null, hintsTaken: 0, student: '', startedAt: 0 });
      expect(await act().resume(saved!)).toBeNull();
      expect(act()).toMatchObject({ hintsTaken: 1, student: 'Ada', startedAt });
      expect(act().results?.map((r) => r.met)).toEqual([false, false]);
      // its locks hold again
      const errors = await app().edit('move vm2', (t) => {
        t.servers.find((s) => s.name === 'vm2')!.host = 'compute1' as never;
      });
      expect(errors?.[0]?.message).toBe('server vm2 is locked by the activity: it may not be changed');

      act().close();
      expect(savedActivity(storage)).toBeNull();
    } finally {
      stop();
    }
  });

  it('ignores a saved activity that does not read', () => {
    const storage = memoryStorage();
    storage.setItem(ACTIVITY_KEY, '{"activity":{"id":"x"}}');
    expect(savedActivity(storage)).toBeNull();
    storage.setItem(ACTIVITY_KEY, 'not json');
    expect(savedActivity(storage)).toBeNull();
  });
});

describe('the challenge score in a result', () => {
  it('counts only the questions asked while the activity was open', async () => {
    useChallenge.setState({ score: { asked: 3, right: 1 } });
    expect(await act().open(portDown)).toBeNull();
    // two questions asked during the activity, one answered right
    useChallenge.setState({ score: { asked: 5, right: 2 } });
    const sub = await act().submit();
    expect(sub?.challenge).toEqual({ asked: 2, right: 1 });
    expect(resultOf(act())?.challenge).toEqual({ asked: 2, right: 1 });
    // and not in the score: the goals and hints make it
    expect(sub?.score.score).toBe(0);
  });
});
