// The view as the user left it: moved nodes, shown or folded VM chains, opened or folded hosts, the
// theme. Saved in the browser beside the cloud, read back at start; anything malformed is ignored
// (it is only a view: the cloud itself is never at stake here).
// zod/mini: the layout's messages are never shown, and the full zod stays out of the first download
import * as z from 'zod/mini';
import { useApp } from './app-store';

export const LAYOUT_KEY = 'neutron-explorer:layout:v1';

const key = z.string().check(z.maxLength(300));
// z.number() refuses NaN and the infinities (zod 4)
const point = z.object({ x: z.number(), y: z.number() });
const layoutSchema = z.object({
  positions: z.optional(z.record(key, point)),
  expandedVms: z.optional(z.record(key, z.boolean())),
  hostCollapsed: z.optional(z.record(key, z.boolean())),
  theme: z.optional(z.enum(['light', 'dark'])),
});

export function restoreLayout(storage: Storage = localStorage): void {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(LAYOUT_KEY) ?? 'null');
  } catch {
    return;
  }
  const r = layoutSchema.safeParse(raw);
  if (!r.success) return;
  const { positions, expandedVms, hostCollapsed, theme } = r.data;
  useApp.setState({
    ...(positions ? { positions } : {}),
    ...(expandedVms ? { expandedVms } : {}),
    ...(hostCollapsed ? { hostCollapsed } : {}),
    ...(theme ? { theme } : {}),
  });
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** Saves the layout shortly after it changes. */
export function watchLayout(storage: Storage = localStorage): void {
  useApp.subscribe((s, prev) => {
    if (
      s.positions === prev.positions &&
      s.expandedVms === prev.expandedVms &&
      s.hostCollapsed === prev.hostCollapsed &&
      s.theme === prev.theme
    )
      return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const { positions, expandedVms, hostCollapsed, theme } = useApp.getState();
      try {
        storage.setItem(LAYOUT_KEY, JSON.stringify({ positions, expandedVms, hostCollapsed, theme }));
      } catch {
        // a full storage costs the layout, which the cloud's autosave reports already
      }
    }, 300);
  });
}
