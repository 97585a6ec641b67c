// Keyboard shortcuts of sending and playback. Arrows are left alone where they already mean something:
// in text fields, on a focused canvas node (React Flow moves it) and in presenter mode with a lesson
// open (they page through its steps).
import { useEffect } from 'react';
import { useClassroom } from '../../store/classroom-store';
import { usePlayback } from '../../store/playback-store';

export const SEND_KEYS: { keys: string; what: string }[] = [
  { keys: 'S', what: 'click to send on or off' },
  { keys: 'Space or K', what: 'play or pause' },
  { keys: '→ or .', what: 'step forward one hop' },
  { keys: '← or ,', what: 'step back one hop' },
  { keys: 'Home or R', what: 'restart' },
  { keys: '- and +', what: 'slower, faster' },
  { keys: 'D', what: 'show or hide discarded flood copies' },
  { keys: 'Esc', what: 'stop picking' },
];

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

export function useSendKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(e.target)) return;
      const pb = usePlayback.getState();
      const onNode = e.target instanceof Element && e.target.closest('.react-flow__node') !== null;
      const paging = useClassroom.getState().presenter && useClassroom.getState().lesson !== null;
      const arrowsFree = !onNode && !paging;
      const act = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      switch (e.key) {
        case 'Escape':
          if (pb.picking !== 'off') pb.setPicking('off');
          return;
        case ' ':
          // a focused button takes Space itself
          if (e.target instanceof HTMLButtonElement) return;
          return act(pb.toggle);
        case 'k':
        case 'K':
          return act(pb.toggle);
        case 'ArrowRight':
          if (arrowsFree) act(pb.stepForward);
          return;
        case 'ArrowLeft':
          if (arrowsFree) act(pb.stepBack);
          return;
        case '.':
          return act(pb.stepForward);
        case ',':
          return act(pb.stepBack);
        case 'Home':
        case 'r':
        case 'R':
          return act(pb.restart);
        case '+':
        case '=':
          return act(pb.faster);
        case '-':
          return act(pb.slower);
        case 's':
        case 'S':
          return act(() => pb.setPicking(pb.picking === 'off' ? 'source' : 'off'));
        case 'd':
        case 'D':
          return act(() => pb.setShowDiscarded(!pb.showDiscarded));
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
}
