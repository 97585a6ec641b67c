// Extension points of the canvases: features (sending, editing) register what a click, a drag or a
// connection means to them, so the views stay free of feature logic. A handler returns true when it
// took the event; the view's own behaviour (select) runs otherwise.
import { type Connection, type Node, useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';

/** the drag data type of a palette item dragged onto a canvas */
export const DRAG_MIME = 'application/x-neutron-explorer';

export interface CanvasNodeRef {
  /** node id: a device id in the physical view, a resource id in the logical view */
  id: string;
  view: 'physical' | 'logical';
  /** what the node stands for: device role (vm, br-int...) or resource kind (network, router...) */
  what: string;
  /** the server, router, network... behind the node, when there is one */
  resourceId: string | null;
}

type NodeHandler = (node: CanvasNodeRef, ev: { shiftKey: boolean; altKey: boolean }) => boolean;

export const canvasInteraction = {
  nodeClick: [] as NodeHandler[],
  /** a drag connection between two nodes (editing) */
  connect: null as ((c: Connection, view: 'physical' | 'logical') => void) | null,
  /** something dropped from the palette at flow coordinates */
  drop: null as
    | ((
        payload: string,
        at: { x: number; y: number },
        onto: CanvasNodeRef | null,
        view: 'physical' | 'logical',
      ) => void)
    | null,
  /** whether handles may be dragged to connect nodes (edit mode) */
  connectable: () => false,
};

export function claimNodeClick(node: CanvasNodeRef, ev: { shiftKey: boolean; altKey: boolean }): boolean {
  for (const h of canvasInteraction.nodeClick) if (h(node, ev)) return true;
  return false;
}

/**
 * The topmost node under a point. Edges, their labels and wide invisible hit paths lie over the nodes
 * (inside a host, over its bridges): a drop on them is a drop on the node beneath.
 */
export function nodeUnder(x: number, y: number): Element | null {
  for (const el of document.elementsFromPoint(x, y)) {
    const node = el.closest('.react-flow__node');
    if (node) return node;
  }
  return null;
}

/** The host node under a point of the physical view, whatever lies over it. */
export function hostUnder(x: number, y: number): Element | null {
  return (
    document.elementsFromPoint(x, y).find((el) => el.classList.contains('react-flow__node-host')) ?? null
  );
}

/** onDragOver and onDrop for a view: a palette item dropped at a point, onto the node under it if any. */
export function usePaletteDrop<N extends Node>(
  nodes: readonly N[],
  refOf: (node: N) => CanvasNodeRef,
  view: 'physical' | 'logical',
) {
  const rf = useReactFlow();
  const onDragOver = useCallback((ev: React.DragEvent) => {
    if (canvasInteraction.drop && ev.dataTransfer.types.includes(DRAG_MIME)) ev.preventDefault();
  }, []);
  const onDrop = useCallback(
    (ev: React.DragEvent) => {
      const payload = ev.dataTransfer.getData(DRAG_MIME);
      if (!payload || !canvasInteraction.drop) return;
      ev.preventDefault();
      const id = nodeUnder(ev.clientX, ev.clientY)?.getAttribute('data-id');
      const onto = nodes.find((n) => n.id === id);
      const at = rf.screenToFlowPosition({ x: ev.clientX, y: ev.clientY });
      canvasInteraction.drop(payload, at, onto ? refOf(onto) : null, view);
    },
    [nodes, rf, refOf, view],
  );
  return { onDragOver, onDrop };
}
