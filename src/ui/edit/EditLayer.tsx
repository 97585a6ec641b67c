// Editing's part inside a canvas: says what to do on an empty cloud, brings what an edit added into
// view, and shows while dragging from the palette whether the node under the pointer takes the drop.
import { Panel, type ReactFlowInstance, type ReactFlowState, useReactFlow, useStore } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useApp } from '../../store/app-store';
import { FIT_ALL, FIT_MAX_ZOOM } from '../canvas/fit';
import { hostUnder, nodeUnder } from '../canvas/interaction';
import { moveMs } from '../motion';
import { canvasApi } from './canvas-api';
import { DRAG_KIND, DRAG_MIME } from './palette-drag';

type View = 'physical' | 'logical';

const domNode = (s: ReactFlowState) => s.domNode;

/** Connect handles are at least this many pixels wide on screen, to be grabbed at once. */
export const GRAB_PX = 28;
/** ...up to this size in the flow, where a far zoom would make them cover their nodes. */
const GRAB_MAX_FLOW = 64;
/** The handles' size in flow pixels at the current zoom (whole pixels: re-rendered only when it changes). */
const grabSize = (s: ReactFlowState) =>
  Math.round(Math.min(GRAB_MAX_FLOW, Math.max(GRAB_PX, GRAB_PX / s.transform[2])));
const noGrab = () => 0;

/** Whether the node element under the pointer takes a drop of this palette kind. */
function verdict(kind: string, el: Element, view: View): 'ok' | 'no' | null {
  const type = [...el.classList].find((c) => c.startsWith('react-flow__node-'))?.slice(17);
  if (view === 'physical') {
    if (kind === 'vm') return type === 'host' ? (el.querySelector('.host--network') ? 'no' : 'ok') : null;
    if (kind === 'floating-ip') return el.querySelector('.dev--vm') && type === 'device' ? 'ok' : null;
    return null;
  }
  if (kind === 'vm' || kind === 'router') return type === 'netbar' ? 'ok' : null;
  if (kind === 'network' || kind === 'external-network')
    return el.querySelector('.res--router') ? 'ok' : null;
  if (kind === 'floating-ip') return el.querySelector('.res--server') ? 'ok' : null;
  return null;
}

function useDropFeedback(view: View, dom: HTMLDivElement | null, on: boolean) {
  useEffect(() => {
    if (!dom || !on) return;
    let marked: Element | null = null;
    const clear = () => {
      marked?.classList.remove('drop-ok', 'drop-no');
      marked = null;
    };
    const over = (e: DragEvent) => {
      const types = e.dataTransfer?.types ?? [];
      if (!types.includes(DRAG_MIME)) return;
      const kind = types.find((t) => t.startsWith(DRAG_KIND))?.slice(DRAG_KIND.length) ?? '';
      let el = nodeUnder(e.clientX, e.clientY);
      // a VM goes to the host around whatever device it is over
      if (view === 'physical' && kind === 'vm') el = hostUnder(e.clientX, e.clientY);
      const v = el ? verdict(kind, el, view) : null;
      if (el !== marked) clear();
      if (el && v) {
        el.classList.add(v === 'ok' ? 'drop-ok' : 'drop-no');
        marked = el;
      }
      if (e.dataTransfer) e.dataTransfer.dropEffect = v === 'no' ? 'none' : 'copy';
    };
    dom.addEventListener('dragover', over);
    dom.addEventListener('drop', clear);
    dom.addEventListener('dragleave', (e) => {
      if (!dom.contains(e.relatedTarget as Node)) clear();
    });
    return () => {
      clear();
      dom.removeEventListener('dragover', over);
      dom.removeEventListener('drop', clear);
    };
  }, [dom, on, view]);
}

function fitIfNeeded(rf: ReactFlowInstance, dom: HTMLElement): void {
  const nodes = rf.getNodes();
  if (!nodes.length) return;
  const b = rf.getNodesBounds(nodes);
  const r = dom.getBoundingClientRect();
  const tl = rf.screenToFlowPosition({ x: r.left, y: r.top });
  const br = rf.screenToFlowPosition({ x: r.right, y: r.bottom });
  const outside = b.x < tl.x || b.y < tl.y || b.x + b.width > br.x || b.y + b.height > br.y;
  if (outside || rf.getZoom() > FIT_MAX_ZOOM)
    void rf.fitView({ ...FIT_ALL, duration: moveMs(250), maxZoom: FIT_MAX_ZOOM });
}

