// How "see the whole cloud" frames it: a small margin on three sides and room at the bottom for the
// legend, which floats over the lower left of the canvas and would otherwise hide the outside world.
import type { FitViewOptions } from '@xyflow/react';
import { moveMs } from '../motion';

/**
 * The legend's room: one row of it and its margin, or as high as it stands. On a narrow canvas a cloud
 * with many networks wraps it onto two rows (cloud L at 1280x800: 95 px), which hid the last row of
 * hosts under it.
 */
function legendRoom(): `${number}px` {
  const legend = typeof document === 'undefined' ? null : document.querySelector<HTMLElement>('.legend');
  // it stands 12 px above the canvas's bottom edge (styles.css .legend), and 4 px clear of the cloud
  return `${Math.max(56, (legend?.offsetHeight ?? 0) + 16)}px`;
}

/** Read at each fit: the legend's height follows the cloud's networks and the canvas's width. */
const padding = (top: number | `${number}px` = 0.03): FitViewOptions['padding'] => ({
  top,
  left: 0.03,
  right: 0.03,
  bottom: legendRoom(),
});

/** The closest a "whole cloud" framing goes: a tiny cloud is not blown up past it. A fitted default
 * cloud is around 1.2 in presenter mode at 1920x1080 (its 13 px labels read at 16 px). */
export const FIT_MAX_ZOOM = 1.6;

/** The first framing of a view, at once. */
export const FIT_START: FitViewOptions = {
  get padding() {
    return padding();
  },
};
/** The Fit button and every later "whole cloud" move, animated. */
export const FIT_ALL: FitViewOptions = {
  get padding() {
    return padding();
  },
  // read at each use: none under reduced motion
  get duration() {
    return moveMs(300);
  },
};

/** "Whole cloud" with path focus on: room at the top for its bar, which would cover the hosts' names. */
export const FIT_FOCUS: FitViewOptions = {
  get padding() {
    return padding('64px');
  },
  get duration() {
    return moveMs(300);
  },
};
