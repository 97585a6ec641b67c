// The send bar's Advanced button: opens the panel of a hand-made packet (CraftPanel.tsx, loaded when
// first opened).
import { lazy, Suspense } from 'react';
import { useCraft } from '../../store/craft-store';

const CraftPanel = lazy(() => import('./CraftPanel').then((m) => ({ default: m.CraftPanel })));

export function CraftToggle() {
  const open = useCraft((s) => s.open);
  return (
    <button
      type="button"
      className={`send-craft-toggle${open ? ' on' : ''}`}
      aria-expanded={open}
      aria-pressed={open}
      onClick={(e) => {
        e.currentTarget.blur();
        useCraft.getState().setOpen(!open);
      }}
      title="A hand-made packet: source address, TTL, size, DF, TCP flags, source port"
      data-testid="send-advanced"
    >
      Advanced
    </button>
  );
}

/** The panel under the send bar, while open. */
export function CraftDrawer() {
  const open = useCraft((s) => s.open);
  return open ? (
    <Suspense fallback={null}>
      <CraftPanel />
    </Suspense>
  ) : null;
}
