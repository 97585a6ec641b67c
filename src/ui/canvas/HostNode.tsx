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
      </div>
      {data.collapsed ? (
        <div className="host__summary">
          <span className="host__counts">
            {[
              data.vms || !data.namespaces ? `${data.vms} VMs` : '',
              data.namespaces ? `${data.namespaces} namespaces` : '',
            ]
              .filter(Boolean)
              .join(', ')}
          </span>
          {data.tunnelsFolded ? (
            <span
              className="host__tunnels"
              title="Tunnels to other summaries are counted here, not drawn: open a host to see its tunnels"
            >
              tunnels to {data.tunnels} hosts
            </span>
          ) : null}
          <span className="host__tep" title="VXLAN tunnel endpoint (local_ip)">
            {data.tunnelIp}
          </span>
          <span className="hint">double-click to open</span>
        </div>
      ) : null}
    </div>
  );
}

export const HostNode = memo(HostNodeImpl);

/** The host's underlay NIC on its bottom edge: the tunnels drawn through it leave the host by it. */
function NicNodeImpl({ data }: NodeProps<Extract<GraphNode, { type: 'nic' }>>) {
  return (
    <div
      className={`nic${data.cut ? ' is-cut' : ''}`}
      data-nic={data.name}
      data-testid={`nic-${data.host}-${data.name}`}
      title={`${data.name} on ${data.host}: the underlay interface${data.address ? ` (${data.address})` : ''}. Every VXLAN port uses its address as local_ip, so the tunnels leave the host through it.${data.cut ? '\nUnplugged from the underlay.' : ''}`}
    >
      <span className="nic__name">{data.name}</span>
      {data.address ? <span className="nic__addr">{data.address}</span> : null}
    </div>
  );
}

export const NicNode = memo(NicNodeImpl);

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
