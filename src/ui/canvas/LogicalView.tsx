// The logical view: projects' networks, routers and servers as Neutron's API sees them. Shares the
// selection with the physical view: a server is its VM, a router its qrouter namespace.
import {
  applyNodeChanges,
  Background,
  ConnectionMode,
  Controls,
  type NodeChange,
  ReactFlow,
  type ReactFlowInstance,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { logicalNodeOf } from '../../logic/send/logical-places';
import { type Selection, useApp } from '../../store/app-store';
import { useClassroom } from '../../store/classroom-store';
import { EditLayer } from '../edit/EditLayer';
import { FipNode } from '../edit/FipNode';
import { logicalExtras } from '../edit/logical-extras';
import { PacketLayer } from '../send/PacketLayer';
import { FIT_START } from './fit';
import { type CanvasNodeRef, canvasInteraction, claimNodeClick, usePaletteDrop } from './interaction';
import { NODE_A11Y, useCanvasKeys } from './keyboard';
import { NetworkBar, ResourceNode } from './LogicalNodes';
import { useLessonCamera } from './lesson-camera';
import { type LogicalEdge, type LogicalNode, logicalGraph } from './logical-graph';
import { NetEdge } from './NetEdge';

const nodeTypes = { netbar: NetworkBar, resource: ResourceNode, fip: FipNode };

/** Palette items carry this type (see src/ui/edit/palette-drag.ts). */

/** What a node stands for, for the features that handle clicks, drops and connections. */
function refOf(node: LogicalNode): CanvasNodeRef {
  if (node.type === 'netbar')
    return { id: node.id, view: 'logical', what: 'network', resourceId: node.data.network.id };
  return { id: node.id, view: 'logical', what: node.data.kind, resourceId: node.data.resourceId };
}
const edgeTypes = { net: NetEdge };

/** The logical node that stands for the selection, whichever view made it. */
function selectedNode(sel: Selection, deviceOwner: (id: string) => string | null): string | null {
  if (!sel) return null;
  switch (sel.kind) {
    case 'server':
      return `server:${sel.id}`;
    case 'router':
      return `router:${sel.id}`;
    case 'network':
      return `net:${sel.id}`;
    case 'floatingip':
      return `fip:${sel.id}`;
    case 'device':
      return deviceOwner(sel.id);
    default:
      return null;
  }
}

/** What a click on a node, or Enter on a focused one, does: a feature's (picking a send's ends) or select. */
function activateNode(node: LogicalNode, ev: { shiftKey: boolean; altKey: boolean }) {
  const ref = refOf(node);
  if (claimNodeClick(ref, ev)) return;
  const { select } = useApp.getState();
  if (node.type === 'netbar') select({ kind: 'network', id: node.data.network.id });
  else if (ref.what === 'floatingip') select({ kind: 'floatingip', id: node.data.resourceId });
  else if (node.data.kind === 'server') select({ kind: 'server', id: node.data.resourceId });
  else if (node.data.kind === 'router') select({ kind: 'router', id: node.data.resourceId });
  else select({ kind: 'device', id: node.data.resourceId });
}

export default function LogicalView({ onInit }: { onInit?: (rf: ReactFlowInstance) => void }) {
  const doc = useApp((s) => s.doc);
  const view = useApp((s) => s.view);
  const selection = useApp((s) => s.selection);
  const [moved, setMoved] = useState<Record<string, { x: number; y: number }>>({});
  const graph = useMemo(() => {
    if (!doc) return null;
    const g = logicalGraph(doc, moved);
    // VMs on no network and floating IPs on no VM, in a column of their own on the right
    const right = Math.max(0, ...g.nodes.map((n) => n.position.x + (n.width ?? 0)));
    return { nodes: [...g.nodes, ...logicalExtras(doc, right, moved)] as LogicalNode[], edges: g.edges };
  }, [doc, moved]);
  const editMode = useApp((s) => s.editMode);
  const deviceOwner = useCallback(
    (id: string) => {
      const d = view?.devices.find((x) => x.id === id);
      if (d?.serverId) return `server:${d.serverId}`;
      if (d?.routerId) return `router:${d.routerId}`;
      return null;
    },
    [view],
  );
  const selectedId = selectedNode(selection, deviceOwner);
  // a lesson step lights devices: here, the servers, routers and outside nodes that stand for them
  const litDevices = useClassroom((s) => s.lit);
  const lit = useMemo(() => {
    if (!litDevices || !view) return null;
    const ids = view.devices.filter((d) => litDevices.has(d.id)).map(logicalNodeOf);
    return new Set(ids.filter((id): id is string => id !== null));
  }, [litDevices, view]);
  useLessonCamera(lit);
  const [nodes, setNodes] = useState<LogicalNode[]>([]);
  useEffect(() => {
    setNodes(
      (graph?.nodes ?? []).map((n) => {
        const m = n.id === selectedId ? { ...n, selected: true } : n;
        return lit?.has(n.id) ? { ...m, className: 'is-lit' } : m;
      }),
    );
  }, [graph, selectedId, lit]);
  // Only moves and sizes are kept (selection is the store's); a click sends selection changes alone,
  // and answering those with a new array would re-render every node for nothing.
  const onNodesChange = useCallback((changes: NodeChange<LogicalNode>[]) => {
    const kept = changes.filter((c) => c.type === 'position' || c.type === 'dimensions');
    if (kept.length) setNodes((ns) => applyNodeChanges(kept, ns));
  }, []);
  const onNodeClick = useCallback(
    (ev: { shiftKey: boolean; altKey: boolean }, node: LogicalNode) => activateNode(node, ev),
    [],
  );
  const onKeyDownCapture = useCanvasKeys(
    useCallback(
      (id, ev) => {
        const node = nodes.find((n) => n.id === id);
        if (node) activateNode(node, ev);
      },
      [nodes],
    ),
  );
  const { onDragOver, onDrop } = usePaletteDrop(nodes, refOf, 'logical');
  if (!graph) return <div className="canvas-empty">Starting the simulator…</div>;
  return (
    <ReactFlow<LogicalNode, LogicalEdge>
      className={lit?.size ? 'has-lit' : ''}
      nodes={nodes}
      edges={graph.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onNodeDragStop={(_, n) => setMoved((m) => ({ ...m, [n.id]: n.position }))}
      onPaneClick={() => useApp.getState().select(null)}
      connectionMode={ConnectionMode.Loose}
      nodesConnectable={editMode && canvasInteraction.connectable()}
      // a connection dragged near the canvas's edge would pan the networks away from under the pointer
      // and plug the VM into whichever came under it
      autoPanOnConnect={false}
      onConnect={(c) => canvasInteraction.connect?.(c, 'logical')}
      onDragOver={onDragOver}
      onDrop={onDrop}
      fitView
      fitViewOptions={FIT_START}
      minZoom={0.05}
      onInit={onInit as never}
      onKeyDownCapture={onKeyDownCapture}
      // the keyboard goes from node to node; a wire is read from the nodes at its ends
      edgesFocusable={false}
      ariaLabelConfig={NODE_A11Y}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} orientation="horizontal" />
      <PacketLayer view="logical" />
      <EditLayer view="logical" />
    </ReactFlow>
  );
}
