// A link of the physical or logical view. Its path gets an explicit id so that the packet animation
// can follow it. A link ends at the port chip it is plugged into when it has one (patch-tun, eth1...);
// tunnels between hosts run the way tunnel-routes.ts gave them, beneath the hosts, and carry their VNIs
// as a label.
import { BaseEdge, type EdgeProps, useInternalNode } from '@xyflow/react';
import { memo } from 'react';
import { attachPoint, type Box, boxOf } from './floating';
import { networkColor, networkDash } from './palette';
import type { GraphEdge } from './physical-graph';
import { labelWidth, roundedPath, routePoints } from './tunnel-routes';

export const edgePathId = (edgeId: string) => `edge-path-${edgeId}`;

function NetEdgeImpl({ id, source, target, data, selected }: EdgeProps<GraphEdge>) {
  const s = useInternalNode(source);
  const t = useInternalNode(target);
  if (!s || !t) return null;
  const a = boxOf(s);
  const b = boxOf(t);
  const tunnel = data?.kind === 'tunnel';
  // an end on a port chip is a point; the other end meets its node where the line toward it leaves
  const at = (box: Box, off: { x: number; y: number } | undefined) =>
    off ? { x: box.x + off.x, y: box.y + off.y, w: 0, h: 0 } : null;
  const pa = at(a, data?.sourceAt);
  const pb = at(b, data?.targetAt);
  const p = pa ?? attachPoint(a, pb ?? b);
  const q = pb ?? attachPoint(b, pa ?? a);
  let path: string;
  let lx: number;
  let ly: number;
  if (tunnel && data?.route) {
    const r = routePoints(data.route, a, source === target ? null : b);
    path = roundedPath(r.points);
    lx = r.label.x;
    ly = r.label.y;
  } else if (tunnel) {
    const sag = Math.max(60, Math.abs(q.x - p.x) * 0.18);
    const cy = Math.max(p.y, q.y) + sag;
    path = `M ${p.x} ${p.y} C ${p.x} ${cy}, ${q.x} ${cy}, ${q.x} ${q.y}`;
    lx = (p.x + q.x) / 2;
    ly = Math.max(p.y, q.y) + sag * 0.75;
  } else {
    path = `M ${p.x} ${p.y} L ${q.x} ${q.y}`;
    // a VLAN tag belongs to the br-int end of the link; a router's address stands just clear of its bar
    const nearTarget = data?.labelNear === target;
    const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const beside = data?.labelBeside && data.label ? (labelWidth(data.label, false) / 2 + 8) / len : 0;
    const f = data?.labelNear
      ? beside
        ? nearTarget
          ? 1 - beside
          : beside
        : nearTarget
          ? 0.72
          : 0.28
      : 0.5;
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
        style={color ? { stroke: color, strokeDasharray: networkDash(data?.network) } : undefined}
      />
      {data?.label ? <EdgeLabel x={lx} y={ly} text={data.label} kind={data.kind} color={color} /> : null}
    </>
  );
}

export const NetEdge = memo(NetEdgeImpl);

/**
 * A label drawn in the SVG itself. React Flow's EdgeLabelRenderer looks its container up in the DOM on
 * every viewport change, once per label: with hundreds of tunnel labels that cost more than the
 * panning it served (scripts/bench-ui-canvas.ts).
 */
function EdgeLabel({
  x,
  y,
  text,
  kind,
  color,
}: {
  x: number;
  y: number;
  text: string;
  kind: string;
  color: string | undefined;
}) {
  const tunnel = kind === 'tunnel';
  const w = labelWidth(text, tunnel);
  const h = tunnel ? 21 : 19;
  return (
    <g className={`edge-label edge-label--${kind}`} transform={`translate(${x - w / 2} ${y - h / 2})`}>
      <rect width={w} height={h} rx={h / 2} style={color ? { stroke: color } : undefined} />
      <text x={w / 2} y={h / 2} dominantBaseline="central" textAnchor="middle">
        {text}
      </text>
    </g>
  );
}
