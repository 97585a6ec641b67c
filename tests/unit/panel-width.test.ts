// The right-hand panel's width: kept between a minimum and what leaves the canvas its room, moved by the
// separator's keys, saved and read back per mode, anything malformed in the browser's storage ignored.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CANVAS_MIN,
  clampWidth,
  DEFAULT_WIDTHS,
  maxWidth,
  PANEL_MAX,
  PANEL_MIN,
  parseWidths,
  widthForKey,
} from '../../src/logic/panel-width';
import { PANEL_WIDTH_KEY, restorePanelWidths, usePanel, watchPanelWidths } from '../../src/store/panel-store';

function memoryStorage(items = new Map<string, string>()): Storage {
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
    key: () => null,
    get length() {
      return items.size;
    },
  };
}

describe('the panel width', () => {
  it('stays between the minimum and what leaves the canvas its room', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), fc.integer({ min: 320, max: 5000 }), (w, viewport) => {
        const c = clampWidth(w, viewport);
        expect(Number.isInteger(c)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(PANEL_MIN);
        expect(c).toBeLessThanOrEqual(Math.max(PANEL_MIN, Math.min(PANEL_MAX, viewport - CANVAS_MIN)));
      }),
    );
    expect(clampWidth(500, 1280)).toBe(500);
    expect(clampWidth(100, 1280)).toBe(PANEL_MIN);
    expect(clampWidth(2000, 1280)).toBe(1280 - CANVAS_MIN);
    expect(clampWidth(2000, 3000)).toBe(PANEL_MAX);
    // a window too small for both: the panel keeps its minimum
    expect(maxWidth(500)).toBe(PANEL_MIN);
  });

  it('left arrow widens, right narrows (it is the panel’s left edge), shift by more, Home and End to the ends', () => {
    expect(widthForKey('ArrowLeft', false, 400, 1280)).toBeGreaterThan(400);
    expect(widthForKey('ArrowRight', false, 400, 1280)).toBeLessThan(400);
    expect(widthForKey('ArrowLeft', true, 400, 1280)! - 400).toBeGreaterThan(
      widthForKey('ArrowLeft', false, 400, 1280)! - 400,
    );
    expect(widthForKey('Home', false, 400, 1280)).toBe(PANEL_MIN);
    expect(widthForKey('End', false, 400, 1280)).toBe(maxWidth(1280));
    expect(widthForKey('ArrowLeft', false, maxWidth(1280), 1280)).toBe(maxWidth(1280));
    expect(widthForKey('Enter', false, 400, 1280)).toBeNull();
  });

  it('reads saved widths back, and leaves the defaults for anything malformed', () => {
    expect(parseWidths({ normal: 520, presenter: 610.4 })).toEqual({ normal: 520, presenter: 610 });
    expect(parseWidths({ normal: 520 })).toEqual({ ...DEFAULT_WIDTHS, normal: 520 });
    for (const bad of [
      null,
      'wide',
      3,
      [],
      { normal: '520' },
      { normal: 10 },
      { normal: 1e9 },
      { normal: Number.NaN },
    ])
      expect(parseWidths(bad), JSON.stringify(bad)).toEqual(DEFAULT_WIDTHS);
  });
});

describe('the panel store keeps the width across reloads', () => {
  afterEach(() => {
    vi.useRealTimers();
    usePanel.setState({ widths: DEFAULT_WIDTHS });
  });

  it('saves a new width shortly after, per mode, and a reload reads it back', () => {
    vi.useFakeTimers();
    const items = new Map<string, string>();
    watchPanelWidths(memoryStorage(items));
    usePanel.getState().setWidth('normal', 560);
    usePanel.getState().setWidth('presenter', 700);
    expect(items.has(PANEL_WIDTH_KEY)).toBe(false);
    vi.advanceTimersByTime(300);
    expect(JSON.parse(items.get(PANEL_WIDTH_KEY)!)).toEqual({ normal: 560, presenter: 700 });
    usePanel.setState({ widths: DEFAULT_WIDTHS });
    restorePanelWidths(memoryStorage(items));
    expect(usePanel.getState().widths).toEqual({ normal: 560, presenter: 700 });
  });

  it('a broken saved value leaves the defaults', () => {
    usePanel.setState({ widths: { normal: 600, presenter: 600 } });
    restorePanelWidths(memoryStorage(new Map([[PANEL_WIDTH_KEY, '{not json']])));
    expect(usePanel.getState().widths).toEqual(DEFAULT_WIDTHS);
  });
});
