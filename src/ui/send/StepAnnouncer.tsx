// A polite live region that says each step of playback in one sentence (issue #19): the hop the hop
// inspector shows, numbered as the event list and the step counter number it. Invisible; screen readers
// read it when it changes, after what they are saying.
import { useMemo } from 'react';
import { stepSentence } from '../../logic/send/announce';
import { timelineOf } from '../../store/playback-model';
import { usePlayback } from '../../store/playback-store';

export function StepAnnouncer() {
  const focus = usePlayback((s) => s.focus);
  const flows = usePlayback((s) => s.flows);
  const showDiscarded = usePlayback((s) => s.showDiscarded);
  const text = useMemo(() => {
    const f = flows.find((x) => x.id === focus?.flow);
    const hop = f && focus ? f.data.bySeq.get(focus.seq) : undefined;
    if (!f || !hop || !focus) return '';
    const tl = timelineOf(f, showDiscarded);
    const row = tl.rowOf.get(focus.seq);
    return row === undefined ? '' : stepSentence(hop, row + 1, tl.order.length);
  }, [focus, flows, showDiscarded]);
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="step-announcer">
      {text}
    </div>
  );
}
