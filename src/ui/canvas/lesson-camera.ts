// In a lesson, the camera goes where the step points: onto the devices it lights up, as large as the
// canvas holds them (up to a zoom that still reads well) and clear of what floats over the canvas
// (controls, legend, overview map), with the rest of the cloud around them; or onto the whole cloud
// when the step sends a packet across it or lights nothing. Only on a change of step (or of presenter
// mode, which resizes the canvas), so a user's own panning is left alone.
import { useReactFlow, useStore } from '@xyflow/react';
import { useEffect } from 'react';
import { useClassroom } from '../../store/classroom-store';
import { moveMs } from '../motion';
import { type Box, clearArea, frameBox, LESSON_MAX_ZOOM } from './frame';
import { OVERVIEW_SPOT } from './OverviewMap';

/** Room kept around the framed devices, in screen pixels. */
const PAD = 48;

/** What floats over the canvas, in pixels from its top left corner. */
function obstacles(canvas: HTMLElement, overview: boolean): Box[] {
  const c = canvas.getBoundingClientRect();
  const boxes = [
    canvas.querySelector('.react-flow__controls'),
    canvas.closest('.canvas')?.querySelector('.legend'),
  ].flatMap((el) => {
    const r = el?.getBoundingClientRect();
    return r ? [{ x: r.left - c.left, y: r.top - c.top, w: r.width, h: r.height }] : [];
  });
  // the overview map shows up as soon as part of the cloud is off screen, which framing a few devices
  // does: keep its corner free before it appears
  if (overview)
    boxes.push({
      x: c.width - OVERVIEW_SPOT.right - OVERVIEW_SPOT.width,
      y: c.height - OVERVIEW_SPOT.bottom - OVERVIEW_SPOT.height,
      w: OVERVIEW_SPOT.width,
      h: OVERVIEW_SPOT.height,
    });
  return boxes;
}

/** Frames a lesson step. `litNodes`: the canvas nodes the step lights (the physical view's nodes are
 * its devices, the default). */
export function useLessonCamera(litNodes?: ReadonlySet<string> | null): void {
  const rf = useReactFlow();
  const lesson = useClassroom((s) => s.lesson);
  const step = useClassroom((s) => s.step);
  const storeLit = useClassroom((s) => s.lit);
  const presenter = useClassroom((s) => s.presenter);
  const sends = useClassroom((s) => s.lesson?.steps[s.step]?.send !== undefined);
  const dom = useStore((s) => s.domNode);
  const minZoom = useStore((s) => s.minZoom);
  const lit = litNodes === undefined ? storeLit : litNodes;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new step moves the camera even when it lights the same devices
  useEffect(() => {
    if (!lesson || !dom) return;
    // after the nodes of a freshly loaded lesson topology have been measured, and presenter mode has
    // resized the canvas
    const t = setTimeout(() => {
      const all = rf.getNodes();
      if (!all.length) return;
      const cloud = rf.getNodesBounds(all);
      const shown = sends ? [] : [...(lit ?? [])].filter((id) => rf.getNode(id));
      const target = shown.length ? rf.getNodesBounds(shown) : cloud;
      const rect = dom.getBoundingClientRect();
      // no overview map in presenter mode, nor with the whole cloud on screen
      const area = clearArea(
        { w: rect.width, h: rect.height },
        obstacles(dom, !presenter && shown.length > 0),
      );
      const vp = frameBox(
        { x: target.x, y: target.y, w: target.width, h: target.height },
        area,
        { x: cloud.x, y: cloud.y, w: cloud.width, h: cloud.height },
        { pad: PAD, minZoom, maxZoom: LESSON_MAX_ZOOM },
      );
      void rf.setViewport(vp, { duration: moveMs(400) });
    }, 150);
    return () => clearTimeout(t);
  }, [lesson, step, lit, presenter, sends, dom, rf]);
}
