// The canvas by keyboard (issue #19): Tab reaches every node (React Flow makes them focusable), the arrow
// keys go from the focused node to the nearest one that way (src/logic/spatial-nav.ts), and Enter or
// Space does what a click does (selects it, or picks it as a packet's source or target). React Flow's
// own arrow handling, which moves a selected node, is kept from running: moving is for the mouse.
import { useCallback } from 'react';
import { type NavBox, navDir, nextBox } from '../../logic/spatial-nav';

/** What the focused node's keys do to it: the view's click, by node id. */
export type ActivateNode = (id: string, ev: { shiftKey: boolean; altKey: boolean }) => void;

const HOW =
  'Arrow keys go to the nearest device that way. Enter or Space selects it, or picks it while sending.';

/** React Flow's description of a focusable node, read by screen readers after the node's name. Both keys
 * say the same: React Flow 12.12 shows the "keyboardDisabled" text when the keyboard is enabled. */
export const NODE_A11Y = {
  'node.a11yDescription.default': HOW,
  'node.a11yDescription.keyboardDisabled': HOW,
};

function boxesIn(root: Element): { els: Map<string, HTMLElement>; boxes: NavBox[] } {
  const els = new Map<string, HTMLElement>();
  const boxes: NavBox[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('.react-flow__node[tabindex]')) {
    const id = el.dataset.id;
    if (!id) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    els.set(id, el);
    boxes.push({
      id,
      x: r.x,
      y: r.y,
      w: r.width,
      h: r.height,
      container: el.classList.contains('react-flow__node-host'),
    });
  }
  return { els, boxes };
}

/** The keydown handler (capture phase) for a view's React Flow wrapper. */
export function useCanvasKeys(activate: ActivateNode) {
  return useCallback(
    (e: React.KeyboardEvent<HTMLElement>) => {
      const node = e.target as HTMLElement;
      // keys on a control inside a node (a VM's fold button) are that control's
      if (!node.classList?.contains('react-flow__node') || e.ctrlKey || e.metaKey || e.altKey) return;
      const id = node.dataset.id;
      if (!id) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        e.stopPropagation();
        activate(id, { shiftKey: e.shiftKey, altKey: false });
        return;
      }
      const dir = navDir(e.key);
      if (!dir) return;
      e.preventDefault();
      e.stopPropagation();
      const { els, boxes } = boxesIn(e.currentTarget);
      const from = boxes.find((b) => b.id === id);
      const to = from ? nextBox(from, boxes, dir) : null;
      if (to) els.get(to)?.focus();
    },
    [activate],
  );
}
