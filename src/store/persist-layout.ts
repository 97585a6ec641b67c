// The view as the user left it: moved nodes, shown or folded VM chains, opened or folded hosts, the
// theme. Saved in the browser beside the cloud, read back at start; anything malformed is ignored
// (it is only a view: the cloud itself is never at stake here).
import { z } from 'zod';
import { useApp } from './app-store';

export const LAYOUT_KEY = 'neutron-explorer:layout:v1';

const point = z.object({ x: z.number().finite(), y: z.number().finite() });
const layoutSchema = z.object({
  positions: z.record(z.string().max(300), point).optional(),
  expandedVms: z.record(z.string().max(300), z.boolean()).optional(),
  hostCollapsed: z.record(z.string().max(300), z.boolean()).optional(),
  theme: z.enum(['light', 'dark']).optional(),
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
