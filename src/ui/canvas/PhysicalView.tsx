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
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { type Selection, useApp } from '../../store/app-store';
import { useClassroom } from '../../store/classroom-store';
import { EditLayer } from '../edit/EditLayer';
import { PacketLayer } from '../send/PacketLayer';
import { DeviceNode } from './DeviceNode';
import { FIT_START } from './fit';
import { BandNode, HostNode, NicNode } from './HostNode';
import { HostDrawings, type OwnerLookup } from './host-drawings';
import { type CanvasNodeRef, canvasInteraction, claimNodeClick, usePaletteDrop } from './interaction';
import { NODE_A11Y, useCanvasKeys } from './keyboard';
import { useLessonCamera } from './lesson-camera';
import { NetEdge } from './NetEdge';
import { OverviewMap } from './OverviewMap';
import { PathFocusBar, usePathFocus } from './PathFocusBar';
import { type GraphEdge, type GraphNode, physicalGraph } from './physical-graph';
import { useRevealCamera } from './reveal-camera';
import { stableNodes } from './stable-nodes';

const nodeTypes = { device: DeviceNode, host: HostNode, nic: NicNode, band: BandNode };

/** Below this zoom, a 13 px label is under 6 px on screen: devices drop their text (styles.css .is-far). */
const FAR_ZOOM = 0.46;
const zoomedOut = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;
/** Above this many nodes, only those on screen are rendered. Below it, working out which are on screen
 * on every frame of a pan costs more than drawing them all (cloud M with every host open, 733 nodes:
 * 7.7 ms of script a frame with culling, 2.9 without; scripts/profile-canvas.ts). */
const CULL_FROM = 1500;
const edgeTypes = { net: NetEdge };

/** What a node stands for, for the features that handle clicks and drops. */
function refOf(node: GraphNode): CanvasNodeRef {
  return node.type === 'device'
    ? {
        id: node.id,
        view: 'physical',
        what: node.data.device.role,
        resourceId: node.data.device.serverId ?? node.data.device.routerId ?? null,
      }
    : {
        id: node.id,
        view: 'physical',
        what: node.type,
        resourceId: node.type === 'host' ? node.data.name : node.type === 'nic' ? node.data.host : null,
      };
}

/** Palette items carry this type (see src/ui/edit/palette-drag.ts). */

/** The host under a screen point, below whatever is being dragged. */
function hostAt(x: number, y: number, nodes: GraphNode[]): GraphNode | undefined {
  const el = document.elementsFromPoint(x, y).find((e) => e.classList.contains('react-flow__node-host'));
  const id = el?.getAttribute('data-id');
  return id ? nodes.find((n) => n.id === id) : undefined;
}

function selectedNodeId(
  sel: Selection,
  owner: OwnerLookup,
  resourceToDevice: (id: string) => string | undefined,
): string | null {
  if (!sel) return null;
  switch (sel.kind) {
    case 'device':
      return owner.get(sel.id) ?? sel.id;
    case 'host':
      return `host:${sel.id}`;
    case 'server':
    case 'router': {
      const dev = resourceToDevice(sel.id);
      return dev ? (owner.get(dev) ?? dev) : null;
    }
    default:
      return null;
  }
}