/** While a VM is dragged in the physical view, the host under the pointer says whether it takes it. */
function useMoveFeedback(dom: HTMLDivElement | null, on: boolean) {
  useEffect(() => {
    if (!dom || !on) return;
    let marked: Element | null = null;
    const clear = () => {
      marked?.classList.remove('drop-ok', 'drop-no');
      marked = null;
    };
    const move = (e: PointerEvent) => {
      const dragged = dom.querySelector('.react-flow__node-device.dragging');
      if (!dragged?.querySelector('.dev--vm')) return clear();
      const host = document
        .elementsFromPoint(e.clientX, e.clientY)
        .find((el) => el.classList.contains('react-flow__node-host'));
      const own = dragged.getAttribute('data-id')?.split('|')[0];
      if (host !== marked) clear();
      if (!host || host.getAttribute('data-id') === `host:${own}`) return;
      host.classList.add(host.querySelector('.host--network') ? 'drop-no' : 'drop-ok');
      marked = host;
    };
    dom.addEventListener('pointermove', move);
    dom.addEventListener('pointerup', clear);
    return () => {
      clear();
      dom.removeEventListener('pointermove', move);
      dom.removeEventListener('pointerup', clear);
    };
  }, [dom, on]);
}

export function EditLayer({ view }: { view: View }) {
  const rf = useReactFlow();
  const editMode = useApp((s) => s.editMode);
  const empty = useApp((s) =>
    s.doc === null
      ? false
      : view === 'physical'
        ? s.doc.hosts.length === 0
        : s.doc.networks.length + s.doc.routers.length + s.doc.servers.length === 0,
  );
  const doc = useApp((s) => s.doc);
  const dom = useStore(domNode);
  useEffect(() => {
    canvasApi.attach(rf);
    return () => canvasApi.attach(null);
  }, [rf]);
  // outside edit mode there are no handles: no re-render on zoom
  const grab = useStore(editMode ? grabSize : noGrab);
  useEffect(() => {
    if (editMode) dom?.style.setProperty('--edit-grab', `${grab}px`);
  }, [dom, grab, editMode]);
  useDropFeedback(view, dom, editMode);
  useMoveFeedback(dom, editMode && view === 'physical');
  // After an edit, bring the whole cloud into view when some of it went off screen (a new host, a VM
  // that moved to another column), or when a tiny cloud was blown up to fill the screen.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastDoc = useRef(doc);
  useEffect(() => {
    if (doc === lastDoc.current || !dom) return;
    lastDoc.current = doc;
    if (timer.current) clearTimeout(timer.current);
    // the edit's nodes are drawn a render or two after the store changed
    timer.current = setTimeout(() => fitIfNeeded(rf, dom), 120);
  }, [doc, dom, rf]);
  // a view opened on a small cloud is fitted at a readable zoom, not blown up; the edit panel taking
  // its room from the canvas may push part of the cloud off screen
  useEffect(() => {
    if (!dom) return;
    void editMode;
    const t = setTimeout(() => fitIfNeeded(rf, dom), 150);
    return () => clearTimeout(t);
  }, [dom, rf, editMode]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  if (!empty) return null;
  return (
    <Panel position="top-center" className="edit-empty" data-testid="empty-hint">
      {view === 'physical' ? (
        editMode ? (
          <>
            <strong>An empty cloud.</strong> Drag a <b>Compute host</b> and a <b>Network host</b> from the
            palette onto the canvas; then drop VMs onto the compute hosts.
          </>
        ) : (
          <>
            <strong>An empty cloud.</strong> Press <b>✎ Edit</b> to build one by drag and drop.
          </>
        )
      ) : editMode ? (
        <>
          <strong>No networks yet.</strong> Drag a <b>Network</b> and a <b>Router</b> here, then drag from a
          dot to a network to connect.
        </>
      ) : (
        <>
          <strong>No networks yet.</strong> Press <b>✎ Edit</b> to add some.
        </>
      )}
    </Panel>
  );
}
