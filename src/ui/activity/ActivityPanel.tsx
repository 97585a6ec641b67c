// The Activity tab: the activities to start, the one under way (what users report, what is locked, the
// goals met or not after every edit and send, hints on request, submit and the score, the result to
// hand in), or the teacher's form for writing one.
import { lazy, Suspense, useEffect, useRef } from 'react';
import { BUILTIN_ACTIVITIES } from '../../activities/builtin';
import { goalWords } from '../../activities/goals';
import { locksWords } from '../../activities/locks';
import { minutesText, resultCode, resultFileText } from '../../activities/result';
import { DEFAULT_HINT_COST } from '../../activities/schema';
import { useAuthor } from '../../store/activity-author';
import { watchActivity } from '../../store/activity-persist';
import { resultOf, useActivity } from '../../store/activity-store';
import { useApp } from '../../store/app-store';
import { download } from '../../store/file-io';
import { ResultsDialog } from './ResultsDialog';
import './activity.css';

// an activity opened from this tab is saved as it goes, to be taken up again after a reload
watchActivity();

const AuthorForm = lazy(() => import('./AuthorForm').then((m) => ({ default: m.AuthorForm })));

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\n+/).map((p) => (
        <p key={p}>{p}</p>
      ))}
    </>
  );
}

const say = (tone: 'info' | 'error', text: string) => useApp.getState().notify(tone, text);

export async function startActivity(run: () => Promise<string | null>): Promise<void> {
  const err = await run();
  if (err) say('error', err);
}

function ActivityList() {
  const file = useRef<HTMLInputElement>(null);
  const author = useAuthor.getState();
  return (
    <div className="lesson activity" data-testid="activity-panel">
      <h2>Activities</h2>
      <p className="muted">
        Each activity starts from a cloud that users say is broken. Find the fault with the canvas, the
        inspector and the terminal, fix it, and submit: the goals are checked with real sends.
      </p>
      <ol className="lesson-list">
        {BUILTIN_ACTIVITIES.map((a) => (
          <li key={a.id}>
            <button type="button" onClick={() => void startActivity(() => useActivity.getState().open(a))}>
              {a.title}
            </button>
            <div className="muted">{a.introduction.split(/\n\n/)[0]}</div>
          </li>
        ))}
      </ol>
      <div className="activity__tools">
        <button type="button" onClick={() => file.current?.click()}>
          Open an activity file…
        </button>
        <button type="button" onClick={() => author.begin()} data-testid="activity-write">
          Write an activity from this cloud…
        </button>
        <button type="button" onClick={() => author.setResultsOpen(true)} data-testid="activity-results">
          Open students' results…
        </button>
      </div>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="activity-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void f.text().then((t) => startActivity(() => useActivity.getState().openText(t)));
        }}
      />
    </div>
  );
}

