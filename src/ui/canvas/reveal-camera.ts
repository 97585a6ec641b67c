// The camera's move to a thing found by search (src/store/reveal.ts): once its node is drawn (its host
// may have just been opened), centre it at a zoom where its name reads.

import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useApp } from '../../store/app-store';
import { moveMs } from '../motion';
import type { OwnerLookup } from './host-drawings';

/** Close enough that a device's 13 px name is 13 px on screen, and so above the zoom that drops it. */
const REVEAL_ZOOM = 1;

export function useRevealCamera(owner: OwnerLookup | null, nodesDrawn: unknown): void {
  const rf = useReactFlow();
  const reveal = useApp((s) => s.reveal);
  const done = useRef(0);
  useEffect(() => {
    void nodesDrawn;
    if (!reveal || done.current === reveal.n || !owner) return;
    // a device folded into another node (a VM's chain, a summary) is shown by that node
    const id = owner.get(reveal.node) ?? reveal.node;
    // after React Flow has measured the node (a frame after the nodes changed)
    const t = requestAnimationFrame(() => {
      const n = rf.getInternalNode(id);
      if (!n) return;
      done.current = reveal.n;
      const p = n.internals.positionAbsolute;
      const w = n.measured.width ?? n.width ?? 0;
      const h = n.measured.height ?? n.height ?? 0;
      void rf.setCenter(p.x + w / 2, p.y + h / 2, {
        zoom: Math.max(rf.getZoom(), REVEAL_ZOOM),
        duration: moveMs(400),
      });
    });
    return () => cancelAnimationFrame(t);
  }, [reveal, owner, nodesDrawn, rf]);
}
