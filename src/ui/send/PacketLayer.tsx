// Slot: packets animated over the physical view (issue #4).
export function PacketLayer() {
  return null;
}
