// A light minimap, shown while part of the cloud is off screen: the hosts and the world outside drawn
// once, and a viewport frame that is the only thing that moves while panning, by a transform, with no
// render. React Flow's own MiniMap redrew itself on every frame of a pan and cost cloud M about a
// tenth of its frame rate (scripts/bench-ui-canvas.ts); moving an SVG rect still laid the map out on
// every frame. Click to move there. Not in presenter mode: a room watches the lesson's
// devices, not a map of where they are, and the map would cover a corner of them.
import { type ReactFlowState, useReactFlow, useStore, useStoreApi } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useClassroom } from '../../store/classroom-store';
import { moveMs } from '../motion';
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
function boxesOf(nodes: ReactFlowState['nodeLookup']): Rect[] {
  const out: Rect[] = [];
  for (const n of nodes.values()) {
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
}

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

interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  scale: number;
}

/** Whether part of the cloud is off screen: only then does the map say anything. */
function offScreen(s: ReactFlowState, b: Bounds | null): boolean {
  if (!b) return false;
  const [tx, ty, zoom] = s.transform;
  const vx = -tx / zoom;
  const vy = -ty / zoom;
  return !(vx <= b.x0 && vy <= b.y0 && vx + s.width / zoom >= b.x1 && vy + s.height / zoom >= b.y1);
}

export function OverviewMap() {
  // the boxes change with the nodes, never while panning; the map shows or hides when the view starts
  // or stops cutting the cloud off, and the frame follows the view without a render (see below)
  // (the lookup is one Map that React Flow updates in place: the nodes array says when it changed)
  const nodes = useStore((s) => s.nodes);
  const store = useStoreApi();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new nodes array is the sign of new boxes
  const boxes = useMemo(() => boxesOf(store.getState().nodeLookup), [nodes, store]);
  const rf = useReactFlow();
  const presenter = useClassroom((s) => s.presenter);
  const bounds = useMemo((): Bounds | null => {
    if (!boxes.length) return null;
    const x0 = Math.min(...boxes.map((b) => b.x));
    const y0 = Math.min(...boxes.map((b) => b.y));
    const x1 = Math.max(...boxes.map((b) => b.x + b.w));
    const y1 = Math.max(...boxes.map((b) => b.y + b.h));
    const pad = 40;
    const w = x1 - x0 + 2 * pad;
    const h = y1 - y0 + 2 * pad;
    return { x: x0 - pad, y: y0 - pad, w, h, x0, y0, x1, y1, scale: Math.min(W / w, H / h) };
  }, [boxes]);
  const shown = useStore((s) => offScreen(s, bounds)) && !presenter && bounds !== null;
  const frame = useRef<HTMLDivElement>(null);
  // The frame of what is on screen moves on every frame of a pan: a transform on a div of its own,
  // set from the store, so neither React nor the SVG is laid out again.
  useEffect(() => {
    if (!shown || !bounds) return;
    const place = (s: ReactFlowState) => {
      const el = frame.current;
      if (!el) return;
      const [tx, ty, zoom] = s.transform;
      const k = bounds.scale;
      el.style.transform = `translate(${(-tx / zoom - bounds.x) * k}px, ${(-ty / zoom - bounds.y) * k}px)`;
      el.style.width = `${(s.width / zoom) * k}px`;
      el.style.height = `${(s.height / zoom) * k}px`;
    };
    place(store.getState());
    return store.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) place(s);
    });
  }, [shown, bounds, store]);
  if (!shown || !bounds) return null;
  const onClick = (e: React.MouseEvent<HTMLButtonElement>) => {
    if (e.detail === 0) {
      void rf.fitView(FIT_ALL); // Enter or Space: see everything
      return;
    }
    const r = e.currentTarget.getBoundingClientRect();
    const fx = bounds.x + (e.clientX - r.left) / bounds.scale;
    const fy = bounds.y + (e.clientY - r.top) / bounds.scale;
    void rf.setCenter(fx, fy, { zoom: store.getState().transform[2], duration: moveMs(250) });
  };
  return (
    <button
      type="button"
      className="overview"
      style={{ right: OVERVIEW_SPOT.right, bottom: OVERVIEW_SPOT.bottom }}
      onClick={onClick}
      title="Overview: click to move there"
    >
      <svg
        width={W}
        height={H}
        viewBox={`${bounds.x} ${bounds.y} ${W / bounds.scale} ${H / bounds.scale}`}
        aria-hidden
      >
        <Boxes boxes={boxes} />
      </svg>
      <div ref={frame} className="overview__view" />
    </button>
  );
}
