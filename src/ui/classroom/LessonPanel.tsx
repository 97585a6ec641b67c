// A lesson, step by step: the text, the send it announces and whether the cloud did what the text
// said, a question with its answer on demand, and the way forward and back.

import { BUILTIN_LESSONS } from '../../lessons/builtin';
import type { LessonStep } from '../../lessons/schema';
import { craftedWords } from '../../logic/send/flow-title';
import { useClassroom } from '../../store/classroom-store';
import './classroom.css';

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\n+/).map((p) => (
        <p key={p}>{p}</p>
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

export function LessonPanel() {
  const lesson = useClassroom((s) => s.lesson);
  const step = useClassroom((s) => s.step);
  const outcome = useClassroom((s) => s.outcomes[s.step]);
  const answerShown = useClassroom((s) => s.answerShown);
  const sending = useClassroom((s) => s.sending);
  const c = useClassroom.getState();
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
          />
        ))}
      </nav>
      <h2 className="lesson__title">
        {step + 1}. {s.title}
      </h2>
      <div className="lesson__text">
        <Paragraphs text={s.text} />
      </div>
      {s.send ? (
        <div className="lesson__send">
          <button
            type="button"
            className="primary"
            onClick={() => void c.runSend()}
            disabled={sending}
            data-testid="lesson-send"
          >
            {sending ? 'Sending…' : `Send: ${sendLabel(s.send)}`}
          </button>
          {s.challenge ? (
            <p className="muted" data-testid="lesson-challenge">
              This send plays in challenge mode: it pauses and asks what the next device will do. Answer above
              the canvas.
            </p>
          ) : null}
          {outcome ? (
            <div className={`lesson__outcome ${outcome.ok ? 'ok' : 'bad'}`} data-testid="lesson-outcome">
              <strong>{outcome.ok ? '✓ as the text says' : '✗ not what the text says'}</strong>{' '}
              {outcome.summary}
              {outcome.problems.map((p) => (
                <div key={p}>{p}</div>
              ))}
            </div>
          ) : null}
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
