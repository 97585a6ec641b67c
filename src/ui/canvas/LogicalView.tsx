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
import { type Selection, useApp } from '../../store/app-store';
import { claimNodeClick } from './interaction';
import { NetworkBar, ResourceNode } from './LogicalNodes';
import { type LogicalEdge, type LogicalNode, logicalGraph } from './logical-graph';
import { NetEdge } from './NetEdge';

const nodeTypes = { netbar: NetworkBar, resource: ResourceNode };
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
    case 'device':
      return deviceOwner(sel.id);
    default:
      return null;
  }
}

export default function LogicalView({ onInit }: { onInit?: (rf: ReactFlowInstance) => void }) {
  const doc = useApp((s) => s.doc);
  const view = useApp((s) => s.view);
  const selection = useApp((s) => s.selection);
  const [moved, setMoved] = useState<Record<string, { x: number; y: number }>>({});
  const graph = useMemo(() => (doc ? logicalGraph(doc, moved) : null), [doc, moved]);
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
  const [nodes, setNodes] = useState<LogicalNode[]>([]);
  useEffect(() => {
    setNodes((graph?.nodes ?? []).map((n) => (n.id === selectedId ? { ...n, selected: true } : n)));
  }, [graph, selectedId]);
  const onNodesChange = useCallback((changes: NodeChange<LogicalNode>[]) => {
    setNodes((ns) =>
      applyNodeChanges(
        changes.filter((c) => c.type === 'position' || c.type === 'dimensions'),
        ns,
      ),
    );
  }, []);
  const onNodeClick = useCallback((ev: React.MouseEvent, node: LogicalNode) => {
    const what = node.type === 'netbar' ? 'network' : node.data.kind;
    const resourceId = node.type === 'netbar' ? node.data.network.id : node.data.resourceId;
    if (
      claimNodeClick(
        { id: node.id, view: 'logical', what, resourceId },
        { shiftKey: ev.shiftKey, altKey: ev.altKey },
      )
    )
      return;
    const { select } = useApp.getState();
    if (node.type === 'netbar') select({ kind: 'network', id: node.data.network.id });
    else if (node.data.kind === 'server') select({ kind: 'server', id: node.data.resourceId });
    else if (node.data.kind === 'router') select({ kind: 'router', id: node.data.resourceId });
    else select({ kind: 'device', id: node.data.resourceId });
  }, []);
  if (!graph) return <div className="canvas-empty">Starting the simulator…</div>;
  return (
    <ReactFlow<LogicalNode, LogicalEdge>
      nodes={nodes}
      edges={graph.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onNodeDragStop={(_, n) => setMoved((m) => ({ ...m, [n.id]: n.position }))}
      onPaneClick={() => useApp.getState().select(null)}
      connectionMode={ConnectionMode.Loose}
      nodesConnectable={false}
      fitView
      fitViewOptions={{ padding: 0.1 }}
      minZoom={0.05}
      onInit={onInit as never}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
