// Challenge mode on screen: the toggle in the playback bar (with the hops it stops at, and the score),
// and the place of the card over the canvas (ChallengeCard.tsx, loaded when it first asks).
import { lazy, Suspense, useState } from 'react';
import { STOP_KINDS } from '../../logic/challenge-kinds';
import { challengeActive, useChallenge } from '../../store/challenge-store';
import './challenge.css';

const Card = lazy(() => import('./ChallengeCard').then((m) => ({ default: m.ChallengeCard })));

export function ChallengeToggle() {
  const on = useChallenge((s) => s.on);
  const required = useChallenge((s) => s.required);
  const kinds = useChallenge((s) => s.kinds);
  const score = useChallenge((s) => s.score);
  const [open, setOpen] = useState(false);
  const c = useChallenge.getState();
  const active = challengeActive({ on, required });
  return (
    <span className="challenge-toggle">
      <button
        type="button"
        className={active ? 'on' : ''}
        aria-pressed={active}
        disabled={required !== null}
        onClick={() => void c.setOn(!on)}
        title={
          required
            ? 'This lesson step asks questions as the packet goes'
            : 'Challenge mode: playback pauses at chosen hops and asks what the device will do'
        }
        data-testid="challenge-toggle"
      >
        ? Challenge
      </button>
      <button
        type="button"
        className="challenge-toggle__more"
        aria-expanded={open}
        aria-label="Where challenge mode stops"
        onClick={() => setOpen(!open)}
      >
        ▾
      </button>
      {score.asked ? (
        <span
          className="challenge-toggle__score"
          data-testid="challenge-score"
          title="Questions answered right, of those asked"
        >
          {score.right}/{score.asked}
        </span>
      ) : null}
      {open ? (
        <fieldset className="challenge-toggle__kinds" aria-label="Stop">
          {STOP_KINDS.map((k) => (
            <label key={k.kind}>
              <input
                type="checkbox"
                checked={(required ?? kinds).includes(k.kind)}
                disabled={required !== null}
                onChange={(e) => c.setKind(k.kind, e.target.checked)}
              />{' '}
              {k.label}
            </label>
          ))}
        </fieldset>
      ) : null}
    </span>
  );
}

/** The card, while a question waits. */
export function ChallengeCardSlot() {
  const asking = useChallenge((s) => s.asking.length > 0);
  return asking ? (
    <Suspense fallback={null}>
      <Card />
    </Suspense>
  ) : null;
}
