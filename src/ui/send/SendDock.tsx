// Slot: sending, playback controls and the event list (issue #4).
export function SendDock() {
  return null;
}