/** What a click on a node, or Enter on a focused one, does: a feature's (picking a send's ends) or select. */
function activateNode(node: GraphNode, ev: { shiftKey: boolean; altKey: boolean }) {
  const { select } = useApp.getState();
  if (claimNodeClick(refOf(node), ev)) return;
  if (node.type === 'host') select({ kind: 'host', id: node.data.name });
  else if (node.type === 'nic') select({ kind: 'host', id: node.data.host });
  else select({ kind: 'device', id: node.id });
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
  // path focus: the picture cut down to what the send on stage visited, its hosts open
  const picture = usePathFocus(view);
  // the summaries drawn last, given again while their hosts read the same (host-drawings.ts)
  const [drawings] = useState(() => new HostDrawings());
  const graph = useMemo(
    () => (picture ? physicalGraph(picture.view, picture.opts ?? opts, drawings) : null),
    [picture, opts, drawings],
  );
  // a server is drawn as its VM, a router as its qrouter namespace: looked up only when one is selected
  // (a cloud of 2,000 VMs has 40,000 devices to go through after every edit)
  const resourceToDevice = useMemo(() => {
    let made: Map<string, string> | null = null;
    return (id: string) => {
      if (!made) {
        made = new Map();
        for (const d of view?.devices ?? []) {
          const r = d.serverId || d.routerId;
          if (r) made.set(r, d.id);
        }
      }
      return made.get(id);
    };
  }, [view]);
  const selectedId = graph ? selectedNodeId(selection, graph.owner, resourceToDevice) : null;
  const far = useStore(zoomedOut);
  const hasLit = useClassroom((s) => s.lit !== null && s.lit.size > 0);
  useLessonCamera();
  const editMode = useApp((s) => s.editMode);
  const [nodes, setNodes] = useState<GraphNode[]>([]);
  const [dragEnded, setDragEnded] = useState(0);
  /** the graph's nodes last given, and what they were given with */
  const given = useRef<{ nodes: Map<string, GraphNode>; with: unknown[] } | null>(null);
  useEffect(() => {
    const was = given.current;
    const settings = [selectedId, editMode, dragEnded];
    // a node that reads as it did is the same object, and stays the node React Flow has (measured)
    const next = stableNodes(was?.nodes ?? new Map(), graph?.nodes ?? []);
    const keep = was !== null && was.with.every((x, i) => x === settings[i]);
    given.current = { nodes: new Map(next.map((n) => [n.id, n])), with: settings };
    setNodes((shown) => {
      const shownById = keep ? new Map(shown.map((n) => [n.id, n])) : null;
      return next.map((n) => {
        const kept = n === was?.nodes.get(n.id) ? shownById?.get(n.id) : undefined;
        if (kept) return kept;
        const m = n.id === selectedId ? { ...n, selected: true } : n;
        // in edit mode a VM may be dragged out of its host, onto another one
        return editMode && m.type === 'device' && m.data.device.role === 'vm'
          ? { ...m, extent: undefined }
          : m;
      });
    });
  }, [graph, selectedId, editMode, dragEnded]);
  // Only moves and sizes are kept (selection is the store's); a click sends selection changes alone,
  // and answering those with a new array would re-render every node for nothing.
  const onNodesChange = useCallback((changes: NodeChange<GraphNode>[]) => {
    const kept = changes.filter((c) => c.type === 'position' || c.type === 'dimensions');
    if (kept.length) setNodes((ns) => applyNodeChanges(kept, ns));
  }, []);
  // A click selects and nothing else: a VM's chain folds with its own button (DeviceNode). Enter or
  // Space on a focused node does the same (keyboard.ts).
  const onNodeClick = useCallback(
    (ev: { shiftKey: boolean; altKey: boolean }, node: GraphNode) => activateNode(node, ev),
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
  const onNodeDoubleClick = useCallback((_: unknown, node: GraphNode) => {
    if (node.type !== 'host') return;
    useApp.getState().setHostCollapsed(node.data.name, !node.data.collapsed);
  }, []);
  const onNodeDragStop = useCallback(
    (ev: MouseEvent | TouchEvent, node: GraphNode) => {
      if (
        node.type === 'device' &&
        node.data.device.role === 'vm' &&
        node.parentId &&
        node.extent === undefined
      ) {
        const p = 'clientX' in ev ? ev : ev.changedTouches[0];
        const host = p ? hostAt(p.clientX, p.clientY, nodes) : undefined;
        if (host?.id !== node.parentId) {
          // a VM dropped outside its host: editing moves it to the host below (payload of
          // src/ui/edit/actions.ts) or says why not; either way the drawing follows the model again
          if (host && canvasInteraction.drop)
            canvasInteraction.drop(
              `move-vm:${node.data.device.serverId}`,
              node.position,
              refOf(host),
              'physical',
            );
          setDragEnded((n) => n + 1);
          return;
        }
      }
      useApp.getState().movedNode(node.id, node.position);
    },
    [nodes],
  );
  const { onDragOver, onDrop } = usePaletteDrop(nodes, refOf, 'physical');
  useRevealCamera(graph?.owner ?? null, nodes);
  const onEdgeClick = useCallback((_: unknown, edge: GraphEdge) => {
    if (edge.data?.kind === 'tunnel') useApp.getState().select({ kind: 'tunnel', id: edge.id });
  }, []);
  if (!graph) return <div className="canvas-empty">Starting the simulator…</div>;
  return (
    <ReactFlow<GraphNode, GraphEdge>
      className={`${far ? 'is-far' : ''}${hasLit ? ' has-lit' : ''}`}
      nodes={nodes}
      edges={graph.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onNodeDoubleClick={onNodeDoubleClick}
      onNodeDragStop={onNodeDragStop}
      onEdgeClick={onEdgeClick}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onPaneClick={() => useApp.getState().select(null)}
      connectionMode={ConnectionMode.Loose}
      nodesConnectable={false}
      fitView
      fitViewOptions={FIT_START}
      minZoom={0.05}
      maxZoom={2.5}
      onlyRenderVisibleElements={nodes.length > CULL_FROM}
      onInit={onInit}
      onKeyDownCapture={onKeyDownCapture}
      // the keyboard goes from node to node; a wire is read from the nodes at its ends
      edgesFocusable={false}
      ariaLabelConfig={NODE_A11Y}
    >
      <Controls showInteractive={false} orientation="horizontal" />
      <PathFocusBar focus={picture?.focus ?? null} hosts={view?.hosts.length ?? 0} />
      <OverviewMap />
      <PacketLayer view="physical" />
      <EditLayer view="physical" />
    </ReactFlow>
  );
}
