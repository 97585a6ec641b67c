// Going to a thing found by search: select it, open its host (a large cloud shows hosts as summaries),
// unfold its VM's chain if it is part of one, leave path focus (it would hide it), switch to the
// physical view, and ask the canvas to centre it once drawn.
import type { SearchEntry } from '../logic/search';
import { useApp } from './app-store';

export function revealEntry(entry: Pick<SearchEntry, 'select' | 'device' | 'host'>): void {
  const s = useApp.getState();
  const d = entry.device;
  const chain = d?.vm && d.vm !== d.id ? d.vm : null;
  useApp.setState({
    selection: entry.select,
    viewMode: 'physical',
    pathFocus: false,
    hostCollapsed: entry.host ? { ...s.hostCollapsed, [entry.host]: false } : s.hostCollapsed,
    expandedVms: chain ? { ...s.expandedVms, [chain]: true } : s.expandedVms,
    reveal: { node: d ? d.id : `host:${entry.host}`, n: (s.reveal?.n ?? 0) + 1 },
  });
}
