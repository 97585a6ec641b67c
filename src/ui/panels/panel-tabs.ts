// The tabs of the right-hand panel. Each feature adds its own entry here.
import type { ComponentType } from 'react';
import { FaultsPanel } from '../classroom/FaultsPanel';
import { LessonPanel } from '../classroom/LessonPanel';
import { HopInspector } from '../send/HopInspector';
import { TerminalPanel } from '../terminal/TerminalPanel';
import { Inspector } from './Inspector';

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
  { id: 'terminal', label: 'Terminal', Component: TerminalPanel },
];
