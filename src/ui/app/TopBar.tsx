// The bar across the top: what this is, which view, the theme.
import type { ReactNode } from 'react';
import { useApp } from '../../store/app-store';
import { BackendChoice } from './BackendChoice';

export function TopBar({ onFit, children }: { onFit: () => void; children?: ReactNode }) {
  const viewMode = useApp((s) => s.viewMode);
  const theme = useApp((s) => s.theme);
  const name = useApp((s) => s.doc?.name ?? '');
  const { setViewMode, setTheme } = useApp.getState();
  return (
    <header className="topbar">
      {/* the page's one level-one heading */}
      <h1 className="brand">
        <span className="brand__mark" aria-hidden>
          ◈
        </span>
        Neutron Explorer
      </h1>
      {/* the cloud and its backend: side by side when there is room, the one over the other when not */}
      <div className="cloud-head">
        <div className="cloud-name" title="The cloud you are exploring">
          {name}
        </div>
        <BackendChoice />
      </div>
      {children}
      <fieldset className="seg" aria-label="View">
        <button
          type="button"
          className={viewMode === 'physical' ? 'on' : ''}
          onClick={() => setViewMode('physical')}
          aria-pressed={viewMode === 'physical'}
        >
          Physical
        </button>
        <button
          type="button"
          className={viewMode === 'logical' ? 'on' : ''}
          onClick={() => setViewMode('logical')}
          aria-pressed={viewMode === 'logical'}
        >
          Logical
        </button>
      </fieldset>
      <button type="button" onClick={onFit} title="Fit the whole cloud on screen">
        Fit
      </button>
      <button
        type="button"
        onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}
        title="Light or dark theme"
        // the name holds the visible word (WCAG 2.5.3, label in name)
        aria-label={theme === 'light' ? 'Dark: toggle theme' : 'Light: toggle theme'}
      >
        <span aria-hidden="true">{theme === 'light' ? '☾' : '☀'}</span> {theme === 'light' ? 'Dark' : 'Light'}
      </button>
    </header>
  );
}
