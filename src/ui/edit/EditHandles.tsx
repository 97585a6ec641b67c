// The handles that connect nodes of the logical view in edit mode: a dot to drag from, and, while a
// connection is being dragged from another node, the whole node as a place to drop it on.
import { Handle, Position, useConnection } from '@xyflow/react';
import { memo } from 'react';
import { useApp } from '../../store/app-store';

const fromNodeId = (c: { inProgress: boolean; fromNode: { id: string } | null }) =>
  c.inProgress ? (c.fromNode?.id ?? null) : null;

function EditHandlesImpl({ nodeId, hint }: { nodeId: string; hint: string }) {
  const edit = useApp((s) => s.editMode);
  const from = useConnection(fromNodeId);
  if (!edit) return null;
  return (
    <>
      {from === null || from === nodeId ? (
        <Handle id="edit-from" type="source" position={Position.Right} className="edit-handle" title={hint} />
      ) : null}
      {from !== null && from !== nodeId ? (
        <Handle
          id="edit-to"
          type="target"
          position={Position.Left}
          className="edit-drop"
          isConnectableStart={false}
        />
      ) : null}
    </>
  );
}

export const EditHandles = memo(EditHandlesImpl);
