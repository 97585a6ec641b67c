// A host: a labelled group holding its devices, or, collapsed, a summary of what runs on it.
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { GraphNode } from './physical-graph';

function HostNodeImpl({ data, selected }: NodeProps<Extract<GraphNode, { type: 'host' }>>) {
  return (
    <div
      className={`host host--${data.role}${data.collapsed ? ' is-collapsed' : ''}${selected ? ' is-selected' : ''}${data.cut ? ' is-cut' : ''}`}
      data-testid={`host-${data.name}`}
    >
      <Handle type="source" position={Position.Top} className="handle" isConnectable={false} />
      <Handle type="target" position={Position.Bottom} className="handle" isConnectable={false} />
      <div className="host__label">
        <span className="host__name">{data.name}</span>
        <span className="host__role">{data.role}</span>
        <span className="host__ip" title="VXLAN tunnel endpoint (local_ip)">
          {data.tunnelIp}
        </span>
      </div>
      {data.collapsed ? (
        <div className="host__summary">
          {data.vms} VMs{data.namespaces ? `, ${data.namespaces} namespaces` : ''}
          <br />
          <span className="hint">double-click to open</span>
        </div>
      ) : null}
    </div>
  );
}

export const HostNode = memo(HostNodeImpl);

function BandNodeImpl({ data }: NodeProps<Extract<GraphNode, { type: 'band' }>>) {
  return (
    <div className="band" data-testid="underlay">
      <Handle type="source" position={Position.Top} className="handle" isConnectable={false} />
      <Handle type="target" position={Position.Bottom} className="handle" isConnectable={false} />
      <strong>{data.label}</strong> <span>{data.detail}</span>
    </div>
  );
}

export const BandNode = memo(BandNodeImpl);
