// Which tab of the right-hand panel is open; features open theirs (a lesson, the hop inspector).
import { create } from 'zustand';

interface PanelState {
  tab: string;
  setTab(tab: string): void;
}

export const usePanel = create<PanelState>()((set) => ({
  tab: 'inspector',
  setTab: (tab) => set({ tab }),
}));
