// The right-hand panel: which tab is open (features open theirs: a lesson, the hop inspector), how the
// hop inspector shows the hop, and how wide the panel is, per mode (presenter mode has larger type, so
// its own width), kept in the browser across reloads.
import { create } from 'zustand';
import { DEFAULT_WIDTHS, type PanelMode, type PanelWidths, parseWidths } from '../logic/panel-width';

export const PANEL_WIDTH_KEY = 'neutron-explorer:panel-width:v1';

export type HopView = 'headers' | 'inout';

interface PanelState {
  tab: string;
  /** the hop inspector's view: the headers after the hop, or its layers in and out */
  hopView: HopView;
  widths: PanelWidths;
  setTab(tab: string): void;
  setHopView(view: HopView): void;
  /** sets the panel's width in `mode` (the caller clamps it to the window) */
  setWidth(mode: PanelMode, width: number): void;
}

export const usePanel = create<PanelState>()((set) => ({
  tab: 'inspector',
  hopView: 'headers',
  widths: DEFAULT_WIDTHS,
  setTab: (tab) => set({ tab }),
  setHopView: (hopView) => set({ hopView }),
  setWidth: (mode, width) =>
    set((s) => (s.widths[mode] === width ? s : { widths: { ...s.widths, [mode]: width } })),
}));

/** Reads the saved widths back; anything malformed leaves the defaults (it is only a view). */
export function restorePanelWidths(storage: Storage = localStorage): void {
  let raw: unknown = null;
  try {
    raw = JSON.parse(storage.getItem(PANEL_WIDTH_KEY) ?? 'null');
  } catch {
    // unreadable: the defaults
  }
  usePanel.setState({ widths: parseWidths(raw) });
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** Saves the widths shortly after they change (a drag changes them every frame). */
export function watchPanelWidths(storage: Storage = localStorage): void {
  usePanel.subscribe((s, prev) => {
    if (s.widths === prev.widths) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        storage.setItem(PANEL_WIDTH_KEY, JSON.stringify(usePanel.getState().widths));
      } catch {
        // a full storage costs the width only
      }
    }, 200);
  });
}
