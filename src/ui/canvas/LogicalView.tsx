// The logical view (like Horizon's network topology). Placeholder until it is built.
import type { ReactFlowInstance } from '@xyflow/react';

export default function LogicalView(_: { onInit?: (rf: ReactFlowInstance) => void }) {
  return <div className="canvas-empty">The logical view is coming.</div>;
}
