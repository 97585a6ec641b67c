// A link of the physical or logical view. Its path gets an explicit id so that the packet animation
// can follow it; tunnels between hosts dip toward the underlay and carry their VNIs as a label.
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, useInternalNode } from '@xyflow/react';
import { memo } from 'react';
import { attachPoint, boxOf } from './floating';
import { networkColor } from './palette';
import type { GraphEdge } from './physical-graph';

export const edgePathId = (edgeId: string) => `edge-path-${edgeId}`;

function NetEdgeImpl({ id, source, target, data, selected }: EdgeProps<GraphEdge>) {
  const s = useInternalNode(source);
  const t = useInternalNode(target);
  if (!s || !t) return null;
  const a = boxOf(s);
  const b = boxOf(t);
  const p = attachPoint(a, b);
  const q = attachPoint(b, a);
  const tunnel = data?.kind === 'tunnel';
  let path: string;
  let lx: number;
  let ly: number;
  if (tunnel) {
    const sag = Math.max(60, Math.abs(q.x - p.x) * 0.18);
    const cy = Math.max(p.y, q.y) + sag;
    path = `M ${p.x} ${p.y} C ${p.x} ${cy}, ${q.x} ${cy}, ${q.x} ${q.y}`;
    lx = (p.x + q.x) / 2;
    ly = Math.max(p.y, q.y) + sag * 0.75;
  } else {
    path = `M ${p.x} ${p.y} L ${q.x} ${q.y}`;
    // a VLAN tag belongs to the br-int end of the link
    const nearTarget = data?.labelNear === target;
    const f = data?.labelNear ? (nearTarget ? 0.72 : 0.28) : 0.5;
    lx = p.x + (q.x - p.x) * f;
    ly = p.y + (q.y - p.y) * f;
  }
  const color = networkColor(data?.network);
  const cls = `net-edge net-edge--${data?.kind ?? 'wire'}${selected ? ' is-selected' : ''}`;
  return (
    <>
      <BaseEdge
        id={edgePathId(id)}
        path={path}
        className={cls}
        style={color ? { stroke: color } : undefined}
      />
      {data?.label ? (
        <EdgeLabelRenderer>
          <div
            className={`edge-label edge-label--${data.kind}`}
            style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)`, borderColor: color }}
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const NetEdge = memo(NetEdgeImpl);
