// The right-hand panel: tabs for what is selected, the current hop, and (later) the terminal and the
// lesson. Features register their tabs in panel-tabs.ts.
import { Suspense } from 'react';
import { usePanel } from '../../store/panel-store';
import { PANEL_TABS } from './panel-tabs';

export function RightPanel() {
  const tab = usePanel((s) => s.tab);
  const setTab = usePanel((s) => s.setTab);
  const current = PANEL_TABS.find((t) => t.id === tab) ?? PANEL_TABS[0]!;
  const Body = current.Component;
  return (
    <aside className="right-panel">
      {PANEL_TABS.length > 1 ? (
        <div className="tabs" role="tablist">
          {PANEL_TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={t.id === tab}
              className={t.id === tab ? 'on' : ''}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
      ) : null}
      <div className="tab-body">
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Body />
        </Suspense>
      </div>
    </aside>
  );
}
