// The simulated clock and what changes it by hand, in the send bar: a button that reads the clock
// ("0:02") and opens a small panel to let simulated time pass (one click for 10 s, 30 s, 1 min or
// 5 min, or a typed time: "90", "2 min") or to reset the state, which starts the clock again at 0.
// What timed out meanwhile is gone from the inspector, the terminal and the next send. One button for
// both keeps the send bar on one row at 1280 px.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { clockText, durationText, parseWait, WAIT_PRESETS } from '../../logic/sim-time';
import { useApp } from '../../store/app-store';
import { usePlayback } from '../../store/playback-store';
import { useSimClock } from '../../store/sim-clock-store';
import { IconClock } from './icons';
import './wait.css';

export function WaitControl() {
  const seconds = useSimClock((s) => s.seconds);
  const waiting = useSimClock((s) => s.waiting);
  const ready = useApp((s) => s.status === 'ready');
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const clock = clockText(seconds ?? 0);

  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      root.current?.querySelector<HTMLButtonElement>('.wait-open')?.focus();
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);

  const go = async (s: number) => {
    setError(null);
    const t = await useSimClock.getState().wait(s);
    if (t === null) return;
    setTyped('');
    setOpen(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = parseWait(typed);
    if (!r.ok) setError(r.message);
    else void go(r.seconds);
  };

  return (
    <div className="wait" ref={root}>
      <button
        type="button"
        className={`wait-open${open ? ' on' : ''}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Wait or reset: the simulated clock reads ${clock}`}
        title="Simulated time since the state began (each send moves it on). Click to let time pass (ARP entries, connections, learned flows and MAC entries age) or to reset the state"
        disabled={!ready}
        onClick={() => {
          setError(null);
          setOpen(!open);
        }}
        data-testid="wait-open"
      >
        <IconClock />
        <span className="wait-clock" data-testid="sim-clock">
          {clock}
        </span>
        <span className="wait-word">Wait</span>
        <span className="wait-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div className="wait-pop" role="dialog" aria-label="Let simulated time pass">
          <div className="wait-now">
            Simulated time <b data-testid="sim-clock-words">t = {durationText(seconds ?? 0)}</b>
          </div>
          <div className="wait-presets">
            {WAIT_PRESETS.map((p) => (
              <button key={p.seconds} type="button" disabled={waiting} onClick={() => void go(p.seconds)}>
                {p.label}
              </button>
            ))}
          </div>
          <form className="wait-form" onSubmit={submit}>
            <input
              // biome-ignore lint/a11y/noAutofocus: the panel opens to be typed in, as a menu takes focus
              autoFocus
              value={typed}
              onChange={(e) => {
                setTyped(e.target.value);
                setError(null);
              }}
              placeholder="90 s, 2 min, 1 h"
              aria-label="Time to wait"
              aria-invalid={error !== null}
              aria-describedby={error ? 'wait-error' : undefined}
              data-testid="wait-seconds"
            />
            <button type="submit" disabled={waiting} data-testid="wait-go">
              Wait
            </button>
          </form>
          {error ? (
            <p className="wait-error" id="wait-error" role="alert" data-testid="wait-error">
              {error}
            </p>
          ) : null}
          <p className="wait-hint">
            ARP entries go stale after 30 s and are forgotten after 90 s; ICMP connections last 30 s; learned
            br-tun flows and MAC table entries 300 s.
          </p>
          <div className="wait-reset">
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                void usePlayback.getState().resetState();
              }}
              data-testid="reset-state"
            >
              Reset state
            </button>
            <span>
              Empty MAC tables, ARP caches, learned flows and conntrack; the clock starts again at 0.
            </span>
          </div>
        </div>
      ) : null}
    </div>
  );
}
