// The teacher's form: an activity from the current cloud. Title and what users report, what is locked,
// goals written with a form (a source, a target, a protocol and port, must or must not reach; or a
// property of a resource), hints, the answer cloud kept out of sight; then try it as a student, save it
// as a file, or copy a link (which leaves the answer out).
import { useState } from 'react';
import { goalWords } from '../../activities/goals';
import type { LockKind } from '../../activities/schema';
import { activityLink, buildActivity, useAuthor } from '../../store/activity-author';
import { useApp } from '../../store/app-store';
import { download } from '../../store/file-io';
import { GoalForm } from './GoalForm';

const LOCK_KINDS: { kind: LockKind; label: string }[] = [
  { kind: 'hosts', label: 'Hosts' },
  { kind: 'networks', label: 'Networks (with their subnets)' },
  { kind: 'routers', label: 'Routers' },
  { kind: 'servers', label: 'Servers' },
  { kind: 'security_groups', label: 'Security groups' },
];

const say = (tone: 'info' | 'error', text: string) => useApp.getState().notify(tone, text);

export function AuthorForm() {
  const draft = useAuthor((s) => s.draft);
  const a = useAuthor.getState();
  const [link, setLink] = useState('');
  const start = draft.start;
  const lockable: Record<LockKind, string[]> = {
    hosts: start?.hosts.map((h) => h.name) ?? [],
    networks: [...new Set(start?.networks.map((n) => n.name) ?? [])],
    routers: [...new Set(start?.routers.map((r) => r.name) ?? [])],
    servers: [...new Set(start?.servers.map((s) => s.name) ?? [])],
    security_groups: [...new Set(start?.security_groups.map((g) => g.name) ?? [])],
  };
  const built = buildActivity(draft);
  const fail = (e: string) => say('error', `The activity is not complete: ${e}.`);
  return (
    <div className="lesson activity author" data-testid="author-form">
      <div className="lesson__top">
        <span className="muted">Write an activity</span>
        <button type="button" className="link" onClick={() => a.stop()}>
          back to the activities
        </button>
      </div>
      <label className="field">
        <span>Title</span>
        <input
          value={draft.title}
          onChange={(e) => a.set({ title: e.target.value })}
          maxLength={120}
          data-testid="author-title"
        />
      </label>
      <label className="field">
        <span>What users report (the student sees only this and the goals)</span>
        <textarea
          rows={4}
          value={draft.introduction}
          onChange={(e) => a.set({ introduction: e.target.value })}
          data-testid="author-intro"
        />
      </label>

      <h3>Clouds</h3>
      <p className="muted">
        Start:{' '}
        {start
          ? `${start.name || 'the cloud'} (${start.servers.length} servers), taken when you began`
          : 'none'}
        .{' '}
        <button type="button" className="link" onClick={() => a.takeStart()} data-testid="author-take-start">
          take the current cloud as the start
        </button>
      </p>
      <p className="muted">
        Answer:{' '}
        {draft.solution ? 'kept (in the file only, never shown to a student, left out of links)' : 'none'}.{' '}
        <button
          type="button"
          className="link"
          onClick={() => a.takeSolution()}
          data-testid="author-take-solution"
        >
          take the current cloud as the answer
        </button>
      </p>

      <h3>Locked</h3>
      <p className="muted">
        The student may not change these: an edit of one is refused, naming it.{' '}
        <button type="button" className="link" onClick={() => start && a.lockAll(start, true)}>
          lock everything
        </button>{' '}
        ·{' '}
        <button type="button" className="link" onClick={() => start && a.lockAll(start, false)}>
          nothing
        </button>
      </p>
      {LOCK_KINDS.filter((k) => lockable[k.kind].length).map((k) => (
        <fieldset key={k.kind} className="author__locks">
          <legend>{k.label}</legend>
          {lockable[k.kind].map((name) => (
            <label key={name}>
              <input
                type="checkbox"
                checked={draft.locks[k.kind].includes(name)}
                onChange={(e) => a.setLock(k.kind, name, e.target.checked)}
                data-testid={`author-lock-${k.kind}-${name}`}
              />{' '}
              {name}
            </label>
          ))}
        </fieldset>
      ))}

      <h3>Goals</h3>
      {draft.goals.length ? (
        <ol className="author__goals" data-testid="author-goals">
          {draft.goals.map((g, i) => (
            <li key={JSON.stringify(g)}>
              {goalWords(g)}{' '}
              <button
                type="button"
                className="link"
                onClick={() => a.removeGoal(i)}
                aria-label={`remove the goal ${goalWords(g)}`}
              >
                remove
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No goal yet.</p>
      )}
      <GoalForm />

      <label className="field">
        <span>Each hint taken costs (points of 100)</span>
        <input
          inputMode="numeric"
          value={draft.hintCost}
          onChange={(e) => a.set({ hintCost: e.target.value })}
          size={4}
          data-testid="author-hint-cost"
        />
      </label>
      <label className="field">
        <span>Hints, one a line, given in this order</span>
        <textarea
          rows={3}
          value={draft.hints}
          onChange={(e) => a.set({ hints: e.target.value })}
          data-testid="author-hints"
        />
      </label>

      <div className="activity__tools">
        <button
          type="button"
          className="primary"
          data-testid="author-try"
          onClick={() => void a.tryIt().then((e) => e && fail(e))}
        >
          Try it as a student
        </button>
        <button
          type="button"
          data-testid="author-save"
          onClick={() =>
            built.ok
              ? download(`activity-${built.activity.id}.json`, `${JSON.stringify(built.activity, null, 2)}\n`)
              : fail(built.error)
          }
        >
          Save as a file
        </button>
        <button
          type="button"
          data-testid="author-link"
          onClick={() => {
            if (!built.ok) return fail(built.error);
            const url = activityLink(built.activity, `${location.origin}${location.pathname}`);
            setLink(url);
            void navigator.clipboard?.writeText(url).catch(() => undefined);
          }}
        >
          Copy a link
        </button>
      </div>
      {link ? (
        <label className="field">
          <span>The link (the answer cloud is left out; {link.length.toLocaleString('en')} characters)</span>
          <textarea
            readOnly
            rows={3}
            value={link}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="author-link-text"
          />
        </label>
      ) : null}
    </div>
  );
}
