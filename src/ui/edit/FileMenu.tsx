// Slot: new, open, save, share, export, undo and redo (issue #5).
export function FileMenu() {
  return null;
}
