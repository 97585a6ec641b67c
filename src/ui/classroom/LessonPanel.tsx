// A lesson, step by step: the text, what it does (a wait of simulated time, a send, a terminal command)
// and whether the cloud did what the text said, a question with its answer on demand, and the way
// forward and back.

import { useEffect, useRef } from 'react';
import { BUILTIN_LESSONS } from '../../lessons/all';
import type { LessonStep } from '../../lessons/schema';
import { craftedWords } from '../../logic/send/flow-title';
import { durationText } from '../../logic/sim-time';
import { useClassroom } from '../../store/classroom-store';
import './classroom.css';

/** A device name such as int-br-provider is one word to the reader: a line never breaks at its
 * hyphens (a name too long for a line still may). */
const HYPHENATED = /([^\s-]+(?:-[^\s-]+)+)/;

function Words({ text }: { text: string }) {
  return (
    <>
      {text.split(HYPHENATED).map((part, i) =>
        i % 2 && part.length <= 28 ? (
          // the parts of a text that does not change: their places are stable keys
          // biome-ignore lint/suspicious/noArrayIndexKey: the same word may come twice
          <span key={i} className="nobr">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\n+/).map((p) => (
        <p key={p}>
          <Words text={p} />
        </p>
      ))}
    </>
  );
}

/** What the Send button says it sends. */
function sendLabel(send: NonNullable<LessonStep['send']>): string {
  if (send.proto === 'dhcp')
    return `${send.dhcp === 'renew' ? 'DHCP renewal' : 'DHCP lease'} from ${send.from}`;
  const crafted = craftedWords(send);
  return `${send.proto ?? 'ping'} ${send.from} → ${send.to}${send.port ? `:${send.port}` : ''}${crafted ? ` (${crafted})` : ''}`;
}

/** What the step's button does, in order: "Wait 5 min, then send: ping vm1 → vm2". */
function actionLabel(s: LessonStep): string {
  const parts = [
    ...(s.wait ? [`wait ${durationText(s.wait)}`] : []),
    ...(s.send ? [`send: ${sendLabel(s.send)}`] : []),
    ...(s.run ? [`run on ${s.run.on}: ${s.run.command}`] : []),
  ];
  const text = parts.join(', then ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function LessonPanel() {
  const lesson = useClassroom((s) => s.lesson);
  const step = useClassroom((s) => s.step);
  const outcome = useClassroom((s) => s.outcomes[s.step]);
  const answerShown = useClassroom((s) => s.answerShown);
  const sending = useClassroom((s) => s.sending);
  const c = useClassroom.getState();
  // a new outcome (with a command's output) below the fold is brought into view
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome) result.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);
  if (!lesson) {
    return (
      <div className="lesson" data-testid="lesson-panel">
        <h2>Lessons</h2>
        <p className="muted">
          Each lesson loads a small cloud and walks through it, sending traffic and checking that it does what
          the text says.
        </p>
        <ol className="lesson-list">
          {BUILTIN_LESSONS.map((l) => (
            <li key={l.id}>
              <button type="button" onClick={() => void c.open(l)}>
                {l.title.replace(/^\d+\.\s*/, '')}
              </button>
              <div className="muted">{l.summary}</div>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  const s = lesson.steps[step]!;
  const last = step === lesson.steps.length - 1;
  return (
    <div className="lesson" data-testid="lesson-panel">
      <div className="lesson__top">
        <span className="muted">{lesson.title}</span>
        <button type="button" className="link" onClick={() => c.close()}>
          all lessons
        </button>
      </div>
      <nav className="lesson__progress" aria-label={`step ${step + 1} of ${lesson.steps.length}`}>
        {lesson.steps.map((x, i) => (
          <button
            key={x.title}
            type="button"
            className={i === step ? 'on' : i < step ? 'done' : ''}
            onClick={() => c.goTo(i)}
            title={x.title}
            aria-label={`step ${i + 1}: ${x.title}`}
            aria-current={i === step ? 'step' : undefined}
          />
        ))}
      </nav>
      <h2 className="lesson__title">
        {step + 1}. {s.title}
      </h2>
      <div className="lesson__text">
        <Paragraphs text={s.text} />
      </div>
      {s.send || s.wait || s.run ? (
        <div className="lesson__send">
          <button
            type="button"
            className="primary"
            onClick={() => void c.runStep()}
            disabled={sending}
            data-testid="lesson-send"
          >
            {sending ? (s.send ? 'Sending…' : 'Working…') : actionLabel(s)}
          </button>
          {s.challenge ? (
            <p className="muted" data-testid="lesson-challenge">
              This send plays in challenge mode: it pauses and asks what the next device will do. Answer above
              the canvas.
            </p>
          ) : null}
          <div ref={result}>
            {outcome ? (
              <div className={`lesson__outcome ${outcome.ok ? 'ok' : 'bad'}`} data-testid="lesson-outcome">
                <strong>{outcome.ok ? '✓ as the text says' : '✗ not what the text says'}</strong>{' '}
                {outcome.summary}
                {outcome.problems.map((p) => (
                  <div key={p}>{p}</div>
                ))}
              </div>
            ) : null}
            {outcome?.output !== undefined && s.run ? (
              <pre className="lesson__output" data-testid="lesson-output">
                <span className="lesson__cmd">
                  {s.run.on}$ {s.run.command}
                </span>
                {outcome.output ? `\n${outcome.output}` : ''}
              </pre>
            ) : null}
          </div>
        </div>
      ) : null}
      {s.question ? (
        <div className="lesson__question">
          <strong>Question.</strong> {s.question.prompt}
          {answerShown ? (
            <div className="lesson__answer" data-testid="lesson-answer">
              {s.question.answer}
            </div>
          ) : (
            <button type="button" onClick={() => c.showAnswer()}>
              Show the answer
            </button>
          )}
        </div>
      ) : null}
      <div className="lesson__nav">
        <button type="button" onClick={() => c.prev()} disabled={step === 0}>
          ← Back
        </button>
        <span className="muted">
          {step + 1} / {lesson.steps.length}
        </span>
        <button type="button" className="primary" onClick={() => (last ? c.close() : c.next())}>
          {last ? 'Finish' : 'Next →'}
        </button>
      </div>
    </div>
  );
}
