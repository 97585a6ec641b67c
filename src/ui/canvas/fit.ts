// How "see the whole cloud" frames it: a small margin on three sides and room at the bottom for the
// legend, which floats over the lower left of the canvas and would otherwise hide the outside world.
import type { FitViewOptions } from '@xyflow/react';
import { moveMs } from '../motion';

const PADDING: FitViewOptions['padding'] = { top: 0.03, left: 0.03, right: 0.03, bottom: '56px' };

/** The closest a "whole cloud" framing goes: a tiny cloud is not blown up past it. A fitted default
 * cloud is around 1.2 in presenter mode at 1920x1080 (its 13 px labels read at 16 px). */
export const FIT_MAX_ZOOM = 1.6;

/** The first framing of a view, at once. */
export const FIT_START: FitViewOptions = { padding: PADDING };
/** The Fit button and every later "whole cloud" move, animated. */
export const FIT_ALL: FitViewOptions = {
  padding: PADDING,
  // read at each use: none under reduced motion
  get duration() {
    return moveMs(300);
  },
};

/** "Whole cloud" with path focus on: room at the top for its bar, which would cover the hosts' names. */
export const FIT_FOCUS: FitViewOptions = {
  padding: { ...(PADDING as object), top: '64px' },
  get duration() {
    return moveMs(300);
  },
};
