// Playback controls: restart, step back, play or pause, step forward, speed, where the followed flow
// is; the simulated clock, with waiting and resetting what traffic taught the cloud; showing or folding
// the event list.

import { currentRow } from '../../logic/send/timeline';
import { SPEEDS, timelineOf } from '../../store/playback-model';
import { playhead, usePlayback } from '../../store/playback-store';
import { ChallengeToggle } from './ChallengeToggle';
import { IconBack, IconForward, IconPause, IconPlay, IconRestart } from './icons';
import { WaitControl } from './WaitControl';

/** "step 12/70" of the flow the inspector follows: the row of the event list it is at. */
function StepCounter() {
  usePlayback((s) => s.beat);
  const focus = usePlayback((s) => s.focus);
  const flows = usePlayback((s) => s.flows);
  const showDiscarded = usePlayback((s) => s.showDiscarded);
  const f = flows.find((x) => x.id === focus?.flow) ?? flows.at(-1);
  if (!f) return null;
  const tl = timelineOf(f, showDiscarded);
  const row = currentRow(tl, focus?.flow === f.id ? focus.seq : null, playhead.clock - f.start);
  return (
    <span
      className="pb-count"
      data-testid="step-counter"
      title="The hop the flow is at, numbered as the event list numbers its rows"
    >
      <span className="flow-dot" style={{ background: f.color }} />
      step {row + 1}/{tl.order.length}
    </span>
  );
}

export function PlaybackBar() {
  const playing = usePlayback((s) => s.playing);
  const speed = usePlayback((s) => s.speed);
  const has = usePlayback((s) => s.flows.length > 0);
  const open = usePlayback((s) => s.dockOpen);
  const pb = usePlayback.getState();
  return (
    <div className="pb-bar" role="toolbar" aria-label="Playback">
      <span className="pb-transport">
        <button
          type="button"
          onClick={pb.restart}
          disabled={!has}
          title="Restart (Home or R)"
          aria-label="Restart"
        >
          <IconRestart />
        </button>
        <button
          type="button"
          onClick={pb.stepBack}
          disabled={!has}
          title="Step back one hop (← or ,)"
          aria-label="Step back"
        >
          <IconBack />
        </button>
        <button
          type="button"
          className="pb-play"
          onClick={pb.toggle}
          disabled={!has}
          title="Play or pause (Space or K)"
          aria-label={playing ? 'Pause' : 'Play'}
          data-testid="play"
        >
          {playing ? <IconPause /> : <IconPlay />}
        </button>
        <button
          type="button"
          onClick={pb.stepForward}
          disabled={!has}
          title="Step forward one hop (→ or .)"
          aria-label="Step forward"
        >
          <IconForward />
        </button>
      </span>
      <select
        value={speed}
        onChange={(e) => pb.setSpeed(Number(e.target.value))}
        aria-label="Speed"
        title="Speed (- and +)"
        data-testid="speed"
      >
        {SPEEDS.map((x) => (
          <option key={x} value={x}>
            {x}×
          </option>
        ))}
      </select>
      <StepCounter />
      <ChallengeToggle />
      <span className="pb-spacer" />
      <WaitControl />
      <button
        type="button"
        className="send-fold"
        onClick={() => pb.setDockOpen(!open)}
        aria-expanded={open}
        title={open ? 'Hide the event list' : 'Show the event list'}
      >
        {open ? '▾ Events' : '▸ Events'}
      </button>
    </div>
  );
}
