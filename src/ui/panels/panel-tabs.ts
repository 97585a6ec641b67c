// The tabs of the right-hand panel. Each feature adds its own entry here.
import { type ComponentType, lazy } from 'react';
import { HopInspector } from '../send/HopInspector';
import { Inspector } from './Inspector';

// Tabs nobody sees at start load when first opened: the app's first download stays smaller
const LessonPanel = lazy(() => import('../classroom/LessonPanel').then((m) => ({ default: m.LessonPanel })));
const FaultsPanel = lazy(() => import('../classroom/FaultsPanel').then((m) => ({ default: m.FaultsPanel })));
const DriftPanel = lazy(() => import('./DriftPanel').then((m) => ({ default: m.DriftPanel })));
const ActivityPanel = lazy(() =>
  import('../activity/ActivityPanel').then((m) => ({ default: m.ActivityPanel })),
);
const TerminalPanel = lazy(() =>
  import('../terminal/TerminalPanel').then((m) => ({ default: m.TerminalPanel })),
);

export interface PanelTab {
  id: string;
  label: string;
  Component: ComponentType;
}

export const PANEL_TABS: PanelTab[] = [
  { id: 'inspector', label: 'Inspector', Component: Inspector },
  { id: 'hop', label: 'Hop', Component: HopInspector },
  { id: 'lesson', label: 'Lesson', Component: LessonPanel },
  { id: 'faults', label: 'Faults', Component: FaultsPanel },
  { id: 'activity', label: 'Activity', Component: ActivityPanel },
  { id: 'terminal', label: 'Terminal', Component: TerminalPanel },
  { id: 'drift', label: 'Drift', Component: DriftPanel },
];
