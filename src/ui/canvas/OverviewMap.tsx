// A light minimap, shown while part of the cloud is off screen: the hosts and the world outside drawn
// once, and a viewport frame that is the only thing that moves while panning. React Flow's own
// MiniMap redrew itself on every frame of a pan and cost cloud M about a tenth of its frame rate
// (scripts/bench-ui-canvas.ts). Click to move there. Not in presenter mode: a room watches the lesson's
// devices, not a map of where they are, and the map would cover a corner of them.
import { type ReactFlowState, useReactFlow, useStore } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { shallow } from 'zustand/shallow';
import { useClassroom } from '../../store/classroom-store';
import { FIT_ALL } from './fit';

const W = 180;
const H = 112;

/** Where the map sits in the canvas, in pixels from its lower right corner (border included): the
 * lesson camera keeps this corner free. */
export const OVERVIEW_SPOT = { right: 12, bottom: 30, width: W + 2, height: H + 2 } as const;

interface Rect {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Top-level boxes only (hosts, outside devices): children sit inside their host. */
const boxesOf = (s: ReactFlowState): Rect[] => {
  const out: Rect[] = [];
  for (const n of s.nodeLookup.values()) {
    if (n.parentId) continue;
    out.push({
      id: n.id,
      x: n.internals.positionAbsolute.x,
      y: n.internals.positionAbsolute.y,
      w: n.measured.width ?? n.width ?? 0,
      h: n.measured.height ?? n.height ?? 0,
    });
  }
  return out;
};

const sameBoxes = (a: Rect[], b: Rect[]) => a.length === b.length && a.every((r, i) => shallow(r, b[i]));

const Boxes = memo(function Boxes({ boxes }: { boxes: Rect[] }) {
  return (
    <>
      {boxes.map((b) => (
        <rect
          key={b.id}
          x={b.x}
          y={b.y}
          width={b.w}
          height={b.h}
          rx={8}
          className={b.id.startsWith('host:') ? 'overview__host' : 'overview__thing'}
        />
      ))}
    </>
  );
});

export function OverviewMap() {
  const boxes = useStore(boxesOf, sameBoxes);
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const rf = useReactFlow();
  const presenter = useClassroom((s) => s.presenter);
  const bounds = useMemo(() => {
    if (!boxes.length) return null;
    const x0 = Math.min(...boxes.map((b) => b.x));
    const y0 = Math.min(...boxes.map((b) => b.y));
    const x1 = Math.max(...boxes.map((b) => b.x + b.w));
    const y1 = Math.max(...boxes.map((b) => b.y + b.h));
    const pad = 40;
    return { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad, x0, y0, x1, y1 };
  }, [boxes]);
  if (!bounds || presenter) return null;
  const scale = Math.min(W / bounds.w, H / bounds.h);
  // the part of the flow on screen, in flow coordinates
  const vx = -tx / zoom;
  const vy = -ty / zoom;
  // With the whole cloud on screen a map of it says nothing, and it would cover a corner of the cloud
  const vw = width / zoom;
  const vh = height / zoom;
  if (vx <= bounds.x0 && vy <= bounds.y0 && vx + vw >= bounds.x1 && vy + vh >= bounds.y1) return null;
  const onClick = (e: React.MouseEvent<HTMLButtonElement>) => {
    if (e.detail === 0) {
      void rf.fitView(FIT_ALL); // Enter or Space: see everything
      return;
    }
    const r = e.currentTarget.getBoundingClientRect();
    const fx = bounds.x + (e.clientX - r.left) / scale;
    const fy = bounds.y + (e.clientY - r.top) / scale;
    void rf.setCenter(fx, fy, { zoom, duration: 250 });
  };
  return (
    <button
      type="button"
      className="overview"
      style={{ right: OVERVIEW_SPOT.right, bottom: OVERVIEW_SPOT.bottom }}
      onClick={onClick}
      title="Overview: click to move there"
    >
      <svg width={W} height={H} viewBox={`${bounds.x} ${bounds.y} ${W / scale} ${H / scale}`} aria-hidden>
        <Boxes boxes={boxes} />
        <rect x={vx} y={vy} width={vw} height={vh} className="overview__view" />
      </svg>
    </button>
  );
}