function Goals() {
  const a = useActivity((s) => s.activity)!;
  const results = useActivity((s) => s.results);
  const checking = useActivity((s) => s.checking);
  const submission = useActivity((s) => s.submission);
  const trial = useActivity((s) => s.trial);
  const met = results?.filter((r) => r.met).length ?? 0;
  return (
    <section className="activity__goals" aria-label="Goals">
      <h3>
        Goals{' '}
        <span className="muted" data-testid="activity-goals-count">
          {results ? `${met} of ${a.goals.length} met` : 'checking…'}
          {checking && results ? ' · checking…' : ''}
        </span>
      </h3>
      <ul>
        {a.goals.map((g, i) => {
          const r = results?.[i];
          return (
            <li
              key={JSON.stringify(g)}
              className={r?.met ? 'met' : 'open'}
              data-testid="activity-goal"
              data-met={r ? String(r.met) : 'unknown'}
            >
              <span className="activity__mark" aria-hidden>
                {r?.met ? '✓' : '○'}
              </span>
              <span>
                {goalWords(g)}
                <span className="sr-only">{r?.met ? ' (met)' : ' (not met)'}</span>
                {/* what was found gives the cause away: shown once submitted, and to the author trying it */}
                {(submission || trial) && r ? (
                  <span className="activity__why" data-testid="activity-why">
                    {r.why}
                  </span>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Hints() {
  const a = useActivity((s) => s.activity)!;
  const taken = useActivity((s) => s.hintsTaken);
  const hints = a.hints ?? [];
  if (!hints.length) return null;
  const cost = a.hintCost ?? DEFAULT_HINT_COST;
  return (
    <section className="activity__hints" aria-label="Hints">
      {hints.slice(0, taken).map((h, i) => (
        <p key={h} className="activity__hint" data-testid="activity-hint">
          <strong>Hint {i + 1}.</strong> {h}
        </p>
      ))}
      {taken < hints.length ? (
        <button
          type="button"
          onClick={() => useActivity.getState().takeHint()}
          data-testid="activity-hint-take"
        >
          {taken ? 'Another hint' : 'A hint'} (−{cost} points)
        </button>
      ) : null}
    </section>
  );
}

function Submission() {
  const state = useActivity();
  const sub = state.submission;
  const result = resultOf(state);
  const scored = useRef<HTMLDivElement>(null);
  // the score is below the goals and hints: bring it into sight when it comes
  useEffect(() => {
    if (sub) scored.current?.scrollIntoView({ block: 'nearest' });
  }, [sub]);
  return (
    <section className="activity__submit">
      <label className="field">
        <span>Your name (for the result)</span>
        <input
          value={state.student}
          onChange={(e) => state.setStudent(e.target.value)}
          maxLength={80}
          data-testid="activity-student"
        />
      </label>
      <button
        type="button"
        className="primary"
        onClick={() => void state.submit()}
        data-testid="activity-submit"
      >
        {sub ? 'Submit again' : 'Submit'}
      </button>
      {sub ? (
        <div
          ref={scored}
          className={`lesson__outcome ${sub.score.points === sub.score.max ? 'ok' : 'bad'}`}
          data-testid="activity-score"
        >
          <strong>Score {sub.score.score} / 100</strong>
          <div>
            goals {sub.score.points}/{sub.score.max} ({sub.score.goalsPercent})
            {sub.score.hintsTaken
              ? `, ${sub.score.hintsTaken} hint${sub.score.hintsTaken > 1 ? 's' : ''} −${sub.score.hintPenalty}`
              : ', no hint'}
            {sub.challenge.asked ? ` · challenge ${sub.challenge.right}/${sub.challenge.asked}` : ''} · time{' '}
            {minutesText(sub.seconds)}
          </div>
        </div>
      ) : null}
      {result ? (
        <div className="activity__result">
          <button
            type="button"
            onClick={() =>
              download(
                `result-${result.activity}${result.student ? `-${result.student.replace(/\W+/g, '-')}` : ''}.json`,
                resultFileText(result),
              )
            }
            data-testid="activity-download"
          >
            Download the result
          </button>
          <label className="field">
            <span>or copy this code for your teacher</span>
            <textarea
              readOnly
              rows={3}
              value={resultCode(result)}
              data-testid="activity-code"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
        </div>
      ) : null}
    </section>
  );
}

function ActivityRun() {
  const a = useActivity((s) => s.activity)!;
  const trial = useActivity((s) => s.trial);
  const locks = useActivity((s) => s.locks);
  return (
    <div className="lesson activity" data-testid="activity-panel">
      {trial ? (
        <div className="activity__trial" role="status">
          Trying your draft as a student would.{' '}
          <button type="button" className="link" onClick={() => useAuthor.getState().resume()}>
            Back to the form
          </button>
        </div>
      ) : null}
      <div className="lesson__top">
        <span className="muted">Activity</span>
        <button type="button" className="link" onClick={() => useActivity.getState().close()}>
          close
        </button>
      </div>
      <h2 data-testid="activity-title">{a.title}</h2>
      <div className="lesson__text">
        <Paragraphs text={a.introduction} />
      </div>
      {locks.length ? (
        <p className="muted activity__locks" data-testid="activity-locks">
          Locked: {locksWords(locks).join('; ')}.
        </p>
      ) : null}
      <Goals />
      <Hints />
      <Submission />
    </div>
  );
}

export function ActivityPanel() {
  const activity = useActivity((s) => s.activity);
  const writing = useAuthor((s) => s.writing);
  const resultsOpen = useAuthor((s) => s.resultsOpen);
  return (
    <>
      {activity ? (
        <ActivityRun />
      ) : writing ? (
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <AuthorForm />
        </Suspense>
      ) : (
        <ActivityList />
      )}
      {resultsOpen ? <ResultsDialog /> : null}
    </>
  );
}
