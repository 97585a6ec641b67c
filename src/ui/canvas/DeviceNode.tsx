// One device of the physical view, drawn in the visual language of its kind. The real name is always
// shown; long names (namespaces) are shortened on screen with the full name on hover. A bridge carries
// its patch ports and NICs as chips on its edge; a VM has its own button to fold or show its chain, so
// that a click on the VM only selects it.
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { shortName } from '../../logic/names';
import { useApp } from '../../store/app-store';
import { useClassroom } from '../../store/classroom-store';
import { useDrift } from '../../store/drift-store';
import { KIND_WORD } from './device-words';
import { networkBorder, networkColor } from './palette';
import type { DeviceNodeData, GraphNode, PortChip } from './physical-graph';
import { factLines } from './physical-host';

const ICON: Record<string, string> = {
  vm: '▣',
  qrouter: '⇄',
  qdhcp: '◎',
  snat: '⇄',
  fip: '⇄',
  ovnmeta: '◎',
  upstream: '⇄',
  'outside-host': '◍',
};

const isBridge = (role: string) => role === 'br-int' || role === 'br-tun' || role === 'br-phys';

function DeviceNodeImpl({ id, data, selected }: NodeProps<Extract<GraphNode, { type: 'device' }>>) {
  const d = (data as DeviceNodeData).device;
  const lit = useClassroom((s) => s.lit?.has(id) ?? false);
  const drifted = useDrift((s) => s.marked.has(id));
  const color = networkColor(data.network);
  const big =
    d.role === 'vm' ||
    d.role === 'qrouter' ||
    d.role === 'qdhcp' ||
    d.role === 'snat' ||
    d.role === 'fip' ||
    d.role === 'ovnmeta' ||
    d.role === 'upstream' ||
    d.role === 'outside-host';
  const title = `${d.name}\n${KIND_WORD[d.role] ?? d.kind}${d.host ? ` on ${d.host}` : ''}${d.facts.length ? `\n${d.facts.join('\n')}` : ''}`;
  return (
    <div
      className={`dev dev--${d.role}${d.ha ? ` dev--ha-${d.ha}` : ''}${selected ? ' is-selected' : ''}${data.folded ? ' is-folded' : ''}${lit ? ' is-lit' : ''}${drifted ? ' is-drift' : ''}`}
      style={
        color
          ? ({ '--net': color, '--net-style': networkBorder(data.network) } as React.CSSProperties)
          : undefined
      }
      title={title}
      data-device={d.name}
      data-testid={`device-${d.name}`}
    >
      <Handle type="source" position={Position.Top} className="handle" isConnectable={false} />
      <Handle type="target" position={Position.Bottom} className="handle" isConnectable={false} />
      {big ? (
        <>
          <div className="dev__head">
            <span className="dev__icon" aria-hidden>
              {ICON[d.role] ?? ''}
            </span>
            <span className="dev__name">{shortName(d.name)}</span>
            {shortName(d.name) !== d.name ? (
              <span className="dev__full" data-testid="full-name">
                {d.name}
              </span>
            ) : null}
            {d.role === 'vm' ? <FoldButton vm={id} name={d.name} folded={data.folded ?? false} /> : null}
          </div>
          {(factLines(d).length ? factLines(d) : [KIND_WORD[d.role] ?? '']).map((f) => (
            <div key={f} className="dev__facts">
              {f}
            </div>
          ))}
        </>
      ) : (
        <div className="dev__line">
          <span className="dev__name">{shortName(d.name)}</span>
          {(isBridge(d.role) && data.kindShown) || d.role === 'provider' ? (
            <span className="dev__kind">{KIND_WORD[d.role]}</span>
          ) : null}
        </div>
      )}
      {data.chips?.map((c) => (
        <Chip key={c.name} chip={c} bridge={d.name} />
      ))}
    </div>
  );
}

export const DeviceNode = memo(DeviceNodeImpl);

/** Folds or shows a VM's tap, qbr, qvb and qvo (the tap alone with the openvswitch firewall, which
 *  needs no hybrid plug); the click stays with the button (no selection). */
function FoldButton({ vm, name, folded }: { vm: string; name: string; folded: boolean }) {
  const hybrid = useApp((s) => s.doc?.options.firewall_driver !== 'openvswitch');
  const chain = hybrid ? 'tap, qbr, qvb and qvo' : 'tap';
  return (
    <button
      type="button"
      className="dev__fold nodrag"
      aria-expanded={!folded}
      aria-label={`${folded ? 'Show' : 'Fold'} the ${chain} of ${name}`}
      title={
        folded
          ? `Show the chain: ${hybrid ? 'tap, qbr, qvb, qvo' : 'the tap on br-int'}`
          : 'Fold the chain into the VM'
      }
      data-testid={`fold-${name}`}
      onClick={(ev) => {
        ev.stopPropagation();
        useApp.getState().toggleVm(vm, !folded);
      }}
      onDoubleClick={(ev) => ev.stopPropagation()}
    >
      {folded ? '▸' : '▾'}
    </button>
  );
}

function Chip({ chip, bridge }: { chip: PortChip; bridge: string }) {
  const what =
    chip.kind === 'nic' ? `NIC plugged into ${bridge}` : `patch port of ${bridge}, peer ${chip.peer ?? '?'}`;
  return (
    <span
      className={`port-chip port-chip--${chip.kind} port-chip--${chip.side}`}
      style={{ left: chip.x }}
      data-port={chip.name}
      title={`${chip.name}\n${what}`}
    >
      {chip.label}
    </span>
  );
}
