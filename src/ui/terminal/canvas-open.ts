// Alt+click on the canvas opens a terminal where the clicked thing lives: a VM's console, a qrouter or
// qdhcp namespace (or a port inside one), a host's root namespace (a bridge, a tap, the host itself),
// an outside host. A plain click keeps meaning what it always meant.

import { placeOfSelection } from '../../logic/terminal/places';
import { useApp } from '../../store/app-store';
import { openTerminalAt } from '../../store/terminal-store';
import { type CanvasNodeRef, canvasInteraction } from '../canvas/interaction';

function selectionOf(node: CanvasNodeRef) {
  if (node.view === 'physical') {
    if (node.what === 'host') return { kind: 'host' as const, id: node.resourceId ?? node.id };
    return { kind: 'device' as const, id: node.id };
  }
  if (!node.resourceId) return null;
  switch (node.what) {
    case 'server':
      return { kind: 'server' as const, id: node.resourceId };
    case 'router':
      return { kind: 'router' as const, id: node.resourceId };
    case 'network':
      return { kind: 'network' as const, id: node.resourceId };
    default:
      // outside hosts and the rest are drawn for a device of the physical view
      return { kind: 'device' as const, id: node.resourceId };
  }
}

function onNodeClick(node: CanvasNodeRef, ev: { altKey: boolean }): boolean {
  if (!ev.altKey) return false;
  const { doc, view } = useApp.getState();
  let place = placeOfSelection(selectionOf(node), doc, view);
  // an outside host in the logical view is drawn as outside:<name>
  if (!place && node.id.startsWith('outside:')) {
    const name = node.id.slice('outside:'.length);
    if (doc?.outside.some((w) => w.hosts.some((h) => h.name === name)))
      place = { target: { kind: 'outside', name }, namespace: null };
  }
  if (!place) return false;
  openTerminalAt(place);
  return true;
}

let installed = false;

export function installCanvasTerminal(): void {
  if (installed) return;
  installed = true;
  canvasInteraction.nodeClick.push(onNodeClick);
}
