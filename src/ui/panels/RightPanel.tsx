// The right-hand panel: tabs for what is selected, the current hop, the lesson, the faults and the
// terminal (features register their tabs in panel-tabs.ts). Its left edge widens it.
import { Suspense, useSyncExternalStore } from 'react';
import { clampWidth } from '../../logic/panel-width';
import { useClassroom } from '../../store/classroom-store';
import { usePanel } from '../../store/panel-store';
import { PanelSeparator } from './PanelSeparator';
import { PANEL_TABS } from './panel-tabs';

const onResize = (cb: () => void) => {
  addEventListener('resize', cb);
  return () => removeEventListener('resize', cb);
};
const viewportWidth = () => innerWidth;

export function RightPanel() {
  const tab = usePanel((s) => s.tab);
  const setTab = usePanel((s) => s.setTab);
  const mode = useClassroom((s) => s.presenter) ? 'presenter' : 'normal';
  const saved = usePanel((s) => s.widths[mode]);
  // a saved width that no longer fits the window is narrowed to fit, and kept for a larger one
  const viewport = useSyncExternalStore(onResize, viewportWidth);
  const width = clampWidth(saved, viewport);
  const current = PANEL_TABS.find((t) => t.id === tab) ?? PANEL_TABS[0]!;
  const Body = current.Component;
  return (
    <aside className="right-panel" id="right-panel" style={{ width }} data-testid="right-panel">
      <PanelSeparator width={width} viewport={viewport} mode={mode} controls="right-panel" />
      {PANEL_TABS.length > 1 ? (
        <div className="tabs" role="tablist">
          {PANEL_TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`panel-tab-${t.id}`}
              aria-selected={t.id === tab}
              aria-controls="panel-tab-body"
              className={t.id === tab ? 'on' : ''}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
      ) : null}
      {/* focusable, so that the keyboard can scroll what it shows (a hop's headers run long) */}
      <div
        className="tab-body"
        id="panel-tab-body"
        role="tabpanel"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab panel takes the focus (WAI-ARIA tabs pattern)
        tabIndex={0}
        aria-labelledby={PANEL_TABS.length > 1 ? `panel-tab-${current.id}` : undefined}
        aria-label={PANEL_TABS.length > 1 ? undefined : current.label}
        data-testid="panel-body"
      >
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Body />
        </Suspense>
      </div>
    </aside>
  );
}
