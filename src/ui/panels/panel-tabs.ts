// The tabs of the right-hand panel. Each feature adds its own entry here.
import type { ComponentType } from 'react';
import { LessonPanel } from '../classroom/LessonPanel';
import { Inspector } from './Inspector';

export interface PanelTab {
  id: string;
  label: string;
  Component: ComponentType;
}

export const PANEL_TABS: PanelTab[] = [
  { id: 'inspector', label: 'Inspector', Component: Inspector },
  { id: 'lesson', label: 'Lesson', Component: LessonPanel },
];
