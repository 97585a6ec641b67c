// A floating IP not associated with any VM, in the logical view: drag its dot onto a VM.
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { EditHandles } from './EditHandles';
import type { ExtraNode } from './logical-extras';

function FipNodeImpl({ id, data, selected }: NodeProps<Extract<ExtraNode, { type: 'fip' }>>) {
  return (
    <div className={`res res--fip${selected ? ' is-selected' : ''}`} data-testid={`floatingip-${data.name}`}>
      <Handle type="source" position={Position.Top} className="handle" isConnectable={false} />
      <Handle type="target" position={Position.Bottom} className="handle" isConnectable={false} />
      <div className="res__head">
        <span aria-hidden>◉</span>
        <span className="res__name">{data.name}</span>
      </div>
      <div className="res__line">floating IP on {data.network}, not associated</div>
      <EditHandles nodeId={id} hint="Drag onto a VM to associate this floating IP" />
    </div>
  );
}

export const FipNode = memo(FipNodeImpl);
