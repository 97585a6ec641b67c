// Challenge mode's card over the canvas (loaded when it first asks, ChallengeToggle.tsx): it asks while
// playback waits, then shows the answer (the hop inspector shows the hop) and goes on. The questions and
// their choices come from src/logic/challenge.ts.
import { useLayoutEffect, useRef, useState } from 'react';
import { useChallenge } from '../../store/challenge-store';
import { usePlayback } from '../../store/playback-store';
import './challenge.css';

/** The device the card asks about: the hop of its stop. */
function useStopDevice(): string | null {
  const first = useChallenge((s) => s.asking[0]);
  return usePlayback((s) => {
    if (!first) return null;
    return s.flows.find((f) => f.id === first.flow)?.data.bySeq.get(first.seq)?.deviceId ?? null;
  });
}

/**
 * The card stands in the canvas's corner away from the device it asks about, so that the packet and
 * the device stay in sight: read from where the canvas drew the device's node (a drawn position, not
 * state), on its own side of the canvas's middle.
 */
function useSide(card: React.RefObject<HTMLElement | null>, deviceId: string | null): 'left' | 'right' {
  const [side, setSide] = useState<'left' | 'right'>('left');
  useLayoutEffect(() => {
    const canvas = card.current?.parentElement;
    if (!canvas || !deviceId) return;
    const node = canvas.querySelector(`.react-flow__node[data-id="${CSS.escape(deviceId)}"]`);
    if (!node) return;
    const r = node.getBoundingClientRect();
    const c = canvas.getBoundingClientRect();
    setSide(r.left + r.width / 2 < c.left + c.width / 2 ? 'right' : 'left');
  }, [card, deviceId]);
  return side;
}

export function ChallengeCard() {
  const asking = useChallenge((s) => s.asking);
  const score = useChallenge((s) => s.score);
  const card = useRef<HTMLElement>(null);
  const side = useSide(card, useStopDevice());
  if (!asking.length) return null;
  const c = useChallenge.getState();
  const current = asking.find((q) => q.chosen === null);
  const answered = asking.filter((q) => q.chosen !== null);
  return (
    <section
      ref={card}
      className={`challenge-card challenge-card--${side}`}
      aria-label="Challenge"
      data-testid="challenge-card"
      data-side={side}
    >
      <header>
        <strong>Challenge</strong>
        <span className="muted">
          {score.right}/{score.asked} right · question {answered.length + (current ? 1 : 0)} of{' '}
          {asking.length} here
        </span>
      </header>
      {answered.map((q) => (
        <div
          key={q.prompt}
          className={`challenge-card__done ${q.chosen === q.answer ? 'ok' : 'bad'}`}
          data-testid="challenge-outcome"
        >
          <p className="challenge-card__prompt">{q.prompt}</p>
          <p>
            <strong>{q.chosen === q.answer ? '✓ Right' : '✗ Not quite'}</strong>
            {q.chosen === q.answer ? '' : ': the answer is'}
          </p>
          {q.chosen === q.answer ? null : <code className="challenge-card__answer">{q.answer}</code>}
          <p className="muted">{q.explain}</p>
        </div>
      ))}
      {current ? (
        <div className="challenge-card__ask">
          <p className="challenge-card__prompt" data-testid="challenge-prompt">
            {current.prompt}
          </p>
          <div className="challenge-card__choices">
            {current.choices.map((choice) => (
              <button
                key={choice}
                type="button"
                className={current.kind === 'rule' ? 'is-rule' : ''}
                onClick={() => c.answer(choice)}
                data-testid="challenge-choice"
              >
                {choice}
              </button>
            ))}
          </div>
          <button type="button" className="link" onClick={() => c.resume()}>
            skip (counts as missed)
          </button>
        </div>
      ) : (
        <button type="button" className="primary" onClick={() => c.resume()} data-testid="challenge-continue">
          Continue ▶
        </button>
      )}
    </section>
  );
}
