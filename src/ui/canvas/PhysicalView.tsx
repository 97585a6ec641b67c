// The physical view: hosts with their bridges, namespaces and VMs, tunnels between them, and the world
// outside. Nodes come from the PlaneView and the view options; a drag in progress is the only thing
// kept locally, and its end is written back to the store.
import {
  applyNodeChanges,
  ConnectionMode,
  Controls,
  type NodeChange,
  ReactFlow,
  type ReactFlowInstance,
  type ReactFlowState,
  useStore,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { type Selection, useApp } from '../../store/app-store';
import { PacketLayer } from '../send/PacketLayer';
import { DeviceNode } from './DeviceNode';
import { BandNode, HostNode } from './HostNode';
import { claimNodeClick } from './interaction';
import { NetEdge } from './NetEdge';
import { OverviewMap } from './OverviewMap';
import { type GraphEdge, type GraphNode, physicalGraph } from './physical-graph';

const nodeTypes = { device: DeviceNode, host: HostNode, band: BandNode };

/** Below this zoom, text on edges and small facts would be specks: they are hidden. */
const FAR_ZOOM = 0.45;
const zoomedOut = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;
const edgeTypes = { net: NetEdge };

function selectedNodeId(
  sel: Selection,
  owner: Map<string, string>,
  resourceToDevice: Map<string, string>,
): string | null {
  if (!sel) return null;
  switch (sel.kind) {
    case 'device':
      return owner.get(sel.id) ?? sel.id;
    case 'host':
      return `host:${sel.id}`;
    case 'server':
    case 'router': {
      const dev = resourceToDevice.get(sel.id);
      return dev ? (owner.get(dev) ?? dev) : null;
    }
    default:
      return null;
  }
}

export function PhysicalView({ onInit }: { onInit?: (rf: ReactFlowInstance<GraphNode, GraphEdge>) => void }) {
  const view = useApp((s) => s.view);
  const opts = useApp(
    useShallow((s) => ({
      expandedVms: s.expandedVms,
      hostCollapsed: s.hostCollapsed,
      positions: s.positions,
    })),
  );
  const selection = useApp((s) => s.selection);
  const graph = useMemo(() => (view ? physicalGraph(view, opts) : null), [view, opts]);
  // a server is drawn as its VM, a router as its qrouter namespace
  const resourceToDevice = useMemo(
    () =>
      new Map(
        (view?.devices ?? []).flatMap((d) =>
          d.serverId ? [[d.serverId, d.id] as const] : d.routerId ? [[d.routerId, d.id] as const] : [],
        ),
      ),
    [view],
  );
  const selectedId = graph ? selectedNodeId(selection, graph.owner, resourceToDevice) : null;
  const far = useStore(zoomedOut);
  const [nodes, setNodes] = useState<GraphNode[]>([]);
  useEffect(() => {
    setNodes((graph?.nodes ?? []).map((n) => (n.id === selectedId ? { ...n, selected: true } : n)));
  }, [graph, selectedId]);
  const onNodesChange = useCallback((changes: NodeChange<GraphNode>[]) => {
    setNodes((ns) =>
      applyNodeChanges(
        changes.filter((c) => c.type === 'position' || c.type === 'dimensions'),
        ns,
      ),
    );
  }, []);
  const onNodeClick = useCallback((ev: React.MouseEvent, node: GraphNode) => {
    const { select, toggleVm } = useApp.getState();
    const ref =
      node.type === 'device'
        ? {
            id: node.id,
            view: 'physical' as const,
            what: node.data.device.role,
            resourceId: node.data.device.serverId ?? node.data.device.routerId ?? null,
          }
        : {
            id: node.id,
            view: 'physical' as const,
            what: node.type,
            resourceId: node.type === 'host' ? node.data.name : null,
          };
    if (claimNodeClick(ref, { shiftKey: ev.shiftKey, altKey: ev.altKey })) return;
    if (node.type === 'host') select({ kind: 'host', id: node.data.name });
    else if (node.type === 'band') select({ kind: 'device', id: node.id });
    else {
      select({ kind: 'device', id: node.id });
      if (node.data.device.role === 'vm') toggleVm(node.id, !node.data.folded);
    }
  }, []);
  const onNodeDoubleClick = useCallback((_: unknown, node: GraphNode) => {
    if (node.type !== 'host') return;
    useApp.getState().setHostCollapsed(node.data.name, !node.data.collapsed);
  }, []);
  const onNodeDragStop = useCallback((_: unknown, node: GraphNode) => {
    useApp.getState().movedNode(node.id, node.position);
  }, []);
  const onEdgeClick = useCallback((_: unknown, edge: GraphEdge) => {
    if (edge.data?.kind === 'tunnel') useApp.getState().select({ kind: 'tunnel', id: edge.id });
  }, []);
  if (!graph) return <div className="canvas-empty">Starting the simulator…</div>;
  return (
    <ReactFlow<GraphNode, GraphEdge>
      className={far ? 'is-far' : undefined}
      nodes={nodes}
      edges={graph.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onNodeDoubleClick={onNodeDoubleClick}
      onNodeDragStop={onNodeDragStop}
      onEdgeClick={onEdgeClick}
      onPaneClick={() => useApp.getState().select(null)}
      connectionMode={ConnectionMode.Loose}
      nodesConnectable={false}
      fitView
      fitViewOptions={{ padding: 0.06 }}
      minZoom={0.05}
      maxZoom={2.5}
      onlyRenderVisibleElements
      onInit={onInit}
    >
      <Controls showInteractive={false} />
      <OverviewMap />
      <PacketLayer />
    </ReactFlow>
  );
}
