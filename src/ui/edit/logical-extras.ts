// Nodes the logical view needs for editing that Horizon's picture leaves out: VMs not yet on any
// network, and floating IPs not associated with a VM. They stand in a column right of the rest.
import type { Node } from '@xyflow/react';
import type { Topology } from '../../sim';

export interface FipNodeData extends Record<string, unknown> {
  kind: 'floatingip';
  name: string;
  network: string;
  resourceId: string;
}

export interface LooseServerData extends Record<string, unknown> {
  kind: 'server';
  name: string;
  lines: string[];
  badge: string | null;
  project: string;
  resourceId: string;
}

export type ExtraNode = Node<FipNodeData, 'fip'> | Node<LooseServerData, 'resource'>;

const ROW = 86;
const TOP = 70;

export function logicalExtras(
  t: Topology,
  right: number,
  positions: Record<string, { x: number; y: number }>,
): ExtraNode[] {
  const out: ExtraNode[] = [];
  const x = right + 70;
  let y = TOP;
  const project = (id: string) => t.projects.find((p) => p.id === id)?.name ?? '';
  for (const s of t.servers) {
    if (t.ports.some((p) => p.device_id === s.id)) continue;
    const id = `server:${s.id}`;
    out.push({
      id,
      type: 'resource',
      ariaLabel: `${s.name}, VM, not on a network yet, on ${s.host}`,
      position: positions[id] ?? { x, y },
      width: 170,
      height: 62,
      data: {
        kind: 'server',
        name: s.name,
        lines: ['not on a network yet', `on ${s.host}`],
        badge: null,
        project: project(s.project_id),
        resourceId: s.id,
      },
    });
    y += ROW;
  }
  for (const f of t.floatingips) {
    if (f.port_id) continue;
    const id = `fip:${f.id}`;
    out.push({
      id,
      type: 'fip',
      ariaLabel: `${f.floating_ip_address}, floating IP on no VM`,
      position: positions[id] ?? { x, y },
      width: 170,
      height: 44,
      data: {
        kind: 'floatingip',
        name: f.floating_ip_address,
        network: t.networks.find((n) => n.id === f.floating_network_id)?.name ?? '',
        resourceId: f.id,
      },
    });
    y += ROW - 20;
  }
  return out;
}
