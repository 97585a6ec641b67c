// The app's frame: top bar, canvas, inspector.
import { type ReactFlowInstance, ReactFlowProvider } from '@xyflow/react';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useApp } from '../../store/app-store';
import { useClassroom } from '../../store/classroom-store';
import { usePanel } from '../../store/panel-store';
import { FIT_ALL, FIT_FOCUS } from '../canvas/fit';
import { PhysicalView } from '../canvas/PhysicalView';
import { ClassroomMenu } from '../classroom/ClassroomMenu';
import { CompareView } from '../compare/CompareView';
import { EditPalette } from '../edit/EditPalette';
import { FileMenu } from '../edit/FileMenu';
import { RightPanel } from '../panels/RightPanel';
import { ChallengeCardSlot } from '../send/ChallengeToggle';
import { usePlaybackClock } from '../send/clock';
import { SendDock } from '../send/SendDock';
import { StepAnnouncer } from '../send/StepAnnouncer';
import { Legend } from './Legend';
import { Notices } from './Notices';
import { SearchBox } from './SearchBox';
import { TopBar } from './TopBar';

const LogicalView = lazy(() => import('../canvas/LogicalView'));

export function App() {
  const viewMode = useApp((s) => s.viewMode);
  const theme = useApp((s) => s.theme);
  const status = useApp((s) => s.status);
  const rf = useRef<ReactFlowInstance | null>(null);
  const presenter = useClassroom((s) => s.presenter);
  const panelWidth = usePanel((s) => s.widths[presenter ? 'presenter' : 'normal']);
  const fittedWidth = useRef({ presenter, width: panelWidth });
  usePlaybackClock();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // presenter mode changes the room the canvas has: fit the cloud to it again (in a lesson, the lesson
  // camera frames the step again instead)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect is the reaction to presenter changing
  useEffect(() => {
    if (useClassroom.getState().lesson) return;
    const t = setTimeout(() => rf.current?.fitView(FIT_ALL), 50);
    return () => clearTimeout(t);
  }, [presenter]);
  // a wider or narrower side panel changes that room too: fit again once the drag has settled (a
  // switch of mode, which brings its own width, is fitted above, and a lesson's camera may follow it)
  useEffect(() => {
    const was = fittedWidth.current;
    fittedWidth.current = { presenter, width: panelWidth };
    if (was.presenter !== presenter || was.width === panelWidth) return;
    const t = setTimeout(() => rf.current?.fitView(FIT_ALL), 250);
    return () => clearTimeout(t);
  }, [presenter, panelWidth]);
  return (
    <div className="app" data-status={status}>
      <TopBar onFit={() => rf.current?.fitView(useApp.getState().pathFocus ? FIT_FOCUS : FIT_ALL)}>
        <FileMenu />
        <ClassroomMenu />
        <SearchBox />
      </TopBar>
      <main className="workspace">
        <EditPalette />
        <section className="canvas" aria-label={viewMode === 'physical' ? 'Physical view' : 'Logical view'}>
          <ReactFlowProvider>
            {viewMode === 'physical' ? (
              <PhysicalView onInit={(i) => (rf.current = i as unknown as ReactFlowInstance)} />
            ) : (
              <Suspense fallback={<div className="canvas-empty">Laying out…</div>}>
                <LogicalView onInit={(i) => (rf.current = i as unknown as ReactFlowInstance)} />
              </Suspense>
            )}
          </ReactFlowProvider>
          <Legend />
          <ChallengeCardSlot />
          <Notices />
        </section>
        <RightPanel />
      </main>
      <SendDock />
      <CompareView />
      <StepAnnouncer />
    </div>
  );
}
