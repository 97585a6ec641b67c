// The baseline of the canvas benchmark: a bare React Flow page with default nodes and edges, as many
// as the app draws (?nodes=N&edges=M), in the same viewport. Built as a second page, never loaded by the app.
import '@xyflow/react/dist/style.css';
import { type Edge, type Node, ReactFlow } from '@xyflow/react';
import { createRoot } from 'react-dom/client';

const q = new URLSearchParams(location.search);
const n = Number(q.get('nodes') ?? 200);
const m = Number(q.get('edges') ?? n);
const cols = Math.ceil(Math.sqrt(n * 2));
const nodes: Node[] = Array.from({ length: n }, (_, i) => ({
  id: `n${i}`,
  position: { x: (i % cols) * 180, y: Math.floor(i / cols) * 90 },
  data: { label: `node ${i}` },
}));
const edges: Edge[] = Array.from({ length: m }, (_, i) => ({
  id: `e${i}`,
  source: `n${i % n}`,
  target: `n${(i * 7 + 1) % n}`,
}));

createRoot(document.getElementById('root')!).render(
  <ReactFlow nodes={nodes} edges={edges} fitView minZoom={0.05} onlyRenderVisibleElements />,
);
