// Path focus on the physical view: the picture cut down to the hosts, devices and tunnels that the send
// on stage visited (the one whose hop the inspector shows, else the latest), the rest folded away; and
// the bar over the canvas that turns it on and says what is hidden. Like the event list, it leaves out
// the flood copies that were merely discarded (an ARP request reaching every host of its network)
// unless "show discarded copies" is ticked.
import { Panel, useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { focusedView, type PathFocus, pathFocus } from '../../logic/path-focus';
import type { PlaneView } from '../../sim';
import { useApp } from '../../store/app-store';
import type { Flow } from '../../store/playback-model';
import { usePlayback } from '../../store/playback-store';
import { FIT_ALL, FIT_FOCUS } from './fit';
import type { ViewOptions } from './physical-graph';

/** The send on stage: a narrow selector, its reference changes only with the send. */
const stageFlow = (s: ReturnType<typeof usePlayback.getState>): Flow | null => {
  const id = s.focus?.flow;
  return (id !== undefined ? s.flows.find((x) => x.id === id) : undefined) ?? s.flows.at(-1) ?? null;
};

export interface FocusedPicture {
  view: PlaneView;
  /** view options of the focus: every visited host open, every visited VM's chain shown */
  opts: ViewOptions | null;
  focus: PathFocus | null;
}

export function usePathFocus(view: PlaneView | null): FocusedPicture | null {
  const on = useApp((s) => s.pathFocus);
  // read only while focused: a send must not rebuild the picture of a cloud shown whole
  const flow = usePlayback((s) => (on ? stageFlow(s) : null));
  // as the event list: flood copies that were merely discarded count only when it shows them
  const showDiscarded = usePlayback((s) => on && s.showDiscarded);
  return useMemo(() => {
    if (!view) return null;
    if (!on || !flow) return { view, opts: null, focus: null };
    const hops = flow.trace.hops.filter((h) => showDiscarded || !flow.data.discarded.has(h.seq));
    const focus = pathFocus(
      view,
      hops.map((h) => h.deviceId),
    );
    const shown = focusedView(view, focus);
    const opts: ViewOptions = {
      hostCollapsed: Object.fromEntries([...focus.hosts].map((h) => [h, false])),
      expandedVms: Object.fromEntries(shown.devices.filter((d) => d.role === 'vm').map((d) => [d.id, true])),
      positions: {},
    };
    return { view: shown, opts, focus };
  }, [view, on, flow, showDiscarded]);
}

export function PathFocusBar({ focus, hosts }: { focus: PathFocus | null; hosts: number }) {
  const on = useApp((s) => s.pathFocus);
  const hasSend = usePlayback((s) => s.flows.length > 0);
  const rf = useReactFlow();
  if (!hasSend && !on) return null;
  return (
    // top right: the hosts' names are at their top left, and the first host's would be under it
    <Panel position="top-right" className="path-focus">
      <button
        type="button"
        aria-pressed={on}
        className={on ? 'on' : ''}
        onClick={() => {
          useApp.getState().setPathFocus(!on);
          // the picture changes size: show all of it once drawn, below this bar
          setTimeout(() => void rf.fitView(on ? FIT_ALL : FIT_FOCUS), 120);
        }}
        title="Show only the hosts, devices and tunnels the send visited"
      >
        ◎ Path focus
      </button>
      {focus ? (
        <span className="path-focus__said" data-testid="path-focus-said">
          {focus.hosts.size} of {hosts} hosts, {focus.devices.size} devices, {focus.tunnels.size}{' '}
          {focus.tunnels.size === 1 ? 'tunnel' : 'tunnels'}: what the send visited. {hosts - focus.hosts.size}{' '}
          {hosts - focus.hosts.size === 1 ? 'host' : 'hosts'} folded away.
        </span>
      ) : null}
    </Panel>
  );
}
