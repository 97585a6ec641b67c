// The playback clock: one animation-frame loop for the whole app, whichever view is shown. While
// something plays it moves the playhead on by each frame's time, then lets the painters (the packet
// layer of the view on screen) draw. It used to live in the physical view's packet layer, so a send
// made in the logical view never moved. A painter may ask for one more frame when its picture changed
// (the view panned, the theme switched) while nothing plays.
import { useEffect } from 'react';
import { advance, usePlayback } from '../../store/playback-store';

type Painter = () => void;

const painters = new Set<Painter>();
let raf = 0;
let last = 0;

function frame(now: number): void {
  raf = 0;
  if (usePlayback.getState().playing) {
    advance(last ? Math.min(100, now - last) : 16);
    last = now;
  } else last = 0;
  for (const p of painters) p();
  if (usePlayback.getState().playing) requestFrame();
  else last = 0;
}

/** Draws once more on the next animation frame (and keeps going while something plays). */
export function requestFrame(): void {
  if (!raf) raf = requestAnimationFrame(frame);
}

/** Registers a painter called on every frame; returns the function that removes it. */
export function addPainter(p: Painter): () => void {
  painters.add(p);
  requestFrame();
  return () => painters.delete(p);
}

/** Runs the clock while the app is mounted: any change of playback state wakes it. */
export function usePlaybackClock(): void {
  useEffect(() => {
    const off = usePlayback.subscribe(requestFrame);
    requestFrame();
    return () => {
      off();
      if (raf) cancelAnimationFrame(raf);
      raf = 0;
      last = 0;
    };
  }, []);
}
