// Sending by clicking: while picking is on, a click on a VM, an outside host or a router takes it as
// the source, the next click as the destination, and the packet goes. Registered with the canvases'
// click handlers (src/ui/canvas/interaction.ts); the picked source is outlined (a data attribute).
import { useEffect } from 'react';
import type { Topology } from '../../sim';
import { useApp } from '../../store/app-store';
import { usePlayback } from '../../store/playback-store';
import { type CanvasNodeRef, canvasInteraction } from '../canvas/interaction';

export interface Endpoint {
  /** what SendRequest takes: a server name, an outside host name, router:<name> or an IPv4 */
  value: string;
  label: string;
  source: boolean;
}

/** The things a packet can be sent from or to, in the words of the form. */
export function endpointsOf(doc: Topology | null): Endpoint[] {
  if (!doc) return [];
  const out: Endpoint[] = [];
  const serverOfPort = new Map(doc.ports.map((p) => [p.id as string, p.device_id as string]));
  const serverName = new Map(doc.servers.map((s) => [s.id as string, s.name]));
  for (const s of doc.servers) out.push({ value: s.name, label: `${s.name} (VM)`, source: true });
  for (const w of doc.outside)
    for (const h of w.hosts) out.push({ value: h.name, label: `${h.name} (outside, ${h.ip})`, source: true });
  for (const r of doc.routers)
    out.push({ value: `router:${r.name}`, label: `${r.name} (router namespace)`, source: true });
  for (const f of doc.floatingips) {
    const owner = f.port_id ? serverName.get(serverOfPort.get(f.port_id) ?? '') : undefined;
    out.push({
      value: f.floating_ip_address,
      label: `${f.floating_ip_address} (floating IP${owner ? ` of ${owner}` : ''})`,
      source: false,
    });
  }
  return out;
}

/** What a clicked node stands for as an endpoint, or null. */
function endpointOf(node: CanvasNodeRef): string | null {
  const { doc, view } = useApp.getState();
  if (!doc) return null;
  const serverName = (id: string | null) => doc.servers.find((s) => s.id === id)?.name ?? null;
  const routerName = (id: string | null) => doc.routers.find((r) => r.id === id)?.name ?? null;
  if (node.view === 'physical') {
    if (node.what === 'vm') return serverName(node.resourceId);
    if (node.what === 'outside-host') return view?.devices.find((d) => d.id === node.id)?.name ?? null;
    if (node.what === 'qrouter') {
      const r = routerName(node.resourceId);
      return r ? `router:${r}` : null;
    }
    return null;
  }
  if (node.what === 'server') return serverName(node.resourceId);
  if (node.what === 'router') {
    const r = routerName(node.resourceId);
    return r ? `router:${r}` : null;
  }
  if (node.what === 'outside' && node.id.startsWith('outside:')) return node.id.slice('outside:'.length);
  if (node.what === 'floatingip')
    return doc.floatingips.find((f) => f.id === node.resourceId)?.floating_ip_address ?? null;
  return null;
}

function onNodeClick(node: CanvasNodeRef, ev: { shiftKey: boolean }): boolean {
  const pb = usePlayback.getState();
  if (pb.picking === 'off') return false;
  const name = endpointOf(node);
  if (!name) return false;
  const isSource = !/^\d+\.\d+\.\d+\.\d+$/.test(name);
  if (pb.picking === 'source' || ev.shiftKey) {
    if (!isSource) {
      useApp.getState().notify('info', 'A floating IP cannot send: pick a VM, an outside host or a router.');
      return true;
    }
    pb.setForm({ from: name });
    if (pb.proto === 'dhcp' || pb.proto === 'dhcp-renew') {
      pb.setPicking('off');
      void pb.send();
    } else pb.setPicking('target');
    return true;
  }
  if (name === pb.from) {
    useApp.getState().notify('info', `${name} is the source: click another VM or host as the destination.`);
    return true;
  }
  pb.setForm({ to: name });
  // one send per pick: clicks on the canvas mean what they usually do again
  pb.setPicking('off');
  void pb.send();
  return true;
}

/** Registers the click handler and outlines the picked source while picking. */
export function usePicking(): void {
  useEffect(() => {
    canvasInteraction.nodeClick.push(onNodeClick);
    return () => {
      const i = canvasInteraction.nodeClick.indexOf(onNodeClick);
      if (i >= 0) canvasInteraction.nodeClick.splice(i, 1);
    };
  }, []);
  const picking = usePlayback((s) => s.picking);
  const from = usePlayback((s) => s.from);
  const view = useApp((s) => s.view);
  const viewMode = useApp((s) => s.viewMode);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new view or view mode draws the node anew
  useEffect(() => {
    if (picking !== 'target' || !from) return;
    // mark the one element rather than add a style sheet: a new sheet restyles every node
    const name = CSS.escape(from);
    let marked: Element | null = null;
    const mark = () => {
      const el = document.querySelector(`.dev[data-device="${name}"], [data-testid="server-${name}"]`);
      if (el === marked) return;
      marked?.removeAttribute('data-send-from');
      el?.setAttribute('data-send-from', '');
      marked = el;
    };
    mark();
    // the node may be drawn again (panned back into view, another view): mark it again
    const t = setInterval(mark, 500);
    return () => {
      clearInterval(t);
      marked?.removeAttribute('data-send-from');
    };
  }, [picking, from, view, viewMode]);
}
