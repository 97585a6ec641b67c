// Driving the app with the keyboard alone, and reading where the focus is (issue #19).
import type { Page } from 'playwright-core';

export interface Focused {
  tag: string;
  label: string;
  text: string;
  testid: string;
  id: string;
  role: string;
}

/** What has the focus: its tag, accessible label, text, test id, id and role. */
export function focused(p: Page): Promise<Focused> {
  return p.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return {
      tag: a?.tagName ?? '',
      label: a?.getAttribute('aria-label') ?? '',
      text: (a?.textContent ?? '').trim().slice(0, 80),
      testid: a?.getAttribute('data-testid') ?? '',
      id: a?.id ?? '',
      role: a?.getAttribute('role') ?? '',
    };
  });
}

/** Presses `key` (Tab by default) until the focused element is the one `is` accepts; fails after `max`. */
export async function pressUntil(
  p: Page,
  is: (f: Focused) => boolean,
  { key = 'Tab', max = 200 }: { key?: string; max?: number } = {},
): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    const f = await focused(p);
    if (i > 0 && is(f)) return f;
    await p.keyboard.press(key);
  }
  const f = await focused(p);
  if (is(f)) return f;
  throw new Error(`${key} ×${max} never reached it; the focus is on ${JSON.stringify(f)}`);
}
