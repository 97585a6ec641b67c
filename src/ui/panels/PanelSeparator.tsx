// The right-hand panel's left edge, a separator a teacher drags (or moves with the arrow keys) to widen
// the panel for long flows and rules. The width is the panel store's, per mode, saved across reloads.
import { type KeyboardEvent, type PointerEvent, useRef } from 'react';
import {
  clampWidth,
  DEFAULT_WIDTHS,
  maxWidth,
  PANEL_MIN,
  type PanelMode,
  widthForKey,
} from '../../logic/panel-width';
import { usePanel } from '../../store/panel-store';

export function PanelSeparator({
  width,
  viewport,
  mode,
  controls,
}: {
  width: number;
  viewport: number;
  mode: PanelMode;
  controls: string;
}) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const setWidth = (w: number) => usePanel.getState().setWidth(mode, w);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, width };
    document.documentElement.dataset.resizing = 'panel';
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    // the panel is on the right: moving its left edge left widens it
    if (d) setWidth(clampWidth(d.width + d.x - e.clientX, viewport));
  };
  const end = () => {
    drag.current = null;
    delete document.documentElement.dataset.resizing;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const w = widthForKey(e.key, e.shiftKey, width, viewport);
    if (w === null) return;
    // the arrows also step playback: not while the separator has the focus
    e.preventDefault();
    e.stopPropagation();
    setWidth(w);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot be focused and dragged; a focusable separator is the WAI-ARIA window splitter
    <div
      className="panel-separator"
      role="separator"
      aria-orientation="vertical"
      aria-label="Width of the side panel"
      aria-controls={controls}
      aria-valuenow={width}
      aria-valuemin={PANEL_MIN}
      aria-valuemax={maxWidth(viewport)}
      aria-valuetext={`${width} pixels wide`}
      tabIndex={0}
      title="Drag to widen or narrow the panel (or focus it and press ← →). Double-click: the default width"
      data-testid="panel-separator"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
      onLostPointerCapture={end}
      onDoubleClick={() => setWidth(clampWidth(DEFAULT_WIDTHS[mode], viewport))}
      onKeyDown={onKeyDown}
    />
  );
}
