// Slot: lessons and presenter mode (issue #6).
export function ClassroomMenu() {
  return null;
}
