// What the editing features need from the React Flow instance of the view on screen (fit, export an
// image). The EditLayer inside the canvas registers it; other code calls it from outside the canvas.
import type { ReactFlowInstance } from '@xyflow/react';

let instance: ReactFlowInstance | null = null;

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));

export const canvasApi = {
  attach(rf: ReactFlowInstance | null) {
    instance = rf;
  },
  /** fits the cloud on screen once the nodes of the last change are drawn */
  fitSoon() {
    setTimeout(() => void instance?.fitView({ padding: 0.08, duration: 250, maxZoom: 1.2 }), 80);
  },
  /** the whole cloud as an image (a data URL), drawn as it looks now in this theme */
  async image(kind: 'png' | 'svg'): Promise<string | null> {
    const rf = instance;
    const el = document.querySelector<HTMLElement>('.canvas .react-flow__viewport');
    if (!rf || !el || !rf.getNodes().length) return null;
    const { toPng, toSvg } = await import('html-to-image');
    const { getNodesBounds, getViewportForBounds } = await import('@xyflow/react');
    // the physical view draws only what is on screen: show everything while the picture is taken
    const saved = rf.getViewport();
    await rf.fitView({ padding: 0.02 });
    await frame();
    await frame();
    const b = getNodesBounds(rf.getNodes());
    const width = Math.round(Math.min(4000, Math.max(1000, b.width + 80)));
    const height = Math.round(Math.min(4000, Math.max(600, (width * (b.height + 80)) / (b.width + 80))));
    const vp = getViewportForBounds(b, width, height, 0.05, 2, 0.04);
    const bg = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#ffffff';
    const opts = {
      backgroundColor: bg,
      width,
      height,
      style: {
        width: `${width}px`,
        height: `${height}px`,
        transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})`,
      },
    };
    try {
      return kind === 'png' ? await toPng(el, { ...opts, pixelRatio: 1.5 }) : await toSvg(el, opts);
    } finally {
      await rf.setViewport(saved);
    }
  },
};
