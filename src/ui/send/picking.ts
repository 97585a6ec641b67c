// Sending by clicking: while picking is on, a click on a VM, an outside host or a router takes it as
// the source, the next click as the destination, and the packet goes. Registered with the canvases'
// click handlers (src/ui/canvas/interaction.ts); the picked source is outlined (a data attribute).
import { useEffect } from 'react';
import { routerLabel, serverLabel, type Topology } from '../../sim';
import { useApp } from '../../store/app-store';
import { usePlayback } from '../../store/playback-store';
import { type CanvasNodeRef, canvasInteraction } from '../canvas/interaction';

export interface Endpoint {
  /**
   * what SendRequest takes: a server, an outside host, router:<router> or an IPv4; a server or router
   * whose name repeats as its label, "vm1 (compute2)", so that every value names one thing
   */
  value: string;
  label: string;
  source: boolean;
  /** the server or router (SendRequest's fromId and toId), when it is one */
  id?: string;
}

/** The things a packet can be sent from or to, in the words of the form. */
export function endpointsOf(doc: Topology | null): Endpoint[] {
  if (!doc) return [];
  const out: Endpoint[] = [];
  const serverOfPort = new Map(doc.ports.map((p) => [p.id as string, p.device_id as string]));
  const serverName = new Map(doc.servers.map((s) => [s.id as string, serverLabel(doc, s)]));
  for (const s of doc.servers) {
    const value = serverLabel(doc, s);
    // a repeated name says where each one runs: "vm1 (compute2)"
    out.push({ value, label: value === s.name ? `${s.name} (VM)` : value, source: true, id: s.id });
  }
  for (const w of doc.outside)
    for (const h of w.hosts) out.push({ value: h.name, label: `${h.name} (outside, ${h.ip})`, source: true });
  for (const r of doc.routers) {
    const label = routerLabel(doc, r);
    out.push({ value: `router:${label}`, label: `${label} (router namespace)`, source: true, id: r.id });
  }
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

/** Whether two lists of endpoints say the same, item by item. */
export function sameEndpoints(a: readonly Endpoint[], b: readonly Endpoint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.value !== y.value || x.label !== y.label || x.source !== y.source || x.id !== y.id) return false;
  }
  return true;
}

/** What a clicked node stands for as an endpoint (its words, and its id for a server or router), or null. */
function endpointOf(node: CanvasNodeRef): { name: string; id: string } | null {
  const { doc, view } = useApp.getState();
  if (!doc) return null;
  const server = (id: string | null) => {
    const s = doc.servers.find((x) => x.id === id);
    return s ? { name: serverLabel(doc, s), id: s.id } : null;
  };
  const router = (id: string | null) => {
    const r = doc.routers.find((x) => x.id === id);
    return r ? { name: `router:${routerLabel(doc, r)}`, id: r.id } : null;
  };
  const named = (name: string | null | undefined) => (name ? { name, id: '' } : null);
  if (node.view === 'physical') {
    if (node.what === 'vm') return server(node.resourceId);
    if (node.what === 'outside-host') return named(view?.devices.find((d) => d.id === node.id)?.name);
    if (node.what === 'qrouter') return router(node.resourceId);
    return null;
  }
  if (node.what === 'server') return server(node.resourceId);
  if (node.what === 'router') return router(node.resourceId);
  if (node.what === 'outside' && node.id.startsWith('outside:'))
    return named(node.id.slice('outside:'.length));
  if (node.what === 'floatingip')
    return named(doc.floatingips.find((f) => f.id === node.resourceId)?.floating_ip_address);
  return null;
}

function onNodeClick(node: CanvasNodeRef, ev: { shiftKey: boolean }): boolean {
  const pb = usePlayback.getState();
  if (pb.picking === 'off') return false;
  const picked = endpointOf(node);
  if (!picked) return false;
  const { name, id } = picked;
  const isSource = !/^\d+\.\d+\.\d+\.\d+$/.test(name);
  if (pb.picking === 'source' || ev.shiftKey) {
    if (!isSource) {
      useApp.getState().notify('info', 'A floating IP cannot send: pick a VM, an outside host or a router.');
      return true;
    }
    pb.setForm({ from: name, fromId: id });
    if (pb.proto === 'dhcp' || pb.proto === 'dhcp-renew') {
      pb.setPicking('off');
      void pb.send();
    } else pb.setPicking('target');
    return true;
  }
  // the same thing again (by id: another server may have its name)
  if (id ? id === pb.fromId : name === pb.from) {
    useApp.getState().notify('info', `${name} is the source: click another VM or host as the destination.`);
    return true;
  }
  pb.setForm({ to: name, toId: id });
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
  const fromId = usePlayback((s) => s.fromId);
  const view = useApp((s) => s.view);
  const viewMode = useApp((s) => s.viewMode);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new view or view mode draws the node anew
  useEffect(() => {
    if (picking !== 'target' || !from) return;
    // mark the one element rather than add a style sheet: a new sheet restyles every node. A server or
    // router is found by its id (its node's id in the logical view, its device's in the physical one),
    // as its name may repeat; an outside host's name is its own.
    const name = CSS.escape(from);
    const id = CSS.escape(fromId);
    const selector = fromId
      ? `.react-flow__node[data-id="${id}"] > .res, .react-flow__node[data-id$="|server:${id}"] > .dev, .dev[data-device="qrouter-${id}"]`
      : `.dev[data-device="${name}"], [data-testid="outside-${name}"]`;
    let marked: Element | null = null;
    const mark = () => {
      const el = document.querySelector(selector);
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
  }, [picking, from, fromId, view, viewMode]);
}
