// Packets animated over the physical view, on one canvas laid over the pane (SVG packets are
// paint-bound at scale: ../shared/STACK-NOTES.md). Each frame reads the viewport transform and draws
// every flow's packets at their place along the cached edge samples. The loop runs while something
// plays, and draws once more whenever the view, the layout or the playback state changes.
import { useReactFlow, useStore, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useApp } from '../../store/app-store';
import { advance, playhead, sendTiming, usePlayback } from '../../store/playback-store';
import { FIT_ALL } from '../canvas/fit';
import { readTheme, type Theme } from './draw';
import { Geometry } from './geometry';
import { drawScene } from './scene';

export function PacketLayer() {
  const store = useStoreApi();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useRef({ width, height });
  size.current = { width, height };
  const kick = useRef<() => void>(() => undefined);
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
    let raf = 0;
    let last = 0;
    let lastFlowSeen = 0;

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
      geo.setView(useApp.getState().view);
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
    const frame = (now: number) => {
      raf = 0;
      const dt = last ? Math.min(100, now - last) : 16;
      last = now;
      advance(dt);
      draw();
      if (usePlayback.getState().playing) schedule();
      else last = 0;
    };
    const schedule = () => {
      if (!raf) raf = requestAnimationFrame(frame);
    };
    kick.current = schedule;

    const offPlayback = usePlayback.subscribe(schedule);
    const offFlow = store.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.edges !== prev.edges) geo.invalidate(performance.now());
      if (s.transform !== prev.transform || s.nodes !== prev.nodes || s.edges !== prev.edges) schedule();
    });
    const offApp = useApp.subscribe((s, prev) => {
      if (s.theme !== prev.theme) {
        // the theme's variables apply once the attribute is set: read them on the next frame
        requestAnimationFrame(() => {
          theme = readTheme();
          schedule();
        });
      }
      if (s.view !== prev.view) schedule();
    });
    schedule();
    return () => {
      offPlayback();
      offFlow();
      offApp();
      if (raf) cancelAnimationFrame(raf);
    };
  }, [store]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new size needs a new frame
  useEffect(() => kick.current(), [width, height]);

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
