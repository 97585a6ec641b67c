// Packets animated over either view, on one canvas laid over the pane (SVG packets are paint-bound
// at scale: ../shared/STACK-NOTES.md). Each frame of the playback clock (./clock.ts) reads the
// viewport transform and draws every flow's packets at their place along the cached edge samples; a
// change of the view, the layout or the theme asks the clock for one more frame.
import { useReactFlow, useStore, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { logicalPlaces, type PlaceOf } from '../../logic/send/logical-places';
import type { PlaneView, Topology } from '../../sim';
import { useApp } from '../../store/app-store';
import { playhead, sendTiming, usePlayback } from '../../store/playback-store';
import { FIT_ALL } from '../canvas/fit';
import { addPainter, requestFrame } from './clock';
import { readTheme, type Theme } from './draw';
import { Geometry } from './geometry';
import { drawScene } from './scene';

export function PacketLayer({ view }: { view: 'physical' | 'logical' }) {
  const store = useStoreApi();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useRef({ width, height });
  size.current = { width, height };
  const rf = useReactFlow();
  const dockOpen = usePlayback((s) => s.dockOpen);
  const firstDock = useRef(true);

  // the event list opening or closing changes the room the canvas has: fit the cloud to it again
  useEffect(() => {
    if (firstDock.current) {
      firstDock.current = false;
      return;
    }
    void dockOpen;
    const t = setTimeout(() => void rf.fitView(FIT_ALL), 60);
    return () => clearTimeout(t);
  }, [dockOpen, rf]);

  useEffect(() => {
    const geo = new Geometry(() => store.getState());
    let theme: Theme = readTheme();
    let lastFlowSeen = 0;
    // the logical view's placement, made again when the cloud or its picture changes
    let placedFor: [Topology | null, PlaneView | null] = [null, null];
    let places: PlaceOf | null = null;

    const draw = () => {
      const el = canvas.current;
      const ctx = el?.getContext('2d');
      if (!el || !ctx) return;
      const dpr = window.devicePixelRatio || 1;
      const { width: w, height: h } = size.current;
      if (el.width !== Math.round(w * dpr) || el.height !== Math.round(h * dpr)) {
        el.width = Math.round(w * dpr);
        el.height = Math.round(h * dpr);
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const pb = usePlayback.getState();
      if (!pb.flows.length) return;
      const { doc, view: plane } = useApp.getState();
      geo.setView(plane);
      if (view === 'logical' && doc && plane && (placedFor[0] !== doc || placedFor[1] !== plane)) {
        placedFor = [doc, plane];
        places = logicalPlaces(doc, plane);
      }
      geo.setPlaces(view === 'logical' ? places : null);
      const [x, y, zoom] = store.getState().transform;
      const n = drawScene(
        ctx,
        geo,
        pb.flows,
        playhead.clock,
        pb.showDiscarded,
        pb.focus,
        { x, y, zoom, width: w, height: h },
        theme,
      );
      // the benchmark's "click to motion": the first frame that draws the newest flow
      if (sendTiming.flow !== lastFlowSeen && n > 0 && pb.flows.at(-1)?.id === sendTiming.flow) {
        lastFlowSeen = sendTiming.flow;
        sendTiming.firstFrame = performance.now();
      }
    };
    const offPainter = addPainter(draw);
    const offFlow = store.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.edges !== prev.edges) geo.invalidate(performance.now());
      if (s.transform !== prev.transform || s.nodes !== prev.nodes || s.edges !== prev.edges) requestFrame();
    });
    const offApp = useApp.subscribe((s, prev) => {
      if (s.theme !== prev.theme) {
        // the theme's variables apply once the attribute is set: read them on the next frame
        requestAnimationFrame(() => {
          theme = readTheme();
          requestFrame();
        });
      }
      if (s.view !== prev.view || s.doc !== prev.doc) requestFrame();
    });
    return () => {
      offPainter();
      offFlow();
      offApp();
    };
  }, [store, view]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new size needs a new frame
  useEffect(() => requestFrame(), [width, height]);

  return (
    <canvas
      ref={canvas}
      className="packet-layer"
      style={{ width, height }}
      aria-hidden
      data-testid="packet-layer"
    />
  );
}
