// Nodes of the logical view: a network bar, and a router, server or outside node.
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { EditHandles } from '../edit/EditHandles';
import type { LogicalNode } from './logical-graph';
import { networkBorder, networkColor, networkPattern } from './palette';

function NetworkBarImpl({ id, data, selected }: NodeProps<Extract<LogicalNode, { type: 'netbar' }>>) {
  const n = data.network;
  const pattern = networkPattern(data.color);
  return (
    <div
      className={`netbar${selected ? ' is-selected' : ''}`}
      style={
        {
          background: networkColor(data.color),
          '--net-style': networkBorder(data.color),
        } as React.CSSProperties
      }
      data-pattern={pattern}
      data-testid={`network-${n.name}`}
      title={`${n.name}\n${n['provider:network_type']} ${n['provider:segmentation_id'] ?? ''}\n${data.cidrs.join('\n')}`}
    >
      <Handle type="source" position={Position.Top} className="handle" isConnectable={false} />
      <Handle type="target" position={Position.Bottom} className="handle" isConnectable={false} />
      <div className="netbar__label">
        <strong>{n.name}</strong>
        <span>
          {n['router:external'] ? 'external' : n['provider:network_type']}
          {n['provider:segmentation_id'] !== null ? ` ${n['provider:segmentation_id']}` : ''}
        </span>
        {data.cidrs.map((c) => (
          <span key={c}>{c}</span>
        ))}
      </div>
      <EditHandles nodeId={id} hint="Drag onto a VM or a router to connect it to this network" />
    </div>
  );
}

export const NetworkBar = memo(NetworkBarImpl);

const ICONS = { router: '⇄', server: '▣', outside: '◍' } as const;
const CONNECT_HINT = {
  router: 'Drag onto a network: an interface on its subnet, or the gateway on an external network',
  server: 'Drag onto a network to give this VM a port on it',
} as const;

function ResourceNodeImpl({ id, data, selected }: NodeProps<Extract<LogicalNode, { type: 'resource' }>>) {
  return (
    <div
      className={`res res--${data.kind}${selected ? ' is-selected' : ''}`}
      data-testid={`${data.kind}-${data.name}`}
      data-resource={data.name}
    >
      <Handle type="source" position={Position.Top} className="handle" isConnectable={false} />
      <Handle type="target" position={Position.Bottom} className="handle" isConnectable={false} />
      <div className="res__head">
        <span aria-hidden>{ICONS[data.kind]}</span>
        <span className="res__name">{data.name}</span>
        {data.project ? <span className="res__project">{data.project}</span> : null}
      </div>
      {data.lines.map((l) => (
        <div key={l} className="res__line">
          {l}
        </div>
      ))}
      {data.badge ? <div className="res__badge">{data.badge}</div> : null}
      {data.kind !== 'outside' ? <EditHandles nodeId={id} hint={CONNECT_HINT[data.kind]} /> : null}
    </div>
  );
}

export const ResourceNode = memo(ResourceNodeImpl);
