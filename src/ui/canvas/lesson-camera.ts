// In a lesson, the camera goes where the step points: onto the devices it lights up, close enough to
// read their names from the back of a room, or back to the whole cloud when the step sends a packet
// across it (or lights nothing). Only on a change of step, so a user's own panning is left alone.
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { useClassroom } from '../../store/classroom-store';
import { FIT_ALL } from './fit';

export function useLessonCamera(): void {
  const rf = useReactFlow();
  const lesson = useClassroom((s) => s.lesson);
  const step = useClassroom((s) => s.step);
  const lit = useClassroom((s) => s.lit);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new step moves the camera even when it lights the same devices
  useEffect(() => {
    if (!lesson) return;
    // after the nodes of a freshly loaded lesson topology have been measured
    const t = setTimeout(() => {
      const shown = [...(lit ?? [])].filter((id) => rf.getNode(id));
      if (shown.length)
        void rf.fitView({ nodes: shown.map((id) => ({ id })), padding: 0.4, maxZoom: 1.4, duration: 400 });
      else void rf.fitView({ ...FIT_ALL, duration: 400 });
    }, 120);
    return () => clearTimeout(t);
  }, [lesson, step, lit, rf]);
}
