// What the editing features need from the React Flow instance of the view on screen (fit, export an
// image). The EditLayer inside the canvas registers it; other code calls it from outside the canvas.
import type { ReactFlowInstance } from '@xyflow/react';
import { FIT_ALL, FIT_MAX_ZOOM } from '../canvas/fit';
import { moveMs } from '../motion';

let instance: ReactFlowInstance | null = null;

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));

/** What CSS gives the shapes inside the canvas's SVG (edges and their labels). */
const SVG_STYLE = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'display',
  'visibility',
  'font-family',
  'font-size',
  'font-weight',
  'dominant-baseline',
  'text-anchor',
] as const;

/**
 * html-to-image copies the computed style of HTML elements but clones an SVG whole, so its shapes
 * would lose what the stylesheet gives them (labels came out black). Their style is written inline
 * for the picture and put back afterwards.
 */
function inlineSvgStyles(root: HTMLElement): () => void {
  const saved: [Element, string | null][] = [];
  for (const el of root.querySelectorAll('svg *')) {
    const cs = getComputedStyle(el);
    saved.push([el, el.getAttribute('style')]);
    const style = (el as SVGElement).style;
    for (const k of SVG_STYLE) style.setProperty(k, cs.getPropertyValue(k));
  }
  return () => {
    for (const [el, style] of saved) {
      if (style === null) el.removeAttribute('style');
      else el.setAttribute('style', style);
    }
  };
}

export const canvasApi = {
  attach(rf: ReactFlowInstance | null) {
    instance = rf;
  },
  /** fits the cloud on screen once the nodes of the last change are drawn */
  fitSoon() {
    setTimeout(
      () => void instance?.fitView({ ...FIT_ALL, duration: moveMs(250), maxZoom: FIT_MAX_ZOOM }),
      80,
    );
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
      // the connect dots of edit mode are not part of the picture
      filter: (n: HTMLElement) => !n.classList?.contains('edit-handle'),
      width,
      height,
      style: {
        width: `${width}px`,
        height: `${height}px`,
        transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})`,
      },
    };
    const restore = inlineSvgStyles(el);
    try {
      return kind === 'png' ? await toPng(el, { ...opts, pixelRatio: 1.5 }) : await toSvg(el, opts);
    } finally {
      restore();
      await rf.setViewport(saved);
    }
  },
};
