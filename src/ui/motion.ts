// Reduced motion (WCAG 2.3.3; issue #19, point 5): with the system's prefers-reduced-motion, the camera
// jumps instead of gliding and packets step from device to device; nothing pulses.
const query = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;

/** Whether the user asked the system for less motion (read each time: the setting can change live). */
export const reducedMotion = (): boolean => query?.matches ?? false;

/** A movement's duration in milliseconds: none under reduced motion. */
export const moveMs = (ms: number): number => (reducedMotion() ? 0 : ms);
