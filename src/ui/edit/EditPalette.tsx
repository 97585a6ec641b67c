// Slot: the palette of things to drag onto the canvas (issue #5).
export function EditPalette() {
  return null;
}
