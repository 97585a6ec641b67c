// Extension points of the canvases: features (sending, editing) register what a click, a drag or a
// connection means to them, so the views stay free of feature logic. A handler returns true when it
// took the event; the view's own behaviour (select, fold a VM chain) runs otherwise.
import type { Connection } from '@xyflow/react';

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
